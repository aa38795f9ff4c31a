package rnnlab.io;

import rnnlab.models.Network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.core.Param;
import rnnlab.io.ModelFileException.Problem;
import rnnlab.train.Tagger;

/** Issue 10 points 6, 12, 13, 14: crafted model files are refused with the right problem, before allocating. */
class ModelFileHardeningTest {
    @TempDir
    Path dir;

    static Tagger small() {
        return ModelFileTest.tagger(Network.builder().cell(Network.Cell.ELMAN).hidden(4).embedding(3).seed(1).build());
    }

    /** A tensor as it is written: name, the two (possibly lying) dimensions, and the values present. */
    record T(String name, int rows, int cols, double[] values) {}

    /** A file with the given parts and a right checksum. */
    static byte[] craft(String kind, String settings, List<byte[]> words, List<String> labels, List<T> tensors)
            throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        str(d, kind.getBytes(StandardCharsets.UTF_8));
        str(d, settings.getBytes(StandardCharsets.UTF_8));
        d.writeInt(words.size());
        for (byte[] w : words) {
            str(d, w);
        }
        d.writeInt(labels.size());
        for (String l : labels) {
            str(d, l.getBytes(StandardCharsets.UTF_8));
        }
        d.writeInt(tensors.size());
        for (T t : tensors) {
            str(d, t.name.getBytes(StandardCharsets.UTF_8));
            d.writeInt(t.rows);
            d.writeInt(t.cols);
            for (double v : t.values) {
                d.writeDouble(v);
            }
        }
        return frame(body.toByteArray(), ModelFile.FORMAT_VERSION);
    }

    static byte[] frame(byte[] b, int version) {
        ByteBuffer all = ByteBuffer.allocate(20 + b.length + 4);
        all.put("RNNLABMF".getBytes(StandardCharsets.US_ASCII)).putInt(version).putLong(b.length).put(b);
        CRC32 crc = new CRC32();
        crc.update(all.array(), 0, 20 + b.length);
        all.putInt((int) crc.getValue());
        return all.array();
    }

    private static void str(DataOutputStream d, byte[] b) throws IOException {
        d.writeInt(b.length);
        d.write(b);
    }

    /** The parts of {@link #small()}, to be changed one at a time. */
    static final class Parts {
        Map<String, String> settings;
        List<byte[]> words = new ArrayList<>();
        List<String> labels;
        List<T> tensors = new ArrayList<>();

        Parts() {
            Tagger t = small();
            settings = new LinkedHashMap<>(ModelFile.settingsOf(t, Map.of()));
            t.words().tokens().forEach(w -> words.add(w.getBytes(StandardCharsets.UTF_8)));
            labels = t.labels().labels();
            for (Param p : t.model().params()) {
                double[] v = new double[p.value.rows * p.value.cols];
                for (int r = 0; r < p.value.rows; r++) {
                    System.arraycopy(p.value.data[r], 0, v, r * p.value.cols, p.value.cols);
                }
                tensors.add(new T(p.name, p.value.rows, p.value.cols, v));
            }
        }

        byte[] bytes() throws IOException {
            StringBuilder s = new StringBuilder();
            settings.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
            return craft("tagger", s.toString(), words, labels, tensors);
        }
    }

    /** Refused by load AND by info, with the problem and words given; the message has no negative numbers. */
    private ModelFileException refused(byte[] bytes, Problem problem, String... words) throws IOException {
        Path f = Files.write(dir.resolve("crafted.rnnlab"), bytes);
        ModelFileException load = assertThrows(ModelFileException.class, () -> ModelFile.loadTagger(f));
        ModelFileException info = assertThrows(ModelFileException.class, () -> ModelFile.info(f),
                "info checks what loading checks");
        for (ModelFileException e : List.of(load, info)) {
            assertEquals(problem, e.problem(), e.getMessage());
            for (String w : words) {
                assertTrue(e.getMessage().contains(w), "'" + w + "' in " + e.getMessage());
            }
            assertTrue(e.getMessage().length() < 400, "short: " + e.getMessage());
        }
        return load;
    }

    @Test
    void theCraftedBaselineLoads() throws IOException {
        Path f = Files.write(dir.resolve("ok.rnnlab"), new Parts().bytes());
        ModelFile.loadTagger(f);
        ModelFile.info(f);
    }

    @Test
    void nonFiniteWeightsAreRejectedWithTheTensorName() throws IOException {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Parts p = new Parts();
            T t = p.tensors.get(1);
            t.values[t.values.length - 1] = bad;
            refused(p.bytes(), Problem.MALFORMED, t.name, String.valueOf(bad));
        }
    }

    @Test
    void booleansAndNumbersAreParsedStrictly() throws IOException {
        Parts p = new Parts();
        p.settings.put("network.bidirectional", "yes");
        refused(p.bytes(), Problem.MALFORMED, "network.bidirectional=yes", "neither true nor false");
        p = new Parts();
        p.settings.put("vocabulary.lowerCase", "TRUE");
        refused(p.bytes(), Problem.MALFORMED, "vocabulary.lowerCase");
        p = new Parts();
        p.settings.put("network.hidden", "4x");
        refused(p.bytes(), Problem.MALFORMED, "4x");
        byte[] dup = craft("tagger", "network.cell=elman\nnetwork.cell=lstm\n", List.of(), List.of(), List.of());
        refused(dup, Problem.MALFORMED, "twice");
    }

    @Test
    void aCorruptPrecisionIsRefusedNamingTheSettingAndTheChoicesAndFloat32Loads() throws IOException {
        Parts p = new Parts();
        p.settings.put("network.precision", "float16");
        refused(p.bytes(), Problem.MALFORMED, "crafted.rnnlab", "network.precision=float16", "double", "float32");
        p = new Parts();
        p.settings.put("network.precision", "float32");
        Path f = Files.write(dir.resolve("f32.rnnlab"), p.bytes());
        assertEquals(rnnlab.core.Precision.FLOAT32, ModelFile.loadTagger(f).model().precision());
        assertEquals(rnnlab.core.Precision.DOUBLE, ModelFile.loadTagger(Files.write(dir.resolve("old.rnnlab"),
                new Parts().bytes())).model().precision(), "a file without the setting reads as double");
    }

    @Test
    void invalidUtf8InStringsIsRejected() throws IOException {
        Parts p = new Parts();
        p.words.set(2, new byte[] {'a', (byte) 0xC3, 'b'});
        refused(p.bytes(), Problem.MALFORMED, "not valid UTF-8", "word 2");
    }

    @Test
    void hugeDimensionsAreRefusedBeforeAllocating() throws IOException {
        for (int[] shape : new int[][] {{Integer.MAX_VALUE, 0}, {Integer.MAX_VALUE, Integer.MAX_VALUE},
                {0, Integer.MAX_VALUE}, {1 << 20, 1 << 20}, {-1, 3}, {5, 0}}) {
            Parts p = new Parts();
            T t = p.tensors.get(0);
            p.tensors.set(0, new T(t.name, shape[0], shape[1], t.values));
            refused(p.bytes(), Problem.MALFORMED, t.name, "shape " + shape[0] + "×" + shape[1]);
        }
        Parts p = new Parts();
        p.words = new ArrayList<>();
        byte[] b = p.bytes();
        ByteBuffer.wrap(b).putInt(20 + 4 + 6 + 4 + (b.length > 0 ? settingsLength(b) : 0), Integer.MAX_VALUE);
        refused(frame(java.util.Arrays.copyOfRange(b, 20, b.length - 4), ModelFile.FORMAT_VERSION), Problem.MALFORMED, "word count");
    }

    private static int settingsLength(byte[] b) {
        return ByteBuffer.wrap(b).getInt(20 + 4 + 6);
    }

    @Test
    void settingsClaimingAHugeNetworkInASmallFileAreRefusedBeforeBuilding() throws IOException {
        Parts p = new Parts();
        p.settings.put("network.cell", "lstm");
        p.settings.put("network.hidden", "4096");
        p.settings.put("network.layers", "8");
        p.settings.put("network.bidirectional", "true");
        p.settings.put("network.embedding", "2048");
        p.settings.put("network.window", "10");
        long t0 = System.nanoTime();
        refused(p.bytes(), Problem.MALFORMED, "at least", "values");
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "refused without building");
    }

    @Test
    void headerMessagesSayWhatIsWrong() throws IOException {
        byte[] good = new Parts().bytes();
        byte[] flipped = good.clone();
        ByteBuffer.wrap(flipped).putInt(8, 1 ^ (1 << 20));              // one flipped bit in the version
        ModelFileException v = refused(flipped, Problem.CORRUPTED, "damaged", "version");
        assertFalse(v.getMessage().contains("newer"), v.getMessage());

        byte[] overflow = good.clone();
        ByteBuffer.wrap(overflow).putLong(12, Long.MAX_VALUE);
        ModelFileException o = refused(overflow, Problem.CORRUPTED, "length field", "damaged");
        assertFalse(o.getMessage().replace(dir.toString(), "DIR").contains("-9"),   // the temp dir may hold "-9"
                "no negative byte counts: " + o.getMessage());

        byte[] negative = good.clone();
        ByteBuffer.wrap(negative).putLong(12, -5);
        refused(negative, Problem.CORRUPTED, "negative");

        byte[] longer = good.clone();
        ByteBuffer.wrap(longer).putLong(12, good.length);                // announces more than there is
        ModelFileException t = refused(longer, Problem.TRUNCATED, "header");
        assertFalse(t.getMessage().contains("cut off while copying"), t.getMessage());
    }

    @Test
    void aHugeFileIsRefusedWithoutReadingIt() throws IOException {
        Path f = dir.resolve("huge.rnnlab");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(3L << 30);                                       // sparse: 3 GB, no disk used
            r.write("RNNLABMF".getBytes(StandardCharsets.US_ASCII));
            r.writeInt(1);
            r.writeLong((3L << 30) - 24);
        }
        long t0 = System.nanoTime();
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.info(f));
        assertEquals(Problem.CORRUPTED, e.problem(), e.getMessage());
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        Path zeros = dir.resolve("zeros.rnnlab");
        try (RandomAccessFile r = new RandomAccessFile(zeros.toFile(), "rw")) {
            r.setLength(3L << 30);
        }
        assertEquals(Problem.NOT_A_MODEL, assertThrows(ModelFileException.class,
                () -> ModelFile.loadTagger(zeros)).problem());
    }

    @Test
    void anEndlessStreamIsRefusedAfterItsFirstBytes() throws Exception {
        Path fifo = dir.resolve("endless");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Thread writer = new Thread(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                byte[] zeros = new byte[1 << 16];
                while (true) {
                    o.write(zeros);                                      // like /dev/zero, until the reader closes
                }
            } catch (IOException expected) {
                // broken pipe once the reader has given up
            }
        });
        writer.setDaemon(true);
        writer.start();
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.info(fifo));
        assertEquals(Problem.NOT_A_MODEL, e.problem(), e.getMessage());
        writer.join(10_000);
        assertFalse(writer.isAlive(), "the reader stopped reading");
    }
}
