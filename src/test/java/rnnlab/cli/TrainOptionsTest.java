package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train's options for real data: several seeds with mean ± sd, dropout, learning-rate decay, a test file. */
class TrainOptionsTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void corpus() {
        data = dir.resolve("data");
        MainTest.Run g = MainTest.run("generate", "--out", data.toString(), "--train", "200", "--dev", "40",
                "--test", "40");
        assertEquals(0, g.code(), g.all());
    }

    static MainTest.Run train(String model, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--quiet", "--hidden", "16", "--embedding",
                "8", "--epochs", "2", "--train", data.resolve("train.conll").toString(), "--dev",
                data.resolve("dev.conll").toString(), "--model", dir.resolve(model).toString()));
        args.addAll(List.of(more));
        return MainTest.run(args.toArray(String[]::new));
    }

    @Test
    void severalSeedsPrintEachSeedAndTheirMeanAndSd() {
        MainTest.Run r = train("seeds.rnnlab", "--seeds", "3", "--seed", "7", "--test",
                data.resolve("test.conll").toString());
        assertEquals(0, r.code(), r.all());
        Matcher m = Pattern.compile("seed (\\d+): dev F1 ([0-9.]+), test F1 ([0-9.]+); ").matcher(r.out());
        double[] test = new double[3];
        int n = 0;
        while (m.find()) {
            assertEquals(7 + n, Long.parseLong(m.group(1)), r.out());
            test[n++] = Double.parseDouble(m.group(3));
        }
        assertEquals(3, n, "one line per seed: " + r.out());
        double mean = (test[0] + test[1] + test[2]) / 3, ss = 0;
        for (double t : test) {
            ss += (t - mean) * (t - mean);
        }
        Matcher s = Pattern.compile("test F1 ([0-9.]+) ± ([0-9.]+) points \\(mean ± sd over 3 seeds").matcher(r.out());
        assertTrue(s.find(), r.out());
        assertEquals(mean, Double.parseDouble(s.group(1)), 0.006, "the mean of the printed F1s");
        assertEquals(Math.sqrt(ss / 2), Double.parseDouble(s.group(2)), 0.006, "their sample sd (n − 1)");
        assertTrue(r.out().contains("dev F1 ") && r.out().contains("seconds per run"), r.out());
        assertTrue(r.out().contains("saved the model of seed"), r.out());
        MainTest.Run info = MainTest.run("info", "--model", dir.resolve("seeds.rnnlab").toString());
        assertTrue(info.out().matches("(?s).*train\\.seed=(7|8|9).*"), info.out());
    }

    @Test
    void theDefaultDirectTableShrinksToFitManyLabels() {
        assertEquals(262144, Main.defaultDirectFeatures(22));
        assertEquals(262144, Main.defaultDirectFeatures(512), "512 labels: exactly 1 GB");
        assertEquals(131072, Main.defaultDirectFeatures(513));
        assertEquals(1024, Main.defaultDirectFeatures(100_000));
        for (int labels : new int[] {1, 72, 513, 4000, 100_000}) {
            assertTrue((long) Main.defaultDirectFeatures(labels) * labels * 8 <= Main.MAX_DIRECT_BYTES, "" + labels);
        }
    }

    @Test
    void notEnoughMemoryNamesTheDirectFeatureTableAndHowToShrinkIt() {
        rnnlab.models.Network.Builder b = rnnlab.models.Network.builder().cell(rnnlab.models.Network.Cell.LSTM)
                .bidirectional(true);
        assertEquals("training this lstm network (1 layers of 100, bidirectional) with its direct-feature table "
                + "(864 MiB of it: 262144 buckets × 72 labels; --direct-features 65536 needs a quarter, 0 none)",
                Main.trainingWhat(b.directFeatures(262144).build(), 72));
        assertEquals("training this lstm network (1 layers of 100, bidirectional)",
                Main.trainingWhat(b.directFeatures(0).build(), 72));
    }

    @Test
    void meanAndSdAreInPoints() {
        assertEquals("test F1 90.00 ± 10.00 points (mean ± sd over 3 seeds: 80.00 90.00 100.00)",
                Main.meanAndSd("test F1", new double[] {0.8, 0.9, 1.0}));
        assertEquals("seconds per run 2.0 ± 0.0 (mean ± sd over 1 seeds: 2.0)",
                Main.meanAndSd("seconds per run", new double[] {2}));
    }

    @Test
    void theDefaultsAreTheRealCorpusOnesAndAreStored() {
        MainTest.Run r = train("defaults.rnnlab");
        assertEquals(0, r.code(), r.all());
        String info = MainTest.run("info", "--model", dir.resolve("defaults.rnnlab").toString()).out();
        assertTrue(info.contains("network.embeddingDropout=0.5") && info.contains("network.layerDropout=0.5")
                && info.contains("network.recurrentDropout=0.0"), info);
        assertTrue(info.contains("network.trigrams=50"), info);
        assertTrue(info.contains("train.schedule=Exponential[gamma=0.9]"), info);
        assertTrue(info.contains("network.directFeatures=262144") && info.contains("network.directDropout=0.5"), info);
        assertTrue(info.contains("network.iobConstraints=true"), "IOB2 training labels: decoded with the rules " + info);
        assertTrue(info.contains("output: a softmax per word; eval and tag label each sentence with the most probable "
                + "label sequence that keeps IOB2's rules"), info);
        MainTest.Run off = train("off.rnnlab", "--dropout", "0", "--trigrams", "0", "--schedule", "constant",
                "--direct-features", "0", "--no-iob");
        assertEquals(0, off.code(), off.all());
        String plain = MainTest.run("info", "--model", dir.resolve("off.rnnlab").toString()).out();
        assertTrue(!plain.contains("Dropout=") && !plain.contains("network.trigrams") && plain.contains(
                "train.schedule=Constant") && !plain.contains("directFeatures") && !plain.contains("iobConstraints"), "each default can be turned off: "
                + plain);
        MainTest.Run crf = train("crf.rnnlab", "--crf");
        assertEquals(0, crf.code(), crf.all());
        assertTrue(!MainTest.run("info", "--model", dir.resolve("crf.rnnlab").toString()).out()
                .contains("iobConstraints"), "a CRF layer keeps the rules only with --iob");
    }

    @Test
    void theDirectTemplatesAreAnOptionStoredInTheModelFile() {
        MainTest.Run r = train("huang.rnnlab", "--direct-templates", "huang2015", "--test",
                data.resolve("test.conll").toString());
        assertEquals(0, r.code(), r.all());
        String info = MainTest.run("info", "--model", dir.resolve("huang.rnnlab").toString()).out();
        assertTrue(info.contains("network.directTemplates=huang2015"), info);
        MainTest.Run e = MainTest.run("eval", "--model", dir.resolve("huang.rnnlab").toString(), "--test",
                data.resolve("test.conll").toString());
        assertEquals(0, e.code(), e.all());
        MainTest.assertUserError(train("x.rnnlab", "--direct-templates", "fancy"), 2, "--direct-templates",
                "choose basic or huang2015");
        MainTest.assertUserError(train("x.rnnlab", "--direct-templates", "huang2015", "--direct-features", "0"), 2,
                "--direct-templates", "--direct-features is 0");
    }

    @Test
    void dropoutAndDecayAreStoredInTheModelFile() {
        MainTest.Run r = train("drop.rnnlab", "--arch", "lstm", "--dropout", "0.25", "--recurrent-dropout", "0.1",
                "--schedule", "exp:0.5");
        assertEquals(0, r.code(), r.all());
        MainTest.Run info = MainTest.run("info", "--model", dir.resolve("drop.rnnlab").toString());
        assertTrue(info.out().contains("network.embeddingDropout=0.25") && info.out().contains(
                "network.layerDropout=0.25") && info.out().contains("network.recurrentDropout=0.1"), info.out());
        assertTrue(info.out().contains("train.schedule=Exponential[gamma=0.5]"), info.out());
        MainTest.Run e = MainTest.run("eval", "--model", dir.resolve("drop.rnnlab").toString(), "--test",
                data.resolve("test.conll").toString());
        assertEquals(0, e.code(), e.all());
    }

    @Test
    void badDropoutIsAUsageError() {
        MainTest.assertUserError(train("x.rnnlab", "--dropout", "1"), 2, "--dropout", "0 ≤ P < 1");
        MainTest.assertUserError(train("x.rnnlab", "--layer-dropout", "lots"), 2, "--layer-dropout");
        MainTest.assertUserError(train("x.rnnlab", "--arch", "jordan", "--recurrent-dropout", "0.2"), 2, "jordan",
                "elman, irnn, lstm and gru");
        MainTest.Run gru = train("gru.rnnlab", "--arch", "gru", "--recurrent-dropout", "0.2");
        assertEquals(0, gru.code(), "the GRU has recurrent dropout: " + gru.all());
        assertTrue(MainTest.run("info", "--model", dir.resolve("gru.rnnlab").toString()).out()
                .contains("network.recurrentDropout=0.2"));
        MainTest.assertUserError(train("x.rnnlab", "--seeds", "0"), 2, "--seeds");
    }

    @Test
    void pretrainedVectorsAreLoadedAndTheirCoverageReported() throws java.io.IOException {
        Path vectors = java.nio.file.Files.writeString(dir.resolve("vectors.txt"),
                "3 8\nleave 1 0 0 0 0 0 0 1\narrive 0 1 0 0 0 0 1 0\nTAIPEI 0 0 1 0 0 1 0 0\n");
        MainTest.Run r = train("vec.rnnlab", "--vectors", vectors.toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.err().contains("vectors from " + vectors + " (3 words, 8 values each): 2 of "), r.all());
        assertTrue(r.err().contains("keep random vectors"), r.all());
        MainTest.Run info = MainTest.run("info", "--model", dir.resolve("vec.rnnlab").toString());
        assertTrue(info.out().contains("train.vectors=" + vectors) && info.out().contains(
                "train.vectors.coverage=2 of "), info.out());
        // the embedding size follows the file; a different --embedding is refused
        Path three = java.nio.file.Files.writeString(dir.resolve("three.txt"), "leave 1 2 3\n");
        MainTest.assertUserError(train("x.rnnlab", "--vectors", three.toString()), 2, "--embedding 8",
                "3 values per word");
        Path bad = java.nio.file.Files.writeString(dir.resolve("bad.txt"), "leave 1 2 3\narrive 1 2\n");
        MainTest.assertUserError(MainTest.run("train", "--train", data.resolve("train.conll").toString(), "--model",
                dir.resolve("x.rnnlab").toString(), "--vectors", bad.toString()), 1, "bad.txt:2:");
    }

    @Test
    void letterTrigramsAreAnInputOption() {
        MainTest.Run r = train("tri.rnnlab", "--trigrams", "6");
        assertEquals(0, r.code(), r.all());
        MainTest.Run info = MainTest.run("info", "--model", dir.resolve("tri.rnnlab").toString());
        assertTrue(info.out().contains("network.trigrams=6"), info.out());
        MainTest.Run tag = MainTest.withInput("leave Taipeh on friday\n", "tag", "--model",
                dir.resolve("tri.rnnlab").toString(), "--text");
        assertEquals(0, tag.code(), tag.all());
        assertEquals(4, tag.out().lines().filter(l -> !l.isBlank()).count(), tag.out());
        MainTest.assertUserError(train("x.rnnlab", "--trigrams", "-1"), 2, "--trigrams");
    }
}
