package rnnlab.io;

import rnnlab.models.Network;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.core.Param;
import rnnlab.data.SlotFillingCorpus;
import rnnlab.io.ModelFileException.Problem;
import rnnlab.train.Tagger;
import rnnlab.train.Trainer;

class ModelFileTest {
    static final SlotFillingCorpus.Splits DATA = SlotFillingCorpus.splits(60, 10, 20, 9);

    @TempDir
    Path dir;

    static Tagger tagger(Network net) {
        return Tagger.create(DATA.train(), net);
    }

    static Tagger trained() {
        Tagger t = tagger(Network.builder().cell(Network.Cell.ELMAN).hidden(8).embedding(6).window(1).seed(3).build());
        new Trainer(Trainer.Settings.DEFAULT.withEpochs(1)).fit(t, DATA.train(), null);
        return t;
    }

    static void assertSameModel(Tagger a, Tagger b) {
        assertEquals(a.network(), b.network());
        assertEquals(a.words().tokens(), b.words().tokens());
        assertEquals(a.words().settings(), b.words().settings());
        assertEquals(a.labels().labels(), b.labels().labels());
        for (Param p : a.model().params()) {
            Param q = b.model().params().get(p.name);
            for (int r = 0; r < p.value.rows; r++) {
                assertArrayEquals(p.value.data[r], q.value.data[r], 0.0, p.name + " row " + r);
            }
        }
        assertEquals(a.tag(DATA.test()), b.tag(DATA.test()));
    }

    @Test
    void everyArchitectureRoundTripsBitForBit() {
        List<Network> nets = List.of(
                Network.builder().cell(Network.Cell.ELMAN).hidden(8).embedding(6).seed(1).build(),
                Network.builder().cell(Network.Cell.JORDAN).hidden(8).embedding(6).window(1).seed(2).build(),
                Network.builder().cell(Network.Cell.JORDAN).bidirectional(true).layers(2).hidden(5).embedding(4).seed(2).build(),
                Network.builder().cell(Network.Cell.LSTM).bidirectional(true).layers(2).hidden(5).embedding(4).seed(3).build(),
                Network.builder().cell(Network.Cell.GRU).hidden(7).embedding(4).window(2).seed(4).build(),
                Network.builder().cell(Network.Cell.FEEDFORWARD).layers(2).hidden(7).embedding(4).window(1).seed(5).build());
        for (Network net : nets) {
            Tagger t = tagger(net);
            Path f = dir.resolve(net.cell().label() + net.layers() + ".rnnlab");
            ModelFile.save(t, f, Map.of("train.epochs", "0"));
            assertSameModel(t, ModelFile.loadTagger(f));
            assertEquals("0", ModelFile.info(f).settings().get("train.epochs"));
        }
        Tagger t = trained();
        Path f = dir.resolve("trained.rnnlab");
        ModelFile.save(t, f);
        assertSameModel(t, ModelFile.loadTagger(f));
        ModelFile.Info info = ModelFile.info(f);
        assertEquals(ModelFile.KIND_TAGGER, info.kind());
        assertEquals(t.words().size(), info.words());
        assertEquals(t.model().params().count(), info.values());
    }

    /** Throws after {@code limit} bytes, as a crash (disk full, killed process) would stop a write. */
    static OutputStream failingAfter(OutputStream out, int limit) {
        return new FilterOutputStream(out) {
            int written;

            @Override
            public void write(int b) throws IOException {
                if (++written > limit) {
                    throw new IOException("simulated crash after " + limit + " bytes");
                }
                super.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) {
                    write(b[off + i]);
                }
            }
        };
    }

    @Test
    void aCrashDuringSaveLeavesTheOldFileIntact() throws IOException {
        Path f = dir.resolve("model.rnnlab");
        Tagger old = tagger(Network.builder().cell(Network.Cell.ELMAN).hidden(8).embedding(6).seed(1).build());
        ModelFile.save(old, f);
        byte[] before = Files.readAllBytes(f);
        Tagger newer = trained();
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelFile.save(newer, f, Map.of(), out -> failingAfter(out, 300)));
        assertEquals(Problem.WRITE_FAILED, e.problem());
        assertTrue(e.getMessage().contains("model.rnnlab") && e.getMessage().contains("unchanged"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f), "old file untouched");
        assertSameModel(old, ModelFile.loadTagger(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left behind");
        }
        ModelFile.save(newer, f);                       // and a later save works
        assertSameModel(newer, ModelFile.loadTagger(f));
    }

    ModelFileException loadFails(Path f, Problem expected, String... words) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.loadTagger(f));
        assertEquals(expected, e.problem(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), "names the file: " + e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void damagedFilesGiveClearErrors() throws IOException {
        Path good = dir.resolve("good.rnnlab");
        ModelFile.save(trained(), good);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = Files.write(dir.resolve("truncated.rnnlab"), Arrays.copyOf(bytes, bytes.length - 100));
        loadFails(truncated, Problem.TRUNCATED, "truncated", Integer.toString(bytes.length));
        Path stub = Files.write(dir.resolve("stub.rnnlab"), Arrays.copyOf(bytes, 12));
        loadFails(stub, Problem.TRUNCATED, "truncated");

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        loadFails(Files.write(dir.resolve("flipped.rnnlab"), flipped), Problem.CORRUPTED, "checksum");

        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        loadFails(Files.write(dir.resolve("longer.rnnlab"), longer), Problem.CORRUPTED, "3 unexpected bytes");

        byte[] v3 = bytes.clone();
        ByteBuffer.wrap(v3).putInt(8, 3);
        loadFails(Files.write(dir.resolve("v3.rnnlab"), v3), Problem.WRONG_VERSION, "version 3", "newer");

        Path text = Files.writeString(dir.resolve("train.conll"), "arrive\tO\nTaipei\tB-dest\n");
        loadFails(text, Problem.NOT_A_MODEL, "not an RNN Lab model file");
        loadFails(Files.write(dir.resolve("empty.rnnlab"), new byte[0]), Problem.NOT_A_MODEL, "empty");
        loadFails(dir.resolve("missing.rnnlab"), Problem.NOT_READABLE, "no such model file");
    }

    @Test
    void wrongKindIsRefused() throws IOException {
        Tagger t = trained();
        byte[] other = ModelFile.encode("future-kind", ModelFile.settingsOf(t, Map.of()), t.words().tokens(),
                t.labels().labels(), t.model().params());
        Path f = Files.write(dir.resolve("future.rnnlab"), other);
        loadFails(f, Problem.WRONG_KIND, "'future-kind'", "'tagger'");
        assertEquals("future-kind", ModelFile.info(f).kind());
    }

    @Test
    void theFormatIsTheDocumentedOne() throws IOException {
        Path f = dir.resolve("m.rnnlab");
        Tagger t = trained();
        ModelFile.save(t, f);
        byte[] b = Files.readAllBytes(f);
        assertEquals("RNNLABMF", new String(b, 0, 8, StandardCharsets.US_ASCII));
        ByteBuffer buf = ByteBuffer.wrap(b);
        assertEquals(2, buf.getInt(8));
        assertEquals(b.length - 24, buf.getLong(12));
        int kindLength = buf.getInt(20);
        assertEquals("tagger", new String(b, 24, kindLength, StandardCharsets.UTF_8));
        int settingsLength = buf.getInt(24 + kindLength);
        String settings = new String(b, 28 + kindLength, settingsLength, StandardCharsets.UTF_8);
        assertTrue(settings.contains("network.cell=elman\n") && settings.contains("network.window=1\n"), settings);
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(t, f, Map.of("network.cell", "x")));
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(t, f, Map.of("a=b", "x")));
    }

    @Test
    void savingIntoAMissingFolderSaysSo() {
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelFile.save(trained(), dir.resolve("nope/m.rnnlab")));
        assertEquals(Problem.WRITE_FAILED, e.problem());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void version1FilesAreStillReadWithEveryOptionAtItsDefault() throws IOException {
        Tagger t = trained();
        Map<String, String> old = new java.util.LinkedHashMap<>();
        old.put("rnnlab.version", "0.1.0");
        old.put("network.arch", "elman");
        old.put("network.bidirectional", "false");
        old.put("network.layers", "1");
        old.put("network.hidden", "8");
        old.put("network.embedding", "6");
        old.put("network.window", "1");
        old.put("network.seed", "3");
        ModelFile.settingsOf(t, Map.of()).forEach((k, v) -> {
            if (k.startsWith("vocabulary.")) {
                old.put(k, v);
            }
        });
        byte[] b = ModelFile.encode(ModelFile.KIND_TAGGER, old, t.words().tokens(), t.labels().labels(),
                t.model().params());
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.putInt(8, 1);                                        // a version-1 header
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, 0, b.length - 4);
        buf.putInt(b.length - 4, (int) crc.getValue());
        Path f = Files.write(dir.resolve("v1.rnnlab"), b);
        assertEquals(1, ModelFile.info(f).version());
        Tagger back = ModelFile.loadTagger(f);
        assertEquals(t.network(), back.network());
        assertSameModel(t, back);
    }
}
