package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.data.Conll;
import rnnlab.data.Dataset;

class MainTest {
    @TempDir
    Path dir;

    /** Exit code, standard output and standard error of one run. */
    record Run(int code, String out, String err) {
        String all() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    static Run withInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        return withInput("", args);
    }

    /** A user error: the given exit code, one line on stderr mentioning every word, no stack trace. */
    static void assertUserError(Run r, int code, String... words) {
        assertEquals(code, r.code(), r.all());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.all());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.all());
        for (String w : words) {
            assertTrue(r.err().contains(w), "'" + w + "' in " + r.all());
        }
    }

    @Test
    void helpOnEveryCommand() {
        for (String c : List.of("train", "eval", "tag", "generate", "info")) {
            Run r = run(c, "--help");
            assertEquals(0, r.code(), r.all());
            assertTrue(r.out().startsWith("usage: rnnlab " + c), r.all());
        }
        Run top = run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("generate") && top.out().contains("train"), top.out());
        assertEquals(2, run().code(), "no command is a usage error");
        assertTrue(run("train", "--help").out().contains("--bidirectional"));
    }

    @Test
    void badArgumentsGiveOneLineAndExitCode2() {
        assertUserError(run("fly"), 2, "unknown command 'fly'");
        assertUserError(run("train", "--model", "m"), 2, "missing --train");
        assertUserError(run("train", "--train", "t", "--model", "m", "--arch", "transformer"), 2, "transformer",
                "elman");
        assertUserError(run("train", "--train", "t", "--model", "m", "--epochs", "many"), 2, "--epochs",
                "whole number");
        assertUserError(run("train", "--train", "t", "--model", "m", "--hidden", "0"), 2, "--hidden");
        assertUserError(run("train", "--train", "t", "--model", "m", "--optimizer", "adadelta"), 2, "adadelta");
        assertUserError(run("train", "--train", "t", "--model", "m", "--lr", "-1"), 2, "--lr", "positive");
        assertUserError(run("train", "--train", "t", "--model", "m", "--clip", "lots"), 2, "clipping");
        assertUserError(run("train", "--train", "t", "--model", "m", "--arch", "feedforward", "--bidirectional"), 2,
                "bidirectional");
        assertUserError(run("train", "--train", "t", "--model", "m", "--colour"), 2, "unknown option --colour",
                "rnnlab train --help");
        assertUserError(run("train", "--train"), 2, "--train needs a value");
        assertUserError(run("eval", "--model", "m"), 2, "missing --test");
        assertUserError(run("tag", "stray"), 2, "unexpected argument 'stray'");
    }

    @Test
    void badFilesGiveOneLineAndExitCode1() throws IOException {
        assertUserError(run("train", "--train", dir.resolve("none.conll").toString(), "--model",
                dir.resolve("m").toString()), 1, "none.conll", "does not exist");
        Path broken = Files.writeString(dir.resolve("broken.conll"), "arrive\tO\nTaipei\n");
        assertUserError(run("train", "--train", broken.toString(), "--model", dir.resolve("m").toString()), 1,
                "broken.conll", "line 2");
        Path notModel = Files.writeString(dir.resolve("model.txt"), "hello");
        assertUserError(run("eval", "--model", notModel.toString(), "--test", broken.toString()), 1, "model.txt",
                "not an RNN Lab model file");
        assertUserError(run("tag", "--model", dir.resolve("missing.rnnlab").toString()), 1, "missing.rnnlab");
        assertUserError(run("info", "--model", notModel.toString()), 1, "model.txt");
    }

    @Test
    void generateTrainEvalTagEndToEnd() throws IOException {
        Path data = dir.resolve("data");
        Run g = run("generate", "--out", data.toString(), "--train", "500", "--dev", "60", "--test", "80");
        assertEquals(0, g.code(), g.all());
        for (String split : List.of("train", "dev", "test")) {
            assertTrue(Files.exists(data.resolve(split + ".conll")), split);
        }
        assertEquals(500, Conll.read(data.resolve("train.conll")).size());

        Path model = dir.resolve("slot.rnnlab");
        // four short epochs on a small corpus: without the real-corpus regularisers (dropout 0.5, trigrams), which
        // need more epochs; TrainOptionsTest covers the defaults
        Run t = run("train", "--arch", "elman", "--hidden", "48", "--embedding", "24", "--epochs", "4",
                "--dropout", "0", "--trigrams", "0",
                "--train", data.resolve("train.conll").toString(), "--dev", data.resolve("dev.conll").toString(),
                "--model", model.toString());
        assertEquals(0, t.code(), t.all());
        assertTrue(Files.exists(model));
        assertTrue(t.out().contains("saved") && t.out().contains("FB1"), t.all());
        assertTrue(t.err().contains("epoch  4/4") || t.err().contains("stopped early"), t.all());
        assertTrue(t.err().chars().filter(c -> c == '\n').count() < 20, "progress is redrawn in place, not one line per step: " + t.err());

        Path predictions = dir.resolve("pred.txt");
        Run e = run("eval", "--model", model.toString(), "--test", data.resolve("test.conll").toString(),
                "--predictions", predictions.toString(), "--labels");
        assertEquals(0, e.code(), e.all());
        assertTrue(e.out().startsWith("processed "), e.out());
        String fb1 = e.out().lines().filter(l -> l.startsWith("accuracy:")).findFirst().orElseThrow();
        double f1 = Double.parseDouble(fb1.substring(fb1.indexOf("FB1:") + 4).trim());
        assertTrue(f1 > 80, "test FB1 " + f1 + "\n" + e.out());
        assertEquals(Conll.read(data.resolve("test.conll")).tokenCount(),
                Files.readAllLines(predictions).stream().filter(l -> !l.isBlank()).count());

        Run tag = withInput("leave\nTaipei\non\nFriday\n\narrive\nin\nBoston\n", "tag", "--model", model.toString());
        assertEquals(0, tag.code(), tag.all());
        List<String> lines = tag.out().lines().toList();
        assertEquals(List.of("leave\tO", "Taipei\tB-depart", "on\tO", "Friday\tB-depart_date", "", "arrive\tO",
                "in\tO", "Boston\tB-dest", ""), lines, tag.all());

        Run text = withInput("i want to arrive taipei on friday\n", "tag", "--model", model.toString(), "--text");
        assertEquals(0, text.code(), text.all());
        assertEquals(7, text.out().lines().filter(l -> !l.isBlank()).count(), text.out());
        Path textFile = Files.writeString(dir.resolve("plain.txt"), "leave Taipei\n\narrive Boston on Friday\n");
        Run textIn = run("tag", "--model", model.toString(), "--text", "--input", textFile.toString());
        assertEquals(0, textIn.code(), textIn.all());
        assertEquals(2, textIn.out().split("\n\n").length, textIn.out());
        assertEquals(1, run("tag", "--model", model.toString(), "--text", "--input",
                dir.resolve("nope.txt").toString()).code());

        Path tagOut = dir.resolve("tagged.conll");
        Run fromFile = run("tag", "--model", model.toString(), "--input", data.resolve("test.conll").toString(),
                "--output", tagOut.toString());
        assertEquals(0, fromFile.code(), fromFile.all());
        assertEquals(80, Conll.read(tagOut).size());

        Run info = run("info", "--model", model.toString());
        assertEquals(0, info.code(), info.all());
        assertTrue(info.out().contains("network.cell=elman") && info.out().contains("train.epochs="), info.out());
    }

    @Test
    void trainPrecisionFloat32IsRecordedAndABadChoiceIsAUsageError() {
        Path data = dir.resolve("p");
        assertEquals(0, run("generate", "--out", data.toString(), "--train", "60", "--dev", "20", "--test", "20").code());
        Path model = dir.resolve("f32.rnnlab");
        Run r = run("train", "--train", data.resolve("train.conll").toString(), "--model", model.toString(),
                "--arch", "lstm", "--bidirectional", "--hidden", "8", "--embedding", "8", "--epochs", "1",
                "--precision", "float32", "--quiet");
        assertEquals(0, r.code(), r.all());
        Run info = run("info", "--model", model.toString());
        assertTrue(info.out().contains("network.precision=float32"), info.out());
        Run bad = run("train", "--train", data.resolve("train.conll").toString(), "--model",
                dir.resolve("x.rnnlab").toString(), "--precision", "half");
        assertEquals(2, bad.code(), bad.all());
        assertTrue(bad.err().contains("--precision") && bad.err().contains("float32"), bad.all());
        assertTrue(run("train", "--help").out().contains("--precision"), "in the help");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} bidirectional={1}")
    @org.junit.jupiter.params.provider.CsvSource({"gru, true", "jordan, false", "clockwork, true", "scrn, false"})
    void aFloat32TaggerTrainsSavesAndTagsEndToEnd(String arch, boolean bi) {
        Path data = dir.resolve("g");
        assertEquals(0, run("generate", "--out", data.toString(), "--train", "300", "--dev", "60", "--test", "60")
                .code());
        Path model = dir.resolve(arch + "32.rnnlab");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--train", data.resolve("train.conll").toString(),
                "--dev", data.resolve("dev.conll").toString(), "--model", model.toString(), "--arch", arch,
                "--hidden", "16", "--embedding", "16", "--epochs", "6", "--precision", "float32", "--quiet"));
        if (bi) {
            args.add("--bidirectional");
        }
        Run r = run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.all());
        Run info = run("info", "--model", model.toString());
        assertTrue(info.out().contains("network.precision=float32") && info.out().contains("network.cell=" + arch),
                info.out());
        Run e = run("eval", "--model", model.toString(), "--test", data.resolve("test.conll").toString());
        assertEquals(0, e.code(), e.all());
        String fb1 = e.out().lines().filter(l -> l.startsWith("accuracy:")).findFirst().orElseThrow();
        double f1 = Double.parseDouble(fb1.substring(fb1.indexOf("FB1:") + 4).trim());
        assertTrue(f1 > 40, "the float32 " + arch + " tagger learned the synthetic task: test FB1 " + f1 + "\n"
                + e.out());
        Run tag = withInput("leave\nTaipei\non\nFriday\n", "tag", "--model", model.toString());
        assertEquals(0, tag.code(), tag.all());
        assertEquals(4, tag.out().lines().filter(l -> !l.isBlank()).count(), tag.out());
    }

    @Test
    void divergenceExitsWith3AndNamesTheStep() {
        Path data = dir.resolve("d");
        assertEquals(0, run("generate", "--out", data.toString(), "--train", "100", "--dev", "20", "--test", "20").code());
        Path model = dir.resolve("never.rnnlab");
        Run r = run("train", "--train", data.resolve("train.conll").toString(), "--model", model.toString(),
                "--optimizer", "adagrad", "--lr", "1e308"); // every weight moves by ±η: 2η overflows
        assertEquals(3, r.code(), r.all());
        assertTrue(r.err().contains("rnnlab train: training stopped at epoch 1, step "), r.all());
        assertTrue(r.err().contains("lower learning rate") && r.err().contains("clipping"), r.all());
        assertEquals(1, r.err().split("training stopped", -1).length - 1, "said once: " + r.all());
        assertFalse(Files.exists(model), "no model saved after divergence");
    }

    @Test
    void syntheticCorpusHasTheAskedShape() {
        Dataset d = SyntheticCorpus.generate(3000, 50, 1000, 1);
        assertEquals(101, rnnlab.data.LabelVocabulary.build(d).size());
        int words = rnnlab.data.Vocabulary.build(d, rnnlab.data.Vocabulary.Settings.DEFAULT).size();
        assertTrue(words > 800 && words < 1100, "distinct words " + words);
        Dataset again = SyntheticCorpus.generate(3000, 50, 1000, 1);
        assertEquals(d.sentences(), again.sentences());
    }
}
