package rnnlab.check;

import java.util.SplittableRandom;

import rnnlab.core.Matrix;

/** Small allocating matrix operations for the reference computations of the checks: readable, not fast. */
final class Ops {
    private Ops() {}

    /** a·b */
    static Matrix mul(Matrix a, Matrix b) {
        Matrix r = new Matrix(a.rows, b.cols);
        for (int i = 0; i < a.rows; i++) {
            for (int k = 0; k < a.cols; k++) {
                double v = a.data[i][k];
                for (int j = 0; j < b.cols; j++) {
                    r.data[i][j] += v * b.data[k][j];
                }
            }
        }
        return r;
    }

    static Matrix t(Matrix a) {
        Matrix r = new Matrix(a.cols, a.rows);
        for (int i = 0; i < a.rows; i++) {
            for (int j = 0; j < a.cols; j++) {
                r.data[j][i] = a.data[i][j];
            }
        }
        return r;
    }

    /**
     * Stores one step's gradient {@code step} into the buffer {@code sum}: added (BPTT sums over time), or copied
     * over it when {@code overwrite} (the mistake of forgetting the sum).
     */
    static void addGradient(Matrix sum, Matrix step, boolean overwrite) {
        sum.copyFrom(overwrite ? step : add(sum, step));
    }

    /** a + b, where b may be a 1×n row added to every row of a. */
    static Matrix add(Matrix a, Matrix b) {
        Matrix r = a.copy();
        for (int i = 0; i < a.rows; i++) {
            for (int j = 0; j < a.cols; j++) {
                r.data[i][j] += b.data[b.rows == 1 ? 0 : i][j];
            }
        }
        return r;
    }

    /** a ⊙ b */
    static Matrix times(Matrix a, Matrix b) {
        Matrix r = new Matrix(a.rows, a.cols);
        for (int i = 0; i < a.rows; i++) {
            for (int j = 0; j < a.cols; j++) {
                r.data[i][j] = a.data[i][j] * b.data[i][j];
            }
        }
        return r;
    }

    static Matrix map(Matrix a, java.util.function.DoubleUnaryOperator f) {
        Matrix r = new Matrix(a.rows, a.cols);
        for (int i = 0; i < a.rows; i++) {
            for (int j = 0; j < a.cols; j++) {
                r.data[i][j] = f.applyAsDouble(a.data[i][j]);
            }
        }
        return r;
    }

    /** Σ over rows: 1×n. */
    static Matrix sumRows(Matrix a) {
        Matrix r = new Matrix(1, a.cols);
        for (double[] row : a.data) {
            for (int j = 0; j < a.cols; j++) {
                r.data[0][j] += row[j];
            }
        }
        return r;
    }

    /** Columns [from, from+n) of a. */
    static Matrix cols(Matrix a, int from, int n) {
        Matrix r = new Matrix(a.rows, n);
        for (int i = 0; i < a.rows; i++) {
            System.arraycopy(a.data[i], from, r.data[i], 0, n);
        }
        return r;
    }

    /** [a | b | c | d] side by side. */
    static Matrix concat(Matrix... parts) {
        int cols = 0;
        for (Matrix p : parts) {
            cols += p.cols;
        }
        Matrix r = new Matrix(parts[0].rows, cols);
        int at = 0;
        for (Matrix p : parts) {
            for (int i = 0; i < p.rows; i++) {
                System.arraycopy(p.data[i], 0, r.data[i], at, p.cols);
            }
            at += p.cols;
        }
        return r;
    }

    static Matrix scalar(double v) {
        return Matrix.row(v);
    }

    /** A seeded matrix with entries uniform in (−scale, scale). */
    static Matrix random(int rows, int cols, double scale, SplittableRandom rng) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.data[i][j] = scale * (2 * rng.nextDouble() - 1);
            }
        }
        return m;
    }

    static Matrix[] copies(Matrix[] ms) {
        Matrix[] r = new Matrix[ms.length];
        for (int i = 0; i < ms.length; i++) {
            r[i] = ms[i].copy();
        }
        return r;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
