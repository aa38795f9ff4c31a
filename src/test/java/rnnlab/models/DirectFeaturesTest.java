package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import rnnlab.core.GradCheck;
import rnnlab.core.Matrix;
import rnnlab.core.Objective;
import rnnlab.core.Param;
import rnnlab.core.Precision;
import rnnlab.data.HashedFeatures;
import rnnlab.data.Sentence;
import rnnlab.layers.TrigramEmbedding;

/** Huang et al. 2015's direct connections: hashed sparse features added to the output scores. */
class DirectFeaturesTest {
    static final List<List<String>> WORDS = List.of(List.of("Apple", "on", "Taipei"), List.of("banana", "pie"));
    static final List<List<String>> POS = List.of(List.of("NNP", "IN", "NNP"), List.of("NN", "NN"));
    /** Few buckets, so that features of one token share a bucket (a row hit twice at one step). */
    static final int BUCKETS = 37;

    static Network.Builder net(Network.Cell cell, boolean bidirectional, boolean crf) {
        return Network.builder().cell(cell).bidirectional(bidirectional).vocabulary(6).embedding(3).window(1)
                .features(List.of(new Network.Feature(6, 2))).trigrams(2).hidden(4).classes(3).crf(crf)
                .directFeatures(BUCKETS);
    }

    static int[][][] direct() {
        HashedFeatures h = new HashedFeatures(BUCKETS);
        return h.batch(List.of(Sentence.unlabeled(WORDS.get(0)).withFeatures(List.of(POS.get(0))),
                Sentence.unlabeled(WORDS.get(1)).withFeatures(List.of(POS.get(1)))), 1, 3);
    }

    static Batch batch() {
        return Batch.ofIds(new int[][] {{2, 3, 4}, {5, 1, 0}}, new int[] {3, 2}, new int[][] {{0, 1, 2}, {2, 0, -1}})
                .withTrigrams(TrigramEmbedding.of(WORDS, 3)).withFeatures(new int[][][] {{{2, 3, 2}, {4, 4, 0}}})
                .withDirect(direct());
    }

    /** W away from 0, so the other gradients (the CRF's, the head's) are checked where W matters. */
    static void randomW(SequenceModel m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (double[] row : m.direct().W.value.data) {
            for (int k = 0; k < row.length; k++) {
                row[k] = r.nextDouble(-0.5, 0.5);
            }
        }
    }

    /** Every gradient, the whole of direct.W included, against centred differences; softmax and CRF objectives. */
    @Test
    void gradientsAreExact() {
        int[][][] d = direct();
        boolean shared = false;
        for (int[][] s : d) {
            for (int[] f : s) {
                shared |= f.length != java.util.Arrays.stream(f).distinct().count();
            }
        }
        assertTrue(shared, "with 37 buckets some token has two features in one bucket (checks the += at one step)");
        for (boolean crf : new boolean[] {false, true}) {
            for (boolean bi : new boolean[] {false, true}) {
                for (Network.Cell cell : List.of(Network.Cell.LSTM, Network.Cell.ELMAN)) {
                    SequenceModel m = net(cell, bi, crf).build().model();
                    assertEquals(BUCKETS, m.params().get("direct.W").value.rows);
                    assertEquals(3, m.params().get("direct.W").value.cols);
                    randomW(m, 7);
                    Batch batch = batch();
                    Objective objective = new Objective() {
                        @Override
                        public double loss() {
                            return m.loss(batch);
                        }

                        @Override
                        public double gradients() {
                            return m.lossAndGradient(batch);
                        }
                    };
                    GradCheck.check(objective, m.params().list(), GradCheck.Options.full())
                            .assertAccurate(GradCheck.SEQUENCE_TOLERANCE);
                    // the rows with a gradient are exactly the buckets of the batch's tokens (padding has none)
                    m.lossAndGradient(batch);
                    TreeSet<Integer> used = new TreeSet<>();
                    for (int[][] s : d) {
                        for (int[] f : s) {
                            for (int id : f) {
                                used.add(id);
                            }
                        }
                    }
                    Param W = m.direct().W;
                    assertArrayEquals(used.stream().mapToInt(Integer::intValue).toArray(), W.rows.rows(),
                            "marked rows of direct.W");
                    for (int r = 0; r < BUCKETS; r++) {
                        double sum = 0;
                        for (double g : W.grad.data[r]) {
                            sum += Math.abs(g);
                        }
                        if (!used.contains(r)) {
                            assertEquals(0, sum, 0, "direct.W row " + r + " is used by no token");
                        }
                    }
                }
            }
        }
    }

    /** The scores with direct features are those without plus Σ W[f], exactly, in double and in float32. */
    @Test
    void theScoresGainTheSumOfTheRows() {
        for (Precision p : Precision.values()) {
            SequenceModel m = net(Network.Cell.LSTM, true, false).precision(p).build().model();
            Batch batch = batch();
            Matrix[] before = copy(m.forward(batch));
            randomW(m, 3);
            Matrix[] after = m.forward(batch);
            int[][][] d = direct();
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 3; t++) {
                    for (int k = 0; k < 3; k++) {
                        double sum = 0;
                        if (t < batch.lengths()[b]) {
                            for (int f : d[b][t]) {
                                sum += m.direct().W.value.data[f][k];
                            }
                        }
                        assertEquals(before[t].data[b][k] + sum, after[t].data[b][k], 1e-12,
                                p + ": score of sequence " + b + ", step " + t + ", class " + k);
                    }
                }
            }
            assertTrue(d[1][2].length == 0, "padding has no features");
        }
    }

    /** W starts at 0: the network computes what the same network without direct features computes. */
    @Test
    void zeroInitialisedSoTheNetworkStartsAsWithout() {
        SequenceModel with = net(Network.Cell.LSTM, true, true).build().model();
        SequenceModel without = net(Network.Cell.LSTM, true, true).directFeatures(0).build().model();
        assertEquals(without.loss(batch()), with.loss(batch()), 1e-12);
        for (double[] row : with.direct().W.value.data) {
            for (double v : row) {
                assertEquals(0, v, 0);
            }
        }
        assertEquals(without.params().names().size() + 1, with.params().names().size());
    }

    /** The layer and its sparse-row bookkeeping allocate nothing in a repeated training pass. */
    @Test
    void aRepeatedPassAllocatesNothing() {
        for (boolean crf : new boolean[] {false, true}) {
            SequenceModel m = net(Network.Cell.LSTM, true, crf).build().model();
            AllocationTest.assertSecondPassAllocatesAlmostNothing("direct features, crf " + crf, m, batch());
        }
    }

    @Test
    void aBatchWithoutThemIsRefused() {
        SequenceModel m = net(Network.Cell.ELMAN, false, false).build().model();
        Batch missing = batch().withDirect(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loss(missing));
        assertTrue(e.getMessage().contains("directFeatures 37") && e.getMessage().contains("withDirect"),
                e.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> batch().withDirect(new int[1][3][0]));
        assertTrue(rows.getMessage().contains("direct features for 1 sequences but the batch has 2"),
                rows.getMessage());
    }

    @Test
    void settingsAreStoredAndChecked() {
        Network n = Network.builder().directFeatures(1 << 18).build();
        assertEquals("262144", n.toSettings().get("directFeatures"));
        assertEquals(n, Network.fromSettings(n.toSettings()));
        assertEquals(1 << 18, Network.fromSettings(n.toSettings()).directFeatures());
        assertTrue(n.toString().contains("directFeatures=262144"), n.toString());
        assertFalse(Network.defaults().toSettings().containsKey("directFeatures"), "old files stay as they were");
        assertEquals(0, Network.defaults().directFeatures());
        for (int bad : new int[] {-1, HashedFeatures.MAX_BUCKETS + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Network.builder().directFeatures(bad).build());
            assertTrue(e.getMessage().contains("directFeatures") && e.getMessage().contains("262144 (2^18)")
                    && e.getMessage().contains("got " + bad), e.getMessage());
        }
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> Network.builder().directFeatures(64).manyToOne().build());
        assertTrue(one.getMessage().contains(".manyToMany()"), one.getMessage());
        IllegalArgumentException vectors = assertThrows(IllegalArgumentException.class,
                () -> Network.builder().embedding(0).inputs(3).directFeatures(64).build());
        assertTrue(vectors.getMessage().contains(".embedding(E)"), vectors.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> Network.fromSettings(java.util.Map.of("directFeatures", "lots")));
        assertTrue(text.getMessage().contains("setting directFeatures=lots"), text.getMessage());
    }

    /** Sentences whose labels only the previous word tells: B-X after "a", else O. */
    static rnnlab.data.Dataset previousWordTells(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Sentence> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> words = new java.util.ArrayList<>(), labels = new java.util.ArrayList<>();
            int len = 4 + r.nextInt(4);
            for (int t = 0; t < len; t++) {
                words.add(String.valueOf("abcd".charAt(r.nextInt(4))));
                labels.add(t > 0 && words.get(t - 1).equals("a") ? "B-X" : "O");
            }
            out.add(Sentence.of(words, labels));
        }
        return rnnlab.data.Dataset.of("previous-word-tells", out);
    }

    /**
     * A network without memory and without a window sees only the current word, so it cannot learn labels that the
     * previous word decides; its direct features include w[-1] and learn them.
     */
    @Test
    void theFeaturesCarryWhatTheNetworkCannotSee() {
        rnnlab.data.Dataset train = previousWordTells(300, 1), test = previousWordTells(60, 2);
        rnnlab.train.Trainer.Settings s = rnnlab.train.Trainer.Settings.DEFAULT.withEpochs(6).withPatience(0)
                .withTrainMetrics(false).withOptimizer(rnnlab.train.Adam.defaults().withLearningRate(0.05));
        Network plain = Network.builder().cell(Network.Cell.FEEDFORWARD).embedding(4).hidden(6).build();
        double[] f1 = new double[2];
        for (int i = 0; i < 2; i++) {
            rnnlab.train.Tagger t = rnnlab.train.Tagger.create(train, i == 0 ? plain : plain.toBuilder()
                    .directFeatures(4096).build(), rnnlab.data.Vocabulary.Settings.DEFAULT);
            new rnnlab.train.Trainer(s).fit(t, train, null);
            f1[i] = t.evaluate(test).f1();
        }
        assertTrue(f1[0] < 0.6, "without direct features the previous word is invisible: F1 " + f1[0]);
        assertTrue(f1[1] > 0.99, "with them (w[-1]) the labels are learnt: F1 " + f1[1]);
    }

    /**
     * Labels that only a 4-letter prefix tells (the 4th letter of 7-letter words): the basic templates' affixes of
     * 1–3 letters cannot see it, HUANG2015's pre4 can, and the Tagger hashes with the templates the network names.
     */
    @Test
    void theHuang2015TemplatesSeeLongerAffixes() {
        java.util.function.BiFunction<Integer, Integer, rnnlab.data.Dataset> corpus = (n, seed) -> {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            List<Sentence> out = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<String> words = new java.util.ArrayList<>(), labels = new java.util.ArrayList<>();
                for (int t = 0; t < 5; t++) {
                    StringBuilder w = new StringBuilder();
                    for (int k = 0; k < 7; k++) {
                        w.append("abc".charAt(r.nextInt(3)));
                    }
                    words.add(w.toString());
                    labels.add(w.charAt(3) == 'a' ? "B-X" : "O");
                }
                out.add(Sentence.of(words, labels));
            }
            return rnnlab.data.Dataset.of("fourth-letter-tells", out);
        };
        rnnlab.data.Dataset train = corpus.apply(400, 1), test = corpus.apply(60, 2);
        rnnlab.train.Trainer.Settings s = rnnlab.train.Trainer.Settings.DEFAULT.withEpochs(6).withPatience(0)
                .withTrainMetrics(false).withOptimizer(rnnlab.train.Adam.defaults().withLearningRate(0.05));
        Network plain = Network.builder().cell(Network.Cell.FEEDFORWARD).embedding(4).hidden(6)
                .directFeatures(1 << 14).build();
        double[] f1 = new double[2];
        for (int i = 0; i < 2; i++) {
            rnnlab.train.Tagger t = rnnlab.train.Tagger.create(train, i == 0 ? plain : plain.toBuilder()
                    .directTemplates(rnnlab.data.HashedFeatures.Templates.HUANG2015).build(),
                    rnnlab.data.Vocabulary.Settings.DEFAULT);
            new rnnlab.train.Trainer(s).fit(t, train, null);
            f1[i] = t.evaluate(test).f1();
        }
        assertTrue(f1[0] < 0.8, "basic templates: the 4th letter is invisible in unseen words: F1 " + f1[0]);
        assertTrue(f1[1] > 0.99, "huang2015 (pre4): learnt: F1 " + f1[1]);
    }

    private static Matrix[] copy(Matrix[] m) {
        Matrix[] c = new Matrix[m.length];
        for (int t = 0; t < m.length; t++) {
            c[t] = m[t].copy();
        }
        return c;
    }
}
