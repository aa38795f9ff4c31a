package rnnlab.models;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import rnnlab.cells.Clockwork;
import rnnlab.cells.Elman;
import rnnlab.cells.GRU;
import rnnlab.cells.Jordan;
import rnnlab.cells.LSTM;
import rnnlab.cells.RecurrentLayer;
import rnnlab.cells.SCRN;
import rnnlab.cells.Stacked;
import rnnlab.core.Matrix;

/**
 * Running a left-to-right recurrent layer one step at a time, for generation (a decoder that feeds its own output
 * back, p.46–49; a character model that writes text): the state after a pass is read from the cells' tapes and set
 * as the initial state of the next pass. Works for every left-to-right cell (Elman, IRNN, Jordan, LSTM, GRU,
 * Clockwork, SCRN) and stacks of them; a bidirectional layer cannot generate (its backward half would need the
 * future), which {@link #requireSteppable} says.
 *
 * <p>The states of a B-row batch are a list of B×size matrices (one for Elman, GRU, Jordan; h and c for LSTM; h and
 * the context s for SCRN; h and the clock — B×1, the steps taken — for Clockwork, whose modules tick by the step
 * count; those of every layer, bottom first, for a stack). Rows can be re-ordered with {@link #selectRows} (beam
 * search).
 */
public final class StateCarry {
    private StateCarry() {}

    /** Throws a clear error unless {@code layer} can be run step by step. */
    public static void requireSteppable(RecurrentLayer layer, String who) {
        for (RecurrentLayer l : cells(layer)) {
            requireSteppableCell(l, who);
        }
    }

    /** The layers of a stack, bottom first, with stacks inside flattened; {@code [layer]} for a single layer. */
    private static List<RecurrentLayer> cells(RecurrentLayer layer) {
        if (!(layer instanceof Stacked s)) {
            return List.of(layer);
        }
        List<RecurrentLayer> out = new ArrayList<>();
        for (RecurrentLayer l : s.layers()) {
            out.addAll(cells(l));
        }
        return out;
    }

    private static void requireSteppableCell(RecurrentLayer layer, String who) {
        if (layer instanceof Elman e && !e.isReverse() || layer instanceof GRU g && !g.isReverse()
                || layer instanceof LSTM l && !l.isReverse() || layer instanceof Jordan j && !j.isReverse()
                || layer instanceof Clockwork c && !c.isReverse() || layer instanceof SCRN n && !n.isReverse()) {
            return;
        }
        throw new IllegalArgumentException(who + ": " + layer.getClass().getSimpleName() + " cannot run one step at "
                + "a time (only left-to-right Elman, Jordan, LSTM, GRU, Clockwork, SCRN layers and stacks of them "
                + "can generate); use a unidirectional layer here");
    }

    /** Copies of the states after input time {@code t} of the last forward pass. */
    public static List<Matrix> read(RecurrentLayer layer, int t) {
        return collect(layer, (l, out) -> readInto(l, t, out));
    }

    /** The states that {@code perCell} adds for every cell of {@code layer}, bottom first. */
    private static List<Matrix> collect(RecurrentLayer layer, BiConsumer<RecurrentLayer, List<Matrix>> perCell) {
        List<Matrix> out = new ArrayList<>();
        for (RecurrentLayer l : cells(layer)) {
            perCell.accept(l, out);
        }
        return out;
    }

    private static void readInto(RecurrentLayer layer, int t, List<Matrix> out) {
        if (layer instanceof Elman e) {
            out.add(e.tape().hidden(t).copy());
        } else if (layer instanceof GRU g) {
            out.add(g.tape().hidden(t).copy());
        } else if (layer instanceof Jordan j) {
            out.add(j.tape().output(t).copy());
        } else if (layer instanceof LSTM l) {
            out.add(l.tape().hidden(t).copy());
            out.add(l.tape().cell(t).copy());
        } else if (layer instanceof SCRN n) {
            out.add(n.tape().hidden(t).copy());
            out.add(n.tape().context(t).copy());
        } else if (layer instanceof Clockwork c) {
            Matrix h = c.tape().hidden(t).copy(), clock = new Matrix(h.rows, 1);
            for (int r = 0; r < h.rows; r++) {
                clock.data[r][0] = c.clockStart() + t + 1;                // steps taken after input time t
            }
            out.add(h);
            out.add(clock);
        } else {
            requireSteppableCell(layer, "StateCarry");
        }
    }

    /** Sets {@code states} (as {@link #read} returns them) as the layer's initial states. */
    public static void write(RecurrentLayer layer, List<Matrix> states) {
        int used = 0;
        for (RecurrentLayer l : cells(layer)) {
            used = writeFrom(l, states, used);
        }
        if (used != states.size()) {
            throw new IllegalArgumentException("StateCarry: " + states.size() + " state matrices for a layer that "
                    + "takes " + used);
        }
    }

    private static int writeFrom(RecurrentLayer layer, List<Matrix> states, int k) {
        if (k >= states.size()) {
            throw new IllegalArgumentException("StateCarry: too few state matrices (" + states.size() + ")");
        }
        if (layer instanceof Elman e) {
            e.setInitialState(states.get(k));
        } else if (layer instanceof GRU g) {
            g.setInitialState(states.get(k));
        } else if (layer instanceof Jordan j) {
            j.setInitialState(states.get(k));
        } else if (layer instanceof LSTM l) {
            l.setInitialState(states.get(k), states.get(k + 1));
            return k + 2;
        } else if (layer instanceof SCRN n) {
            n.setInitialState(states.get(k), states.get(k + 1));
            return k + 2;
        } else if (layer instanceof Clockwork c) {
            Matrix clock = states.get(k + 1);
            for (int r = 1; r < clock.rows; r++) {
                if (clock.data[r][0] != clock.data[0][0]) {
                    throw new IllegalArgumentException("StateCarry: the rows of a Clockwork batch must have taken "
                            + "the same number of steps, got " + clock.data[0][0] + " and " + clock.data[r][0]);
                }
            }
            c.setInitialState(states.get(k));
            c.setClockStart((int) clock.data[0][0]);
            return k + 2;
        } else {
            requireSteppableCell(layer, "StateCarry");
        }
        return k + 1;
    }

    /** Zero states for a batch of {@code rows} sequences (the state every forward pass starts from by default). */
    public static List<Matrix> zeros(RecurrentLayer layer, int rows) {
        return collect(layer, (l, out) -> zerosInto(l, rows, out));
    }

    private static void zerosInto(RecurrentLayer layer, int rows, List<Matrix> out) {
        if (layer instanceof LSTM l) {
            out.add(new Matrix(rows, l.outputSize()));
            out.add(new Matrix(rows, l.outputSize()));
        } else if (layer instanceof SCRN n) {
            out.add(new Matrix(rows, n.hiddenSize()));
            out.add(new Matrix(rows, n.contextSize()));
        } else if (layer instanceof Clockwork c) {
            requireSteppableCell(layer, "StateCarry");
            out.add(new Matrix(rows, c.outputSize()));
            out.add(new Matrix(rows, 1));                                   // clock: no step taken
        } else {
            requireSteppableCell(layer, "StateCarry");
            out.add(new Matrix(rows, layer.outputSize()));
        }
    }

    /** New states whose row k is row {@code rows[k]} of {@code states} (beam search keeps its best parents). */
    public static List<Matrix> selectRows(List<Matrix> states, int[] rows) {
        List<Matrix> out = new ArrayList<>(states.size());
        for (Matrix m : states) {
            Matrix s = new Matrix(rows.length, m.cols);
            for (int k = 0; k < rows.length; k++) {
                System.arraycopy(m.data[rows[k]], 0, s.data[k], 0, m.cols);
            }
            out.add(s);
        }
        return out;
    }
}
