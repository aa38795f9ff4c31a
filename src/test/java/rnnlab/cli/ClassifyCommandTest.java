package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.data.LabelledSentences;
import rnnlab.data.SentimentCorpus;
import rnnlab.io.ModelFile;

/**
 * rnnlab classify: train (saves a model file), eval and label as separate steps, and the one-run form; errors name
 * the place and the fix.
 */
class ClassifyCommandTest {
    @TempDir
    Path dir;

    Path train, dev, input;

    void files() throws Exception {
        train = dir.resolve("train.tsv");
        dev = dir.resolve("dev.tsv");
        input = dir.resolve("in.txt");
        LabelledSentences.write(SentimentCorpus.generate(200, 1), train);
        LabelledSentences.write(SentimentCorpus.generate(60, 2), dev);
        Files.writeString(input, "not good , but fine\n\ngood , but not fine\n");
    }

    @Test
    void trainSavesEvalScoresLabelLabels() throws Exception {
        files();
        Path model = dir.resolve("sentiment.rnnlab");
        var t = MainTest.run("classify", "train", "--train", train.toString(), "--dev", dev.toString(), "--model",
                model.toString(), "--epochs", "3", "--quiet");
        assertEquals(0, t.code(), t.all());
        assertEquals("", t.err(), "--quiet");
        assertTrue(t.out().contains("saved a classifier (") && t.out().contains("attention pooling) to " + model),
                t.all());
        var info = ModelFile.info(model);
        assertEquals("classifier", info.kind());
        assertEquals("200", info.settings().get("train.sentences"));
        assertEquals("gru", info.settings().get("network.cell"));
        String devLine = t.out().lines().filter(l -> l.startsWith("dev (")).findFirst().orElseThrow();
        String devAccuracy = devLine.replaceAll(".*accuracy ([0-9.]+),.*", "$1");

        // eval of the saved file on the dev file gives the number train printed: the file holds the kept model
        var e = MainTest.run("classify", "eval", "--model", model.toString(), "--test", dev.toString());
        assertEquals(0, e.code(), e.all());
        assertTrue(e.out().startsWith("test: accuracy " + devAccuracy + ", macro F1 "), devLine + "\n" + e.all());
        assertTrue(e.out().contains("on 60 sentences"), e.all());
        assertTrue(e.out().contains("macro"), "per-label report: " + e.all());
        assertTrue(e.out().contains(" sentences, "), "confusion matrix: " + e.all());
        assertEquals(e.out(), MainTest.run("classify", "evaluate", "--model", model.toString(), "--test",
                dev.toString()).out(), "'evaluate' is eval");

        var fromFile = MainTest.run("classify", "label", "--model", model.toString(), "--input", input.toString());
        assertEquals(0, fromFile.code(), fromFile.all());
        List<String> lines = fromFile.out().strip().lines().toList();
        assertEquals(2, lines.size(), "the blank line is skipped: " + fromFile.all());
        assertTrue(lines.get(0).matches("(positive|negative)\tnot good , but fine"), fromFile.all());
        var loaded = ModelFile.loadClassifier(model);
        assertEquals(loaded.classify(List.of("not", "good", ",", "but", "fine")), lines.get(0).split("\t")[0]);

        var fromStdin = MainTest.withInput("not good , but fine\ngood , but not fine\n", "classify", "predict",
                "--model", model.toString(), "--weights");
        assertEquals(0, fromStdin.code(), fromStdin.all());
        List<String> w = fromStdin.out().strip().lines().toList();
        assertEquals(2, w.size(), fromStdin.all());
        String[] f = w.get(0).split("\t");
        assertEquals(lines.get(0), f[0] + "\t" + f[1], "same labels from standard input");
        double[] alpha = loaded.attention(List.of("not", "good", ",", "but", "fine"));
        String[] pairs = f[2].split(" ");
        assertEquals(5, pairs.length, fromStdin.all());
        double sum = 0;
        for (int i = 0; i < 5; i++) {
            String[] kv = pairs[i].split(":");
            assertEquals(List.of("not", "good", ",", "but", "fine").get(i), kv[0]);
            assertEquals(alpha[i], Double.parseDouble(kv[1]), 0.005);
            sum += Double.parseDouble(kv[1]);
        }
        assertEquals(1.0, sum, 0.03, "attention weights sum to 1 (to print precision)");
        assertEquals(fromStdin.out(), MainTest.withInput("not good , but fine\ngood , but not fine\n", "classify",
                "label", "--model", model.toString(), "--input", "-", "--weights").out(), "--input - is stdin");
    }

    @Test
    void trainShowsProgressAndRefusesToOverwriteItsInputs() throws Exception {
        files();
        Path model = dir.resolve("m.rnnlab");
        var t = MainTest.run("classify", "train", "--train", train.toString(), "--model", model.toString(),
                "--arch", "feedforward", "--pooling", "mean", "--epochs", "2");
        assertEquals(0, t.code(), t.all());
        assertTrue(t.err().contains("read 200 training sentences") && t.err().contains("epoch  2/2"), t.all());
        assertTrue(t.out().contains("feedforward, mean pooling"), t.all());
        byte[] trainBytes = Files.readAllBytes(train);
        MainTest.assertUserError(MainTest.run("classify", "train", "--train", train.toString(), "--model",
                train.toString()), Main.USAGE, "same file as --train");
        MainTest.assertUserError(MainTest.run("classify", "train", "--train", train.toString(), "--dev",
                dev.toString(), "--model", dir.resolve(".").resolve("dev.tsv").toString()), Main.USAGE,
                "same file as --dev");
        assertArrayEquals(trainBytes, Files.readAllBytes(train), "input untouched");
        MainTest.assertUserError(MainTest.run("classify", "train", "--train", train.toString(), "--model",
                dir.resolve("no/such/folder/m.rnnlab").toString()), Main.USAGE, "--model");
        MainTest.assertUserError(MainTest.run("classify", "train", "--train", train.toString()), Main.USAGE,
                "missing --model");

        // a diverged training saves nothing: the old model file stays as it was
        byte[] before = Files.readAllBytes(model);
        var d = MainTest.run("classify", "train", "--train", train.toString(), "--model", model.toString(),
                "--lr", "1e6", "--epochs", "3", "--quiet");
        assertEquals(Main.DIVERGED, d.code(), d.all());
        assertTrue(d.err().contains("Nothing was saved") && d.err().contains("is unchanged"), d.all());
        assertArrayEquals(before, Files.readAllBytes(model));
    }

    @Test
    void theOneRunFormTrainsEvaluatesAndLabels() {
        var r = MainTest.withInput("not good , but fine\ngood , but not fine\n", "classify", "--corpus", "sentiment",
                "--epochs", "4", "--input", "-", "--weights", "--quiet");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().startsWith("test: accuracy "), r.all());
        assertTrue(r.out().contains("macro F1") && r.out().contains("on 300 sentences"), r.all());
        var lines = r.out().strip().lines().toList();
        assertTrue(lines.get(lines.size() - 2).startsWith("positive\tnot good , but fine\tnot:"), r.all());
        assertTrue(lines.get(lines.size() - 1).startsWith("negative\tgood , but not fine\tgood:"), r.all());
        assertEquals("", r.err(), "--quiet");
        assertFalse(r.out().contains("saved"), "the one-run form saves nothing");
    }

    @Test
    void wrongPathsAndMalformedFilesNameThePlace() throws Exception {
        files();
        Path model = dir.resolve("m.rnnlab");
        assertEquals(0, MainTest.run("classify", "train", "--train", train.toString(), "--model", model.toString(),
                "--epochs", "1", "--hidden", "4", "--embedding", "4", "--quiet").code());
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "positive\tfine\nnegative bad\n");
        MainTest.assertUserError(MainTest.run("classify", "train", "--train", bad.toString(), "--model",
                dir.resolve("x.rnnlab").toString()), Main.BAD_INPUT, "bad.tsv, line 2", "no tab");
        assertFalse(Files.exists(dir.resolve("x.rnnlab")), "nothing written");
        MainTest.assertUserError(MainTest.run("classify", "train", "--train", dir.resolve("nope.tsv").toString(),
                "--model", dir.resolve("x.rnnlab").toString()), Main.BAD_INPUT, "nope.tsv", "no such file");
        MainTest.assertUserError(MainTest.run("classify", "eval", "--model", model.toString(), "--test",
                bad.toString()), Main.BAD_INPUT, "bad.tsv, line 2");
        MainTest.assertUserError(MainTest.run("classify", "eval", "--model", dir.resolve("none.rnnlab").toString(),
                "--test", dev.toString()), Main.BAD_INPUT, "none.rnnlab", "no such model file");
        MainTest.assertUserError(MainTest.run("classify", "eval", "--model", model.toString()), Main.USAGE,
                "missing --test");
        MainTest.assertUserError(MainTest.run("classify", "eval", "--model", train.toString(), "--test",
                dev.toString()), Main.BAD_INPUT, "train.tsv", "not an RNN Lab model file");
        byte[] b = Files.readAllBytes(model);
        b[b.length / 2] ^= 1;
        Path damaged = Files.write(dir.resolve("damaged.rnnlab"), b);
        MainTest.assertUserError(MainTest.run("classify", "label", "--model", damaged.toString()), Main.BAD_INPUT,
                "damaged.rnnlab", "checksum");

        // label reads plain sentences: a labelled line or bad UTF-8 is named by file and line
        Path tabbed = Files.writeString(dir.resolve("tabbed.txt"), "good movie\npositive\tgood movie\n");
        MainTest.assertUserError(MainTest.run("classify", "label", "--model", model.toString(), "--input",
                tabbed.toString()), Main.BAD_INPUT, "tabbed.txt, line 2", "classify eval");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9,
                '\n'});
        MainTest.assertUserError(MainTest.run("classify", "label", "--model", model.toString(), "--input",
                latin1.toString()), Main.BAD_INPUT, "latin1.txt, line 2", "UTF-8");
        MainTest.assertUserError(MainTest.run("classify", "label", "--model", model.toString(), "--input",
                dir.resolve("gone.txt").toString()), Main.BAD_INPUT, "gone.txt", "no such file");

        // a tagger file is not a classifier, and the message says which command reads it
        Path conll = dir.resolve("t.conll");
        Files.writeString(conll, "fly\tO\nto\tO\nboston\tB-dest\n\n");
        Path tagger = dir.resolve("tagger.rnnlab");
        assertEquals(0, MainTest.run("train", "--train", conll.toString(), "--model", tagger.toString(),
                "--epochs", "1", "--hidden", "3", "--embedding", "3", "--quiet").code());
        MainTest.assertUserError(MainTest.run("classify", "label", "--model", tagger.toString()), Main.BAD_INPUT,
                "'tagger'", "rnnlab tag");
        MainTest.assertUserError(MainTest.run("eval", "--model", model.toString(), "--test", conll.toString()),
                Main.BAD_INPUT, "'classifier'", "classify eval");
    }

    @Test
    void usageErrors() {
        MainTest.assertUserError(MainTest.run("classify"), Main.USAGE, "--train");
        MainTest.assertUserError(MainTest.run("classify", "fit"), Main.USAGE, "unknown step 'fit'", "train, eval");
        MainTest.assertUserError(MainTest.run("classify", "--corpus", "sentiment", "--pooling", "median"), Main.USAGE,
                "last, mean, max or attention");
        MainTest.assertUserError(MainTest.run("classify", "--corpus", "sentiment", "--arch", "feedforward",
                "--pooling", "last"), Main.USAGE, "mean");
        MainTest.assertUserError(MainTest.run("classify", "--corpus", "imdb"), Main.USAGE, "sentiment");
        MainTest.assertUserError(MainTest.run("classify", "label", "--model", "m", "--epochs", "3"), Main.USAGE,
                "unknown option --epochs");
        MainTest.assertUserError(MainTest.run("classify", "train", "--corpus", "sentiment", "--model", "m",
                "--arch", "transformer"), Main.USAGE, "transformer");
        var help = MainTest.run("classify", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--pooling P") && help.out().contains("classify train")
                && help.out().contains("classify label"), help.out());
        assertEquals(help.out(), MainTest.run("classify", "train", "--help").out());
    }
}
