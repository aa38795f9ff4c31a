package rnnlab.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.data.LetterTrigrams;

/**
 * What the feed-forward layers promise at their edges: the exact validation messages (each names the layer, the
 * value and the allowed range), buffers reused across passes of different lengths and batch sizes never leak old
 * values, padding reads and passes back nothing, huge sizes are refused before allocating, and what toString says.
 * Written against the survivors of mutation testing (docs/testing.md).
 */
class LayerContractsTest {
    static Matrix[] random(int n, int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix[] m = new Matrix[n];
        for (int i = 0; i < n; i++) {
            m[i] = new Matrix(rows, cols);
            Init.uniform(m[i], 1.0, rng);
        }
        return m;
    }

    static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    // ---- Dense --------------------------------------------------------------------------------------------------

    @Test
    void denseRefusesEmptySizesAndHugeOnesBeforeAllocating() {
        assertEquals("Dense: sizes must be positive, got in=3, out=0", message(() -> new Dense(3, 0, new SplittableRandom(1))));
        assertEquals("Dense: sizes must be positive, got in=0, out=3", message(() -> new Dense(0, 3, new SplittableRandom(1))));
        // 1 input: 2·(1·n + n) numbers; refused by the memory check, not by an OutOfMemoryError while allocating W
        String m = message(() -> new Dense(1, Integer.MAX_VALUE, new SplittableRandom(1)));
        assertTrue(m.startsWith("Dense(in=1, out=2147483647): parameters and their gradients needs 8589934588 numbers"), m);
        assertTrue(m.endsWith("choose smaller sizes, or start Java with a larger -Xmx"), m);
    }

    @Test
    void denseToStringNamesSizesAndParameterCount() {
        assertEquals("Dense(in=4, out=3, params=15)", new Dense(4, 3, new SplittableRandom(1)).toString());
        Dense d = new Dense(1, 1, new SplittableRandom(1));
        assertEquals(1, d.inputSize());
        assertEquals(1, d.outputSize());
    }

    // ---- Embedding ----------------------------------------------------------------------------------------------

    @Test
    void embeddingRefusesEmptySizesWithTheValues() {
        String expected = "Embedding: need vocab > 0, dim > 0, window ≥ 0; got ";
        assertEquals(expected + "0, 2, 0", message(() -> new Embedding(0, 2, 0, new SplittableRandom(1))));
        assertEquals(expected + "5, 0, 0", message(() -> new Embedding(5, 0, 0, new SplittableRandom(1))));
        assertEquals(expected + "5, 2, -1", message(() -> new Embedding(5, 2, -1, new SplittableRandom(1))));
        assertEquals(6, new Embedding(1, 2, 1, new SplittableRandom(1)).outputSize(), "vocab 1, window 1: allowed");
    }

    @Test
    void embeddingAcceptsIdsZeroToVocabMinusOneAndNamesTheRangeOtherwise() {
        Embedding e = new Embedding(5, 2, 0, new SplittableRandom(1));
        for (int id = 0; id < 5; id++) {
            e.E.value.set(id, 0, id).set(id, 1, -id);
        }
        Matrix[] xs = e.forward(new int[][] {{0, 4}}, null);
        assertArrayEquals(new double[] {0, 0}, xs[0].data[0], 0, "id 0 is a word like any other");
        assertArrayEquals(new double[] {4, -4}, xs[1].data[0], 0, "the last id, vocab − 1");
        assertEquals("Embedding: id 5 at sequence 0, step 2 is outside the vocabulary 0..4",
                message(() -> e.forward(new int[][] {{1, 5}}, null)));
        assertEquals("Embedding: id -1 at sequence 1, step 1 is outside the vocabulary 0..4",
                message(() -> e.forward(new int[][] {{1, 2}, {-1, 3}}, null)));
    }

    @Test
    void embeddingReusesItsBuffersButAShorterSentenceReadsZerosAfterItsEnd() {
        Embedding e = new Embedding(5, 2, 1, new SplittableRandom(1));
        for (int id = 0; id < 5; id++) {
            e.E.value.set(id, 0, id + 1).set(id, 1, 10 * (id + 1));
        }
        int[][] ids = {{1, 2, 3}};
        Matrix[] full = e.forward(ids, null);
        assertArrayEquals(new double[] {2, 20, 3, 30, 4, 40}, full[1].data[0], 0);
        Matrix[] padded = e.forward(ids, new int[] {2});
        assertSame(full, padded, "same shape: the same buffers");
        assertArrayEquals(new double[] {2, 20, 3, 30, 0, 0}, padded[1].data[0], 0, "step 3 is padding now");
        assertArrayEquals(new double[6], padded[2].data[0], 0, "a padding step reads zeros, not the last pass's");
    }

    @Test
    void embeddingToStringShowsTheWindowOnlyWhenThereIsOne() {
        assertEquals("Embedding(vocab=5, dim=2, params=10)", new Embedding(5, 2, 0, new SplittableRandom(1)).toString());
        assertEquals("Embedding(vocab=5, dim=2, window=1, params=10)",
                new Embedding(5, 2, 1, new SplittableRandom(1)).toString());
    }

    // ---- SoftmaxCrossEntropy ------------------------------------------------------------------------------------

    @Test
    void crossEntropyNamesTheLabelRange() {
        Matrix l = new Matrix(2, 3), p = new Matrix(2, 3);
        assertEquals("SoftmaxCrossEntropy: label 3 in row 1 is outside 0..2 (or −1 for padding)",
                message(() -> SoftmaxCrossEntropy.lossAndGradient(l, new int[] {0, 3}, p, null)));
    }

    @Test
    void anUnlabelledRowGetsAZeroGradientWhateverTheBufferHeld() {
        Matrix logits = Matrix.of(new double[] {0, 0}, new double[] {1, 2});
        Matrix p = new Matrix(2, 2), d = Matrix.of(new double[] {7, 7}, new double[] {7, 7});
        double loss = SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {-1, 0}, p, d);
        assertArrayEquals(new double[] {0, 0}, d.data[0], 0, "−1: no label, ∂L/∂o = 0 (written, not left)");
        double p0 = 1 / (1 + Math.E);
        assertArrayEquals(new double[] {p0 - 1, 1 - p0}, d.data[1], 1e-15, "p − onehot(0)");
        assertEquals(-Math.log(p0), loss, 1e-15);
    }

    // ---- TrigramEmbedding ---------------------------------------------------------------------------------------

    @Test
    void trigramEmbeddingRefusesBadSizes() {
        assertEquals("TrigramEmbedding: size must be positive, got 0",
                message(() -> new TrigramEmbedding(0, new SplittableRandom(1))));
        String m = message(() -> new TrigramEmbedding(Integer.MAX_VALUE, new SplittableRandom(1)));
        assertTrue(m.startsWith("TrigramEmbedding(k=2147483647): trigram vectors and their gradients needs "
                + 2L * LetterTrigrams.DIMENSION * Integer.MAX_VALUE + " numbers"), m);
        TrigramEmbedding t = new TrigramEmbedding(3, new SplittableRandom(1));
        assertEquals(3, t.size());
        assertEquals(LetterTrigrams.DIMENSION * 3, t.params().count());
        assertEquals("TrigramEmbedding(17576 trigrams -> 3 values)", t.toString());
    }

    @Test
    void trigramVectorsAreSumsOfRowsAndPaddingReadsAndPassesBackNothing() {
        TrigramEmbedding t = new TrigramEmbedding(2, new SplittableRandom(1));
        t.G.value.zero();
        t.G.value.set(5, 0, 1).set(5, 1, 2).set(7, 0, 10).set(7, 1, 20).set(9, 0, 100).set(9, 1, 200);
        // one sentence of 3 words; the third has trigrams but lies after the length 2
        int[][][] tri = {{{5, 7}, {9}, {5, 9}}};
        Matrix[] out = new Matrix[3];
        for (int s = 0; s < 3; s++) {
            out[s] = Matrix.row(-1, -1, -1, -1);   // columns 0,1 belong to someone else; the layer writes 2,3
        }
        t.forward(tri, new int[] {2}, out, 2);
        assertArrayEquals(new double[] {-1, -1, 11, 22}, out[0].data[0], 0, "G[5] + G[7]");
        assertArrayEquals(new double[] {-1, -1, 100, 200}, out[1].data[0], 0, "G[9]");
        assertArrayEquals(new double[] {-1, -1, 0, 0}, out[2].data[0], 0, "after the length: zeros");

        Matrix[] d = {Matrix.row(9, 9, 1, 2), Matrix.row(9, 9, 3, 4), Matrix.row(9, 9, 50, 60)};
        t.backward(d, 2);
        assertArrayEquals(new double[] {1, 2}, t.G.grad.data[7], 0, "∂G[7] = ∂u at step 1");
        assertArrayEquals(new double[] {1, 2}, t.G.grad.data[5], 0, "∂G[5]: step 1 only, not the padding step 3");
        assertArrayEquals(new double[] {3, 4}, t.G.grad.data[9], 0, "∂G[9]: step 2 only");

        // without lengths every step counts; a sentence shorter than T (fewer trigram lists) stops at its end
        t.G.grad.zero();
        int[][][] shortOne = {{{5}, {7}}};
        Matrix[] out3 = {Matrix.row(0, 0), Matrix.row(0, 0), Matrix.row(8, 8)};
        t.forward(shortOne, null, out3, 0);
        assertArrayEquals(new double[] {0, 0}, out3[2].data[0], 0, "no word at step 3");
        t.backward(new Matrix[] {Matrix.row(1, 1), Matrix.row(2, 2), Matrix.row(4, 4)}, 0);
        assertArrayEquals(new double[] {1, 1}, t.G.grad.data[5], 0);
        assertArrayEquals(new double[] {2, 2}, t.G.grad.data[7], 0);
    }

    // ---- Dropout ------------------------------------------------------------------------------------------------

    @Test
    void dropoutRatesAreZeroToBelowOne() {
        Dropout.Control c = new Dropout.Control(1);
        assertEquals("Dropout: the rate must be in [0, 1), got 1.0", message(() -> new Dropout(1, 3, c)));
        assertEquals("Dropout: the rate must be in [0, 1), got -0.1", message(() -> new Dropout(-0.1, 3, c)));
        assertEquals("Dropout: the rate must be in [0, 1), got NaN", message(() -> new Dropout(Double.NaN, 3, c)));
        assertEquals("Dropout: size must be positive, got 0", message(() -> new Dropout(0.5, 0, c)));
        Dropout none = new Dropout(0, 3, c);
        c.setTraining(true);
        assertNull(none.mask(2), "rate 0 is allowed and never acts");
        Matrix[] xs = random(2, 2, 3, 1);
        assertSame(xs, none.forward(xs));
        assertSame(xs, none.backward(xs));
        assertEquals("Dropout(p=0.25, n=3, same mask at every step)", new Dropout(0.25, 3, c).toString());
    }

    @Test
    void dropoutBackwardMultipliesByTheForwardMaskAndBuffersFollowTheBatchSize() {
        Dropout.Control c = new Dropout.Control(7);
        Dropout d = new Dropout(0.5, 4, c);
        assertNull(d.lastMask(), "no mask drawn yet");
        c.setTraining(true);
        Matrix[] xs = random(2, 3, 4, 2);
        Matrix[] ys = d.forward(xs);
        Matrix m = d.lastMask();
        assertNotNull(m);
        assertEquals(3, m.rows);
        for (int t = 0; t < 2; t++) {
            for (int r = 0; r < 3; r++) {
                for (int j = 0; j < 4; j++) {
                    double k = m.get(r, j);
                    assertTrue(k == 0 || k == 2, "entries 0 or 1/(1−p) = 2, got " + k);
                    assertEquals(xs[t].get(r, j) * k, ys[t].get(r, j), 0);
                }
            }
        }
        Matrix[] g = random(2, 3, 4, 3);
        Matrix[] dx = d.backward(g);
        for (int t = 0; t < 2; t++) {
            for (int r = 0; r < 3; r++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(g[t].get(r, j) * m.get(r, j), dx[t].get(r, j), 0, "∂x = ∂y ⊙ m");
                }
            }
        }
        // a smaller batch with as many steps: new mask, buffers of 2 rows
        Matrix[] small = random(2, 2, 4, 4);
        Matrix[] ys2 = d.forward(small);
        assertEquals(2, d.lastMask().rows);
        assertEquals(2, ys2[0].rows, "output buffers follow the batch size");
        assertEquals(2, d.backward(random(2, 2, 4, 5))[1].rows);
        // and a larger one again
        assertEquals(3, d.forward(random(2, 3, 4, 6))[0].rows);
        assertEquals(3, d.lastMask().rows);
    }

    // ---- AdditiveAttention --------------------------------------------------------------------------------------

    @Test
    void attentionRefusesEmptySizesAndAcceptsALearnedQuery() {
        String expected = "AdditiveAttention: key size and attention size must be positive and query size ≥ 0 (0 = no "
                + "query), got keys=";
        assertEquals(expected + "0, queries=2, size=4", message(() -> new AdditiveAttention(0, 2, 4, new SplittableRandom(1))));
        assertEquals(expected + "3, queries=2, size=0", message(() -> new AdditiveAttention(3, 2, 0, new SplittableRandom(1))));
        assertEquals(expected + "3, queries=-1, size=4", message(() -> new AdditiveAttention(3, -1, 4, new SplittableRandom(1))));
        AdditiveAttention learned = new AdditiveAttention(3, 0, 4, new SplittableRandom(1));
        assertNull(learned.Wq);
        assertEquals(3, learned.keySize());
        assertEquals(0, learned.querySize());
        assertEquals("AdditiveAttention(keys=3, learned query, size=4, params=20)", learned.toString());
        AdditiveAttention read = new AdditiveAttention(3, 2, 4, new SplittableRandom(1));
        assertEquals(2, read.querySize());
        assertEquals("AdditiveAttention(keys=3, queries=2, size=4, params=28)", read.toString());
    }

    @Test
    void attentionStartsFromFanInWeights() {
        AdditiveAttention att = new AdditiveAttention(9, 4, 16, new SplittableRandom(3));
        assertFanIn(att.Wq.value, 4);
        assertFanIn(att.Wk.value, 9);
        assertFanIn(att.v.value, 16);
        assertEquals(0, att.b.value.maxAbs(), 0, "the bias starts at 0");
    }

    static void assertFanIn(Matrix w, int fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        assertTrue(w.maxAbs() <= bound, "uniform in ±1/√" + fanIn);
        assertTrue(w.maxAbs() > bound / 2, "initialised, not left at 0: max |w| = " + w.maxAbs());
    }

    @Test
    void attentionNamesEveryWronglyShapedInput() {
        AdditiveAttention att = new AdditiveAttention(3, 2, 4, new SplittableRandom(1));
        Matrix[] keys = random(3, 2, 3, 1), queries = random(2, 2, 2, 2);
        Matrix[] shortKey = {keys[0], new Matrix(1, 3), keys[2]};
        assertEquals("AdditiveAttention: key 2: expected shape 2×3 but got 1×3",
                message(() -> att.forward(queries, shortKey, null)));
        Matrix[] wideQuery = {queries[0], new Matrix(2, 3)};
        assertEquals("AdditiveAttention: query 2: expected shape 2×2 but got 2×3",
                message(() -> att.forward(wideQuery, keys, null)));
        Matrix[] tallQuery = {new Matrix(3, 2)};
        assertEquals("AdditiveAttention: query 1: expected shape 2×2 but got 3×2",
                message(() -> att.forward(tallQuery, keys, null)));
        assertEquals("AdditiveAttention: 0 queries; give at least one",
                message(() -> att.forward(new Matrix[0], keys, null)));
        AdditiveAttention learned = new AdditiveAttention(3, 0, 4, new SplittableRandom(1));
        assertEquals("AdditiveAttention: this head has a learned query; pass null queries",
                message(() -> learned.forward(queries, keys, null)));
        assertEquals("AdditiveAttention: 1 key lengths for a batch of 2",
                message(() -> att.forward(queries, keys, new int[] {3})));

        att.forward(queries, keys, null);
        assertEquals("AdditiveAttention: backward got 1 context gradients but the last forward pass had 2 queries",
                message(() -> att.backward(random(1, 2, 3, 3))));
        Matrix[] badGrad = {new Matrix(2, 3), new Matrix(2, 4)};
        assertEquals("AdditiveAttention: context gradient 2: expected shape 2×3 but got 2×4",
                message(() -> att.backward(badGrad)));
        Matrix[] badRows = {new Matrix(1, 3), new Matrix(2, 3)};
        assertEquals("AdditiveAttention: context gradient 1: expected shape 2×3 but got 1×3",
                message(() -> att.backward(badRows)));
    }

    @Test
    void aLearnedQueryHasNoQueryGradients() {
        AdditiveAttention att = new AdditiveAttention(3, 0, 4, new SplittableRandom(1));
        Matrix[] keys = random(3, 2, 3, 1);
        att.forward(null, keys, null);
        att.backward(random(1, 2, 3, 2));
        assertNull(att.queryGradients(), "no queries, no ∂s");
        assertEquals(3, att.keyGradients().length);
    }

    @Test
    void attentionIsStableForHugeScores() {
        // e = u·v with |u| ≈ 1 and v = 1000: scores of about ±4000, far beyond exp's range
        AdditiveAttention att = new AdditiveAttention(1, 0, 4, new SplittableRandom(1));
        att.Wk.value.fill(100);
        att.v.value.fill(1000);
        Matrix[] keys = {Matrix.row(1), Matrix.row(-1), Matrix.row(0.5)};
        Matrix c = att.forward(null, keys, null)[0];
        double[] w = att.weightsOf(0)[0];
        assertEquals(1.0, w[0] + w[1] + w[2], 1e-12, "still a distribution");
        assertEquals(0.5, w[0], 1e-12, "keys 1 and 3 both give u = (1,1,1,1): the largest score, shared");
        assertEquals(0.0, w[1], 1e-12);
        assertEquals(0.5, w[2], 1e-12);
        assertEquals(0.75, c.get(0, 0), 1e-12, "½·1 + ½·0.5");
    }

    @Test
    void paddedKeysWeighZeroAfterAPassThatUsedThem() {
        AdditiveAttention att = new AdditiveAttention(2, 0, 3, new SplittableRandom(5));
        Matrix[] keys = random(4, 1, 2, 6);
        att.forward(null, keys, null);
        assertTrue(att.weights(0).get(0, 3) > 0, "all four keys are read");
        att.forward(null, keys, new int[] {2});
        double[] row = att.weights(0).data[0];
        assertEquals(1.0, row[0] + row[1], 1e-12);
        assertEquals(0.0, row[2], 0, "padding weighs exactly 0");
        assertEquals(0.0, row[3], 0);
        assertEquals(2, att.weightsOf(0)[0].length, "only the valid keys");
    }

    @Test
    void weightsBeforeAnyPassAreAnError() {
        AdditiveAttention att = new AdditiveAttention(2, 0, 3, new SplittableRandom(5));
        var e = assertThrows(IllegalStateException.class, () -> att.weights(0));
        assertEquals("AdditiveAttention: no weights yet; run forward first", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> att.weightsOf(0));
        assertEquals("AdditiveAttention: no weights yet; run forward first", e.getMessage());
        assertEquals(List.of("Wk", "b", "v"), att.params().names());
    }
}
