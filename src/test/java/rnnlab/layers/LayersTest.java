package rnnlab.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.core.GradCheck;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.core.Objective;
import rnnlab.core.Param;

/** The feed-forward pieces around the recurrent body: shapes, gradients (numerically checked) and errors. */
class LayersTest {
    static Matrix random(int r, int c, SplittableRandom rng) {
        Matrix m = new Matrix(r, c);
        Init.uniform(m, 1.0, rng);
        return m;
    }

    static double dot(Matrix a, Matrix b) {
        double s = 0;
        for (int r = 0; r < a.rows; r++) {
            for (int c = 0; c < a.cols; c++) {
                s += a.get(r, c) * b.get(r, c);
            }
        }
        return s;
    }

    // ---- Dense --------------------------------------------------------------------------------------------------

    @Test
    void denseComputesXWPlusBByHand() {
        Dense d = new Dense(2, 3, new SplittableRandom(1));
        d.W.value.set(new double[][] {{1, 2, 3}, {4, 5, 6}});
        d.b.value.set(new double[][] {{0.5, 0, -1}});
        Matrix y = new Matrix(2, 3);
        d.forward(Matrix.of(new double[] {1, 0}, new double[] {1, -1}), y);
        assertArrayEquals(new double[] {1.5, 2, 2}, y.data[0], 0);
        assertArrayEquals(new double[] {-2.5, -3, -4}, y.data[1], 0);
        assertEquals(9, d.params().count(), "2·3 weights + 3 biases");
    }

    @Test
    void denseGradientsMatchCentredDifferencesAndAdd() {
        SplittableRandom rng = new SplittableRandom(2);
        Dense d = new Dense(4, 3, rng);
        Matrix x = random(5, 4, rng), g = random(5, 3, rng), y = new Matrix(5, 3), dx = new Matrix(5, 4);
        Param xp = new Param("x", x, dx, -1);
        Objective l = new Objective() { // L = Σ g ⊙ (x·W + b)
            @Override public double loss() {
                d.forward(x, y);
                return dot(g, y);
            }

            @Override public double gradients() {
                d.params().zeroGrad();
                double v = loss();
                d.backward(x, g, dx);
                return v;
            }
        };
        GradCheck.check(l, List.of(d.W, d.b, xp), GradCheck.Options.full()).assertBelow(GradCheck.STEP_TOLERANCE);
        Matrix once = d.W.grad.copy();
        d.backward(x, g, null);   // dx may be null; gradients add
        assertTrue(d.W.grad.approxEquals(once.scale(2), 1e-12), "Dense.backward adds into ∂W");
    }

    @Test
    void denseRejectsWrongShapes() {
        Dense d = new Dense(4, 3, new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.forward(new Matrix(2, 5), new Matrix(2, 3)));
        assertTrue(e.getMessage().contains("Dense: input") && e.getMessage().contains("2×4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.forward(new Matrix(2, 4), new Matrix(3, 3)));
        assertTrue(e.getMessage().contains("Dense: output"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dense(0, 3, new SplittableRandom(1)));
    }

    // ---- Embedding ----------------------------------------------------------------------------------------------

    @Test
    void embeddingPicksRowsAndZeroPadsTheWindow() {
        Embedding e = new Embedding(5, 2, 1, new SplittableRandom(1));
        for (int id = 0; id < 5; id++) {
            e.E.value.set(id, 0, id).set(id, 1, 10 * id);
        }
        assertEquals(6, e.outputSize(), "d·(2w+1)");
        Matrix[] xs = e.forward(new int[][] {{1, 2, 3}, {4, 3, 0}}, new int[] {3, 2});
        assertEquals(3, xs.length);
        assertArrayEquals(new double[] {0, 0, 1, 10, 2, 20}, xs[0].data[0], 0, "[before start ; E[1] ; E[2]]");
        assertArrayEquals(new double[] {2, 20, 3, 30, 0, 0}, xs[2].data[0], 0, "[E[2] ; E[3] ; after end]");
        assertArrayEquals(new double[] {4, 40, 3, 30, 0, 0}, xs[1].data[1], 0, "the padding id is not read");
        assertArrayEquals(new double[6], xs[2].data[1], 0, "a padding step reads zeros");
    }

    @Test
    void embeddingGradientMatchesCentredDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        Embedding e = new Embedding(6, 3, 1, rng);
        int[][] ids = {{1, 2, 2, 5}, {3, 4, 0, 0}};
        int[] lengths = {4, 2};
        Matrix[] g = new Matrix[4];
        for (int t = 0; t < 4; t++) {
            g[t] = random(2, e.outputSize(), rng);
        }
        Objective l = new Objective() { // L = Σₜ gᵗ ⊙ xᵗ
            @Override public double loss() {
                Matrix[] xs = e.forward(ids, lengths);
                double s = 0;
                for (int t = 0; t < 4; t++) {
                    s += dot(g[t], xs[t]);
                }
                return s;
            }

            @Override public double gradients() {
                e.params().zeroGrad();
                double v = loss();
                e.backward(g);
                return v;
            }
        };
        GradCheck.check(l, List.of(e.E), GradCheck.Options.full()).assertBelow(GradCheck.STEP_TOLERANCE);
        assertEquals(0, Matrix.of(e.E.grad.data[0]).maxAbs(), 0, "∂E of the padding id 0 (only at padding steps) is 0");
    }

    @Test
    void embeddingRejectsBadIdsAndRaggedBatches() {
        Embedding e = new Embedding(5, 2, 0, new SplittableRandom(1));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> e.forward(new int[][] {{1, 7}}, null));
        assertTrue(ex.getMessage().contains("id 7") && ex.getMessage().contains("step 2"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> e.forward(new int[][] {{1, 2}, {3}}, null));
        assertTrue(ex.getMessage().contains("row 1"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.forward(new int[0][], null));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 2, -1, new SplittableRandom(1)));
    }

    // ---- SoftmaxCrossEntropy ------------------------------------------------------------------------------------

    @Test
    void crossEntropyByHand() {
        Matrix logits = Matrix.of(new double[] {0, 0}, new double[] {Math.log(3), 0}, new double[] {5, 1});
        Matrix p = new Matrix(3, 2), d = new Matrix(3, 2);
        double loss = SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {0, 1, -1}, p, d);
        assertEquals(Math.log(2) + Math.log(4), loss, 1e-15, "−log ½ − log ¼; the −1 row has no loss");
        assertArrayEquals(new double[] {-0.5, 0.5}, d.data[0], 1e-15, "p − onehot");
        assertArrayEquals(new double[] {0.75, -0.75}, d.data[1], 1e-15);
        assertArrayEquals(new double[] {0, 0}, d.data[2], 0, "no label, no gradient");
        assertEquals(1.0, p.data[2][0] + p.data[2][1], 1e-15);
    }

    @Test
    void crossEntropyGradientMatchesCentredDifferencesAndIsStable() {
        SplittableRandom rng = new SplittableRandom(4);
        Matrix logits = random(4, 5, rng).scale(3), p = new Matrix(4, 5), d = new Matrix(4, 5);
        int[] labels = {2, -1, 0, 4};
        Param lp = new Param("logits", logits, d, -1);
        Objective l = new Objective() {
            @Override public double loss() {
                return SoftmaxCrossEntropy.lossAndGradient(logits, labels, p, null);
            }

            @Override public double gradients() {
                return SoftmaxCrossEntropy.lossAndGradient(logits, labels, p, d);
            }
        };
        GradCheck.check(l, List.of(lp), GradCheck.Options.full()).assertBelow(GradCheck.STEP_TOLERANCE);
        double big = SoftmaxCrossEntropy.lossAndGradient(Matrix.row(1000, -1000), new int[] {1}, new Matrix(1, 2),
                null);
        assertEquals(2000, big, 1e-9, "huge scores: the exact −log softmax (log-sum-exp), not capped at −log(MIN_NORMAL)");
    }

    @Test
    void crossEntropyRejectsBadLabels() {
        Matrix l = new Matrix(2, 3), p = new Matrix(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.lossAndGradient(l, new int[] {0, 3}, p, null));
        assertTrue(e.getMessage().contains("label 3 in row 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.lossAndGradient(l, new int[] {0}, p, null));
        assertTrue(e.getMessage().contains("1 labels for 2 rows"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.lossAndGradient(l, new int[] {-2, 0}, p, null));
    }
}
