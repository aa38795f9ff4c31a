package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.core.FloatKernels;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Precision;
import rnnlab.layers.SoftmaxCrossEntropy;

/**
 * The float32 softmax and cross-entropy of a float32 model (issue 17, session 10): scores, exponentials and
 * ∂y = p − y in float, the loss summed in double. Rows against the double softmax (large scores, where a missing
 * maximum subtraction overflows; padding rows, which must give no loss and a zero ∂y; every width through the vector
 * part and the scalar tail); whole models against double (padded and unpadded, large enough that the rows are split
 * between the kernel threads); 1 and 2 threads give the same bits. {@code FloatPlainPathMain} runs
 * {@link #checkRows} without the Vector API.
 */
public class FloatSoftmaxTest {

    @Test
    void floatRowsAgreeWithTheDoubleSoftmax() {
        checkRows();
    }

    /**
     * Float softmax rows against {@link SoftmaxCrossEntropy#lossAndGradient} in double, for widths 1 … 70 and 127,
     * scores of ±30 and ±1000 (the maximum must be subtracted) and labels −1 (padding: zero row, no loss); throws
     * AssertionError on a difference. Loss within 1e-5 relative, ∂y within 1e-6 (probabilities in [0, 1]).
     */
    public static void checkRows() {
        SplittableRandom rng = new SplittableRandom(7);
        float[] lanes = new float[FloatKernels.LANES_MAX];
        int[] widths = new int[72];
        for (int i = 0; i < 70; i++) {
            widths[i] = i + 1;
        }
        widths[70] = 100;
        widths[71] = 127;
        for (int K : widths) {
            for (double scale : new double[] {3, 30, 1000}) {
                int n = 9;
                float[][] z = new float[n][K];
                Matrix zd = new Matrix(n, K), probs = new Matrix(n, K), dd = new Matrix(n, K);
                int[] labels = new int[n];
                for (int r = 0; r < n; r++) {
                    labels[r] = r % 4 == 3 ? -1 : rng.nextInt(K);
                    for (int j = 0; j < K; j++) {
                        z[r][j] = (float) ((rng.nextDouble() * 2 - 1) * scale + (r == 5 ? 500 : 0));
                        zd.data[r][j] = z[r][j];
                    }
                }
                double[] rowLoss = new double[n];
                java.util.Arrays.fill(rowLoss, Double.NaN);
                SoftmaxCrossEntropy.lossAndGradientFloat(z, 0, n, K, labels, rowLoss, lanes);
                for (int r = 0; r < n; r++) {
                    int[] one = {labels[r]};
                    Matrix zr = Matrix.ofRows(new double[][] {zd.data[r]});
                    Matrix pr = new Matrix(1, K), dr = new Matrix(1, K);
                    double want = SoftmaxCrossEntropy.lossAndGradient(zr, one, pr, dr);
                    String what = "K=" + K + " scale=" + scale + " row " + r + " label " + labels[r];
                    if (!(Math.abs(rowLoss[r] - want) <= 1e-5 * Math.abs(want) + 1e-6)) {
                        throw new AssertionError(what + ": loss " + rowLoss[r] + ", double " + want);
                    }
                    for (int j = 0; j < K; j++) {
                        if (!(Math.abs(z[r][j] - dr.data[0][j]) <= 1e-6)) {
                            throw new AssertionError(what + ": ∂y[" + j + "] " + z[r][j] + ", double "
                                    + dr.data[0][j]);
                        }
                        if (labels[r] < 0 && z[r][j] != 0f) {
                            throw new AssertionError(what + ": a padding row must have ∂y = 0");
                        }
                    }
                }
            }
        }
    }

    static Network network(Network.Cell cell, Precision p, int classes) {
        return Network.builder().cell(cell).vocabulary(60).embedding(12).hidden(24).classes(classes).seed(9)
                .precision(p).build();
    }

    /** B sequences of T steps; with padding, lengths 1 … T (the first T) and labels −1 past the end. */
    static Batch batch(int B, int T, int classes, boolean padded, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] ids = new int[B][T], labels = new int[B][T];
        int[] lengths = new int[B];
        for (int b = 0; b < B; b++) {
            lengths[b] = !padded || b == 0 ? T : 1 + r.nextInt(T);
            for (int t = 0; t < T; t++) {
                ids[b][t] = r.nextInt(60);
                labels[b][t] = t < lengths[b] ? r.nextInt(classes) : -1;
            }
        }
        return Batch.ofIds(ids, lengths, labels);
    }

    @Test
    public void aFloat32ModelAgreesWithDoubleWithAndWithoutPadding() {
        for (Network.Cell cell : new Network.Cell[] {Network.Cell.LSTM, Network.Cell.ELMAN}) {
            // 8·32 rows × 70 classes: split between the threads; 5·3 × 9: one piece
            for (int[] shape : new int[][] {{32, 8, 70}, {3, 5, 9}}) {
                for (boolean padded : new boolean[] {false, true}) {
                    int B = shape[0], T = shape[1], K = shape[2];
                    String what = cell + " B=" + B + " T=" + T + " K=" + K + (padded ? " padded" : "");
                    SequenceModel d = network(cell, Precision.DOUBLE, K).model(),
                            f = network(cell, Precision.FLOAT32, K).model();
                    Batch batch = batch(B, T, K, padded, 3);
                    double ld = d.lossAndGradient(batch), lf = f.lossAndGradient(batch);
                    assertEquals(ld, lf, 1e-5 * Math.abs(ld), what + ": loss");
                    assertTrue(ld != lf, what + ": float32 gave the double loss to the last bit");
                    for (Param p : d.params()) {
                        Param q = f.params().get(p.name);
                        double max = 0, diff = 0;
                        for (int r = 0; r < p.grad.rows; r++) {
                            for (int c = 0; c < p.grad.cols; c++) {
                                max = Math.max(max, Math.abs(p.grad.data[r][c]));
                                diff = Math.max(diff, Math.abs(p.grad.data[r][c] - q.grad.data[r][c]));
                            }
                        }
                        assertTrue(diff <= 1e-5 * max + 1e-12, what + " " + p.name + ": float32 gradient differs by "
                                + diff + " (largest " + max + ")");
                    }
                    assertEquals(f.loss(batch), lf, 0.0, what + ": loss alone, the same bits");
                    // the API's double readers still work after a float loss pass
                    Matrix[] pf = f.probabilities(batch), pd = d.probabilities(batch);
                    for (int t = 0; t < T; t++) {
                        rnnlab.cells.Float32LayerTest.assertClose(pd[t], pf[t], what + ": probabilities at " + t);
                    }
                    int[][] predicted = f.predict(batch);
                    for (int b = 0; b < B; b++) {
                        for (int t = 0; t < T; t++) {
                            assertEquals(t < batch.lengths()[b], predicted[b][t] >= 0, what + ": prediction mask");
                        }
                    }
                }
            }
        }
    }

    /** Output dropout (the float softmax on double inputs to the output layer) and a CRF (the double scores). */
    @Test
    void dropoutBeforeTheOutputLayerAndACrfAgreeWithDouble() {
        for (String kind : new String[] {"dropout", "crf"}) {
            SequenceModel[] m = new SequenceModel[2];
            for (int i = 0; i < 2; i++) {
                Network.Builder nb = Network.builder().cell(Network.Cell.LSTM).vocabulary(60).embedding(12).hidden(24)
                        .classes(9).seed(9).precision(i == 0 ? Precision.DOUBLE : Precision.FLOAT32);
                m[i] = (kind.equals("crf") ? nb.crf(true) : nb.layerDropout(0.3)).build().model();
                m[i].setTraining(true);
            }
            Batch batch = batch(16, 7, 9, true, 6);
            double ld = m[0].lossAndGradient(batch), lf = m[1].lossAndGradient(batch);
            assertEquals(ld, lf, 1e-5 * Math.abs(ld), kind + ": loss");
            assertTrue(ld != lf, kind + ": float32 gave the double loss to the last bit");
            for (Param p : m[0].params()) {
                Param q = m[1].params().get(p.name);
                double max = 0, diff = 0;
                for (int r = 0; r < p.grad.rows; r++) {
                    for (int c = 0; c < p.grad.cols; c++) {
                        max = Math.max(max, Math.abs(p.grad.data[r][c]));
                        diff = Math.max(diff, Math.abs(p.grad.data[r][c] - q.grad.data[r][c]));
                    }
                }
                assertTrue(diff <= 1e-5 * max + 1e-12, kind + " " + p.name + ": float32 gradient differs by " + diff
                        + " (largest " + max + ")");
            }
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        int before = Kernels.threads();
        try {
            for (Network.Cell cell : new Network.Cell[] {Network.Cell.LSTM, Network.Cell.GRU}) {
                for (boolean padded : new boolean[] {false, true}) {
                    long[][] hashes = new long[2][];
                    for (int threads = 1; threads <= 2; threads++) {
                        Kernels.setThreads(threads);
                        SequenceModel f = network(cell, Precision.FLOAT32, 100).model();
                        double loss = f.lossAndGradient(batch(32, 15, 100, padded, 4));
                        loss += f.lossAndGradient(batch(32, 15, 100, padded, 5));   // a second pass, reused buffers
                        List<Param> ps = f.params().list();
                        hashes[threads - 1] = new long[ps.size() + 1];
                        hashes[threads - 1][0] = Double.doubleToLongBits(loss);
                        for (int k = 0; k < ps.size(); k++) {
                            hashes[threads - 1][k + 1] = java.util.Arrays.deepHashCode(ps.get(k).grad.data);
                        }
                    }
                    assertTrue(java.util.Arrays.equals(hashes[0], hashes[1]), cell + (padded ? " padded" : "")
                            + ": 1 and 2 threads differ");
                }
            }
        } finally {
            Kernels.setThreads(before);
        }
    }

    @Test
    void aLabelOutsideTheClassesIsRefusedInFloat32() {
        SequenceModel f = network(Network.Cell.LSTM, Precision.FLOAT32, 5).model();
        Batch bad = Batch.ofIds(new int[][] {{1, 2}, {3, 4}}, null, new int[][] {{0, 1}, {5, 2}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.lossAndGradient(bad));
        assertEquals("SoftmaxCrossEntropy: label 5 in row 1 is outside 0..4 (or −1 for padding)", e.getMessage());
    }
}
