package rnnlab.train;

import java.util.Locale;

import rnnlab.RNN;
import rnnlab.cells.Feedforward;
import rnnlab.models.Network;

/**
 * The network types a {@link Tagger} can be built with: the four recurrent cells of {@link RNN.Arch} and the
 * memory-less {@link Feedforward} baseline of lecture p.7. The same as {@link Network.Cell} ({@link #cell()}), kept
 * so that older code runs; new code uses {@link Network.Cell}.
 *
 * @deprecated use {@link Network.Cell}
 */
@Deprecated
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

    /** The matching {@link Network.Cell}. */
    public Network.Cell cell() {
        return Network.Cell.valueOf(name());
    }

    /** Lower-case name, as the command line writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
