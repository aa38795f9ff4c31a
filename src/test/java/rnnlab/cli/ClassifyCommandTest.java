package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.data.LabelledSentences;
import rnnlab.data.SentimentCorpus;

/** rnnlab classify: train, evaluate and label sentences in one run; errors name the place and the fix. */
class ClassifyCommandTest {
    @Test
    void trainsEvaluatesAndLabelsStandardInput() {
        var r = MainTest.withInput("not good , but fine\ngood , but not fine\n", "classify", "--corpus", "sentiment",
                "--epochs", "4", "--input", "-", "--weights", "--quiet");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().startsWith("test: accuracy "), r.all());
        assertTrue(r.out().contains("macro F1"), r.all());
        var lines = r.out().strip().lines().toList();
        assertTrue(lines.get(lines.size() - 2).startsWith("positive\tnot good , but fine\tnot:"), r.all());
        assertTrue(lines.get(lines.size() - 1).startsWith("negative\tgood , but not fine\tgood:"), r.all());
        assertEquals("", r.err(), "--quiet");
    }

    @Test
    void readsLabelTabTextFiles(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("train.tsv"), test = dir.resolve("test.tsv"), input = dir.resolve("in.txt");
        LabelledSentences.write(SentimentCorpus.generate(200, 1), train);
        LabelledSentences.write(SentimentCorpus.generate(50, 2), test);
        Files.writeString(input, "the movie was great\n\n");
        var r = MainTest.run("classify", "--train", train.toString(), "--test", test.toString(), "--input",
                input.toString(), "--arch", "feedforward", "--pooling", "mean", "--epochs", "2");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("on 50 sentences"), r.all());
        assertTrue(r.out().strip().endsWith("\tthe movie was great"), r.all());
        assertTrue(r.err().contains("epoch 2: loss"), r.all());
    }

    @Test
    void errorsNameThePlaceAndTheFix(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "positive\tfine\nnegative bad\n");
        MainTest.assertUserError(MainTest.run("classify", "--train", bad.toString()), Main.BAD_INPUT,
                "bad.tsv, line 2", "no tab");
        MainTest.assertUserError(MainTest.run("classify"), Main.USAGE, "--train");
        MainTest.assertUserError(MainTest.run("classify", "--corpus", "sentiment", "--pooling", "median"), Main.USAGE,
                "last, mean, max or attention");
        MainTest.assertUserError(MainTest.run("classify", "--corpus", "sentiment", "--arch", "feedforward",
                "--pooling", "last"), Main.USAGE, "mean");
        MainTest.assertUserError(MainTest.run("classify", "--corpus", "imdb"), Main.USAGE, "sentiment");
        var help = MainTest.run("classify", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--pooling P"));
    }
}
