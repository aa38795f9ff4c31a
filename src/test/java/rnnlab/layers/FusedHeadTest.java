package rnnlab.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Precision;

/**
 * The double output layer's fused pass (session 13): {@link Dense#forward(Matrix, Matrix, Dense.Rows)} gives the bits
 * of {@link Dense#forward(Matrix, Matrix)} and hands every row to the callback exactly once, on 1 and 2 threads; and
 * {@link SoftmaxCrossEntropy#lossAndGradientRows} gives the bits of {@link SoftmaxCrossEntropy#lossAndGradient} on
 * each step's rows.
 */
class FusedHeadTest {
    private final int threadsBefore = Kernels.threads();

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(threadsBefore);
    }

    private static Matrix random(int r, int c, double scale, SplittableRandom rng) {
        Matrix m = new Matrix(r, c);
        Init.uniform(m, scale, rng);
        return m;
    }

    @Test
    void theFusedForwardGivesTheBitsOfForwardAndEveryRowOnce() {
        // 100 columns (4 strips of 3 vectors and a part of one), 127 and 9; enough work to be split on 2 threads
        int[][] shapes = {{700, 64, 100}, {333, 100, 127}, {50, 30, 9}, {5, 12, 100}};
        for (int threads = 1; threads <= 2; threads++) {
            Kernels.setThreads(threads);
            for (int[] s : shapes) {
                SplittableRandom rng = new SplittableRandom(s[0] + threads);
                Dense d = new Dense(s[1], s[2], rng);
                Init.uniform(d.b.value, 1.0, rng);
                Matrix x = random(s[0], s[1], 1.0, rng), y = random(s[0], s[2], 1.0, rng);
                Matrix ref = new Matrix(s[0], s[2]);
                d.forward(x, ref);
                int[] seen = new int[s[0]];
                Matrix[] given = new Matrix[1];
                d.forward(x, y, (m, r0, r1, first) -> {
                    given[0] = m;
                    assertEquals(r0 == 0, first, "first part starts at row 0");
                    for (int r = r0; r < r1; r++) {
                        seen[r]++;
                        for (int j = 0; j < s[2]; j++) {
                            // the callback sees its rows finished: y = x·W + b already
                            assertEquals(Double.doubleToRawLongBits(ref.data[r][j]),
                                    Double.doubleToRawLongBits(m.data[r][j]), "row " + r + " col " + j);
                        }
                    }
                });
                assertSame(y, given[0]);
                for (int r = 0; r < s[0]; r++) {
                    assertEquals(1, seen[r], "row " + r + " handed over once, " + threads + " threads");
                    assertArrayEquals(ref.data[r], y.data[r], 0, "row " + r);
                }
                Matrix y2 = random(s[0], s[2], 1.0, rng);
                d.forward(x, y2, null);                            // no callback: just y = x·W + b
                for (int r = 0; r < s[0]; r++) {
                    assertArrayEquals(ref.data[r], y2.data[r], 0);
                }
            }
        }
    }

    @Test
    void theBackwardPassInOneHandOverGivesTheBitsOfItsThreeProducts() {
        // ∂W += xᵀ·∂y, ∂b += Σ ∂y, ∂x = ∂y·Wᵀ: on 2 threads (split in one hand-over) as the Kernels calls on 1
        int[][] shapes = {{700, 64, 100}, {333, 100, 127}, {130, 40, 9}, {17, 300, 60}};
        for (int[] s : shapes) {
            for (boolean wantDx : new boolean[] {true, false}) {
                SplittableRandom rng = new SplittableRandom(s[0] * 7 + s[2]);
                Dense d = new Dense(s[1], s[2], rng);
                Matrix x = random(s[0], s[1], 1.0, rng), dy = random(s[0], s[2], 1.0, rng);
                Matrix gW = random(s[1], s[2], 1.0, rng), gb = random(1, s[2], 1.0, rng);
                Kernels.setThreads(1);
                Matrix refW = gW.copy(), refB = gb.copy(), refDx = random(s[0], s[1], 1.0, rng);
                Kernels.mulTransAAdd(x, dy, refW);
                Kernels.sumRowsAdd(dy, refB);
                Kernels.mulTransB(dy, d.W.value, refDx);
                for (int threads = 1; threads <= 2; threads++) {
                    Kernels.setThreads(threads);
                    d.W.grad.copyFrom(gW);
                    d.b.grad.copyFrom(gb);
                    Matrix dx = wantDx ? random(s[0], s[1], 1.0, rng) : null;
                    d.backward(x, dy, dx);
                    String what = java.util.Arrays.toString(s) + ", " + threads + " threads";
                    for (int r = 0; r < s[1]; r++) {
                        assertArrayEquals(refW.data[r], d.W.grad.data[r], 0, "∂W row " + r + ", " + what);
                    }
                    assertArrayEquals(refB.data[0], d.b.grad.data[0], 0, "∂b, " + what);
                    for (int r = 0; wantDx && r < s[0]; r++) {
                        assertArrayEquals(refDx.data[r], dx.data[r], 0, "∂x row " + r + ", " + what);
                    }
                }
            }
        }
    }

    @Test
    void theFusedForwardIsForDoubleLayersOnly() {
        Dense d = new Dense(4, 3, new SplittableRandom(1));
        d.setPrecision(Precision.FLOAT32);
        assertThrows(IllegalStateException.class, () -> d.forward(new Matrix(2, 4), new Matrix(2, 3), null));
    }

    @Test
    void theSoftmaxOfRowsGivesTheBitsOfTheSoftmaxOfEachStep() {
        SplittableRandom rng = new SplittableRandom(3);
        int T = 7, B = 5, K = 100;
        Matrix[] z = new Matrix[T], p = new Matrix[T], d = new Matrix[T];
        double[][] zAll = new double[T * B][], pAll = new double[T * B][], dAll = new double[T * B][];
        int[] labels = new int[T * B];
        for (int t = 0; t < T; t++) {
            z[t] = random(B, K, 30.0, rng);           // large scores: exponentials far below 1 too
            p[t] = new Matrix(B, K);
            d[t] = new Matrix(B, K);
            for (int b = 0; b < B; b++) {
                int r = t * B + b;
                zAll[r] = z[t].data[b].clone();
                pAll[r] = new double[K];
                dAll[r] = new double[K];
                java.util.Arrays.fill(dAll[r], 5.0);         // an unlabelled row's ∂ must be overwritten with zeros
                labels[r] = (b + t) % 4 == 3 ? -1 : rng.nextInt(K);
            }
        }
        double[] rowLoss = new double[T * B];
        SoftmaxCrossEntropy.lossAndGradientRows(zAll, pAll, dAll, 0, 13, K, labels, rowLoss);   // any split
        SoftmaxCrossEntropy.lossAndGradientRows(zAll, pAll, dAll, 13, T * B, K, labels, rowLoss);
        for (int t = 0; t < T; t++) {
            int[] col = new int[B];
            for (int b = 0; b < B; b++) {
                col[b] = labels[t * B + b];
            }
            double ref = SoftmaxCrossEntropy.lossAndGradient(z[t], col, p[t], d[t]);
            double sum = 0;
            for (int b = 0; b < B; b++) {
                int r = t * B + b;
                if (labels[r] >= 0) {
                    sum += rowLoss[r];
                } else {
                    assertEquals(0.0, rowLoss[r]);
                }
                assertArrayEquals(p[t].data[b], pAll[r], 0, "probabilities of row " + r);
                assertArrayEquals(d[t].data[b], dAll[r], 0, "gradient of row " + r);
            }
            assertEquals(Double.doubleToRawLongBits(ref), Double.doubleToRawLongBits(sum), "loss of step " + t);
        }
    }
}
