package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.io.ModelFile;
import rnnlab.train.Tagger;

/** rnnlab train --direct-features B: Huang et al.'s direct connections from the command line, end to end. */
class DirectFeaturesCliTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void corpus() throws IOException {
        data = dir.resolve("data");
        MainTest.Run g = MainTest.run("generate", "--out", data.toString(), "--train", "150", "--dev", "30",
                "--test", "30");
        assertEquals(0, g.code(), g.all());
        for (String split : List.of("train", "dev", "test")) {          // the same with a stand-in POS column
            List<String> three = new ArrayList<>();
            for (String line : Files.readAllLines(data.resolve(split + ".conll"))) {
                String[] f = line.split("\t");
                three.add(line.isBlank() ? "" : f[0] + "\t" + FeatureColumnsCliTest.shape(f[0]) + "\t" + f[1]);
            }
            Files.write(data.resolve(split + ".3col"), three);
        }
    }

    static MainTest.Run train(String model, String split, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--quiet", "--hidden", "8", "--embedding", "6",
                "--trigrams", "0", "--epochs", "2", "--train", data.resolve("train" + split).toString(), "--dev",
                data.resolve("dev" + split).toString(), "--model", dir.resolve(model).toString()));
        args.addAll(List.of(more));
        return MainTest.run(args.toArray(String[]::new));
    }

    /** Stored in the model file, read back by eval and tag; with and without the CRF, columns, float32. */
    @Test
    void trainEvalAndTag() {
        record Case(String model, String split, List<String> options) {}
        List<Case> cases = List.of(
                new Case("softmax.rnnlab", ".conll", List.of()),
                new Case("crf.rnnlab", ".conll", List.of("--crf", "--arch", "lstm", "--bidirectional")),
                new Case("float.rnnlab", ".3col", List.of("--crf", "--arch", "lstm", "--bidirectional",
                        "--precision", "float32")),
                new Case("columns.rnnlab", ".3col", List.of("--arch", "gru")));
        for (Case c : cases) {
            List<String> more = new ArrayList<>(List.of("--direct-features", "4096"));
            more.addAll(c.options());
            MainTest.Run r = train(c.model(), c.split(), more.toArray(String[]::new));
            assertEquals(0, r.code(), c + ": " + r.all());
            Path model = dir.resolve(c.model());
            MainTest.Run info = MainTest.run("info", "--model", model.toString());
            assertTrue(info.out().contains("network.directFeatures=4096"), info.out());
            Tagger t = ModelFile.loadTagger(model);
            assertEquals(4096, t.model().direct().buckets());
            double trained = 0;
            for (double[] row : t.model().direct().W.value.data) {
                for (double v : row) {
                    trained += Math.abs(v);
                }
            }
            assertTrue(trained > 0, c + ": direct.W was trained (it starts at 0)");
            MainTest.Run eval = MainTest.run("eval", "--model", model.toString(), "--test",
                    data.resolve("test" + c.split()).toString());
            assertEquals(0, eval.code(), eval.all());
            assertTrue(eval.out().contains("FB1:"), eval.out());
        }
        MainTest.Run tag = MainTest.withInput("leave Taipei on friday\n", "tag", "--model",
                dir.resolve("crf.rnnlab").toString(), "--text");
        assertEquals(0, tag.code(), tag.all());
        assertEquals(4, tag.out().lines().filter(l -> !l.isBlank()).count(), tag.out());
    }

    @Test
    void badValuesAreUsageErrors() {
        MainTest.assertUserError(train("x.rnnlab", ".conll", "--direct-features", "-1"), 2, "--direct-features",
                "between 0 and 16777216");
        MainTest.assertUserError(train("x.rnnlab", ".conll", "--direct-features", "lots"), 2, "--direct-features",
                "whole number");
        MainTest.assertUserError(train("x.rnnlab", ".conll", "--direct-features", "16777217"), 2,
                "--direct-features");
        // 2^24 buckets × 13 labels × 8 bytes = 1,664 MB: more than a model file takes, refused before training
        MainTest.assertUserError(train("x.rnnlab", ".conll", "--direct-features", "16777216"), 2,
                "--direct-features 16777216 with 13 labels", "1664 MB", "at most 10324440 buckets");
        assertTrue(MainTest.run("train", "--help").out().contains("--direct-features B"));
    }
}
