package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

import rnnlab.core.Param;
import rnnlab.io.ModelFile;
import rnnlab.train.Tagger;

/** train, eval and tag with a CoNLL file whose middle column (e.g. POS) is an input: `word feature label`. */
class FeatureColumnsCliTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void corpus() throws IOException {
        data = dir.resolve("data");
        MainTest.Run g = MainTest.run("generate", "--out", data.toString(), "--train", "150", "--dev", "30",
                "--test", "30");
        assertEquals(0, g.code(), g.all());
        for (String split : List.of("train", "dev", "test")) {
            List<String> three = new ArrayList<>(), wordAndFeature = new ArrayList<>();
            for (String line : Files.readAllLines(data.resolve(split + ".conll"))) {
                if (line.isBlank()) {
                    three.add("");
                    wordAndFeature.add("");
                    continue;
                }
                String[] f = line.split("\t");
                String feature = shape(f[0]);
                three.add(f[0] + "\t" + feature + "\t" + f[1]);
                wordAndFeature.add(f[0] + " " + feature);
            }
            Files.write(data.resolve(split + ".3col"), three);
            Files.write(data.resolve(split + ".2col-features"), wordAndFeature);
        }
    }

    /** A stand-in for a POS column: the word's shape. */
    static String shape(String w) {
        return Character.isUpperCase(w.charAt(0)) ? "Cap" : Character.isDigit(w.charAt(0)) ? "Num"
                : w.length() > 4 ? "long" : "short";
    }

    static MainTest.Run train(String model, String trainFile, String devFile, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--quiet", "--hidden", "8", "--embedding", "6",
                "--epochs", "2", "--window", "1", "--train", data.resolve(trainFile).toString(), "--dev",
                data.resolve(devFile).toString(), "--model", dir.resolve(model).toString()));
        args.addAll(List.of(more));
        return MainTest.run(args.toArray(String[]::new));
    }

    @Test
    void trainEvalAndTagReadTheColumn() {
        MainTest.Run r = train("f.rnnlab", "train.3col", "dev.3col");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.err().contains("; 1 feature column as input (4 values; --no-features ignores it)"), r.all());
        MainTest.Run info = MainTest.run("info", "--model", dir.resolve("f.rnnlab").toString());
        assertTrue(info.out().contains("network.features=6:5"), "4 values + <pad> + <other>: " + info.out());
        Tagger t = ModelFile.loadTagger(dir.resolve("f.rnnlab"));
        assertEquals(List.of("Cap", "Num", "long", "short"), t.featureValues().get(0).tokens().subList(2, 6).stream()
                .sorted().toList());

        MainTest.Run eval = MainTest.run("eval", "--model", dir.resolve("f.rnnlab").toString(), "--test",
                data.resolve("test.3col").toString());
        assertEquals(0, eval.code(), eval.all());
        assertTrue(eval.out().contains("FB1:"), eval.out());

        // tag: `word feature` lines, or the labelled file (its label column is ignored): the same labels
        MainTest.Run a = MainTest.run("tag", "--model", dir.resolve("f.rnnlab").toString(), "--input",
                data.resolve("test.2col-features").toString());
        MainTest.Run b = MainTest.run("tag", "--model", dir.resolve("f.rnnlab").toString(), "--input",
                data.resolve("test.3col").toString());
        assertEquals(0, a.code(), a.all());
        assertEquals(a.out(), b.out());
        assertTrue(a.out().lines().findFirst().orElseThrow().matches("\\S+\t\\S+"), "token<TAB>label: " + a.out());
        assertEquals(List.of(t.evaluate(rnnlab.data.Conll.read(data.resolve("test.3col"))).predicted().get(0)),
                List.of(a.out().lines().takeWhile(l -> !l.isEmpty()).map(l -> l.split("\t")[1]).toList()),
                "the CLI tags as the library does");
    }

    @Test
    void wrongColumnCountsAreClearErrors() throws IOException {
        assertEquals(0, train("g.rnnlab", "train.3col", "dev.3col").code());
        String model = dir.resolve("g.rnnlab").toString();
        MainTest.assertUserError(MainTest.run("eval", "--model", model, "--test",
                data.resolve("test.conll").toString()), Main.BAD_INPUT, "test.conll: its lines have 2 columns",
                "the model reads 1 feature column", "of 3 columns");
        MainTest.assertUserError(MainTest.withInput("leave\nTaipei\n", "tag", "--model", model),
                Main.BAD_INPUT, "standard input", "its lines have 1 columns", "'word feature…' of 2 columns");
        MainTest.assertUserError(MainTest.withInput("leave Taipei\n", "tag", "--model", model, "--text"),
                Main.BAD_INPUT, "reads 1 feature column", "leave out --text");
        Path ragged = dir.resolve("ragged.txt");
        Files.writeString(ragged, "leave short\nTaipei Cap\n\non\n");
        MainTest.assertUserError(MainTest.run("tag", "--model", model, "--input", ragged.toString()),
                Main.BAD_INPUT, ragged + ", line 4: expected 2 columns like line 1");
        // train: a dev file with other columns than the training file, and a ragged training file
        MainTest.assertUserError(train("h.rnnlab", "train.3col", "dev.conll"), Main.BAD_INPUT,
                "dev.conll: its lines have 2 columns but those of the training file", "--no-features");
        Path raggedTrain = data.resolve("ragged.3col");
        Files.writeString(raggedTrain, "leave short O\nTaipei Cap B-city\n\non O\n");
        MainTest.assertUserError(train("h.rnnlab", "ragged.3col", "dev.3col"), Main.BAD_INPUT,
                raggedTrain + ", line 4: expected 3 columns like line 1");
    }

    /** The memory estimate made before training covers the feature tables and the wider first layer. */
    @Test
    void theMemoryEstimateCoversTheFeatureColumns() {
        rnnlab.models.Network plain = rnnlab.models.Network.builder().cell(rnnlab.models.Network.Cell.LSTM)
                .bidirectional(true).layers(2).hidden(7).embedding(5).window(1).vocabulary(30).classes(9).build();
        rnnlab.models.Network net = plain.toBuilder().features(List.of(new rnnlab.models.Network.Feature(46, 20),
                new rnnlab.models.Network.Feature(3000, 20))).build();
        long params = 0;
        for (Param p : net.model().params()) {
            params += (long) p.value.rows * p.value.cols;
        }
        assertTrue(Main.trainingBytes(net, 30, 9, 1, 1) >= 6 * 8 * params, "estimate covers " + params);
        assertTrue(6 * 8 * params > Main.trainingBytes(plain, 30, 9, 1, 1), "which the words-only estimate would not");
    }

    /** --no-features reads a 3-column file exactly as the 2-column file of its words and labels. */
    @Test
    void noFeaturesIsTheOldBehaviourBitForBit() {
        MainTest.Run three = train("nf3.rnnlab", "train.3col", "dev.3col", "--no-features");
        MainTest.Run two = train("nf2.rnnlab", "train.conll", "dev.conll");
        assertEquals(0, three.code(), three.all());
        String time = " in [0-9.]+s";                           // the one thing allowed to differ
        assertEquals(two.out().replace("nf2.rnnlab", "M").replace("dev.conll", "D").replaceAll(time, ""),
                three.out().replace("nf3.rnnlab", "M").replace("dev.3col", "D").replaceAll(time, ""));
        Tagger a = ModelFile.loadTagger(dir.resolve("nf3.rnnlab")), b = ModelFile.loadTagger(dir.resolve("nf2.rnnlab"));
        assertTrue(a.featureValues().isEmpty());
        assertEquals(b.model().params().names(), a.model().params().names());
        for (Param p : b.model().params()) {
            for (int r = 0; r < p.value.rows; r++) {
                assertArrayEquals(p.value.data[r], a.model().params().get(p.name).value.data[r], 0, p.name);
            }
        }
        // and a words-only model ignores the middle columns of what it evaluates, as before
        MainTest.Run e3 = MainTest.run("eval", "--model", dir.resolve("nf2.rnnlab").toString(), "--test",
                data.resolve("test.3col").toString());
        MainTest.Run e2 = MainTest.run("eval", "--model", dir.resolve("nf2.rnnlab").toString(), "--test",
                data.resolve("test.conll").toString());
        assertEquals(0, e3.code(), e3.all());
        assertEquals(e2.out(), e3.out());
    }
}
