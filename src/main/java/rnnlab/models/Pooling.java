package rnnlab.models;

import java.util.Locale;

/**
 * How a many-to-one model (lecture Part II p.39–41) turns the body's outputs h¹ … hᵀ into one vector per sequence.
 * <pre>
 *   LAST       v = hᵀ   (a bidirectional body: [h→ᵀ ; h←¹], where each direction has read everything)
 *   MEAN       v = (1/T) Σₜ hᵗ
 *   MAX        vⱼ = maxₜ hᵗⱼ        (each unit's largest value over time)
 *   ATTENTION  v = Σₜ αₜ hᵗ,  α = softmax over t of w·tanh(hᵗ·Wk + b)     (key-term attention, p.41; the weights
 *              α say which tokens the classifier read)
 * </pre>
 * Padding steps never count.
 */
public enum Pooling {
    LAST, MEAN, MAX, ATTENTION;

    /** Lower-case name, as the command line and files write it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "last", "mean", "max" or "attention" (any case). */
    public static Pooling parse(String s) {
        for (Pooling p : values()) {
            if (p.name().equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown pooling '" + s + "'; choose last, mean, max or attention");
    }
}
