package rnnlab.check;

import java.util.List;
import java.util.function.Supplier;

import rnnlab.core.Matrix;

/** Centred differences for the checks' own trust line ("the numeric gradient agrees with the reference to …"). */
final class Numeric {
    private Numeric() {}

    static final double EPS = 1e-5;

    /** max over all entries of |a − n| / max(|a| + |n|, 1e-8), perturbing each tensor in place and restoring it. */
    static double maxRelError(Supplier<Double> loss, List<Matrix> tensors, List<Matrix> analytic) {
        double worst = 0;
        for (int k = 0; k < tensors.size(); k++) {
            Matrix p = tensors.get(k), a = analytic.get(k);
            for (int i = 0; i < p.rows; i++) {
                for (int j = 0; j < p.cols; j++) {
                    double keep = p.data[i][j];
                    p.data[i][j] = keep + EPS;
                    double up = loss.get();
                    p.data[i][j] = keep - EPS;
                    double down = loss.get();
                    p.data[i][j] = keep;
                    double n = (up - down) / (2 * EPS), an = a.data[i][j];
                    worst = Math.max(worst, Math.abs(an - n) / Math.max(Math.abs(an) + Math.abs(n), 1e-8));
                }
            }
        }
        return worst;
    }
}
