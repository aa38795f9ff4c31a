package rnnlab.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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
    private static final double[] IOTA = new double[L];
    private static final float[] IOTA_F = new float[LF];

    static {
        for (int l = 0; l < L; l++) {
            IOTA[l] = l;
        }
        for (int l = 0; l < LF; l++) {
            IOTA_F[l] = l;
        }
    }

    @Override
    public int doubleLanes() {
        return L;
    }

    @Override
    public int floatLanes() {
        return LF;
    }

    // ---- double ----------------------------------------------------------------------------------------------------

    @Override
    public void lstm(double[] p, double[] bias, double[] a, double[] cPrev, double[] c, double[] hc, double[] h, int H) {
        int j = 0;
        for (; j + L <= H; j += L) {
            DoubleVector z = DoubleVector.fromArray(S, p, j).add(DoubleVector.fromArray(S, bias, j));
            DoubleVector zi = DoubleVector.fromArray(S, p, H + j).add(DoubleVector.fromArray(S, bias, H + j));
            DoubleVector zf = DoubleVector.fromArray(S, p, 2 * H + j).add(DoubleVector.fromArray(S, bias, 2 * H + j));
            DoubleVector zo = DoubleVector.fromArray(S, p, 3 * H + j).add(DoubleVector.fromArray(S, bias, 3 * H + j));
            lstmLanes(z, zi, zf, zo, p, a, cPrev, c, hc, h, H, j);
        }
        if (j < H) {   // the last H − j values: one vector over the last L, bias added only in the lanes not done
            final int jt = H - L;
            final VectorMask<Double> fresh = DoubleVector.fromArray(S, IOTA, 0).compare(VectorOperators.GE,
                    (double) (j - jt));
            DoubleVector z = DoubleVector.fromArray(S, p, jt);
            DoubleVector zi = DoubleVector.fromArray(S, p, H + jt);
            DoubleVector zf = DoubleVector.fromArray(S, p, 2 * H + jt);
            DoubleVector zo = DoubleVector.fromArray(S, p, 3 * H + jt);
            z = z.blend(z.add(DoubleVector.fromArray(S, bias, jt)), fresh);
            zi = zi.blend(zi.add(DoubleVector.fromArray(S, bias, H + jt)), fresh);
            zf = zf.blend(zf.add(DoubleVector.fromArray(S, bias, 2 * H + jt)), fresh);
            zo = zo.blend(zo.add(DoubleVector.fromArray(S, bias, 3 * H + jt)), fresh);
            lstmLanes(z, zi, zf, zo, p, a, cPrev, c, hc, h, H, jt);
        }
    }

    private static void lstmLanes(DoubleVector z, DoubleVector zi, DoubleVector zf, DoubleVector zo, double[] p,
                                  double[] a, double[] cPrev, double[] c, double[] hc, double[] h, int H, int j) {
        z.intoArray(p, j);
        zi.intoArray(p, H + j);
        zf.intoArray(p, 2 * H + j);
        zo.intoArray(p, 3 * H + j);
        DoubleVector g = VectorKernels.tanh(z), i = VectorKernels.sigmoid(zi), f = VectorKernels.sigmoid(zf),
                o = VectorKernels.sigmoid(zo);
        g.intoArray(a, j);
        i.intoArray(a, H + j);
        f.intoArray(a, 2 * H + j);
        o.intoArray(a, 3 * H + j);
        DoubleVector cv = g.mul(i).add(DoubleVector.fromArray(S, cPrev, j).mul(f));   // c = g(z)f(zi) + c f(zf)
        cv.intoArray(c, j);
        DoubleVector hcv = VectorKernels.tanh(cv);
        hcv.intoArray(hc, j);
        hcv.mul(o).intoArray(h, j);                                                    // h = h(c) f(zo)
    }

    @Override
    public void biasActivation(double[] p, double[] bias, double[] out, int n, boolean tanh) {
        int j = 0;
        for (; j + L <= n; j += L) {
            DoubleVector z = DoubleVector.fromArray(S, p, j).add(DoubleVector.fromArray(S, bias, j));
            z.intoArray(p, j);
            (tanh ? VectorKernels.tanh(z) : VectorKernels.sigmoid(z)).intoArray(out, j);
        }
        if (j < n) {
            final int jt = n - L;
            final VectorMask<Double> fresh = DoubleVector.fromArray(S, IOTA, 0).compare(VectorOperators.GE,
                    (double) (j - jt));
            DoubleVector z = DoubleVector.fromArray(S, p, jt);
            z = z.blend(z.add(DoubleVector.fromArray(S, bias, jt)), fresh);
            z.intoArray(p, jt);
            (tanh ? VectorKernels.tanh(z) : VectorKernels.sigmoid(z)).intoArray(out, jt);
        }
    }

    // ---- float -----------------------------------------------------------------------------------------------------

    @Override
    public void lstm(float[] p, float[] bias, float[] a, float[] cPrev, float[] c, float[] hc, float[] h, int H) {
        int j = 0;
        for (; j + LF <= H; j += LF) {
            FloatVector z = FloatVector.fromArray(SF, p, j).add(FloatVector.fromArray(SF, bias, j));
            FloatVector zi = FloatVector.fromArray(SF, p, H + j).add(FloatVector.fromArray(SF, bias, H + j));
            FloatVector zf = FloatVector.fromArray(SF, p, 2 * H + j).add(FloatVector.fromArray(SF, bias, 2 * H + j));
            FloatVector zo = FloatVector.fromArray(SF, p, 3 * H + j).add(FloatVector.fromArray(SF, bias, 3 * H + j));
            lstmLanes(z, zi, zf, zo, p, a, cPrev, c, hc, h, H, j);
        }
        if (j < H) {
            final int jt = H - LF;
            final VectorMask<Float> fresh = FloatVector.fromArray(SF, IOTA_F, 0).compare(VectorOperators.GE,
                    (float) (j - jt));
            FloatVector z = FloatVector.fromArray(SF, p, jt);
            FloatVector zi = FloatVector.fromArray(SF, p, H + jt);
            FloatVector zf = FloatVector.fromArray(SF, p, 2 * H + jt);
            FloatVector zo = FloatVector.fromArray(SF, p, 3 * H + jt);
            z = z.blend(z.add(FloatVector.fromArray(SF, bias, jt)), fresh);
            zi = zi.blend(zi.add(FloatVector.fromArray(SF, bias, H + jt)), fresh);
            zf = zf.blend(zf.add(FloatVector.fromArray(SF, bias, 2 * H + jt)), fresh);
            zo = zo.blend(zo.add(FloatVector.fromArray(SF, bias, 3 * H + jt)), fresh);
            lstmLanes(z, zi, zf, zo, p, a, cPrev, c, hc, h, H, jt);
        }
    }

    private static void lstmLanes(FloatVector z, FloatVector zi, FloatVector zf, FloatVector zo, float[] p, float[] a,
                                  float[] cPrev, float[] c, float[] hc, float[] h, int H, int j) {
        z.intoArray(p, j);
        zi.intoArray(p, H + j);
        zf.intoArray(p, 2 * H + j);
        zo.intoArray(p, 3 * H + j);
        FloatVector g = VectorFloatKernels.tanh(z), i = VectorFloatKernels.sigmoid(zi),
                f = VectorFloatKernels.sigmoid(zf), o = VectorFloatKernels.sigmoid(zo);
        g.intoArray(a, j);
        i.intoArray(a, H + j);
        f.intoArray(a, 2 * H + j);
        o.intoArray(a, 3 * H + j);
        FloatVector cv = g.mul(i).add(FloatVector.fromArray(SF, cPrev, j).mul(f));
        cv.intoArray(c, j);
        FloatVector hcv = VectorFloatKernels.tanh(cv);
        hcv.intoArray(hc, j);
        hcv.mul(o).intoArray(h, j);
    }

    @Override
    public void biasActivation(float[] p, float[] bias, float[] out, int n, boolean tanh) {
        int j = 0;
        for (; j + LF <= n; j += LF) {
            FloatVector z = FloatVector.fromArray(SF, p, j).add(FloatVector.fromArray(SF, bias, j));
            z.intoArray(p, j);
            (tanh ? VectorFloatKernels.tanh(z) : VectorFloatKernels.sigmoid(z)).intoArray(out, j);
        }
        if (j < n) {
            final int jt = n - LF;
            final VectorMask<Float> fresh = FloatVector.fromArray(SF, IOTA_F, 0).compare(VectorOperators.GE,
                    (float) (j - jt));
            FloatVector z = FloatVector.fromArray(SF, p, jt);
            z = z.blend(z.add(FloatVector.fromArray(SF, bias, jt)), fresh);
            z.intoArray(p, jt);
            (tanh ? VectorFloatKernels.tanh(z) : VectorFloatKernels.sigmoid(z)).intoArray(out, jt);
        }
    }
}
