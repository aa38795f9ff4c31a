package rnnlab.core;

/**
 * Textbook versions of {@link Kernels}: one element of the output at a time, as the formula reads. Slow on
 * purpose; they are the reference that the fast kernels are tested against.
 */
public final class NaiveKernels {
    private NaiveKernels() {}

    /** C += A·B, as C[i][j] += Σₚ A[i][p]·B[p][j]. */
    public static void mulAdd(Matrix a, Matrix b, Matrix c) {
        if (a.cols != b.rows || c.rows != a.rows || c.cols != b.cols) {
            throw Kernels.shapeError("NaiveKernels.mulAdd", a, b, c);
        }
        for (int i = 0; i < a.rows; i++) {
            for (int j = 0; j < b.cols; j++) {
                double s = 0;
                for (int p = 0; p < a.cols; p++) {
                    s += a.data[i][p] * b.data[p][j];
                }
                c.data[i][j] += s;
            }
        }
    }

    /** C += Aᵀ·B, as C[p][j] += Σᵢ A[i][p]·B[i][j]. */
    public static void mulTransAAdd(Matrix a, Matrix b, Matrix c) {
        if (a.rows != b.rows || c.rows != a.cols || c.cols != b.cols) {
            throw Kernels.shapeError("NaiveKernels.mulTransAAdd", a, b, c);
        }
        for (int p = 0; p < a.cols; p++) {
            for (int j = 0; j < b.cols; j++) {
                double s = 0;
                for (int i = 0; i < a.rows; i++) {
                    s += a.data[i][p] * b.data[i][j];
                }
                c.data[p][j] += s;
            }
        }
    }

    /** C += A·Bᵀ, as C[i][p] += Σⱼ A[i][j]·B[p][j]. */
    public static void mulTransBAdd(Matrix a, Matrix b, Matrix c) {
        if (a.cols != b.cols || c.rows != a.rows || c.cols != b.rows) {
            throw Kernels.shapeError("NaiveKernels.mulTransBAdd", a, b, c);
        }
        for (int i = 0; i < a.rows; i++) {
            for (int p = 0; p < b.rows; p++) {
                double s = 0;
                for (int j = 0; j < a.cols; j++) {
                    s += a.data[i][j] * b.data[p][j];
                }
                c.data[i][p] += s;
            }
        }
    }
}
