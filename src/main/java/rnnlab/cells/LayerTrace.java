package rnnlab.cells;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import rnnlab.core.Fmt;
import rnnlab.core.Tabular;
import rnnlab.core.Matrix;
import rnnlab.core.TextTable;

/**
 * What one cell computed in one forward pass: every quantity of its tape (states, gates, pre-activations) at every
 * input time, COPIED when the trace is made, so the next forward pass does not change it. Immutable: every
 * accessor returns a fresh copy.
 * <pre>
 *   quantity(t)  B×units at input time t = 0 … steps()−1 (the lecture counts from 1)
 *   Elman, feedforward:  "a" (pre-activation), "h"
 *   Jordan:              "h", "o" (output scores), "m" (memory written at t)
 *   LSTM:                "z", "zi", "zf", "zo" (pre-activations), "g(z)", "input gate", "forget gate",
 *                        "output gate", "c" (memory), "h"
 *   GRU:                 "update gate", "reset gate", "candidate", "h"
 * </pre>
 * {@code trace.series("forget gate", 0)} gives one sequence's values as {@code [t][unit]}, the form the plots
 * take ({@code Plots.hiddenStates(trace.series("h", 0), tokens)}); in a notebook a trace shows itself as a step
 * table.
 */
public final class LayerTrace implements Tabular {
    private final String name;
    private final int steps, batch;
    private final Map<String, double[][][]> values;   // quantity → [t][b][unit]

    private LayerTrace(String name, int steps, int batch, Map<String, double[][][]> values) {
        this.name = name;
        this.steps = steps;
        this.batch = batch;
        this.values = values;
    }

    /**
     * Copies quantities of a tape: {@code columns} maps each name to its value at input time t (the tape's own
     * matrices may be passed: they are copied here).
     */
    static LayerTrace copy(String name, int steps, Map<String, IntFunction<Matrix>> columns) {
        if (steps <= 0) {
            throw new IllegalStateException(name + ": no forward pass yet, so there is nothing to trace; run forward "
                    + "first (or use trace(xs, lengths), which does)");
        }
        Map<String, double[][][]> v = new LinkedHashMap<>();
        int batch = -1;
        for (Map.Entry<String, IntFunction<Matrix>> e : columns.entrySet()) {
            double[][][] q = new double[steps][][];
            for (int t = 0; t < steps; t++) {
                Matrix m = e.getValue().apply(t);
                q[t] = new double[m.rows][];
                for (int r = 0; r < m.rows; r++) {
                    q[t][r] = m.data[r].clone();
                }
                batch = m.rows;
            }
            v.put(e.getKey(), q);
        }
        return new LayerTrace(name, steps, batch, Collections.unmodifiableMap(v));
    }

    /** The same trace under another name (e.g. "layer 2 backward: LSTM" inside a deep bidirectional body). */
    LayerTrace named(String newName) {
        return new LayerTrace(newName, steps, batch, values);
    }

    /** What the trace is of, e.g. "LSTM" or "layer 1 forward: Elman". */
    public String name() {
        return name;
    }

    /** Number of input steps T. */
    public int steps() {
        return steps;
    }

    /** Number of sequences B. */
    public int batch() {
        return batch;
    }

    /** The names of the recorded quantities, in tape order. */
    public List<String> quantities() {
        return List.copyOf(values.keySet());
    }

    /** True if this trace has {@code quantity}. */
    public boolean has(String quantity) {
        return values.containsKey(quantity);
    }

    private double[][][] of(String quantity) {
        double[][][] q = values.get(quantity);
        if (q == null) {
            throw new IllegalArgumentException(name + " has no quantity '" + quantity + "'; it has " + quantities());
        }
        return q;
    }

    private int time(int t) {
        if (t < 0 || t >= steps) {
            throw new IndexOutOfBoundsException(name + ": time " + t + " is outside 0 … " + (steps - 1));
        }
        return t;
    }

    /** {@code quantity} at input time t (0-based), B×units, a copy. */
    public Matrix get(String quantity, int t) {
        double[][] m = of(quantity)[time(t)];
        double[][] copy = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            copy[r] = m[r].clone();
        }
        return Matrix.ofRows(copy);
    }

    /** One value: {@code quantity} at time t for sequence b, unit j. */
    public double value(String quantity, int t, int b, int j) {
        double[][] m = of(quantity)[time(t)];
        if (b < 0 || b >= m.length) {
            throw new IndexOutOfBoundsException(name + ": sequence " + b + " is outside 0 … " + (m.length - 1));
        }
        if (j < 0 || j >= m[b].length) {
            throw new IndexOutOfBoundsException(name + ": unit " + j + " of '" + quantity + "' is outside 0 … "
                    + (m[b].length - 1));
        }
        return m[b][j];
    }

    /** Sequence b's values over time, {@code [t][unit]} (a copy): the input of the heat-map and trace plots. */
    public double[][] series(String quantity, int b) {
        double[][][] q = of(quantity);
        double[][] out = new double[steps][];
        for (int t = 0; t < steps; t++) {
            if (b < 0 || b >= q[t].length) {
                throw new IndexOutOfBoundsException(name + ": sequence " + b + " is outside 0 … " + (q[t].length - 1));
            }
            out[t] = q[t][b].clone();
        }
        return out;
    }

    /** One unit of sequence b over time, {@code [t]}. */
    public double[] series(String quantity, int b, int unit) {
        double[] out = new double[steps];
        for (int t = 0; t < steps; t++) {
            out[t] = value(quantity, t, b, unit);
        }
        return out;
    }

    /** The trace as a step table: one row per input time t (from 1), one column per quantity, sequence 0. */
    @Override
    public rnnlab.core.TextTable table() {
        List<IntFunction<Matrix>> cols = new ArrayList<>();
        List<String> names = new ArrayList<>(values.keySet());
        for (String q : names) {
            cols.add(t -> get(q, t));
        }
        return SequenceBase.stepTable(name + " trace", steps, batch, names, cols);
    }

    @Override
    public String toString() {
        return table().toString();
    }

    /** Short form for messages: name, steps, batch and quantities. */
    public String summary() {
        return name + " trace: " + steps + " steps × " + batch + " sequences, " + quantities() + " (e.g. h[0][0] = "
                + (has("h") ? Fmt.num(value("h", 0, 0, 0)) : "–") + ")";
    }
}
