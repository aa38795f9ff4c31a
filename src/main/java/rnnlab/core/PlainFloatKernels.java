package rnnlab.core;

/**
 * The float products in plain Java (i-k-j loops that HotSpot auto-vectorises), and the gate activations through
 * the double formulas rounded to float (correctly rounded to within an ulp). Used where the Vector API module is
 * not enabled, and for tiny products.
 */
final class PlainFloatKernels implements FloatKernels.Impl {
    @Override
    public String name() {
        return "plain Java (auto-vectorised i-k-j loops, float)";
    }

    @Override
    public void mulAdd(float[][] A, float[][] B, float[][] C, int i0, int i1, int k, int m) {
        for (int i = i0; i < i1; i++) {
            final float[] ci = C[i];
            final float[] ai = A[i];
            for (int p = 0; p < k; p++) {
                final float aip = ai[p];
                if (aip == 0f) {
                    continue; // one-hot and masked rows are mostly zeros
                }
                final float[] bp = B[p];
                for (int j = 0; j < m; j++) {
                    ci[j] += aip * bp[j];
                }
            }
        }
    }

    @Override
    public void sigmoid(float[] z, float[] out, int from, int to) {
        for (int c = from; c < to; c++) {
            out[c] = (float) Activation.SIGMOID.apply(z[c]);
        }
    }

    @Override
    public void tanh(float[] z, float[] out, int from, int to) {
        for (int c = from; c < to; c++) {
            out[c] = (float) Kernels.tanh(z[c]);
        }
    }
}
