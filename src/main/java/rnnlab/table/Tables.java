package rnnlab.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rnnlab.cells.LSTM;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Matrix;
import rnnlab.train.EpochStats;
import rnnlab.train.History;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Tablesaw tables for step-by-step traces, training histories and gradient-check reports.
 *
 * <p>Plain-data builders take named {@code double[]} columns (one entry per step or epoch) and row labels; the
 * overloads taking {@link LSTM.Tape} and {@link GradCheckReport} read those library objects. Every double column
 * prints with {@link #DIGITS} significant digits; NaN is a missing value and prints empty.
 *
 * <pre>
 *   Table t = Tables.lstmCellTrace(List.of("(3,1,0)", "(4,1,0)"), z, i, f, o, c, y);  // the lecture's table
 *   Table h = Tables.history(trainLoss, devLoss, Map.of("dev F1", devF1));
 * </pre>
 */
public final class Tables {
    private Tables() {}

    /** Significant digits printed for double columns. */
    public static final int DIGITS = 5;

    // ------------------------------------------------------------------------------------------ traces

    /**
     * A step-by-step trace: column "step" (1..T), column "input" (when {@code inputs} is given), then one double
     * column per entry of {@code columns}, in map order.
     *
     * @param inputs  T labels (tokens, or inputs such as "(3,1,0)"), or null
     * @param columns name → T values; all the same length
     */
    public static Table trace(String name, List<String> inputs, Map<String, double[]> columns) {
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("a trace needs at least one column, e.g. Map.of(\"memory c\", c)");
        }
        int t = -1;
        String first = null;
        for (Map.Entry<String, double[]> e : columns.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("column '" + e.getKey() + "' is null");
            }
            if (t >= 0 && e.getValue().length != t) {
                throw new IllegalArgumentException("column '" + e.getKey() + "' has " + e.getValue().length
                    + " steps but '" + first + "' has " + t + ": every column needs one value per step");
            }
            if (t < 0) {
                t = e.getValue().length;
                first = e.getKey();
            }
        }
        if (inputs != null && inputs.size() != t) {
            throw new IllegalArgumentException("the trace has " + t + " steps but " + inputs.size()
                + " inputs: pass one input label per step");
        }
        Table table = Table.create(name == null ? "trace" : name);
        table.addColumns(IntColumn.indexColumn("step", t, 1));
        if (inputs != null) {
            table.addColumns(StringColumn.create("input", inputs));
        }
        for (Map.Entry<String, double[]> e : columns.entrySet()) {
            table.addColumns(doubles(e.getKey(), e.getValue()));
        }
        return table;
    }

    /**
     * The lecture's single-cell LSTM table (p.20-25): per step the input, cell input g(z), the three gates,
     * memory c and output y. Null arrays are left out.
     */
    public static Table lstmCellTrace(List<String> inputs, double[] cellInput, double[] inputGate,
                                      double[] forgetGate, double[] outputGate, double[] memory, double[] output) {
        Map<String, double[]> m = new LinkedHashMap<>();
        putIfPresent(m, "g(z)", cellInput);
        putIfPresent(m, "input gate", inputGate);
        putIfPresent(m, "forget gate", forgetGate);
        putIfPresent(m, "output gate", outputGate);
        putIfPresent(m, "memory c", memory);
        putIfPresent(m, "output y", output);
        return trace("LSTM cell, step by step", inputs, m);
    }

    /**
     * The single-cell trace of one unit of a library LSTM after a forward pass.
     *
     * @param tape     {@code lstm.tape()} after {@code forward}
     * @param batchRow which sequence of the batch
     * @param unit     which cell (0..H-1)
     * @param inputs   one label per step to show (its size sets how many steps: padding is left out), or null for
     *                 all steps
     */
    public static Table lstmCellTrace(LSTM.Tape tape, int batchRow, int unit, List<String> inputs) {
        int steps = inputs == null ? tape.steps() : inputs.size();
        if (steps > tape.steps()) {
            throw new IllegalArgumentException(inputs.size() + " inputs given but the tape has only " + tape.steps()
                + " steps");
        }
        double[][] cols = new double[6][steps];
        for (int t = 0; t < steps; t++) {
            cols[0][t] = entry(tape.cellInput(t), batchRow, unit);
            cols[1][t] = entry(tape.inputGate(t), batchRow, unit);
            cols[2][t] = entry(tape.forgetGate(t), batchRow, unit);
            cols[3][t] = entry(tape.outputGate(t), batchRow, unit);
            cols[4][t] = entry(tape.cell(t), batchRow, unit);
            cols[5][t] = entry(tape.hidden(t), batchRow, unit);
        }
        Table table = lstmCellTrace(inputs, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5]);
        return table.setName("LSTM cell " + unit + " (sequence " + batchRow + "), step by step");
    }

    /**
     * Vectors per step as rows (e.g. hidden states): columns "step", "token" (when given), then
     * {@code prefix[0]}, {@code prefix[1]}, ... one per unit.
     *
     * @param byStep {@code double[T][H]}, row t = step t+1
     */
    public static Table vectorsByStep(String name, List<String> tokens, double[][] byStep, String prefix) {
        if (byStep == null || byStep.length == 0) {
            throw new IllegalArgumentException("byStep is empty: expected double[T][H]");
        }
        int h = byStep[0].length;
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int u = 0; u < h; u++) {
            double[] col = new double[byStep.length];
            for (int t = 0; t < byStep.length; t++) {
                if (byStep[t].length != h) {
                    throw new IllegalArgumentException("byStep row " + t + " has " + byStep[t].length
                        + " values, row 0 has " + h + ": the matrix must be rectangular");
                }
                col[t] = byStep[t][u];
            }
            m.put(prefix + "[" + u + "]", col);
        }
        Table table = trace(name, tokens, m);
        if (tokens != null) {
            table.column("input").setName("token");
        }
        return table;
    }

    // ------------------------------------------------------------------------------------------ histories

    /**
     * A training history: "epoch" (1..n), "train loss", "dev loss" (if given) and one column per metric. Series may
     * differ in length (missing epochs print empty); NaN means not measured.
     */
    public static Table history(double[] trainLoss, double[] devLoss, Map<String, double[]> metrics) {
        Map<String, double[]> m = new LinkedHashMap<>();
        if (trainLoss != null) {
            m.put("train loss", trainLoss);
        }
        if (devLoss != null) {
            m.put("dev loss", devLoss);
        }
        if (metrics != null) {
            for (Map.Entry<String, double[]> e : metrics.entrySet()) {
                if (m.containsKey(e.getKey())) {
                    throw new IllegalArgumentException("metric name '" + e.getKey() + "' is used twice");
                }
                m.put(e.getKey(), e.getValue());
            }
        }
        if (m.isEmpty()) {
            throw new IllegalArgumentException("a history needs at least one series (train loss, dev loss or a metric)");
        }
        int n = 0;
        for (Map.Entry<String, double[]> e : m.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' is null");
            }
            n = Math.max(n, e.getValue().length);
        }
        Table table = Table.create("training history");
        table.addColumns(IntColumn.indexColumn("epoch", n, 1));
        for (Map.Entry<String, double[]> e : m.entrySet()) {
            double[] padded = new double[n];
            java.util.Arrays.fill(padded, Double.NaN);
            System.arraycopy(e.getValue(), 0, padded, 0, e.getValue().length);
            table.addColumns(doubles(e.getKey(), padded));
        }
        return table;
    }

    /**
     * A training run's history: epoch, train/dev loss, accuracy and F1, gradient norm, clipped fraction, learning
     * rate (columns never measured are left out).
     */
    public static Table history(History history) {
        if (history == null || history.size() == 0) {
            throw new IllegalArgumentException("the history has no finished epoch yet: train first");
        }
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("train accuracy", history.series(EpochStats::trainAccuracy));
        m.put("dev accuracy", history.series(EpochStats::devAccuracy));
        m.put("train F1", history.series(EpochStats::trainF1));
        m.put("dev F1", history.series(EpochStats::devF1));
        m.put("grad norm", history.series(EpochStats::gradNorm));
        m.put("clipped", history.series(EpochStats::clipped));
        m.put("learning rate", history.series(EpochStats::learningRate));
        m.values().removeIf(Tables::allNaN);
        double[] dev = history.series(EpochStats::devLoss);
        return history(history.series(EpochStats::trainLoss), allNaN(dev) ? null : dev, m);
    }

    private static boolean allNaN(double[] v) {
        for (double x : v) {
            if (!Double.isNaN(x)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------ gradient checks

    /**
     * A gradient-check report from plain data: per tensor its worst relative error, where it is, the analytic and
     * numeric values there, and "ok" or "FAIL" against {@code tolerance}.
     *
     * @param where e.g. "[2,0] t=3"; may be null
     */
    public static Table gradientCheck(String[] tensors, double[] maxRelError, String[] where, double[] analytic,
                                      double[] numeric, double tolerance) {
        int n = tensors == null ? -1 : tensors.length;
        requireLength(maxRelError, n, "maxRelError");
        requireLength(analytic, n, "analytic");
        requireLength(numeric, n, "numeric");
        if (where != null && where.length != n) {
            throw new IllegalArgumentException("where has " + where.length + " entries, expected " + n);
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
        }
        Table table = Table.create("gradient check (tolerance " + SignificantDigits.format(tolerance, 2) + ")");
        table.addColumns(StringColumn.create("tensor", tensors));
        table.addColumns(doubles("max rel. error", maxRelError));
        if (where != null) {
            table.addColumns(StringColumn.create("where", where));
        }
        table.addColumns(doubles("analytic", analytic), doubles("numeric", numeric));
        String[] status = new String[n];
        for (int i = 0; i < n; i++) {
            status[i] = maxRelError[i] <= tolerance ? "ok" : "FAIL";
        }
        table.addColumns(StringColumn.create("status", status));
        return table;
    }

    /** A library gradient-check report as a table (adds shape and probed count), judged against tolerance. */
    public static Table gradientCheck(GradCheckReport report, double tolerance) {
        List<GradCheckReport.Entry> es = report.entries();
        int n = es.size();
        String[] names = new String[n];
        String[] shapes = new String[n];
        int[] probed = new int[n];
        double[] err = new double[n];
        String[] where = new String[n];
        double[] analytic = new double[n];
        double[] numeric = new double[n];
        for (int i = 0; i < n; i++) {
            GradCheckReport.Entry e = es.get(i);
            names[i] = e.name();
            shapes[i] = e.shape();
            probed[i] = e.probed();
            err[i] = e.maxRelError();
            where[i] = e.where();
            analytic[i] = e.analytic();
            numeric[i] = e.numeric();
        }
        Table table = gradientCheck(names, err, where, analytic, numeric, tolerance);
        table.insertColumn(1, StringColumn.create("shape", shapes));
        table.insertColumn(2, IntColumn.create("probed", probed));
        return table;
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** A double column printing {@link #DIGITS} significant digits; NaN is missing. */
    static DoubleColumn doubles(String name, double[] values) {
        DoubleColumn c = DoubleColumn.create(name, values.clone());
        c.setPrintFormatter(new NumberColumnFormatter(new SignificantDigits(DIGITS), ""));
        return c;
    }

    private static double entry(Matrix m, int row, int col) {
        if (row < 0 || row >= m.rows || col < 0 || col >= m.cols) {
            throw new IllegalArgumentException("(" + row + ", " + col + ") is outside the tape's " + m.rows + "×"
                + m.cols + " matrices (batch rows × units)");
        }
        return m.data[row][col];
    }

    private static void putIfPresent(Map<String, double[]> m, String name, double[] v) {
        if (v != null) {
            m.put(name, v);
        }
    }

    private static void requireLength(double[] v, int n, String name) {
        if (n < 0) {
            throw new IllegalArgumentException("tensors is null: pass one name per checked tensor");
        }
        if (v == null || v.length != n) {
            throw new IllegalArgumentException(name + " has " + (v == null ? "no" : Integer.toString(v.length))
                + " entries, expected " + n + " (one per tensor)");
        }
    }

    /** Column names of a table, in order (handy in tests and notebooks). */
    public static List<String> columnNames(Table t) {
        return new ArrayList<>(t.columnNames());
    }
}
