package rnnlab.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

/**
 * Comparing vectors of sequences (lecture Part II p.52–59: auto-encoder vectors, their neighbours and a 2-D
 * picture of them).
 * <pre>
 *   cos(a, b) = a·b / (‖a‖ ‖b‖)
 *   PCA: the 2 directions of largest variance of the centred rows (power iteration with deflation, seeded)
 * </pre>
 */
public final class Vectors {
    private Vectors() {}

    /** Cosine similarity; 0 if either vector is zero. */
    public static double cosine(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("Vectors.cosine: lengths differ (" + a.length + " vs " + b.length + ")");
        }
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /** a − b. */
    public static double[] minus(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("Vectors.minus: lengths differ (" + a.length + " vs " + b.length + ")");
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /** Indices of the {@code k} rows most cosine-similar to row {@code query} (itself excluded), most similar first. */
    public static int[] nearest(double[][] rows, int query, int k) {
        if (query < 0 || query >= rows.length) {
            throw new IllegalArgumentException("Vectors.nearest: query " + query + " is not a row index 0 … "
                    + (rows.length - 1));
        }
        Integer[] idx = new Integer[rows.length];
        double[] sim = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            idx[i] = i;
            sim[i] = i == query ? Double.NEGATIVE_INFINITY : cosine(rows[query], rows[i]);
        }
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -sim[i]).thenComparingInt(i -> i));
        int n = Math.min(k, rows.length - 1);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /**
     * Projects the rows on their first {@code dims} principal components: an n×dims array (row i = coordinates of
     * vector i). Each component's sign is fixed so that its largest-magnitude entry is positive (same input, same
     * picture).
     */
    public static double[][] pca(double[][] rows, int dims) {
        int n = rows.length;
        if (n < 2) {
            throw new IllegalArgumentException("Vectors.pca: need at least 2 vectors, got " + n);
        }
        int d = rows[0].length;
        if (dims < 1 || dims > d) {
            throw new IllegalArgumentException("Vectors.pca: dims must be 1 … " + d + ", got " + dims);
        }
        double[] mean = new double[d];
        for (double[] r : rows) {
            if (r.length != d) {
                throw new IllegalArgumentException("Vectors.pca: rows have different lengths (" + d + " and "
                        + r.length + ")");
            }
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / n;
            }
        }
        double[][] cov = new double[d][d];
        for (double[] r : rows) {
            for (int i = 0; i < d; i++) {
                double a = r[i] - mean[i];
                for (int j = 0; j < d; j++) {
                    cov[i][j] += a * (r[j] - mean[j]) / (n - 1);
                }
            }
        }
        double[][] comps = new double[dims][];
        SplittableRandom rng = new SplittableRandom(42);
        for (int c = 0; c < dims; c++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = rng.nextDouble() - 0.5;
            }
            double lambda = 0;
            for (int it = 0; it < 1000; it++) {
                double[] w = new double[d];
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        w[i] += cov[i][j] * v[j];
                    }
                }
                double norm = Math.sqrt(dot(w, w));
                if (norm == 0) {
                    break;
                }
                for (int j = 0; j < d; j++) {
                    w[j] /= norm;
                }
                double change = 1 - Math.abs(dot(w, v));
                v = w;
                lambda = norm;
                if (change < 1e-15) {
                    break;
                }
            }
            int big = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(v[j]) > Math.abs(v[big])) {
                    big = j;
                }
            }
            if (v[big] < 0) {
                for (int j = 0; j < d; j++) {
                    v[j] = -v[j];
                }
            }
            comps[c] = v;
            for (int i = 0; i < d; i++) {                     // deflate: cov −= λ v vᵀ
                for (int j = 0; j < d; j++) {
                    cov[i][j] -= lambda * v[i] * v[j];
                }
            }
        }
        double[][] out = new double[n][dims];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < dims; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += (rows[r][j] - mean[j]) * comps[c][j];
                }
                out[r][c] = s;
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
