package rnnlab.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GateRows} on whole vectors of the preferred species (the one the product kernels use: a second vector
 * shape in the same program measured as un-intrinsified, allocating product kernels on JDK 17): the same IEEE
 * operations per element in the same order as {@link GateRows.Plain} (lane-wise add, subtract, multiply), so the
 * same bits; the last elements of a row by the plain loop. Methods take arrays only (no vector crosses a method of
 * ours, so nothing is boxed when C2 does not inline one: VectorBoxingTest).
 */
final class VectorGateRows implements GateRows.Impl {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final VectorSpecies<Double> SD = DoubleVector.SPECIES_PREFERRED;
    static final int LD = SD.length();

    @Override
    public void lstmBackward(float[] a, float[] hc, float[] cp, float[] dOut, float[] dh, float[] dc, float[] d,
                             int H) {
        int j = 0;
        for (; j + L <= H; j += L) {
            FloatVector gz = FloatVector.fromArray(S, a, j), ig = FloatVector.fromArray(S, a, H + j),
                    fg = FloatVector.fromArray(S, a, 2 * H + j), og = FloatVector.fromArray(S, a, 3 * H + j),
                    hcj = FloatVector.fromArray(S, hc, j), one = FloatVector.broadcast(S, 1f);
            FloatVector dhj = FloatVector.fromArray(S, dh, j).add(FloatVector.fromArray(S, dOut, j));
            dhj.intoArray(dh, j);
            FloatVector dOg = dhj.mul(hcj);
            FloatVector dcj = FloatVector.fromArray(S, dc, j).add(dhj.mul(og).mul(one.sub(hcj.mul(hcj))));
            dcj.intoArray(dc, j);
            dcj.mul(ig).mul(one.sub(gz.mul(gz))).intoArray(d, j);
            dcj.mul(gz).mul(ig.mul(one.sub(ig))).intoArray(d, H + j);
            dcj.mul(FloatVector.fromArray(S, cp, j)).mul(fg.mul(one.sub(fg))).intoArray(d, 2 * H + j);
            dOg.mul(og.mul(one.sub(og))).intoArray(d, 3 * H + j);
        }
        GateRows.Plain.lstmBackward(a, hc, cp, dOut, dh, dc, d, j, H);
    }

    @Override
    public void lstmBackward(double[] a, double[] hc, double[] cp, double[] dOut, double[] dh, double[] dc,
                             double[] d, int H) {
        int j = 0;
        for (; j + LD <= H; j += LD) {
            DoubleVector gz = DoubleVector.fromArray(SD, a, j), ig = DoubleVector.fromArray(SD, a, H + j),
                    fg = DoubleVector.fromArray(SD, a, 2 * H + j), og = DoubleVector.fromArray(SD, a, 3 * H + j),
                    hcj = DoubleVector.fromArray(SD, hc, j), one = DoubleVector.broadcast(SD, 1.0);
            DoubleVector dhj = DoubleVector.fromArray(SD, dh, j).add(DoubleVector.fromArray(SD, dOut, j));
            dhj.intoArray(dh, j);
            DoubleVector dOg = dhj.mul(hcj);
            DoubleVector dcj = DoubleVector.fromArray(SD, dc, j).add(dhj.mul(og).mul(one.sub(hcj.mul(hcj))));
            dcj.intoArray(dc, j);
            dcj.mul(ig).mul(one.sub(gz.mul(gz))).intoArray(d, j);
            dcj.mul(gz).mul(ig.mul(one.sub(ig))).intoArray(d, H + j);
            dcj.mul(DoubleVector.fromArray(SD, cp, j)).mul(fg.mul(one.sub(fg))).intoArray(d, 2 * H + j);
            dOg.mul(og.mul(one.sub(og))).intoArray(d, 3 * H + j);
        }
        GateRows.Plain.lstmBackward(a, hc, cp, dOut, dh, dc, d, j, H);
    }

    /**
     * A vector of L floats widened into two vectors of L/2 doubles (parts 0 and 1 of the conversion; only the
     * preferred shapes, as everywhere in the kernels).
     */
    @Override
    public void addTo(float[] src, int srcOff, double[] dst, int n) {
        int j = 0;
        if (LD * 2 == L) {
            for (; j + L <= n; j += L) {
                FloatVector f = FloatVector.fromArray(S, src, srcOff + j);
                DoubleVector lo = (DoubleVector) f.convertShape(VectorOperators.F2D, SD, 0);
                DoubleVector hi = (DoubleVector) f.convertShape(VectorOperators.F2D, SD, 1);
                DoubleVector.fromArray(SD, dst, j).add(lo).intoArray(dst, j);
                DoubleVector.fromArray(SD, dst, j + LD).add(hi).intoArray(dst, j + LD);
            }
        }
        GateRows.Plain.addTo(src, srcOff, dst, j, n);
    }
}
