package rnnlab.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import rnnlab.cells.Bidirectional;
import rnnlab.cells.Elman;
import rnnlab.cells.GRU;
import rnnlab.cells.Jordan;
import rnnlab.cells.LSTM;
import rnnlab.cells.RecurrentLayer;
import rnnlab.cells.Stacked;
import rnnlab.core.Param;

/** Builds the reference twin of a fast layer: same structure, same parameter names, a copy of its values. */
public final class Reference {
    private Reference() {}

    /**
     * The reference twin of {@code fast} (a cell, a {@link Stacked} or a {@link Bidirectional} of them), with the
     * parameter values copied, so that outputs and gradients can be compared name by name. Initial states are not
     * copied (set them on the twin's {@link Unrolled} layers, or compare after the fast layer's first pass).
     */
    public static SequenceLayer of(RecurrentLayer fast) {
        SequenceLayer twin = structure(fast);
        twin.params().copyValuesFrom(fast.params());
        return twin;
    }

    private static SequenceLayer structure(RecurrentLayer fast) {
        SplittableRandom any = new SplittableRandom(0); // the values are overwritten by the copy
        if (fast instanceof Elman e) {
            return new Unrolled<>(new ElmanCell(e.inputSize(), e.hiddenSize(), e.activation(), any), e.isReverse());
        } else if (fast instanceof Jordan j) {
            return new Unrolled<>(new JordanCell(j.inputSize(), j.hiddenSize(), j.outputSize(), j.activation(),
                    j.feedback(), any), j.isReverse());
        } else if (fast instanceof LSTM l) {
            return new Unrolled<>(new LSTMCell(l.config(), any), l.isReverse());
        } else if (fast instanceof GRU g) {
            return new Unrolled<>(new GRUCell(g.inputSize(), g.outputSize(), any), g.isReverse());
        } else if (fast instanceof Stacked s) {
            List<SequenceLayer> layers = new ArrayList<>();
            s.layers().forEach(l -> layers.add(structure(l)));
            return new DeepRNN(layers);
        } else if (fast instanceof Bidirectional b) {
            return new BidirectionalRNN(structure(b.forwardLayer()), structure(b.backwardLayer()));
        }
        throw new IllegalArgumentException("Reference.of: no reference twin for " + fast
                + "; give an Elman, Jordan, LSTM or GRU layer, or a Stacked or Bidirectional of them");
    }

    /** Copies the fast layer's current initial states (after a forward pass) into the twin, by name. */
    public static void copyInitialState(RecurrentLayer fast, SequenceLayer twin) {
        setInitial(twin, "", fast.initialState(), -1);
    }

    /**
     * Copies row {@code row} of the fast layer's current initial states into the twin (as 1×size states), to run
     * sequence {@code row} of a batch alone.
     */
    public static void copyInitialState(RecurrentLayer fast, SequenceLayer twin, int row) {
        setInitial(twin, "", fast.initialState(), row);
    }

    private static void setInitial(SequenceLayer twin, String prefix, List<Param> from, int row) {
        if (twin instanceof Unrolled<?> u) {
            List<String> names = u.cell().stateNames();
            rnnlab.core.Matrix[] values = new rnnlab.core.Matrix[names.size()];
            for (int k = 0; k < names.size(); k++) {
                String want = prefix + names.get(k);
                values[k] = from.stream().filter(p -> p.name.equals(want)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("Reference: the fast layer has no initial "
                                + "state " + want + "; run a forward pass on it first")).value;
                if (row >= 0) {
                    values[k] = rnnlab.core.Matrix.of(values[k].data[row]);
                }
            }
            u.setInitialState(values);
        } else if (twin instanceof DeepRNN d) {
            for (int i = 0; i < d.layers().size(); i++) {
                setInitial(d.layers().get(i), prefix + "layer" + i + ".", from, row);
            }
        } else if (twin instanceof BidirectionalRNN b) {
            setInitial(b.forwardLayer(), prefix + "fw.", from, row);
            setInitial(b.backwardLayer(), prefix + "bw.", from, row);
        }
    }
}
