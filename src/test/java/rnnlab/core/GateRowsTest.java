package rnnlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link GateRows}: the Vector API rows against the plain loops, bit for bit, in float and in double, at every width around the vector
 * length (so the vector body, the plain tail and rows shorter than one vector are all taken), with the values a
 * training step meets (gates in (0, 1), tanh outputs in (−1, 1), gradients of every size) plus ±0, subnormals,
 * ±∞ and NaN; and the plain loop against the LSTM backward formulas written out here.
 */
class GateRowsTest {
    static float value(SplittableRandom rng) {
        return switch (rng.nextInt(40)) {
            case 0 -> 0f;
            case 1 -> -0f;
            case 2 -> Float.MIN_VALUE * rng.nextInt(1, 100);
            case 3 -> Float.POSITIVE_INFINITY;
            case 4 -> Float.NaN;
            case 5 -> (float) rng.nextDouble(-1e30, 1e30);
            default -> (float) rng.nextDouble(-1.5, 1.5);
        };
    }

    static float[] row(int n, SplittableRandom rng) {
        float[] r = new float[n];
        for (int j = 0; j < n; j++) {
            r[j] = value(rng);
        }
        return r;
    }

    /**
     * The same bits, except that a NaN may carry either sign: Java leaves the bits of a NaN made by arithmetic
     * (∞ − ∞, 0·∞) to the hardware, and scalar and vector instructions differ there; every other value, ±0 and ±∞
     * included, must match exactly.
     */
    static void assertSameBits(float expected, float actual, String what, int H, int j) {
        if (Float.isNaN(expected) && Float.isNaN(actual)) {
            return;
        }
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                what + " at H = " + H + ", j = " + j + ": " + expected + " vs " + actual);
    }

    @Test
    void theVectorRowsGiveTheBitsOfThePlainLoopAtEveryWidth() {
        GateRows.Impl vector = GateRows.IMPL_F;
        assertEquals(FloatKernels.vectorised(), GateRows.floatVectorised(),
                "the float rows run on the Vector API exactly when the float product kernels do");
        SplittableRandom rng = new SplittableRandom(17);
        for (int H = 1; H <= 70; H++) {
            for (int rep = 0; rep < 3; rep++) {
                float[] a = row(4 * H, rng), hc = row(H, rng), cp = row(H, rng), dOut = row(H, rng);
                float[] dh = row(H, rng), dc = row(H, rng), d = row(4 * H, rng);
                float[] dh2 = dh.clone(), dc2 = dc.clone(), d2 = d.clone();
                vector.lstmBackward(a, hc, cp, dOut, dh, dc, d, H);
                GateRows.PLAIN.lstmBackward(a, hc, cp, dOut, dh2, dc2, d2, H);
                for (int j = 0; j < H; j++) {
                    assertSameBits(dh2[j], dh[j], "∂h", H, j);
                    assertSameBits(dc2[j], dc[j], "∂c", H, j);
                }
                for (int j = 0; j < 4 * H; j++) {
                    assertSameBits(d2[j], d[j], "δ", H, j);
                }
            }
        }
    }

    static double dvalue(SplittableRandom rng) {
        return switch (rng.nextInt(40)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> Double.MIN_VALUE * rng.nextInt(1, 100);
            case 3 -> Double.NEGATIVE_INFINITY;
            case 4 -> Double.NaN;
            case 5 -> rng.nextDouble(-1e300, 1e300);
            default -> rng.nextDouble(-1.5, 1.5);
        };
    }

    static double[] drow(int n, SplittableRandom rng) {
        double[] r = new double[n];
        for (int j = 0; j < n; j++) {
            r[j] = dvalue(rng);
        }
        return r;
    }

    static void assertSameBits(double expected, double actual, String what, int H, int j) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) {
            return;
        }
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                what + " at H = " + H + ", j = " + j + ": " + expected + " vs " + actual);
    }

    @Test
    void theVectorRowsGiveTheBitsOfThePlainLoopAtEveryWidthInDouble() {
        GateRows.Impl vector = GateRows.IMPL_D;
        assertEquals(Kernels.vectorised(), GateRows.doubleVectorised(),
                "the double rows run on the Vector API exactly when the double product kernels do");
        SplittableRandom rng = new SplittableRandom(19);
        for (int H = 1; H <= 40; H++) {
            for (int rep = 0; rep < 3; rep++) {
                double[] a = drow(4 * H, rng), hc = drow(H, rng), cp = drow(H, rng), dOut = drow(H, rng);
                double[] dh = drow(H, rng), dc = drow(H, rng), d = drow(4 * H, rng);
                double[] dh2 = dh.clone(), dc2 = dc.clone(), d2 = d.clone();
                vector.lstmBackward(a, hc, cp, dOut, dh, dc, d, H);
                GateRows.PLAIN.lstmBackward(a, hc, cp, dOut, dh2, dc2, d2, H);
                for (int j = 0; j < H; j++) {
                    assertSameBits(dh2[j], dh[j], "∂h", H, j);
                    assertSameBits(dc2[j], dc[j], "∂c", H, j);
                }
                for (int j = 0; j < 4 * H; j++) {
                    assertSameBits(d2[j], d[j], "δ", H, j);
                }
            }
        }
    }

    @Test
    void aFloatRowAddedIntoDoubleGivesTheBitsOfTheLoop() {
        SplittableRandom rng = new SplittableRandom(29);
        for (int n = 0; n <= 70; n++) {
            for (int off : new int[] {0, 3, 17}) {
                float[] src = row(off + n + 2, rng);
                double[] dst = drow(n + 1, rng), expected = dst.clone();
                GateRows.addTo(src, off, dst, n);
                for (int j = 0; j < n; j++) {
                    expected[j] += src[off + j];
                }
                for (int j = 0; j <= n; j++) {
                    assertSameBits(expected[j], dst[j], "∂ + float row, off " + off, n, j);
                }
            }
        }
    }

    @Test
    void thePlainLoopIsTheLstmBackwardStep() {
        SplittableRandom rng = new SplittableRandom(3);
        int H = 5;
        float[] a = new float[4 * H], hc = new float[H], cp = new float[H], dOut = new float[H], dh = new float[H],
                dc = new float[H], d = new float[4 * H];
        for (int j = 0; j < H; j++) {
            a[j] = (float) Math.tanh(rng.nextDouble(-2, 2));
            for (int g = 1; g < 4; g++) {
                a[g * H + j] = (float) (1 / (1 + Math.exp(-rng.nextDouble(-3, 3))));
            }
            hc[j] = (float) Math.tanh(rng.nextDouble(-2, 2));
            cp[j] = (float) rng.nextDouble(-2, 2);
            dOut[j] = (float) rng.nextDouble(-1, 1);
            dh[j] = (float) rng.nextDouble(-1, 1);
            dc[j] = (float) rng.nextDouble(-1, 1);
        }
        float[] dh0 = dh.clone(), dc0 = dc.clone();
        GateRows.lstmBackward(a, hc, cp, dOut, dh, dc, d, H);
        for (int j = 0; j < H; j++) {
            float z = a[j], i = a[H + j], f = a[2 * H + j], o = a[3 * H + j];
            float dhj = dh0[j] + dOut[j];
            float dcj = dc0[j] + dhj * o * (1 - hc[j] * hc[j]);                       // ∂c += ∂h·o·tanh'(c)
            assertEquals(dhj, dh[j], 0f, "∂h");
            assertEquals(dcj, dc[j], 0f, "∂c");
            assertEquals(dcj * i * (1 - z * z), d[j], 0f, "δz = ∂c·i·tanh'");
            assertEquals(dcj * z * (i * (1 - i)), d[H + j], 0f, "δi = ∂c·z·σ'");
            assertEquals(dcj * cp[j] * (f * (1 - f)), d[2 * H + j], 0f, "δf = ∂c·c⁻¹·σ'");
            assertEquals(dhj * hc[j] * (o * (1 - o)), d[3 * H + j], 0f, "δo = ∂h·tanh(c)·σ'");
            assertTrue(d[j] != 0 && d[3 * H + j] != 0, "non-trivial case");
        }
    }
}
