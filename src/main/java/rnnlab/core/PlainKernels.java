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

    /**
     * Below this many columns {@link #mulAdd} keeps a row's columns in registers over the whole inner dimension
     * ({@link #mulAddNarrow}) instead of running a vector loop of a few iterations per value of A: the lecture's
     * products have 3 or 4 columns (δ·Uᵀ, the output layer, h·U), where the loop's set-up cost more than its work.
     */
    static final int NARROW = 8;

    @Override
    public void mulAdd(double[][] A, double[][] B, double[][] C, int i0, int i1, int k, int m) {
        if (m < NARROW) {
            mulAddNarrow(A, B, C, i0, i1, k, m);
            return;
        }
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

    /**
     * C[i][j] += Σ_p A[i][p]·B[p][j] for m &lt; {@link #NARROW} columns: 4 (then 1) columns of C's row held in locals
     * while p runs over k. Each element gets the same additions c += a·b in the same order as in {@link #mulAdd}'s
     * loop, zeros of A skipped alike, so the same bits.
     */
    static void mulAddNarrow(double[][] A, double[][] B, double[][] C, int i0, int i1, int k, int m) {
        for (int i = i0; i < i1; i++) {
            final double[] ci = C[i];
            final double[] ai = A[i];
            int j = 0;
            for (; j + 4 <= m; j += 4) {
                double c0 = ci[j], c1 = ci[j + 1], c2 = ci[j + 2], c3 = ci[j + 3];
                for (int p = 0; p < k; p++) {
                    final double aip = ai[p];
                    if (aip == 0.0) {
                        continue;
                    }
                    final double[] bp = B[p];
                    c0 += aip * bp[j];
                    c1 += aip * bp[j + 1];
                    c2 += aip * bp[j + 2];
                    c3 += aip * bp[j + 3];
                }
                ci[j] = c0;
                ci[j + 1] = c1;
                ci[j + 2] = c2;
                ci[j + 3] = c3;
            }
            for (; j < m; j++) {
                double c0 = ci[j];
                for (int p = 0; p < k; p++) {
                    final double aip = ai[p];
                    if (aip != 0.0) {
                        c0 += aip * B[p][j];
                    }
                }
                ci[j] = c0;
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
