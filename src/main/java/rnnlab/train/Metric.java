package rnnlab.train;

import java.util.Locale;

/** What early stopping watches on the development set. */
public enum Metric {
    /** conlleval's micro-averaged chunk F1 (higher is better): the default, the score papers report. */
    CHUNK_F1,
    /** Token accuracy (higher is better). */
    ACCURACY,
    /** Mean cross-entropy per token (lower is better). */
    LOSS;

    /** The value of this metric in an evaluation. */
    public double of(Evaluation e) {
        return switch (this) {
            case CHUNK_F1 -> e.f1();
            case ACCURACY -> e.accuracy();
            case LOSS -> e.loss();
        };
    }

    /** The value of this metric among these scores. */
    double of(double loss, double accuracy, double f1) {
        return switch (this) {
            case CHUNK_F1 -> f1;
            case ACCURACY -> accuracy;
            case LOSS -> loss;
        };
    }

    /** True if {@code candidate} is strictly better than {@code best} (any finite value beats NaN). */
    public boolean better(double candidate, double best) {
        if (Double.isNaN(candidate)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return this == LOSS ? candidate < best : candidate > best;
    }

    /** Short name for messages: "chunk F1", "accuracy" or "loss". */
    public String label() {
        return switch (this) {
            case CHUNK_F1 -> "chunk F1";
            case ACCURACY -> "accuracy";
            case LOSS -> "loss";
        };
    }

    /** Parses "f1", "chunk_f1", "accuracy" or "loss". */
    public static Metric parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "f1", "chunk_f1" -> CHUNK_F1;
            case "accuracy", "acc" -> ACCURACY;
            case "loss" -> LOSS;
            default -> throw new IllegalArgumentException("unknown metric '" + s + "'; choose f1, accuracy or loss");
        };
    }
}
