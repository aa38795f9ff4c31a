package rnnlab.check;

import static rnnlab.check.Mistake.*;

import java.util.List;

import rnnlab.core.Matrix;

/** Clipping by global norm and by value, with the catalogued wrong variants (tested equal to rnnlab.train.Clipping). */
final class ClipMath {
    private ClipMath() {}

    static double byNorm(List<Matrix> grads, double c, Mistake m) {
        if (m == CLIP_PER_MATRIX) {
            double first = 0;
            for (int k = 0; k < grads.size(); k++) {
                double n = Math.sqrt(grads.get(k).sumOfSquares());
                if (k == 0) {
                    first = n;
                }
                if (n > c) {
                    scale(grads.get(k), c / n);
                }
            }
            return first;
        }
        double sq = 0;
        for (Matrix g : grads) {
            sq += g.sumOfSquares();
        }
        double norm = m == CLIP_NORM_NOT_SQUARE_ROOTED ? sq : Math.sqrt(sq);
        if (norm > c || m == CLIP_ALWAYS_SCALED) {
            for (Matrix g : grads) {
                scale(g, c / norm);
            }
        }
        return norm;
    }

    static double byValue(List<Matrix> grads, double c, Mistake m) {
        double max = 0;
        for (Matrix g : grads) {
            for (double[] row : g.data) {
                for (int j = 0; j < row.length; j++) {
                    max = Math.max(max, Math.abs(row[j]));
                    if (m == CLIP_VALUE_ONE_SIDED) {
                        row[j] = Math.min(c, row[j]);
                    } else if (m == CLIP_VALUE_LOSES_SIGN) {
                        row[j] = Math.abs(row[j]) > c ? c : row[j];
                    } else {
                        row[j] = Math.max(-c, Math.min(c, row[j]));
                    }
                }
            }
        }
        return max;
    }

    private static void scale(Matrix g, double s) {
        for (double[] row : g.data) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= s;
            }
        }
    }
}
