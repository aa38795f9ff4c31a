package rnnlab.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatRows} on whole vectors of the preferred species (the one the product kernels use: a second vector
 * shape in the same program measured as un-intrinsified, allocating product kernels on JDK 17): the same IEEE
 * operations per element in the same order as {@link FloatRows.Plain} (lane-wise add, subtract, multiply), so the
 * same bits; the last elements of a row by the plain loop. Methods take arrays only (no vector crosses a method of
 * ours, so nothing is boxed when C2 does not inline one: VectorBoxingTest).
 */
final class VectorFloatRows implements FloatRows.Impl {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

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
        FloatRows.Plain.lstmBackward(a, hc, cp, dOut, dh, dc, d, j, H);
    }
}
