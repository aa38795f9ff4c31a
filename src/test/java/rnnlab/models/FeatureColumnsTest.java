package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.core.GradCheck;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.data.Conll;
import rnnlab.data.ConllFormatException;
import rnnlab.data.Dataset;
import rnnlab.data.Sentence;
import rnnlab.data.Vocabulary;
import rnnlab.io.ModelFile;
import rnnlab.layers.TrigramEmbedding;
import rnnlab.train.Tagger;
import rnnlab.train.Trainer;

/** Feature columns of a CoNLL file (word POS chunk) as inputs besides the words. */
class FeatureColumnsTest {
    @TempDir
    Path dir;

    static final List<List<String>> WORDS = List.of(List.of("apple", "on", "Taipei"), List.of("banana", "pie"));

    /** value ids [C][B][T] of two feature columns for the two sentences above (0 = padding). */
    static final int[][][] FEATURES = {
            {{2, 3, 4}, {4, 1, 0}},
            {{2, 2, 3}, {3, 1, 0}}};

    static SequenceModel model(boolean bidirectional, Network.Cell cell) {
        return Network.builder().cell(cell).bidirectional(bidirectional).vocabulary(6).embedding(3).window(1)
                .features(List.of(new Network.Feature(6, 3), new Network.Feature(5, 2))).trigrams(2).hidden(4)
                .classes(3).dropout(0.3, 0.3, cell == Network.Cell.LSTM ? 0.3 : 0).build().model();
    }

    static Batch batch() {
        return Batch.ofIds(new int[][] {{2, 3, 4}, {5, 1, 0}}, new int[] {3, 2}, new int[][] {{0, 1, 2}, {2, 0, -1}})
                .withTrigrams(TrigramEmbedding.of(WORDS, 3)).withFeatures(FEATURES);
    }

    /** Every gradient, the feature tables included, numerically; rows of values the batch lacks get exactly 0. */
    @Test
    void gradientsAreExact() {
        for (Network.Cell cell : List.of(Network.Cell.LSTM, Network.Cell.ELMAN)) {
            for (boolean bi : new boolean[] {false, true}) {
                SequenceModel m = model(bi, cell);
                assertEquals(3 * 3 + 3 * 3 + 2 * 3 + 2, m.body().inputSize(),
                        "x = [3 windowed word vectors ; 3 windowed vectors of each feature column ; 2 trigram values]");
                assertEquals(List.of("embedding.E", "feature.0.E", "feature.1.E"), m.params().names().subList(0, 3));
                Batch batch = batch();
                m.setTraining(true);
                m.dropoutControl().hold(true);
                m.loss(batch);
                List<Param> tensors = new ArrayList<>();
                for (Param p : m.params()) {
                    if (!p.name.equals("trigrams.G")) {
                        tensors.add(p);
                    }
                }
                GradCheck.check(new rnnlab.core.Objective() {
                    @Override
                    public double loss() {
                        return m.loss(batch);
                    }

                    @Override
                    public double gradients() {
                        return m.lossAndGradient(batch);
                    }
                }, tensors, GradCheck.Options.full()).assertAccurate(GradCheck.SEQUENCE_TOLERANCE);
                m.lossAndGradient(batch);
                Matrix g0 = m.params().get("feature.0.E").grad, g1 = m.params().get("feature.1.E").grad;
                for (int[] unused : new int[][] {{0, 0}, {0, 5}, {1, 0}, {1, 4}}) {    // <pad> and values not in the batch
                    Matrix g = unused[0] == 0 ? g0 : g1;
                    for (double x : g.data[unused[1]]) {
                        assertEquals(0, x, 0, "feature." + unused[0] + ".E row " + unused[1]);
                    }
                }
                double used = 0;
                for (double x : g0.data[4]) {
                    used += Math.abs(x);
                }
                assertTrue(used > 0, "a value in the batch gets a gradient");
            }
        }
    }

    /** With a window the neighbours' feature vectors are part of xᵗ: a later word's value reaches step 1 of a forward RNN. */
    @Test
    void theWindowIncludesTheNeighboursFeatures() {
        for (int window : new int[] {0, 1}) {
            SequenceModel m = Network.builder().vocabulary(6).embedding(3).window(window)
                    .features(List.of(new Network.Feature(6, 3))).hidden(4).classes(3).build().model();
            int[][] ids = {{2, 3, 4}};
            double[] a = m.probabilities(Batch.ofIds(ids, null, null).withFeatures(new int[][][] {{{2, 3, 4}}}))[0]
                    .rowCopy(0);
            double[] b = m.probabilities(Batch.ofIds(ids, null, null).withFeatures(new int[][][] {{{2, 5, 4}}}))[0]
                    .rowCopy(0);
            if (window == 0) {
                assertArrayEquals(a, b, 0, "without a window step 1 of a forward RNN cannot see word 2's feature");
            } else {
                assertFalse(java.util.Arrays.equals(a, b), "with window 1 step 1 reads word 2's feature vector");
            }
        }
    }

    @Test
    void aBatchWithoutTheColumnsIsRefused() {
        SequenceModel m = model(false, Network.Cell.ELMAN);
        Batch noFeatures = Batch.ofIds(new int[][] {{2, 3}}, null, new int[][] {{0, 1}})
                .withTrigrams(TrigramEmbedding.of(List.of(List.of("a", "b")), 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loss(noFeatures));
        assertTrue(e.getMessage().contains("2 feature columns") && e.getMessage().contains("withFeatures"),
                e.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> Batch.ofIds(
                new int[][] {{2, 3}}, null, null).withFeatures(new int[][][] {{{1, 2, 3}}}));
        assertTrue(shape.getMessage().contains("feature column 0, sequence 0 has 3 steps"), shape.getMessage());
    }

    @Test
    void settingsAreStoredAndChecked() {
        Network n = Network.builder().features(List.of(new Network.Feature(46, 20), new Network.Feature(3, 2)))
                .build();
        assertEquals("46:20,3:2", n.toSettings().get("features"));
        assertEquals(n, Network.fromSettings(n.toSettings()));
        assertFalse(Network.defaults().toSettings().containsKey("features"), "old files stay as they were");
        assertTrue(n.toString().contains("features=46:20,3:2"), n.toString());
        assertEquals(20 + 2, n.featureInputSize());
        assertEquals(3 * (20 + 2), n.withWindow(1).featureInputSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Network.builder().embedding(0).inputs(3).features(List.of(Network.Feature.sized(5))).build());
        assertTrue(e.getMessage().contains(".embedding(E)"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Network.fromSettings(java.util.Map.of("features", "46")));
        assertTrue(bad.getMessage().contains("values:size"), bad.getMessage());
        // the size rule: one value per value that can occur (<other> and the kept ones), at most 20
        assertEquals(new Network.Feature(46, 20), Network.Feature.sized(46));
        assertEquals(new Network.Feature(5, 4), Network.Feature.sized(5));
        assertEquals(new Network.Feature(2, 1), Network.Feature.sized(2));
    }

    // ---- through a Tagger ---------------------------------------------------------------------------------------

    /** Sentences of one repeated word whose label is given by the feature column alone. */
    static Dataset onlyTheFeatureTells(int n, long seed, boolean withFeatures) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<Sentence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 3 + r.nextInt(4);
            List<String> words = new ArrayList<>(), labels = new ArrayList<>(), pos = new ArrayList<>();
            for (int t = 0; t < len; t++) {
                boolean noun = r.nextBoolean();
                words.add("w");
                pos.add(noun ? "NN" : "VB");
                labels.add(noun ? "B-NP" : "O");
            }
            Sentence s = Sentence.of(words, labels);
            out.add(withFeatures ? s.withFeatures(List.of(pos)) : s);
        }
        return Dataset.of("only-the-feature-tells", out);
    }

    /** The columns carry information the words lack: with them the tagger learns the labels, without it cannot. */
    @Test
    void theTaggerLearnsFromTheColumn() {
        Dataset train = onlyTheFeatureTells(200, 1, true), test = onlyTheFeatureTells(50, 2, true);
        Network net = Network.builder().cell(Network.Cell.LSTM).embedding(4).hidden(8).build();
        Trainer.Settings s = Trainer.Settings.DEFAULT.withEpochs(3).withPatience(0).withTrainMetrics(false);
        Tagger with = Tagger.create(train, net, Vocabulary.Settings.DEFAULT);
        new Trainer(s).fit(with, train, null);
        Tagger without = Tagger.create(train.withoutFeatures(), net, Vocabulary.Settings.DEFAULT);
        new Trainer(s).fit(without, train.withoutFeatures(), null);
        assertEquals(1, with.featureValues().size());
        assertEquals(List.of("<pad>", "<other>", "NN", "VB"), with.featureValues().get(0).tokens().stream().sorted(
                (a, b) -> a.startsWith("<") == b.startsWith("<") ? (a.startsWith("<") ? b.compareTo(a)
                        : a.compareTo(b)) : a.startsWith("<") ? -1 : 1).toList());
        assertEquals(new Network.Feature(4, 3), with.network().features().get(0), "4 entries, 3 possible values");
        double f1With = with.evaluate(test).f1(), f1Without = without.evaluate(test.withoutFeatures()).f1();
        assertTrue(f1With > 0.99, "with the POS column the labels are learnable: F1 " + f1With);
        assertTrue(f1Without < 0.8, "from the words alone they are not: F1 " + f1Without);
    }

    @Test
    void unseenValuesAreOtherAndWordsOnlyCallsAreRefused() {
        Dataset train = onlyTheFeatureTells(20, 3, true);
        Tagger t = Tagger.create(train, Network.builder().embedding(4).hidden(5).build(),
                Vocabulary.Settings.DEFAULT);
        assertEquals(Vocabulary.OTHER_ID, t.featureValues().get(0).id("JJ"));
        Dataset unseen = Dataset.of("x", List.of(Sentence.parse("w w").withFeatures(List.of(List.of("JJ", "NN")))));
        assertEquals(2, t.tag(unseen).get(0).size(), "an unseen value is tagged through <other>");
        // one sentence with its columns: tag, probabilities and trace agree with tagging a dataset
        Sentence one = unseen.get(0);
        assertEquals(t.tag(unseen).get(0), t.tag(one));
        double[][] p = t.probabilities(one);
        assertEquals(2, p.length);
        for (double[] row : p) {
            assertEquals(1, java.util.Arrays.stream(row).sum(), 1e-12);
        }
        rnnlab.models.Trace trace = t.trace(one);
        assertEquals(one.tokens(), trace.tokens());
        for (int i = 0; i < p.length; i++) {
            assertArrayEquals(p[i], trace.probabilities(0)[i], 0);
        }
        assertFalse(java.util.Arrays.equals(p[0], t.probabilities(one.withFeatures(List.of(List.of("NN", "NN"))))[0]),
                "the column is read: another value, other probabilities");
        // a words-only tagger: the sentence calls are the word-list calls
        Tagger plain = Tagger.create(train.withoutFeatures(), Network.builder().embedding(4).hidden(5).trigrams(3)
                .build(), Vocabulary.Settings.DEFAULT);
        assertArrayEquals(plain.probabilities(List.of("w", "x"))[1], plain.probabilities(Sentence.parse("w x"))[1], 0);
        assertArrayEquals(plain.trace(List.of("w", "x")).probabilities(0)[1],
                plain.trace(Sentence.parse("w x")).probabilities(0)[1], 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.tag(List.of("w", "w")));
        assertTrue(e.getMessage().contains("1 feature column") && e.getMessage().contains("tag(dataset)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.probabilities(List.of("w")));
        assertThrows(IllegalArgumentException.class, () -> t.trace(List.of("w")));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> t.tag(Dataset.of("words-only", List.of(Sentence.parse("w w")))));
        assertTrue(wrong.getMessage().contains("sentence 1 of words-only") && wrong.getMessage().contains(
                "has 0 feature columns but this tagger reads 1"), wrong.getMessage());
    }

    /**
     * The feature tables draw from their own random stream, so the word vectors start the same with or without
     * columns (the body's input weights are wider with them, so what the body draws after them differs).
     */
    @Test
    void theWordVectorsAreTheSameWithOrWithoutColumns() {
        Dataset train = onlyTheFeatureTells(20, 4, true);
        Network net = Network.builder().embedding(4).hidden(5).build();
        Matrix with = Tagger.create(train, net, Vocabulary.Settings.DEFAULT).model().embedding().E.value;
        Matrix without = Tagger.create(train.withoutFeatures(), net, Vocabulary.Settings.DEFAULT).model().embedding()
                .E.value;
        for (int r = 0; r < with.rows; r++) {
            assertArrayEquals(without.data[r], with.data[r], 0, "embedding.E row " + r);
        }
    }

    @Test
    void modelFileRoundTrip() {
        Dataset train = onlyTheFeatureTells(30, 5, true);
        Tagger t = Tagger.create(train, Network.builder().cell(Network.Cell.GRU).embedding(4).hidden(5).window(1)
                .build(), Vocabulary.Settings.minCount(2));
        Path file = dir.resolve("f.rnnlab");
        ModelFile.save(t, file);
        Tagger back = ModelFile.loadTagger(file);
        assertEquals(t.network(), back.network());
        assertEquals(t.featureValues().get(0).tokens(), back.featureValues().get(0).tokens());
        assertTrue(back.model().params().names().contains("feature.0.E"));
        assertEquals(t.evaluate(train).predicted(), back.evaluate(train).predicted());
        assertEquals(t.evaluate(train).loss(), back.evaluate(train).loss(), 0);
        ModelFile.Info info = ModelFile.info(file);
        assertTrue(info.settings().get("feature.0.values").startsWith("<pad> <other> "), info.settings().toString());
        assertEquals("4:3", info.settings().get("network.features"));
        // a words-only tagger writes none of it: files of models without columns are as before
        Tagger plain = Tagger.create(train.withoutFeatures(), Network.builder().embedding(4).hidden(5).build());
        ModelFile.save(plain, dir.resolve("p.rnnlab"));
        assertTrue(ModelFile.info(dir.resolve("p.rnnlab")).settings().keySet().stream()
                .noneMatch(k -> k.startsWith("feature") || k.equals("network.features")));
    }

    @Test
    void raggedFilesNameTheLineAndTheFix() throws Exception {
        Path p = dir.resolve("ragged.conll");
        Files.writeString(p, "He PRP B-NP\nreckons VBZ B-VP\n\nthe B-NP\n");
        ConllFormatException e = assertThrows(ConllFormatException.class, () -> Conll.read(p));
        assertTrue(e.getMessage().startsWith(p + ", line 4: expected 3 columns like line 1"), e.getMessage());
        assertEquals(4, e.line());
        ConllFormatException tokens = assertThrows(ConllFormatException.class,
                () -> Conll.read(p, Conll.Columns.TOKENS_WITH_COLUMNS));
        assertTrue(tokens.getMessage().startsWith(p + ", line 4: expected 3 columns like line 1")
                && tokens.getMessage().contains("same columns"), tokens.getMessage());
        Files.writeString(p, "He PRP B-NP\nreckons VBZ B-VP\n");
        Dataset d = Conll.read(p, Conll.Columns.TOKENS_WITH_COLUMNS);
        assertEquals(List.of(List.of("PRP", "VBZ"), List.of("B-NP", "B-VP")), d.get(0).features());
        assertFalse(d.get(0).isLabeled());
        assertTrue(Conll.read(p, Conll.Columns.TOKENS).get(0).features().isEmpty(), "TOKENS ignores the columns");
    }

    @Test
    void writingKeepsTheColumns() throws Exception {
        Dataset d = onlyTheFeatureTells(3, 6, true);
        Path p = dir.resolve("w.conll");
        Conll.write(p, d);
        assertTrue(Files.readString(p).startsWith("w\t"), "token, feature, label separated by tabs");
        assertEquals(d.sentences(), Conll.read(p).sentences());
    }
}
