package rnnlab.core;

import java.util.Locale;

/**
 * The number type a model computes in. {@link #DOUBLE} (the default) is what the lecture, the gradient checks and
 * the notebooks use. {@link #FLOAT32} runs the recurrent layers (every cell: Elman, IRNN, Jordan, LSTM, GRU,
 * Clockwork, SCRN and feedforward; alone, bidirectional or stacked) in 32-bit floats: twice as many values per vector register (16 per AVX-512
 * vector instead of 8) and half the memory traffic, at float precision (about 7 significant digits).
 *
 * <p>In float32 mode the parameters stay double (the optimiser updates them in double, model files store them as
 * before): a layer keeps float copies of its weights, refreshed at each forward pass, computes its time loop and
 * keeps its tape in float, and adds its float weight gradients into the double gradients once per backward pass.
 * So a float32 model can be gradient-checked in double by switching its precision back to {@link #DOUBLE}.
 * The output layer's three products (y = h·W, ∂W, ∂h) also run in float ({@code Dense.setPrecision}); the
 * embedding lookup, the bias, the softmax and loss, pooling and a CRF layer stay in double: they are a small share
 * of the work. See docs/design-notes.md, "Float32 path".
 */
public enum Precision {
    /** 64-bit doubles everywhere (the default). */
    DOUBLE,
    /** 32-bit floats in the recurrent layers that have a float path (Elman, IRNN, LSTM). */
    FLOAT32;

    /** "double" or "float32", as the command line and model files write it. */
    public String label() {
        return this == DOUBLE ? "double" : "float32";
    }

    /** Parses "double" / "float64" or "float32" / "float" (any case); a clear error otherwise. */
    public static Precision parse(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "double", "float64", "fp64" -> DOUBLE;
            case "float32", "float", "fp32" -> FLOAT32;
            default -> throw new IllegalArgumentException("unknown precision '" + s + "'; choose double (the default)"
                    + " or float32");
        };
    }
}
