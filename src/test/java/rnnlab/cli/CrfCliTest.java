package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnnlab.cli.MainTest.assertUserError;
import static rnnlab.cli.MainTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import rnnlab.core.Matrix;
import rnnlab.data.Conll;
import rnnlab.data.Dataset;
import rnnlab.data.Sentence;
import rnnlab.data.SentenceBatch;
import rnnlab.io.ModelFile;
import rnnlab.models.Batch;
import rnnlab.models.Network;
import rnnlab.structured.Crf;
import rnnlab.train.Tagger;

/** {@code rnnlab train --crf}: saved in the model file, eval and tag decode with Viterbi, info shows it; the p.38 cells. */
class CrfCliTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void corpus() {
        data = dir.resolve("data");
        MainTest.Run g = run("generate", "--out", data.toString(), "--train", "200", "--dev", "40", "--test", "60");
        assertEquals(0, g.code(), g.all());
    }

    static String file(String split) {
        return data.resolve(split + ".conll").toString();
    }

    @Test
    void trainWithCrfThenEvalTagAndInfoUseIt() throws IOException {
        Path model = dir.resolve("crf.rnnlab");
        MainTest.Run t = run("train", "--arch", "gru", "--bidirectional", "--hidden", "16", "--embedding", "16",
                "--epochs", "3", "--crf", "--iob", "--trigrams", "0", "--direct-features", "0", "--train", file("train"),
                "--dev", file("dev"),
                "--model",
                model.toString(), "--quiet");
        assertEquals(0, t.code(), t.all());
        assertTrue(t.out().contains("crf=likelihood") && t.out().contains("iobConstraints=true"), t.all());

        Tagger tagger = ModelFile.loadTagger(model);
        Crf crf = tagger.model().crf();
        assertNotNull(crf, "the model file has the CRF layer");
        assertEquals(Crf.Training.LIKELIHOOD, crf.training());
        assertTrue(crf.hasConstraints());
        assertFalse(crf.isAllowed(tagger.labels().id("O"), tagger.labels().id("I-dest")));
        assertTrue(tagger.network().crf() && tagger.network().iobConstraints());

        // eval: its predictions are the Viterbi paths of the loaded CRF, computed here from the emission scores
        Dataset test = Conll.read(Path.of(file("test")));
        List<List<String>> viterbi = viterbiPaths(tagger, test);
        Path pred = dir.resolve("pred.txt");
        MainTest.Run e = run("eval", "--model", model.toString(), "--test", file("test"), "--predictions",
                pred.toString());
        assertEquals(0, e.code(), e.all());
        assertTrue(e.out().startsWith("processed "), e.out());
        List<String> predicted = new ArrayList<>();
        for (String line : Files.readAllLines(pred)) {
            if (!line.isBlank()) {
                predicted.add(line.split("\t")[2]);
            }
        }
        assertEquals(viterbi.stream().flatMap(List::stream).toList(), predicted, "eval labels = Viterbi paths");
        assertEquals(0, invalidIob(viterbi), "with --iob no decoded path breaks IOB2");

        // tag: the same Viterbi paths, as CoNLL
        MainTest.Run tag = run("tag", "--model", model.toString(), "--input", file("test"));
        assertEquals(0, tag.code(), tag.all());
        List<String> tagged = tag.out().lines().filter(l -> !l.isBlank()).map(l -> l.split("\t")[1]).toList();
        assertEquals(predicted, tagged, "tag labels = Viterbi paths");

        MainTest.Run info = run("info", "--model", model.toString());
        assertEquals(0, info.code(), info.all());
        assertTrue(info.out().contains("network.crf=likelihood") && info.out().contains("network.iobConstraints=true")
                && info.out().contains("a CRF layer") && info.out().contains("Viterbi"), info.out());
    }

    @Test
    void theStructuredObjectivesAreStoredToo() {
        for (String loss : List.of("perceptron", "svm")) {
            Path model = dir.resolve(loss + ".rnnlab");
            MainTest.Run t = run("train", "--hidden", "8", "--embedding", "8", "--epochs", "1", "--crf",
                    "--crf-loss", loss, "--train", file("train"), "--model", model.toString(), "--quiet");
            assertEquals(0, t.code(), t.all());
            assertEquals(Crf.Training.parse(loss), ModelFile.loadTagger(model).model().crf().training());
            MainTest.Run info = run("info", "--model", model.toString());
            assertTrue(info.out().contains("network.crf=" + loss) && !info.out().contains("iobConstraints"),
                    info.out());
        }
        Path plain = dir.resolve("plain.rnnlab");
        assertEquals(0, run("train", "--hidden", "8", "--embedding", "8", "--epochs", "1", "--train", file("train"),
                "--model", plain.toString(), "--quiet").code());
        MainTest.Run info = run("info", "--model", plain.toString());
        assertFalse(info.out().contains("crf") || info.out().contains("CRF"), "no CRF, no CRF keys: " + info.out());
        assertEquals(null, ModelFile.loadTagger(plain).model().crf());
    }

    @Test
    void badCombinationsAreUsageErrors() throws IOException {
        String m = dir.resolve("never.rnnlab").toString();
        assertUserError(run("train", "--train", file("train"), "--model", m, "--iob", "--no-iob"), 2, "--iob",
                "--no-iob", "contradict");
        assertUserError(run("train", "--train", file("train"), "--model", m, "--crf", "--no-iob"), 2, "--no-iob",
                "drop --no-iob");
        assertUserError(run("train", "--train", file("train"), "--model", m, "--crf-loss", "svm"), 2, "--crf-loss",
                "add --crf");
        assertUserError(run("train", "--train", file("train"), "--model", m, "--crf", "--crf-loss", "hinge"), 2,
                "hinge", "likelihood, perceptron or svm");
        assertUserError(run("classify", "--crf"), 2, "--crf", "one label per sentence", "rnnlab train --crf");
        assertUserError(run("eval", "--crf", "--model", m, "--test", file("test")), 2, "--crf", "Viterbi");
        assertUserError(run("tag", "--model", m, "--crf"), 2, "--crf", "model file");
        assertFalse(Files.exists(Path.of(m)));
        // labels that are not IOB2 cannot be trained with --iob: refused before training, naming the sentence
        Path bad = Files.writeString(dir.resolve("iob1.conll"), "fly\tO\nto\tO\nBoston\tB-dest\n\nleave\tO\n"
                + "New\tI-depart\nYork\tI-depart\n\n");
        assertUserError(run("train", "--train", bad.toString(), "--model", m, "--crf", "--iob", "--quiet"), 1,
                "sentence 2", "I-depart after O", "IOB2");
        assertFalse(Files.exists(Path.of(m)));
        assertUserError(run("train", "--train", bad.toString(), "--model", m, "--iob", "--quiet"), 1,
                "sentence 2", "I-depart after O", "IOB2");
        assertFalse(Files.exists(Path.of(m)));
        Path iob1 = dir.resolve("iob1.rnnlab");   // not IOB2, so by default decoded word by word
        assertEquals(0, run("train", "--train", bad.toString(), "--model", iob1.toString(), "--quiet", "--epochs",
                "1", "--hidden", "4", "--embedding", "4").code());
        assertFalse(run("info", "--model", iob1.toString()).out().contains("iobConstraints"));
        assertTrue(run("train", "--help").out().contains("--crf"));
        assertTrue(run("eval", "--help").out().contains("Viterbi") && run("tag", "--help").out().contains("Viterbi"));
    }

    /** The p.38 cells from the command line: trained, saved, loaded, saved again to the same bytes. */
    @ParameterizedTest
    @ValueSource(strings = {"irnn", "clockwork", "scrn"})
    void theP38CellsTrainSaveAndLoadFromTheCommandLine(String arch) throws IOException {
        Path model = dir.resolve(arch + ".rnnlab"), again = dir.resolve(arch + "-again.rnnlab");
        MainTest.Run t = run("train", "--arch", arch, "--hidden", "8", "--embedding", "8", "--layers", "2",
                "--epochs", "1", "--train", file("train"), "--model", model.toString(), "--quiet");
        assertEquals(0, t.code(), t.all());
        assertTrue(t.out().contains("cell=" + arch), t.all());
        Tagger tagger = ModelFile.loadTagger(model);
        assertEquals(Network.Cell.parse(arch), tagger.network().cell());
        ModelFile.save(tagger, again, infoSettings(model));
        assertArrayEquals(Files.readAllBytes(model), Files.readAllBytes(again), "loaded and saved again");
        MainTest.Run info = run("info", "--model", model.toString());
        assertTrue(info.out().contains("network.cell=" + arch), info.out());
        MainTest.Run tag = run("tag", "--model", model.toString(), "--input", file("test"));
        assertEquals(0, tag.code(), tag.all());
        assertEquals(tagger.tag(Conll.read(Path.of(file("test")))).stream().flatMap(List::stream).toList(),
                tag.out().lines().filter(l -> !l.isBlank()).map(l -> l.split("\t")[1]).toList());
    }

    /** The informational train.* settings of a file, to save a loaded tagger with them again. */
    static java.util.Map<String, String> infoSettings(Path model) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        ModelFile.info(model).settings().forEach((k, v) -> {
            if (k.startsWith("train.")) {
                m.put(k, v);
            }
        });
        return m;
    }

    /** Viterbi on each sentence's emission scores, by the CRF's one-sentence method (not through Tagger). */
    static List<List<String>> viterbiPaths(Tagger tagger, Dataset d) {
        List<List<String>> paths = new ArrayList<>();
        for (Sentence s : d.sentences()) {
            SentenceBatch b = Dataset.of(List.of(Sentence.unlabeled(s.tokens()))).batches(1, tagger.words(), null)
                    .get(0);
            Matrix[] scores = tagger.model().forward(Batch.ofIds(b.ids(), b.lengths(), null));
            double[][] e = new double[s.length()][];
            for (int i = 0; i < e.length; i++) {
                e[i] = scores[i].rowCopy(0);
            }
            paths.add(tagger.labels().labels(tagger.model().crf().viterbi(e)));
        }
        return paths;
    }

    static int invalidIob(List<List<String>> paths) {
        int n = 0;
        for (List<String> p : paths) {
            for (int t = 0; t < p.size(); t++) {
                String y = p.get(t), prev = t == 0 ? "O" : p.get(t - 1);
                if (y.startsWith("I-") && !prev.substring(Math.min(2, prev.length())).equals(y.substring(2))) {
                    n++;
                }
            }
        }
        return n;
    }
}
