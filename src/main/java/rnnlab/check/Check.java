package rnnlab.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import rnnlab.core.Fmt;
import rnnlab.core.Matrix;

/**
 * One-line checks for notebook cells, instead of hand-written {@code if (…) throw new AssertionError(…)} blocks.
 * Each check returns a {@link Verdict} that shows as one line when right, and throws {@link CheckFailed} with an
 * explanation when wrong (so a notebook run by the test suite fails there):
 * <pre>
 *   Check.close("memory after step 3", 7, y[3].get(0, 0), 1e-3)
 *       ✔ memory after step 3: 6.9995 (expected 7 ± 0.001)
 *       ✘ memory after step 3: expected 7 ± 0.001, got 6.2 (off by 0.8)            ← thrown, the cell fails
 *
 *   Check.all(                                                   // several checks, one line each
 *       Check.close("h after step 1", new double[] {2, 2}, h1, 1e-12),
 *       Check.atLeast("dev chunk F1", 0.9, tagger.evaluate(dev).f1()),
 *       Check.equal("predicted slots", List.of("O", "B-dest"), tags))
 * </pre>
 * Tolerances are absolute: |expected − actual| ≤ tol for every entry; NaN never passes. The checks print nothing
 * (the notebook shows the returned verdict); {@link ElmanCheck}, {@link LstmCheck}, … check whole student functions.
 */
public final class Check {
    private Check() {}

    /** A number: |expected − actual| ≤ tol. */
    public static Verdict close(String what, double expected, double actual, double tol) {
        checkTol(what, tol);
        double off = Math.abs(expected - actual);
        if (off <= tol) {
            return Verdict.pass(what, Fmt.num(actual) + " (expected " + Fmt.num(expected) + " ± " + Fmt.num(tol)
                    + ")");
        }
        return fail(what, "✘ " + what + ": expected " + Fmt.num(expected) + " ± " + Fmt.num(tol) + ", got "
                + Fmt.num(actual) + (Double.isNaN(off) ? "" : " (off by " + Fmt.num(off) + ")"));
    }

    /** A vector, entry by entry. */
    public static Verdict close(String what, double[] expected, double[] actual, double tol) {
        return close(what, new double[][] {expected}, new double[][] {actual}, tol, true);
    }

    /** A matrix (e.g. a B×H state), entry by entry. */
    public static Verdict close(String what, Matrix expected, Matrix actual, double tol) {
        return close(what, expected.data, actual.data, tol, false);
    }

    /** A matrix given as rows, e.g. {@code new double[][] {{2, 2}}}, against a {@link Matrix}. */
    public static Verdict close(String what, double[][] expected, Matrix actual, double tol) {
        return close(what, expected, actual.data, tol, false);
    }

    /** A single-row vector against a 1×n {@link Matrix} (a state of batch size 1). */
    public static Verdict close(String what, double[] expected, Matrix actual, double tol) {
        if (actual.rows != 1) {
            return fail(what, "✘ " + what + ": expected one row of " + expected.length + " values, got a "
                    + actual.rows + "×" + actual.cols + " matrix");
        }
        return close(what, new double[][] {expected}, actual.data, tol, true);
    }

    private static Verdict close(String what, double[][] expected, double[][] actual, double tol, boolean vector) {
        checkTol(what, tol);
        String shapeE = shape(expected, vector), shapeA = shape(actual, vector);
        if (!shapeE.equals(shapeA)) {
            return fail(what, "✘ " + what + ": expected " + shapeE + ", got " + shapeA);
        }
        int wrong = 0, total = 0, fr = -1, fc = -1;
        double worst = 0;
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                total++;
                double off = Math.abs(expected[r][c] - actual[r][c]);
                if (!(off <= tol)) {
                    wrong++;
                    if (fr < 0) {
                        fr = r;
                        fc = c;
                    }
                }
                worst = Double.isNaN(off) || off > worst ? off : worst;
            }
        }
        if (wrong == 0) {
            return Verdict.pass(what, total + (total == 1 ? " value" : " values") + " within " + Fmt.num(tol)
                    + " (largest difference " + Fmt.num(worst) + ")" + (total <= 8 ? ": " + show(actual, vector)
                    : ""));
        }
        String at = vector ? "[" + fc + "]" : "[" + fr + ", " + fc + "]";
        StringBuilder sb = new StringBuilder("✘ ").append(what).append(": ").append(wrong).append(" of ")
                .append(total).append(total == 1 ? " value differs" : " values differ").append(" by more than ")
                .append(Fmt.num(tol)).append("; first at ").append(at).append(": expected ")
                .append(Fmt.num(expected[fr][fc])).append(", got ").append(Fmt.num(actual[fr][fc]));
        if (total <= 24) {
            sb.append("\n  expected ").append(show(expected, vector)).append("\n  got      ")
                    .append(show(actual, vector));
        }
        return fail(what, sb.toString());
    }

    /** Equal values (numbers of the same type, strings, lists, …) by {@link Object#equals}. */
    public static Verdict equal(String what, Object expected, Object actual) {
        if (Objects.equals(expected, actual)) {
            return Verdict.pass(what, String.valueOf(actual));
        }
        return fail(what, "✘ " + what + ": expected " + expected + ", got " + actual);
    }

    /** At least {@code min} (e.g. an F1 or an accuracy reached by training). */
    public static Verdict atLeast(String what, double min, double actual) {
        if (actual >= min) {
            return Verdict.pass(what, Fmt.num(actual) + " (at least " + Fmt.num(min) + ")");
        }
        return fail(what, "✘ " + what + ": expected at least " + Fmt.num(min) + ", got " + Fmt.num(actual));
    }

    /** At most {@code max} (e.g. a loss, a gradient-check error). */
    public static Verdict atMost(String what, double max, double actual) {
        if (actual <= max) {
            return Verdict.pass(what, Fmt.num(actual) + " (at most " + Fmt.num(max) + ")");
        }
        return fail(what, "✘ " + what + ": expected at most " + Fmt.num(max) + ", got " + Fmt.num(actual));
    }

    /**
     * Any claim: {@code condition} must hold. {@code explanation} says what was expected and is shown either way,
     * e.g. {@code Check.that("the loss went down", last < first, "first " + first + ", last " + last)}.
     */
    public static Verdict that(String what, boolean condition, String explanation) {
        if (condition) {
            return Verdict.pass(what, explanation);
        }
        return fail(what, "✘ " + what + ": not true — " + explanation);
    }

    /** Several checks made above, shown one line each (any failing one has already thrown). */
    public static Verdict all(Verdict... verdicts) {
        List<String> lines = new ArrayList<>();
        for (Verdict v : verdicts) {
            v.require();
            lines.add(v.text());
        }
        return new Verdict(verdicts.length + " checks", true, String.join("\n", lines), java.util.Optional.empty(),
                java.util.Optional.empty());
    }

    private static Verdict fail(String what, String block) {
        return Verdict.fail(what, block, what, null).require();
    }

    private static void checkTol(String what, double tol) {
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("Check " + what + ": the tolerance must be finite and ≥ 0, got " + tol);
        }
    }

    private static String shape(double[][] m, boolean vector) {
        if (vector) {
            return m[0].length + (m[0].length == 1 ? " value" : " values");
        }
        return m.length + "×" + (m.length == 0 ? 0 : m[0].length) + " values";
    }

    private static String show(double[][] m, boolean vector) {
        StringBuilder sb = new StringBuilder(vector ? "" : "[");
        for (int r = 0; r < m.length; r++) {
            sb.append(r > 0 ? ", " : "").append('[');
            for (int c = 0; c < m[r].length; c++) {
                sb.append(c > 0 ? ", " : "").append(Fmt.num(m[r][c]));
            }
            sb.append(']');
        }
        return sb.append(vector ? "" : "]").toString();
    }
}
