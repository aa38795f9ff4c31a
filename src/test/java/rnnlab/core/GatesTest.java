package rnnlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.cells.Elman;
import rnnlab.cells.LSTM;
import rnnlab.cells.RecurrentLayer;

/**
 * The fused gate passes ({@link Gates}) give, bit for bit, what the separate passes (bias add, activation calls on
 * arrays, the c and h loops) give: on raw rows of every width around the multiples of the vector length (the
 * blended last vector), and through whole LSTM and Elman layers in double and float32, with padding, forward and
 * backward.
 */
public class GatesTest {
    private static void fill(double[] v, SplittableRandom rng, double scale) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (rng.nextDouble() * 2 - 1) * scale;
        }
        v[0] = -0.0;                 // signed zeros and tiny values go through the polynomial branch of tanh
        if (v.length > 3) {
            v[3] = 1e-3;
        }
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Test
    void theLstmRowHasTheBitsOfTheSeparatePassesForEveryWidth() {
        assertFalse(Gates.lstm(8), "the fused passes are off by default (they box when not inlined)");
        boolean was = Gates.enabled;
        Gates.enabled = true;
        try {
            fusedRowsHaveTheBitsOfTheSeparatePasses();
        } finally {
            Gates.enabled = was;
        }
    }

    private void fusedRowsHaveTheBitsOfTheSeparatePasses() {
        assertTrue(Gates.lstm(8) || !Kernels.vectorised(), "with the Vector API kernels the fused row runs");
        SplittableRandom rng = new SplittableRandom(17);
        int checkedD = 0, checkedF = 0;
        for (int H = 1; H <= 70; H++) {
            double[] p = new double[4 * H], bias = new double[4 * H], cPrev = new double[H];
            fill(p, rng, 6);
            fill(bias, rng, 1);
            fill(cPrev, rng, 3);
            if (Gates.lstm(H)) {
                double[] pe = p.clone(), ae = new double[4 * H], ce = new double[H], hce = new double[H], he = new double[H];
                for (int j = 0; j < 4 * H; j++) {
                    pe[j] += bias[j];
                }
                Kernels.tanh(pe, ae, 0, H);
                Kernels.sigmoid(pe, ae, H, 4 * H);
                for (int j = 0; j < H; j++) {
                    ce[j] = ae[j] * ae[H + j] + cPrev[j] * ae[2 * H + j];
                }
                Kernels.tanh(ce, hce, 0, H);
                for (int j = 0; j < H; j++) {
                    he[j] = hce[j] * ae[3 * H + j];
                }
                double[] pa = p.clone(), aa = new double[4 * H], ca = new double[H], hca = new double[H], ha = new double[H];
                Gates.lstm(pa, bias, aa, cPrev, ca, hca, ha, H);
                assertArrayEquals(pe, pa, "pre-activations, H=" + H);   // assertArrayEquals on double[] compares bits
                assertArrayEquals(ae, aa, "gates, H=" + H);
                assertArrayEquals(ce, ca, "c, H=" + H);
                assertArrayEquals(hce, hca, "h(c), H=" + H);
                assertArrayEquals(he, ha, "h, H=" + H);
                double[] ea = p.clone(), eo = new double[H], ee = p.clone(), eoe = new double[H];
                for (int j = 0; j < H; j++) {
                    ee[j] += bias[j];
                }
                Kernels.sigmoid(ee, eoe, 0, H);
                Gates.biasActivation(ea, bias, eo, H, false);
                assertArrayEquals(java.util.Arrays.copyOf(ee, H), java.util.Arrays.copyOf(ea, H), "Elman a, H=" + H);
                assertArrayEquals(eoe, eo, "Elman σ, H=" + H);
                checkedD++;
            }
            if (Gates.lstmFloat(H)) {
                float[] p32 = floats(p), b32 = floats(bias), c32 = floats(cPrev);
                float[] pe = p32.clone(), ae = new float[4 * H], ce = new float[H], hce = new float[H], he = new float[H];
                for (int j = 0; j < 4 * H; j++) {
                    pe[j] += b32[j];
                }
                FloatKernels.tanh(pe, ae, 0, H);
                FloatKernels.sigmoid(pe, ae, H, 4 * H);
                for (int j = 0; j < H; j++) {
                    ce[j] = ae[j] * ae[H + j] + c32[j] * ae[2 * H + j];
                }
                FloatKernels.tanh(ce, hce, 0, H);
                for (int j = 0; j < H; j++) {
                    he[j] = hce[j] * ae[3 * H + j];
                }
                float[] pa = p32.clone(), aa = new float[4 * H], ca = new float[H], hca = new float[H], ha = new float[H];
                Gates.lstm(pa, b32, aa, c32, ca, hca, ha, H);
                assertArrayEquals(pe, pa, "float pre-activations, H=" + H);
                assertArrayEquals(ae, aa, "float gates, H=" + H);
                assertArrayEquals(ce, ca, "float c, H=" + H);
                assertArrayEquals(hce, hca, "float h(c), H=" + H);
                assertArrayEquals(he, ha, "float h, H=" + H);
                float[] ea = p32.clone(), eo = new float[H], ee = p32.clone(), eoe = new float[H];
                for (int j = 0; j < H; j++) {
                    ee[j] += b32[j];
                }
                FloatKernels.tanh(ee, eoe, 0, H);
                Gates.biasActivation(ea, b32, eo, H, true);
                assertArrayEquals(java.util.Arrays.copyOf(ee, H), java.util.Arrays.copyOf(ea, H), "float Elman a, H=" + H);
                assertArrayEquals(eoe, eo, "float Elman tanh, H=" + H);
                checkedF++;
            }
        }
        if (Kernels.vectorised()) {
            assertTrue(checkedD > 50 && checkedF > 40, "widths checked: " + checkedD + " double, " + checkedF + " float");
        }
    }

    private static Matrix[] inputs(int T, int B, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix[] xs = new Matrix[T];
        for (int t = 0; t < T; t++) {
            xs[t] = new Matrix(B, n);
            Init.uniform(xs[t], 1.0, rng);
        }
        return xs;
    }

    /** Outputs, input gradients and parameter gradients of one forward + backward pass, as one list of matrices. */
    private static java.util.List<Matrix> pass(RecurrentLayer layer, Precision precision, boolean fused) {
        boolean was = Gates.enabled;
        Gates.enabled = fused;
        try {
            layer.setPrecision(precision);
            int T = 6, B = 9;
            Matrix[] xs = inputs(T, B, layer.inputSize(), 3);
            int[] lengths = {6, 3, 6, 1, 5, 6, 2, 6, 4};
            layer.params().zeroGrad();
            Matrix[] out = layer.forward(xs, lengths);
            java.util.List<Matrix> all = new java.util.ArrayList<>();
            Matrix[] dOut = new Matrix[T];
            for (int t = 0; t < T; t++) {
                all.add(out[t].copy());
                dOut[t] = out[t].copy();     // L = ½ Σ h²
            }
            Matrix[] dx = layer.backward(dOut);
            for (Matrix m : dx) {
                all.add(m.copy());
            }
            for (Param p : layer.params().list()) {
                all.add(p.grad.copy());
            }
            return all;
        } finally {
            Gates.enabled = was;
        }
    }

    private static void assertSameBits(java.util.List<Matrix> expected, java.util.List<Matrix> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            for (int r = 0; r < expected.get(k).rows; r++) {
                assertArrayEquals(expected.get(k).data[r], actual.get(k).data[r], what + ", tensor " + k + ", row " + r);
            }
        }
    }

    @Test
    void layersGiveTheSameBitsWithAndWithoutTheFusedPasses() {
        for (int H : new int[] {7, 16, 21, 37}) {
            for (Precision precision : Precision.values()) {
                LSTM lstm = new LSTM(LSTM.Config.of(5, H), H == 21, new SplittableRandom(H));
                assertSameBits(pass(lstm, precision, false), pass(lstm, precision, true), "LSTM H=" + H + " " + precision);
                for (Activation a : new Activation[] {Activation.TANH, Activation.SIGMOID}) {
                    Elman elman = new Elman(5, H, a, H == 16, new SplittableRandom(H + 1));
                    assertSameBits(pass(elman, precision, false), pass(elman, precision, true),
                            "Elman " + a + " H=" + H + " " + precision);
                }
            }
        }
    }
}
