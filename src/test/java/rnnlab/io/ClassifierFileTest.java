package rnnlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import rnnlab.core.Param;
import rnnlab.data.LabelledSentences.Example;
import rnnlab.data.SentimentCorpus;
import rnnlab.io.ModelFileException.Problem;
import rnnlab.models.Network;
import rnnlab.models.Pooling;
import rnnlab.train.Classifier;
import rnnlab.train.Trainer;

/** A sentence classifier as a model file: bit-identical round trip, atomic writes, strict checks on load. */
class ClassifierFileTest {
    static final List<Example> DATA = SentimentCorpus.generate(60, 1);
    static final List<List<String>> PROBES = List.of(List.of("not", "good", ",", "but", "fine"),
            List.of("good", ",", "but", "not", "fine"), List.of("the", "movie", "was", "zzz-unknown"));

    @TempDir
    Path dir;

    static Classifier trained(Network net) {
        Classifier c = Classifier.create(DATA, net);
        new Trainer(Classifier.TRAINING.withEpochs(1)).fit(c, DATA, null);
        return c;
    }

    static Classifier small(Pooling p) {
        return trained(Classifier.networkBuilder().hidden(5).embedding(4).pooling(p).build());
    }

    static void assertSame(Classifier a, Classifier b) {
        assertEquals(a.network(), b.network());
        assertEquals(a.words().tokens(), b.words().tokens());
        assertEquals(a.labels().labels(), b.labels().labels());
        for (Param p : a.model().params()) {
            Param q = b.model().params().get(p.name);
            for (int r = 0; r < p.value.rows; r++) {
                assertArrayEquals(p.value.data[r], q.value.data[r], 0.0, p.name + " row " + r);
            }
        }
        for (List<String> s : PROBES) {
            assertBitIdentical(a.probabilities(s), b.probabilities(s));
            assertBitIdentical(a.attention(s), b.attention(s));
        }
    }

    static void assertBitIdentical(double[] x, double[] y) {
        assertEquals(x.length, y.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(y[i]), "entry " + i + ": "
                    + x[i] + " vs " + y[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void everyPoolingRoundTripsBitForBit(Pooling p) {
        Classifier c = small(p);
        Path f = dir.resolve(p.label() + ".rnnlab");
        ModelFile.save(c, f, Map.of("train.epochs", "1"));
        Classifier back = ModelFile.loadClassifier(f);
        assertSame(c, back);
        var info = ModelFile.info(f);
        assertEquals(ModelFile.KIND_CLASSIFIER, info.kind());
        assertEquals("1", info.settings().get("train.epochs"));
        assertEquals(c.words().size(), info.words());
        assertEquals(2, info.labels());
    }

    @Test
    void otherCellsAndDirectionsRoundTrip() {
        for (Network net : List.of(
                Classifier.networkBuilder().cell(Network.Cell.LSTM).peepholes(true).bidirectional(true).layers(2)
                        .hidden(3).embedding(3).pooling(Pooling.ATTENTION).seed(3).build(),
                Classifier.networkBuilder().cell(Network.Cell.FEEDFORWARD).hidden(4).embedding(3)
                        .pooling(Pooling.MEAN).build(),
                Classifier.networkBuilder().cell(Network.Cell.JORDAN).hidden(4).embedding(3).window(1).build())) {
            Classifier c = trained(net);
            Path f = dir.resolve(net.cell().label() + ".rnnlab");
            ModelFile.save(c, f);
            assertSame(c, ModelFile.loadClassifier(f));
        }
    }

    @Test
    void aCrashDuringSaveLeavesTheOldFileIntact() throws IOException {
        Path f = dir.resolve("c.rnnlab");
        Classifier old = small(Pooling.LAST);
        ModelFile.save(old, f);
        byte[] before = Files.readAllBytes(f);
        Classifier newer = small(Pooling.ATTENTION);
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelFile.save(newer, f, Map.of(), out -> ModelFileTest.failingAfter(out, 200)));
        assertEquals(Problem.WRITE_FAILED, e.problem());
        assertArrayEquals(before, Files.readAllBytes(f), "old file untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left behind");
        }
        assertSame(old, ModelFile.loadClassifier(f));
    }

    ModelFileException loadFails(Path f, Problem expected, String... words) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.loadClassifier(f));
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
        ModelFile.save(small(Pooling.ATTENTION), good);
        byte[] bytes = Files.readAllBytes(good);
        loadFails(Files.write(dir.resolve("truncated.rnnlab"), Arrays.copyOf(bytes, bytes.length - 50)),
                Problem.TRUNCATED, "truncated");
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x04;
        loadFails(Files.write(dir.resolve("flipped.rnnlab"), flipped), Problem.CORRUPTED, "checksum");
        loadFails(Files.writeString(dir.resolve("train.tsv"), "positive\tgood\n"), Problem.NOT_A_MODEL,
                "not an RNN Lab model file");
        loadFails(dir.resolve("missing.rnnlab"), Problem.NOT_READABLE, "no such model file", "classify train");
    }

    @Test
    void theKindIsChecked() throws IOException {
        Path c = dir.resolve("c.rnnlab");
        ModelFile.save(small(Pooling.MEAN), c);
        var e = assertThrows(ModelFileException.class, () -> ModelFile.loadTagger(c));
        assertEquals(Problem.WRONG_KIND, e.problem());
        assertTrue(e.getMessage().contains("'classifier'") && e.getMessage().contains("rnnlab classify eval"),
                e.getMessage());
        Path t = dir.resolve("t.rnnlab");
        ModelFile.save(ModelFileTest.trained(), t);
        loadFails(t, Problem.WRONG_KIND, "'tagger'", "'classifier'", "rnnlab tag");
    }

    /** A file whose checksum is right but whose content was written wrong: every mismatch is named. */
    Path rewritten(Classifier c, String name, Function<Map<String, String>, Map<String, String>> settings,
                   List<String> words, List<String> labels) throws IOException {
        Map<String, String> s = settings.apply(new LinkedHashMap<>(ModelFile.settingsOf(c, Map.of())));
        return Files.write(dir.resolve(name), ModelFile.encode(ModelFile.KIND_CLASSIFIER, s, words, labels,
                c.model().params()));
    }

    @Test
    void settingsThatDoNotFitTheTensorsAreRefused() throws IOException {
        Classifier c = small(Pooling.ATTENTION);
        List<String> w = c.words().tokens(), l = c.labels().labels();
        loadFails(rewritten(c, "m2m.rnnlab", s -> {
            s.put("network.output", "many-to-many");
            s.remove("network.pooling");
            return s;
        }, w, l), Problem.MALFORMED, "many-to-one", "network.output=many-to-many");
        loadFails(rewritten(c, "labels.rnnlab", s -> s, w, List.of("negative", "neutral", "positive")),
                Problem.MALFORMED, "2 classes", "3 labels");
        loadFails(rewritten(c, "words.rnnlab", s -> s, w.subList(0, w.size() - 1), l), Problem.MALFORMED,
                "word ids");
        loadFails(rewritten(c, "pooling.rnnlab", s -> {
            s.put("network.pooling", "mean");
            return s;
        }, w, l), Problem.MALFORMED, "tensors");
        loadFails(rewritten(c, "hidden.rnnlab", s -> {
            s.put("network.hidden", "6");
            return s;
        }, w, l), Problem.MALFORMED, "tensor");
        loadFails(rewritten(c, "cell.rnnlab", s -> {
            s.put("network.cell", "transformer");
            return s;
        }, w, l), Problem.MALFORMED, "network.cell", "unknown architecture");
        loadFails(rewritten(c, "novocab.rnnlab", s -> {
            s.remove("vocabulary.minCount");
            return s;
        }, w, l), Problem.MALFORMED, "vocabulary.minCount", "missing");
        loadFails(rewritten(c, "dup.rnnlab", s -> s, w, List.of("positive", "positive")), Problem.MALFORMED,
                "twice");
    }
}
