package rnnlab.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import rnnlab.core.Matrix;

/**
 * The engine behind every check: runs the student's code and the reference on the same seeded cases, compares
 * every named quantity, and when something differs builds ONE block that says which quantity, where (gate, unit,
 * sentence, time step), expected versus got, which other quantities are wrong, and the most likely cause.
 *
 * <p>The cause is found by comparison with known-wrong variants of the reference: a catalogued {@link Mistake}
 * whose results match the student's on every case (within {@link #TOLERANCE}) is named; if none matches, the
 * block says so and points at the first wrong quantity's equation.
 */
final class Diagnoser {
    /** Two numbers agree when |a − b| ≤ TOLERANCE·max(1, |a|, |b|). */
    static final double TOLERANCE = 1e-7;

    /** One seeded case: a description for the block and whatever the computations need. */
    record Case<I>(String description, I input) {}

    /** Results of one computation on one case: named quantities in the order they are computed. */
    interface Computation<I> {
        Map<String, Matrix> run(I input) throws Exception;
    }

    /** The reference with an optional catalogued mistake (null = correct). */
    interface Reference<I> {
        Map<String, Matrix> run(I input, Mistake mistake);
    }

    /** Names an entry of a quantity: "unit 2 of sentence 1", "forget gate, unit 0, sentence 2", "row 1, column 3". */
    interface Locator {
        String where(String quantity, Matrix value, int row, int col);
    }

    static final Locator ROWS_COLS = (q, v, r, c) -> "row " + r + ", column " + c;

    private final String name;
    private final String what;
    private Locator locator = ROWS_COLS;
    private final Map<String, String> explain = new LinkedHashMap<>();
    private String referenceNote = "reference cell";
    private String[] blockNames;

    /** Quantities with a multiple of blockNames.length columns are read as side-by-side blocks (the LSTM's gates). */
    Diagnoser blocks(String... names) {
        this.blockNames = names;
        return this;
    }

    Diagnoser(String name, String what) {
        this.name = name;
        this.what = what;
    }

    Diagnoser locator(Locator l) {
        this.locator = l;
        return this;
    }

    /** What a quantity is, shown in the headline ("the forget gate f = σ(zf)"). */
    Diagnoser explain(String quantity, String meaning) {
        explain.put(quantity, meaning);
        return this;
    }

    /** Where the expected values come from, e.g. "reference; the numeric gradient agrees to 3e-10". */
    Diagnoser referenceNote(String note) {
        this.referenceNote = note;
        return this;
    }

    <I> Verdict check(List<Case<I>> cases, Computation<I> student, Reference<I> reference, List<Mistake> candidates) {
        List<Map<String, Matrix>> got = new ArrayList<>(), expected = new ArrayList<>();
        for (Case<I> c : cases) {
            Map<String, Matrix> e = reference.run(c.input(), null);
            Map<String, Matrix> g;
            try {
                g = student.run(c.input());
            } catch (UnsupportedOperationException ex) {
                return Verdict.fail(name, "✘ " + name + ": not implemented yet\n"
                        + "   your code threw UnsupportedOperationException" + (ex.getMessage() == null ? "" : " (" + ex.getMessage() + ")")
                        + "\n   write your solution where it says YOUR CODE HERE, then run this cell again", null, null);
            } catch (Exception | StackOverflowError ex) {
                return Verdict.fail(name, "✘ " + name + ": your code threw " + ex.getClass().getSimpleName()
                        + (ex.getMessage() == null ? "" : ": " + ex.getMessage()) + "\n   in " + c.description()
                        + firstStudentFrame(ex), null, null);
            }
            if (g == null) {
                return Verdict.fail(name, "✘ " + name + ": your code returned null (" + c.description() + ")", null, null);
            }
            for (var q : e.entrySet()) {
                Matrix m = g.get(q.getKey());
                if (m == null) {
                    return Verdict.fail(name, "✘ " + name + ": " + q.getKey() + " is missing (null) in your result\n   in "
                            + c.description(), q.getKey(), null);
                }
                if (m.rows != q.getValue().rows || m.cols != q.getValue().cols) {
                    return Verdict.fail(name, "✘ " + name + ": " + q.getKey() + " has shape " + m.shape()
                            + ", expected " + q.getValue().shape() + "\n   in " + c.description(), q.getKey(), null);
                }
            }
            got.add(g);
            expected.add(e);
        }
        // the first case and quantity that differ
        for (int k = 0; k < cases.size(); k++) {
            for (String q : expected.get(k).keySet()) {
                int[] worst = worst(expected.get(k).get(q), got.get(k).get(q));
                if (worst != null) {
                    Mistake cause = cause(cases, got, reference, candidates, null);
                    if (cause == null) {
                        cause = cause(cases, got, reference, candidates, q);   // matches on the first wrong quantity
                    }
                    return Verdict.fail(name, block(cases.get(k), q, worst, expected.get(k), got.get(k), cause), q, cause);
                }
            }
        }
        return Verdict.pass(name, what + " match the " + referenceNote.split(";")[0] + " on " + cases.size()
                + " seeded cases");
    }

    private <I> Mistake cause(List<Case<I>> cases, List<Map<String, Matrix>> got, Reference<I> reference,
                              List<Mistake> candidates, String only) {
        for (Mistake m : candidates) {
            boolean all = true, differsFromCorrect = false;
            for (int k = 0; k < cases.size() && all; k++) {
                Map<String, Matrix> v = reference.run(cases.get(k).input(), m);
                Map<String, Matrix> right = reference.run(cases.get(k).input(), null);
                for (var q : v.entrySet()) {
                    if (only != null && !only.equals(q.getKey())) {
                        continue;
                    }
                    if (worst(q.getValue(), got.get(k).get(q.getKey())) != null) {
                        all = false;
                        break;
                    }
                    if (worst(q.getValue(), right.get(q.getKey())) != null) {
                        differsFromCorrect = true;
                    }
                }
            }
            if (all && differsFromCorrect) {
                return m;
            }
        }
        return null;
    }

    private <I> String block(Case<I> c, String q, int[] at, Map<String, Matrix> expected, Map<String, Matrix> got,
                             Mistake cause) {
        var wrong = new ArrayList<String>();
        var right = new ArrayList<String>();
        for (String k : expected.keySet()) {
            if (worst(expected.get(k), got.get(k)) == null) {
                right.add(k);
            } else {
                wrong.add(k + wrongBlocks(expected.get(k), got.get(k)));
            }
        }
        double e = expected.get(q).data[at[0]][at[1]], g = got.get(q).data[at[0]][at[1]];
        var sb = new StringBuilder();
        sb.append("✘ ").append(name).append(": ").append(explain.getOrDefault(q, q)).append(" is wrong\n");
        sb.append(line("where", q + " — " + locator.where(q, expected.get(q), at[0], at[1])));
        sb.append(line("case", c.description()));
        sb.append(line("expected", num(e) + "   (" + referenceNote + ")"));
        sb.append(line("got", num(g)));
        sb.append(line("wrong", byTimeStep(wrong, expected.keySet())));
        if (!right.isEmpty()) {
            sb.append(line("right", byTimeStep(right, expected.keySet())));
        }
        if (cause != null) {
            sb.append(line("likely", cause.title + "   [" + cause.name() + "]"));
            sb.append(line("fix", cause.fix));
        } else {
            sb.append(line("likely", "no mistake in the catalogue matches all your numbers; start from the first "
                    + "wrong quantity (" + q + ") and compare your formula with the equation above the exercise"));
        }
        return sb.toString().stripTrailing();
    }

    /**
     * "g(z), memory c at t=1; everything at t=2, t=3" instead of one long list, when the quantities carry
     * " at time step t=K" (sequence cases); otherwise the names joined.
     */
    static String byTimeStep(List<String> names, java.util.Collection<String> all) {
        String mark = " at time step t=";
        if (names.stream().noneMatch(n -> n.contains(mark))) {
            return String.join(", ", names);
        }
        var groups = new LinkedHashMap<String, List<String>>();
        var sizes = new LinkedHashMap<String, Integer>();
        for (String n : all) {
            int i = n.indexOf(mark);
            sizes.merge(i < 0 ? "" : n.substring(i + mark.length()), 1, Integer::sum);
        }
        for (String n : names) {
            int i = n.indexOf(mark);
            String t = i < 0 ? "" : n.substring(i + mark.length());
            groups.computeIfAbsent(t, k -> new ArrayList<>()).add(i < 0 ? n : n.substring(0, i));
        }
        var parts = new ArrayList<String>();
        var everything = new ArrayList<String>();
        for (var g : groups.entrySet()) {
            if (g.getValue().size() == sizes.getOrDefault(g.getKey(), -1) && !g.getKey().isEmpty()) {
                everything.add("t=" + g.getKey());
            } else {
                parts.add(String.join(", ", g.getValue()) + (g.getKey().isEmpty() ? "" : " at t=" + g.getKey()));
            }
        }
        if (!everything.isEmpty()) {
            parts.add("everything at " + String.join(", ", everything));
        }
        return String.join("; ", parts);
    }

    /** " (forget gate zf block only)" when the quantity is made of gate blocks and only some are wrong. */
    private String wrongBlocks(Matrix e, Matrix g) {
        int n = blockNames == null ? 0 : blockNames.length;
        if (n == 0 || e.cols % n != 0 || e.cols < n) {
            return "";
        }
        int w = e.cols / n;
        var bad = new ArrayList<String>();
        for (int k = 0; k < n; k++) {
            Matrix eb = new Matrix(e.rows, w), gb = new Matrix(e.rows, w);
            for (int r = 0; r < e.rows; r++) {
                System.arraycopy(e.data[r], k * w, eb.data[r], 0, w);
                System.arraycopy(g.data[r], k * w, gb.data[r], 0, w);
            }
            if (worst(eb, gb) != null) {
                bad.add(blockNames[k]);
            }
        }
        return bad.size() == n ? " (all four blocks)" : " (" + String.join(", ", bad) + " block" + (bad.size() > 1 ? "s" : "") + " only)";
    }

    private static String line(String label, String text) {
        return String.format(Locale.ROOT, "   %-9s %s%n", label, text);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** Index of the entry with the largest disagreement beyond the tolerance, or null when all agree. */
    static int[] worst(Matrix e, Matrix g) {
        if (g == null || e.rows != g.rows || e.cols != g.cols) {
            return new int[] {0, 0};
        }
        int[] best = null;
        double bestScore = 0;
        for (int r = 0; r < e.rows; r++) {
            for (int c = 0; c < e.cols; c++) {
                double a = e.data[r][c], b = g.data[r][c];
                double score = Math.abs(a - b) / Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
                if (!(score <= TOLERANCE) && (best == null || score > bestScore || Double.isNaN(score))) {
                    best = new int[] {r, c};
                    bestScore = Double.isNaN(score) ? Double.POSITIVE_INFINITY : score;
                }
            }
        }
        return best;
    }

    private static String firstStudentFrame(Throwable ex) {
        for (StackTraceElement f : ex.getStackTrace()) {
            if (!f.getClassName().startsWith("rnnlab.") && !f.getClassName().startsWith("java.")
                    && !f.getClassName().startsWith("jdk.")) {
                return "\n   at " + f;
            }
        }
        return "";
    }
}
