package rnnlab.core;

/**
 * The matrix kernels every layer uses. Each one ADDS into its output argument (the only argument it modifies),
 * because backpropagation through time sums over steps; zero the output first for a plain product.
 *
 * <p>Shapes: {@code A} is n×k, {@code B} k×m, {@code C} n×m for {@link #mulAdd}. Every kernel here has a textbook
 * twin in {@link NaiveKernels}; {@code KernelsTest} checks the two agree on random shapes.
 *
 * <p>Loop orders are chosen so the innermost loop runs along a row with unit stride, which HotSpot C2
 * auto-vectorises ({@code docs/design-notes.md}, "Storage layout").
 */
public final class Kernels {
    private Kernels() {}

    /** C += A·B. A: n×k, B: k×m, C: n×m. */
    public static void mulAdd(Matrix a, Matrix b, Matrix c) {
        if (a.cols != b.rows || c.rows != a.rows || c.cols != b.cols) {
            throw shapeError("mulAdd (C += A·B)", a, b, c);
        }
        final int n = a.rows, k = a.cols, m = b.cols;
        final double[][] A = a.data, B = b.data, C = c.data;
        for (int i = 0; i < n; i++) {
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

    /** C += Aᵀ·B. A: n×k, B: n×m, C: k×m (the weight-gradient product xᵀ·δ). */
    public static void mulTransAAdd(Matrix a, Matrix b, Matrix c) {
        if (a.rows != b.rows || c.rows != a.cols || c.cols != b.cols) {
            throw shapeError("mulTransAAdd (C += Aᵀ·B)", a, b, c);
        }
        final int n = a.rows, k = a.cols, m = b.cols;
        final double[][] A = a.data, B = b.data, C = c.data;
        for (int i = 0; i < n; i++) {
            final double[] ai = A[i];
            final double[] bi = B[i];
            for (int p = 0; p < k; p++) {
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

    /** C += A·Bᵀ. A: n×m, B: k×m, C: n×k (the input-gradient product δ·Wᵀ). */
    public static void mulTransBAdd(Matrix a, Matrix b, Matrix c) {
        if (a.cols != b.cols || c.rows != a.rows || c.cols != b.rows) {
            throw shapeError("mulTransBAdd (C += A·Bᵀ)", a, b, c);
        }
        final int n = a.rows, k = b.rows, m = a.cols;
        final double[][] A = a.data, B = b.data, C = c.data;
        for (int i = 0; i < n; i++) {
            final double[] ai = A[i];
            final double[] ci = C[i];
            for (int p = 0; p < k; p++) {
                final double[] bp = B[p];
                // four partial sums break the dependency chain of one running sum
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int j = 0;
                for (; j + 3 < m; j += 4) {
                    s0 += ai[j] * bp[j];
                    s1 += ai[j + 1] * bp[j + 1];
                    s2 += ai[j + 2] * bp[j + 2];
                    s3 += ai[j + 3] * bp[j + 3];
                }
                for (; j < m; j++) {
                    s0 += ai[j] * bp[j];
                }
                ci[p] += (s0 + s1) + (s2 + s3);
            }
        }
    }

    /** Adds the 1×m row vector {@code b} to every row of the n×m matrix {@code c}. */
    public static void addRowVector(Matrix c, Matrix b) {
        if (b.rows != 1 || b.cols != c.cols) {
            throw new IllegalArgumentException("addRowVector: bias must be 1×" + c.cols + " but is " + b.shape());
        }
        final double[] bv = b.data[0];
        for (double[] row : c.data) {
            for (int j = 0; j < bv.length; j++) {
                row[j] += bv[j];
            }
        }
    }

    /** b += the sum of the rows of {@code a} (the bias gradient). a: n×m, b: 1×m. */
    public static void sumRowsAdd(Matrix a, Matrix b) {
        if (b.rows != 1 || b.cols != a.cols) {
            throw new IllegalArgumentException("sumRowsAdd: target must be 1×" + a.cols + " but is " + b.shape());
        }
        final double[] bv = b.data[0];
        for (double[] row : a.data) {
            for (int j = 0; j < bv.length; j++) {
                bv[j] += row[j];
            }
        }
    }

    static IllegalArgumentException shapeError(String op, Matrix a, Matrix b, Matrix c) {
        return new IllegalArgumentException(op + ": incompatible shapes A " + a.shape() + ", B " + b.shape()
                + ", C " + c.shape());
    }
}
