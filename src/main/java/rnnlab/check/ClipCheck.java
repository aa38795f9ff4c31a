package rnnlab.check;

import static rnnlab.check.Mistake.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import rnnlab.core.Matrix;

/**
 * Checks for gradient clipping (homework 4, lecture p.35): by global norm and by value, on seeded gradients of
 * three matrices, with thresholds that clip and one that does not.
 */
public final class ClipCheck {
    private ClipCheck() {}

    /** Seed of the cases. */
    public static final long SEED = 14L;

    record Case(List<Matrix> grads, double threshold) {}

    /** Checks clipping by global norm: g ← g·threshold/‖g‖ when ‖g‖ > threshold; returns ‖g‖ before. */
    public static Verdict byNorm(GradientClipper clipper) {
        return run("Clipping by norm", clipper, true,
                List.of(CLIP_PER_MATRIX, CLIP_NORM_NOT_SQUARE_ROOTED, CLIP_ALWAYS_SCALED));
    }

    /** Checks clipping by value: every entry into [−threshold, threshold]; returns the largest |entry| before. */
    public static Verdict byValue(GradientClipper clipper) {
        return run("Clipping by value", clipper, false, List.of(CLIP_VALUE_ONE_SIDED, CLIP_VALUE_LOSES_SIGN));
    }

    private static Verdict run(String name, GradientClipper clipper, boolean norm, List<Mistake> mistakes) {
        var cases = new ArrayList<Diagnoser.Case<Case>>();
        double[] thresholds = norm ? new double[] {1.0, 3.0, 50.0} : new double[] {0.5, 1.5, 50.0};
        for (int k = 0; k < thresholds.length; k++) {
            var rng = new SplittableRandom(SEED + k);
            var grads = List.of(Ops.random(2, 3, 2, rng), Ops.random(3, 3, 2, rng), Ops.random(1, 3, 2, rng));
            double sq = 0, max = 0;
            for (Matrix g : grads) {
                sq += g.sumOfSquares();
                max = Math.max(max, g.maxAbs());
            }
            cases.add(new Diagnoser.Case<>(String.format(Locale.ROOT,
                    "case %d of 3: three gradient matrices (2×3, 3×3, 1×3), global norm %.3f, largest |entry| %.3f, threshold %s",
                    k + 1, Math.sqrt(sq), max, Diagnoser.num(thresholds[k])), new Case(grads, thresholds[k])));
        }
        return new Diagnoser(name, "the clipped gradients and the returned size")
                .referenceNote("reference, as rnnlab.train.Clipping computes it")
                .locator((q, v, r, c) -> q.startsWith("returned") ? "the value your function returned" : "row " + r + ", column " + c)
                .check(cases, c -> {
                            var g = copies(c.grads());
                            return result(clipper.clip(g, c.threshold()), g);
                        },
                        (c, m) -> {
                            var g = copies(c.grads());
                            double size = norm ? ClipMath.byNorm(g, c.threshold(), m) : ClipMath.byValue(g, c.threshold(), m);
                            return result(size, g);
                        }, mistakes);
    }

    private static Map<String, Matrix> result(double size, List<Matrix> clipped) {
        var m = new LinkedHashMap<String, Matrix>();
        m.put("returned size (before clipping)", Matrix.row(size));
        for (int k = 0; k < clipped.size(); k++) {
            m.put("gradient matrix " + (k + 1) + " after clipping", clipped.get(k));
        }
        return m;
    }

    private static List<Matrix> copies(List<Matrix> ms) {
        var r = new ArrayList<Matrix>();
        for (Matrix m : ms) {
            r.add(m.copy());
        }
        return r;
    }
}
