package rnnlab.train;

import java.util.Locale;

import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * Gradient clipping, the cure for the "cliffs" of an RNN's error surface (lecture Part II p.35, Pascanu et al.
 * 2013: "clip the gradient, e.g. at 15"). Applied after backward and before the optimiser step.
 * <pre>
 *   NORM   ‖g‖ = √(Σ over all parameters g²);  if ‖g‖ &gt; c:  g ← g · c/‖g‖     (direction kept)
 *   VALUE  g ← min(max(g, −c), c)  element by element                           (direction may change)
 *   NONE   g unchanged
 * </pre>
 * Every variant returns the global norm ‖g‖ measured BEFORE clipping, so a training loop can log it and notice
 * a non-finite gradient.
 *
 * @param mode      how to clip
 * @param threshold c &gt; 0 (ignored, and reported as 0, for NONE)
 */
public record Clipping(Mode mode, double threshold) {
    /** How gradients are clipped. */
    public enum Mode { NONE, NORM, VALUE }

    /** No clipping. */
    public static final Clipping NONE = new Clipping(Mode.NONE, 0);

    public Clipping {
        if (mode == null) {
            throw new IllegalArgumentException("Clipping: mode must not be null; use Clipping.NONE for no clipping");
        }
        if (mode == Mode.NONE) {
            threshold = 0;
        } else if (!(threshold > 0) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("Clipping: threshold must be a positive finite number, got "
                    + threshold + " (use Clipping.NONE for no clipping)");
        }
    }

    /** Clip by global norm at {@code c} (the lecture's 15 is a common choice; 5 is the library default). */
    public static Clipping norm(double c) {
        return new Clipping(Mode.NORM, c);
    }

    /** Clip every gradient element into [−c, c]. */
    public static Clipping value(double c) {
        return new Clipping(Mode.VALUE, c);
    }

    /** Parses "none", "5" (= norm 5), "norm:5" or "value:1". */
    public static Clipping parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.equals("none") || t.equals("0")) {
                return NONE;
            }
            if (t.startsWith("norm:")) {
                return norm(Double.parseDouble(t.substring(5)));
            }
            if (t.startsWith("value:")) {
                return value(Double.parseDouble(t.substring(6)));
            }
            return norm(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot read clipping '" + s
                    + "'; write none, a number (clip the global norm), norm:X or value:X");
        }
    }

    /** Clips the gradients of {@code params} in place; returns the global gradient norm before clipping. */
    public double apply(Params params) {
        return switch (mode) {
            case NONE -> params.gradNorm();
            case NORM -> byGlobalNorm(params, threshold);
            case VALUE -> byValue(params, threshold);
        };
    }

    /**
     * Scales all gradients by c/‖g‖ if their global norm ‖g‖ exceeds {@code maxNorm}; returns ‖g‖ before clipping.
     * A non-finite norm is returned as it is and nothing is changed.
     */
    public static double byGlobalNorm(Params params, double maxNorm) {
        double norm = params.gradNorm();
        if (Double.isFinite(norm) && norm > maxNorm) {
            double scale = maxNorm / norm;                 // g ← g·c/‖g‖
            for (Param p : params) {
                for (int i = 0; i < p.rowsInUse(); i++) {    // a sparse-row table: its marked rows only
                    double[] row = p.grad.data[p.rowInUse(i)];
                    for (int c = 0; c < row.length; c++) {
                        row[c] *= scale;
                    }
                }
            }
        }
        return norm;
    }

    /** Clips every gradient element into [−c, c]; returns the global norm before clipping. */
    public static double byValue(Params params, double c) {
        double norm = params.gradNorm();
        for (Param p : params) {
            for (int r = 0; r < p.rowsInUse(); r++) {          // a sparse-row table: its marked rows only
                double[] row = p.grad.data[p.rowInUse(r)];
                for (int i = 0; i < row.length; i++) {
                    row[i] = Math.max(-c, Math.min(c, row[i]));   // g ← clamp(g, −c, c)
                }
            }
        }
        return norm;
    }

    @Override
    public String toString() {
        return mode == Mode.NONE ? "Clipping(NONE)" : "Clipping(" + mode + ", threshold=" + threshold + ")";
    }
}
