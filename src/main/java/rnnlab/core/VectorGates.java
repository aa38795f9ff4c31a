package rnnlab.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gates} on the Vector API: the activations are those of {@link VectorKernels} and {@link VectorFloatKernels}
 * (their per-vector e^x, σ and tanh), so every value has the bits of the separate passes. Loaded reflectively.
 */
final class VectorGates implements Gates.Impl {
    private static final VectorSpecies<Double> S = VectorKernels.S;
    private static final int L = VectorKernels.L;
    private static final VectorSpecies<Float> SF = VectorFloatKernels.S;
    private static final int LF = VectorFloatKernels.L;

    @Override
    public int doubleLanes() {
        return L;
    }

    @Override
    public int floatLanes() {
        return LF;
    }

    // ---- double ----------------------------------------------------------------------------------------------------
    //
    // Three passes per LSTM row instead of six, each with one call site of a vector activation (so C2 inlines it as
    // in VectorKernels' own array loops and no vector is boxed: a version with all five activations in one loop body
    // boxed them, 5 MB per B32 step). The bias passes end with the scalar twins (a blended last vector, which
    // would add the bias only in lanes not done, needed a second inlined activation and boxed too, and a blend in
    // every vector made the pass twice as slow); the c/h pass ends with one vector over the row's last L values,
    // whose first lanes recompute values already done from the same inputs, so with the same bits.

    @Override
    public void lstm(double[] p, double[] bias, double[] a, double[] cPrev, double[] c, double[] hc, double[] h, int H) {
        biasTanh(p, bias, a, 0, H);                   // g = tanh(z + b)
        biasSigmoid(p, bias, a, H, 4 * H);            // i, f, o = σ(z + b)
        cell(a, cPrev, c, hc, h, H);                  // c = g·i + c′·f, h = tanh(c)·o
    }

    @Override
    public void biasActivation(double[] p, double[] bias, double[] out, int n, boolean tanh) {
        if (tanh) {
            biasTanh(p, bias, out, 0, n);
        } else {
            biasSigmoid(p, bias, out, 0, n);
        }
    }

    /** p[from..to) += bias, out = tanh(p); to − from ≥ L. */
    private static void biasTanh(double[] p, double[] bias, double[] out, int from, int to) {
        int j = from;
        for (; j + L <= to; j += L) {
            DoubleVector z = DoubleVector.fromArray(S, p, j).add(DoubleVector.fromArray(S, bias, j));
            z.intoArray(p, j);
            VectorKernels.tanh(z).intoArray(out, j);
        }
        for (; j < to; j++) {      // the scalar twin: the same operations, so the same bits
            p[j] += bias[j];
            out[j] = VectorKernels.tanhScalar(p[j]);
        }
    }

    /** p[from..to) += bias, out = σ(p); to − from ≥ L. */
    private static void biasSigmoid(double[] p, double[] bias, double[] out, int from, int to) {
        int j = from;
        for (; j + L <= to; j += L) {
            DoubleVector z = DoubleVector.fromArray(S, p, j).add(DoubleVector.fromArray(S, bias, j));
            z.intoArray(p, j);
            VectorKernels.sigmoid(z).intoArray(out, j);
        }
        for (; j < to; j++) {      // the scalar twin: the same operations, so the same bits
            p[j] += bias[j];
            out[j] = VectorKernels.sigmoidScalar(p[j]);
        }
    }

    /** c = g·i + c′·f (two products and a sum, as the scalar loop), hc = tanh(c), h = hc·o; H ≥ L. */
    private static void cell(double[] a, double[] cPrev, double[] c, double[] hc, double[] h, int H) {
        for (int j = 0; j < H; j += L) {
            final int jv = Math.min(j, H - L);
            DoubleVector cv = DoubleVector.fromArray(S, a, jv).mul(DoubleVector.fromArray(S, a, H + jv))
                    .add(DoubleVector.fromArray(S, cPrev, jv).mul(DoubleVector.fromArray(S, a, 2 * H + jv)));
            cv.intoArray(c, jv);
            DoubleVector hcv = VectorKernels.tanh(cv);
            hcv.intoArray(hc, jv);
            hcv.mul(DoubleVector.fromArray(S, a, 3 * H + jv)).intoArray(h, jv);
        }
    }

    // ---- float -----------------------------------------------------------------------------------------------------

    @Override
    public void lstm(float[] p, float[] bias, float[] a, float[] cPrev, float[] c, float[] hc, float[] h, int H) {
        biasTanh(p, bias, a, 0, H);
        biasSigmoid(p, bias, a, H, 4 * H);
        cell(a, cPrev, c, hc, h, H);
    }

    @Override
    public void biasActivation(float[] p, float[] bias, float[] out, int n, boolean tanh) {
        if (tanh) {
            biasTanh(p, bias, out, 0, n);
        } else {
            biasSigmoid(p, bias, out, 0, n);
        }
    }

    private static void biasTanh(float[] p, float[] bias, float[] out, int from, int to) {
        int j = from;
        for (; j + LF <= to; j += LF) {
            FloatVector z = FloatVector.fromArray(SF, p, j).add(FloatVector.fromArray(SF, bias, j));
            z.intoArray(p, j);
            VectorFloatKernels.tanh(z).intoArray(out, j);
        }
        for (; j < to; j++) {      // the scalar twin: the same operations, so the same bits
            p[j] += bias[j];
            out[j] = VectorFloatKernels.tanhScalar(p[j]);
        }
    }

    private static void biasSigmoid(float[] p, float[] bias, float[] out, int from, int to) {
        int j = from;
        for (; j + LF <= to; j += LF) {
            FloatVector z = FloatVector.fromArray(SF, p, j).add(FloatVector.fromArray(SF, bias, j));
            z.intoArray(p, j);
            VectorFloatKernels.sigmoid(z).intoArray(out, j);
        }
        for (; j < to; j++) {      // the scalar twin: the same operations, so the same bits
            p[j] += bias[j];
            out[j] = VectorFloatKernels.sigmoidScalar(p[j]);
        }
    }

    private static void cell(float[] a, float[] cPrev, float[] c, float[] hc, float[] h, int H) {
        for (int j = 0; j < H; j += LF) {
            final int jv = Math.min(j, H - LF);
            FloatVector cv = FloatVector.fromArray(SF, a, jv).mul(FloatVector.fromArray(SF, a, H + jv))
                    .add(FloatVector.fromArray(SF, cPrev, jv).mul(FloatVector.fromArray(SF, a, 2 * H + jv)));
            cv.intoArray(c, jv);
            FloatVector hcv = VectorFloatKernels.tanh(cv);
            hcv.intoArray(hc, jv);
            hcv.mul(FloatVector.fromArray(SF, a, 3 * H + jv)).intoArray(h, jv);
        }
    }
}
