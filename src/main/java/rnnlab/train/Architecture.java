package rnnlab.train;

import java.util.Locale;
import java.util.SplittableRandom;

import rnnlab.RNN;
import rnnlab.cells.Feedforward;
import rnnlab.cells.RecurrentLayer;
import rnnlab.cells.Stacked;
import rnnlab.core.Activation;

/**
 * The network types a {@link Tagger} can be built with: the four recurrent cells of {@link RNN.Arch} and the
 * memory-less {@link Feedforward} baseline of lecture p.7.
 */
public enum Architecture {
    ELMAN, JORDAN, LSTM, GRU, FEEDFORWARD;

    /** The names {@link #parse} accepts. */
    public static final String NAMES = "elman, jordan, lstm, gru or feedforward";

    /** Parses "elman", "jordan", "lstm", "gru" or "feedforward" (any case). */
    public static Architecture parse(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        for (Architecture a : values()) {
            if (a.name().equals(t)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + s + "'; choose " + NAMES);
    }

    /** True for the cells that keep a memory (all but {@link #FEEDFORWARD}). */
    public boolean isRecurrent() {
        return this != FEEDFORWARD;
    }

    /** The matching {@link RNN.Arch}; throws for {@link #FEEDFORWARD}, which has none. */
    public RNN.Arch rnnArch() {
        if (this == FEEDFORWARD) {
            throw new IllegalStateException("FEEDFORWARD is not a recurrent cell");
        }
        return RNN.Arch.valueOf(name());
    }

    /** {@code layers} feedforward (tanh) layers, the first reading {@code in} values; one layer is returned as is. */
    static RecurrentLayer feedforward(int in, int hidden, int layers, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        java.util.List<RecurrentLayer> list = new java.util.ArrayList<>();
        int width = in;
        for (int i = 0; i < layers; i++) {
            list.add(new Feedforward(width, hidden, Activation.TANH, rng));
            width = hidden;
        }
        return layers == 1 ? list.get(0) : new Stacked(list);
    }

    /** Lower-case name, as the command line writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
