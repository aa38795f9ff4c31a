package rnnlab.core;

/**
 * The product loops in plain Java: i-k-j order so the innermost loop runs along a row with unit stride, which
 * HotSpot C2 auto-vectorises on {@code double[][]} rows (about 20 GFLOP/s on one core here; the same loop over one
 * flat array with computed offsets is not vectorised, about 4). Used wherever the Vector API module is not enabled.
 *
 * <p>Every method works on a range of rows of C, so {@link Kernels} can split a product between threads; each
 * element of C is computed by the same operations in the same order whichever range it falls in.
 */
final class PlainKernels implements Kernels.Impl {
    @Override
    public String name() {
        return "plain Java (auto-vectorised i-k-j loops)";
    }

    @Override
    public void mulAdd(double[][] A, double[][] B, double[][] C, int i0, int i1, int k, int m) {
        for (int i = i0; i < i1; i++) {
            final double[] ci = C[i];
            final double[] ai = A[i];
            for (int p = 0; p < k; p++) {
                final double aip = ai[p];
                if (aip == 0.0) {
                    continue; // one-hot and masked rows are mostly zeros
                }
                final double[] bp = B[p];
                for (int j = 0; j < m; j++) {
                    ci[j] += aip * bp[j];
                }
            }
        }
    }

    @Override
    public void mulTransAAdd(double[][] A, double[][] B, double[][] C, int p0, int p1, int n, int m) {
        for (int i = 0; i < n; i++) {
            final double[] ai = A[i];
            final double[] bi = B[i];
            for (int p = p0; p < p1; p++) {
                final double aip = ai[p];
                if (aip == 0.0) {
                    continue;
                }
                final double[] cp = C[p];
                for (int j = 0; j < m; j++) {
                    cp[j] += aip * bi[j];
                }
            }
        }
    }
}
