package rnnlab.viz;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import rnnlab.cells.LSTM;
import rnnlab.core.Activation;
import rnnlab.viz.Diagram.Shape;

/**
 * The lecture's pictures of the networks, drawn by the library with the numbers of a chosen step written in:
 * <ul>
 *   <li>{@link #rnnWithMemory}: the toy RNN whose hidden outputs are stored in memory (p.8–11);</li>
 *   <li>{@link #elmanVsJordan}: what the memory holds in each (p.15);</li>
 *   <li>{@link #bidirectional}: forward and backward RNN feeding each output (p.16);</li>
 *   <li>{@link #lstmCell}: one LSTM cell with its input, forget and output gates (p.18–25);</li>
 *   <li>{@link #lstmVectorForm}: the LSTM layer in vector form, one step (p.27–29).</li>
 * </ul>
 * Each returns a {@link Diagram}: shown as a picture in a notebook, saved with {@link Pictures#save(Diagram,
 * java.nio.file.Path)} as SVG or PNG, and readable as data (nodes, arrows, labels, numbers).
 */
public final class Diagrams {
    private Diagrams() {}

    static final Color INPUT = new Color(0xdd, 0xee, 0xff);
    static final Color HIDDEN = new Color(0xdd, 0xf2, 0xe4);
    static final Color OUTPUT = new Color(0xff, 0xe8, 0xcc);
    static final Color MEMORY = new Color(0xf3, 0xe6, 0xff);
    static final Color OP = new Color(0xf4, 0xf4, 0xf4);

    // ------------------------------------------------------------------------------------------ p.8–11

    /**
     * The lecture's toy RNN (p.8–11): inputs x₁, x₂, hidden units h₁, h₂, outputs y₁, y₂ and the memory a₁, a₂
     * that stores the hidden values; every input and every memory value feeds every hidden unit, every hidden unit
     * feeds every output, and after the step the hidden values are copied into memory (dashed). The numbers of
     * one step are written in each node; pass null arrays to leave the numbers out.
     *
     * @param step         the step number written in the caption (1, 2, 3 ...), or 0 for none
     * @param input        x at this step (2 values) or null
     * @param memoryBefore the memory read at this step (2 values) or null
     * @param hidden       the hidden values written to memory after this step (2 values) or null
     * @param output       y at this step (2 values) or null
     */
    public static Diagram rnnWithMemory(int step, double[] input, double[] memoryBefore, double[] hidden,
                                        double[] output) {
        check(input, 2, "input");
        check(memoryBefore, 2, "memoryBefore");
        check(hidden, 2, "hidden");
        check(output, 2, "output");
        Diagram d = new Diagram("RNN: the hidden values are stored in memory (p.8–11)", 760, 500);
        double[] xs = {300, 460};
        double[] ms = {110, 650};
        for (int i = 0; i < 2; i++) {
            String k = Integer.toString(i + 1);
            d.node("x" + k, xs[i], 410, 64, 46, Shape.BOX, INPUT, "x" + sub(i + 1), num(input, i));
            d.node("h" + k, xs[i], 230, 56, 56, Shape.CIRCLE, HIDDEN, "h" + sub(i + 1), num(hidden, i));
            d.node("y" + k, xs[i], 90, 64, 46, Shape.BOX, OUTPUT, "y" + sub(i + 1), num(output, i));
            d.node("a" + k, ms[i], 340, 76, 46, Shape.BOX, MEMORY, "a" + sub(i + 1), num(memoryBefore, i));
        }
        for (int i = 1; i <= 2; i++) {
            for (int j = 1; j <= 2; j++) {
                d.edge("x" + i, "h" + j, "", false);
                d.edge("a" + i, "h" + j, "", false);
                d.edge("h" + i, "y" + j, "", false);
            }
        }
        d.edge("h1", "a1", "store", true, new double[] {ms[0], 230});
        d.edge("h2", "a2", "store", true, new double[] {ms[1], 230});
        d.text(ms[0], 385, "memory", 13, false, true);
        d.text(ms[1], 385, "memory", 13, false, true);
        boolean numbers = input != null || memoryBefore != null || hidden != null || output != null;
        // the lecture's weights are only claimed when its numbers are written in; the bare picture is any such RNN
        d.text(20, 460, !numbers ? "each hidden unit reads both inputs and both memory cells; its value is stored for the next step"
            : (step > 0 ? "step " + step + ": " : "") + "all weights 1, no bias, linear; memory starts at [0, 0]", 13, false,
            false);
        if (input != null && memoryBefore != null && hidden != null) {
            d.text(20, 482, "h = x₁ + x₂ + a₁ + a₂ = " + num(input, 0) + " + " + num(input, 1) + " + "
                + num(memoryBefore, 0) + " + " + num(memoryBefore, 1) + " = " + num(hidden, 0)
                + (output != null ? ",   y = h₁ + h₂ = " + num(output, 0) : ""), 13, false, false);
        }
        return d;
    }

    /** {@link #rnnWithMemory(int, double[], double[], double[], double[])} without numbers. */
    public static Diagram rnnWithMemory() {
        return rnnWithMemory(0, null, null, null, null);
    }

    // ------------------------------------------------------------------------------------------ p.15

    /**
     * Elman and Jordan networks side by side (p.15): the same input → hidden → output net with weights Wⁱ, Wʰ, Wᵒ;
     * the Elman memory holds the previous hidden layer hᵗ⁻¹, the Jordan memory the previous output yᵗ⁻¹.
     */
    public static Diagram elmanVsJordan() {
        Diagram d = new Diagram("Elman vs Jordan network (p.15)", 780, 470);
        String[] kinds = {"elman", "jordan"};
        double[] cx = {230, 610};
        for (int k = 0; k < 2; k++) {
            String p = kinds[k] + ".";
            double x = cx[k];
            d.node(p + "x", x, 390, 70, 44, Shape.BOX, INPUT, "xᵗ", "");
            d.node(p + "h", x, 250, 70, 50, Shape.ROUNDED, HIDDEN, "hᵗ", "");
            d.node(p + "y", x, 110, 70, 44, Shape.BOX, OUTPUT, "yᵗ", "");
            d.node(p + "m", x - 150, 250, 84, 50, Shape.BOX, MEMORY, k == 0 ? "hᵗ⁻¹" : "yᵗ⁻¹", "memory");
            d.edge(p + "x", p + "h", "Wⁱ", false);
            d.edge(p + "h", p + "y", "Wᵒ", false);
            d.edge(p + "m", p + "h", "Wʰ", false);
            if (k == 0) {
                d.edge(p + "h", p + "m", "copy", true, new double[] {x + 70, 250}, new double[] {x + 70, 150},
                    new double[] {x - 150, 150});
            } else {
                d.edge(p + "y", p + "m", "copy", true, new double[] {x - 150, 110});
            }
            d.text(x - 40, 62, k == 0 ? "Elman: memory = hidden layer" : "Jordan: memory = output", 15, true, true);
            d.text(x - 40, 440, k == 0 ? "hᵗ = σ(Wⁱxᵗ + Wʰhᵗ⁻¹ + b)" : "hᵗ = σ(Wⁱxᵗ + Wʰyᵗ⁻¹ + b)", 14, false,
                true);
            d.text(x - 40, 460, "yᵗ = softmax(Wᵒhᵗ + c)", 14, false, true);
        }
        return d;
    }

    // ------------------------------------------------------------------------------------------ p.16

    /**
     * A bidirectional RNN unrolled over the given tokens (p.16): a forward RNN reads left to right, a backward RNN
     * right to left, and both feed the output at each step, so every output sees the whole sentence.
     *
     * @param tokens  the inputs, one per step (at most 8), e.g. the words of a sentence
     * @param outputs what each output says (e.g. predicted slots), or null to write yᵗ only
     */
    public static Diagram bidirectional(List<String> tokens, List<String> outputs) {
        if (tokens == null || tokens.isEmpty() || tokens.size() > 8) {
            throw new IllegalArgumentException("bidirectional draws 1 to 8 steps, got "
                + (tokens == null ? "null" : tokens.size() + " tokens") + ": pass a short sentence");
        }
        if (outputs != null && outputs.size() != tokens.size()) {
            throw new IllegalArgumentException("bidirectional: " + tokens.size() + " tokens but " + outputs.size()
                + " outputs; pass one output per token or null");
        }
        int t = tokens.size();
        int w = Math.max(520, 130 * t + 140);
        Diagram d = new Diagram("Bidirectional RNN (p.16)", w, 470);
        for (int i = 0; i < t; i++) {
            double x = 120 + 130 * i;
            String s = Integer.toString(i + 1);
            d.node("x" + s, x, 410, 96, 40, Shape.BOX, INPUT, tokens.get(i), "");
            d.node("f" + s, x - 26, 310, 44, 44, Shape.CIRCLE, HIDDEN, "→", "");
            d.node("b" + s, x + 26, 220, 44, 44, Shape.CIRCLE, MEMORY, "←", "");
            d.node("y" + s, x, 100, 96, outputs == null ? 40 : 48, Shape.BOX, OUTPUT, "y" + sup(i + 1),
                outputs == null ? "" : outputs.get(i));
            d.edge("x" + s, "f" + s, "", false);
            d.edge("x" + s, "b" + s, "", false);
            d.edge("f" + s, "y" + s, "", false);
            d.edge("b" + s, "y" + s, "", false);
        }
        for (int i = 1; i < t; i++) {
            d.edge("f" + i, "f" + (i + 1), "", false);
            d.edge("b" + (i + 1), "b" + i, "", false);
        }
        d.text(20, 315, "forward", 13, true, false);
        d.text(20, 225, "backward", 13, true, false);
        d.text(20, 455, "yᵗ = softmax(Wᵒ[h→ᵗ ; h←ᵗ] + c): each output reads both directions", 13, false, false);
        return d;
    }

    // ------------------------------------------------------------------------------------------ p.18–25

    /**
     * The numbers of one LSTM cell at one step (one unit of one sequence): the four inputs z, zⁱ, zᶠ, zᵒ, the cell
     * input g(z), the three gates f(zⁱ), f(zᶠ), f(zᵒ), the memory before (c) and after (c′), h(c′) and the output a.
     *
     * @param x the input vector of the step (for the caption), or null
     */
    public record LstmCellValues(double[] x, double z, double zi, double zf, double zo, double gz, double inputGate,
                                 double forgetGate, double outputGate, double memoryBefore, double memory,
                                 double memoryOut, double output) {
        /**
         * The values that follow from the four pre-activations and the memory before, with the cell's activations
         * (the lecture's cell: g and h {@link Activation#LINEAR}, f {@link Activation#SIGMOID}).
         */
        public static LstmCellValues of(double[] x, double z, double zi, double zf, double zo, double memoryBefore,
                                        Activation g, Activation h, Activation f) {
            double gz = g.apply(z);
            double i = f.apply(zi);
            double fg = f.apply(zf);
            double o = f.apply(zo);
            double c = gz * i + memoryBefore * fg;
            double hc = h.apply(c);
            return new LstmCellValues(x == null ? null : x.clone(), z, zi, zf, zo, gz, i, fg, o, memoryBefore, c, hc,
                hc * o);
        }

        /**
         * The values of one unit at input time t, read from an LSTM layer's trace ({@code tagger.trace(tokens)
         * .layer(0)}); memory before = the memory at t − 1, or 0 at t = 0 (a trace does not hold the initial state:
         * use {@link #of(LSTM, int, int, int, double[])} for a layer with a non-zero one). {@code cellOutput} is the
         * layer's h (tanh for the usual LSTM, linear for the lecture's cell).
         */
        public static LstmCellValues of(rnnlab.cells.LayerTrace trace, int batchRow, int unit, int t, double[] x,
                                        Activation cellOutput) {
            for (String q : List.of("z", "zi", "zf", "zo", "g(z)", "input gate", "forget gate", "output gate", "c", "h")) {
                if (!trace.has(q)) {
                    throw new IllegalArgumentException("an LSTM cell diagram needs an LSTM layer's trace (with '" + q
                        + "'); " + trace.name() + " has " + trace.quantities());
                }
            }
            double before = t == 0 ? 0 : trace.value("c", t - 1, batchRow, unit);
            double c = trace.value("c", t, batchRow, unit);
            return new LstmCellValues(x == null ? null : x.clone(), trace.value("z", t, batchRow, unit),
                trace.value("zi", t, batchRow, unit), trace.value("zf", t, batchRow, unit),
                trace.value("zo", t, batchRow, unit), trace.value("g(z)", t, batchRow, unit),
                trace.value("input gate", t, batchRow, unit), trace.value("forget gate", t, batchRow, unit),
                trace.value("output gate", t, batchRow, unit), before, c, cellOutput.apply(c),
                trace.value("h", t, batchRow, unit));
        }

        /**
         * The values of one unit at input time t, read from an LSTM layer after a forward pass (memory before = the
         * previous step's memory, or the initial state at t = 0).
         */
        public static LstmCellValues of(LSTM layer, int batchRow, int unit, int t, double[] x) {
            LSTM.Tape tape = layer.tape();
            double before = t == 0 ? layer.initialState().get(1).value.get(batchRow % layer.initialState().get(1)
                .value.rows, unit) : tape.cell(t - 1).get(batchRow, unit);
            double c = tape.cell(t).get(batchRow, unit);
            double o = tape.outputGate(t).get(batchRow, unit);
            double hc = layer.config().cellOutput().apply(c);
            return new LstmCellValues(x == null ? null : x.clone(),
                tape.preActivation(LSTM.Z, t).get(batchRow, unit), tape.preActivation(LSTM.INPUT, t).get(batchRow, unit),
                tape.preActivation(LSTM.FORGET, t).get(batchRow, unit),
                tape.preActivation(LSTM.OUTPUT, t).get(batchRow, unit), tape.cellInput(t).get(batchRow, unit),
                tape.inputGate(t).get(batchRow, unit), tape.forgetGate(t).get(batchRow, unit), o, before, c, hc,
                tape.hidden(t).get(batchRow, unit));
        }
    }

    /**
     * One LSTM cell as on p.18–25, with the numbers of one step written in: the cell input z through g, the input
     * gate f(zⁱ) multiplying it, the memory c kept by the forget gate f(zᶠ), the new memory
     * c′ = g(z)·f(zⁱ) + c·f(zᶠ), h(c′) and the output a = h(c′)·f(zᵒ). Gate circles are coloured from grey
     * (closed, 0) to amber (open, 1).
     *
     * @param step the step number for the caption (e.g. 4 for the input (1, 0, 1) of p.24), or 0 for none
     * @param v    the values, or null for the bare cell
     */
    public static Diagram lstmCell(int step, LstmCellValues v) {
        Diagram d = new Diagram("LSTM cell: three gates and a memory (p.18–25)", 760, 640);
        boolean n = v != null;
        d.node("z", 350, 600, 70, 40, Shape.BOX, INPUT, "z", n ? num(v.z()) : "");
        d.node("gz", 350, 520, 64, 64, Shape.CIRCLE, HIDDEN, "g(z)", n ? num(v.gz()) : "");
        d.node("zi", 70, 440, 70, 40, Shape.BOX, INPUT, "zⁱ", n ? num(v.zi()) : "");
        d.node("fi", 200, 440, 72, 72, Shape.CIRCLE, gate(n ? v.inputGate() : Double.NaN), "f(zⁱ)",
            n ? num(v.inputGate()) : "");
        d.node("mi", 350, 440, 34, 34, Shape.CIRCLE, OP, "×", "");
        d.node("plus", 350, 370, 34, 34, Shape.CIRCLE, OP, "+", "");
        d.node("cprev", 560, 450, 110, 48, Shape.BOX, MEMORY, "memory c", n ? num(v.memoryBefore()) : "");
        d.node("mf", 560, 370, 34, 34, Shape.CIRCLE, OP, "×", "");
        d.node("ff", 690, 370, 72, 72, Shape.CIRCLE, gate(n ? v.forgetGate() : Double.NaN), "f(zᶠ)",
            n ? num(v.forgetGate()) : "");
        d.node("zf", 690, 460, 70, 40, Shape.BOX, INPUT, "zᶠ", n ? num(v.zf()) : "");
        d.node("c", 350, 300, 120, 48, Shape.BOX, MEMORY, "new memory c′", n ? num(v.memory()) : "");
        d.node("hc", 350, 225, 64, 64, Shape.CIRCLE, HIDDEN, "h(c′)", n ? num(v.memoryOut()) : "");
        d.node("zo", 70, 150, 70, 40, Shape.BOX, INPUT, "zᵒ", n ? num(v.zo()) : "");
        d.node("fo", 200, 150, 72, 72, Shape.CIRCLE, gate(n ? v.outputGate() : Double.NaN), "f(zᵒ)",
            n ? num(v.outputGate()) : "");
        d.node("mo", 350, 150, 34, 34, Shape.CIRCLE, OP, "×", "");
        d.node("a", 350, 75, 90, 44, Shape.BOX, OUTPUT, "a = y", n ? num(v.output()) : "");
        d.edge("z", "gz", "", false);
        d.edge("gz", "mi", "", false);
        d.edge("zi", "fi", "", false);
        d.edge("fi", "mi", "input gate", false);
        d.edge("mi", "plus", "", false);
        d.edge("cprev", "mf", "", false);
        d.edge("zf", "ff", "", false);
        d.edge("ff", "mf", "", false);
        d.edge("mf", "plus", "forget gate", false);
        d.edge("plus", "c", "", false);
        d.edge("c", "hc", "", false);
        d.edge("hc", "mo", "", false);
        d.edge("zo", "fo", "", false);
        d.edge("fo", "mo", "output gate", false);
        d.edge("mo", "a", "", false);
        d.edge("c", "cprev", "next step", true, new double[] {630, 300}, new double[] {630, 450});
        d.text(470, 90, "c′ = g(z)·f(zⁱ) + c·f(zᶠ)", 15, false, false);
        d.text(470, 115, "a = h(c′)·f(zᵒ)", 15, false, false);
        d.text(470, 140, "gate: 0 = closed, 1 = open", 12, false, false);
        if (n) {
            String in = v.x() == null ? "" : "input x = " + vec(v.x()) + ":  ";
            d.text(20, 630, (step > 0 ? "step " + step + ":  " : "") + in + "c′ = " + num(v.gz()) + "·"
                + num(v.inputGate()) + " + " + num(v.memoryBefore()) + "·" + num(v.forgetGate()) + " = "
                + num(v.memory()) + ",  a = " + num(v.memoryOut()) + "·" + num(v.outputGate()) + " = "
                + num(v.output()), 13, false, false);
        }
        return d;
    }

    /** {@link #lstmCell(int, LstmCellValues)} without numbers. */
    public static Diagram lstmCell() {
        return lstmCell(0, null);
    }

    // ------------------------------------------------------------------------------------------ p.27–29

    /**
     * The LSTM layer in vector form, one step (p.27–29): xᵗ and hᵗ⁻¹ go through the four weight blocks to the
     * vectors z, zⁱ, zᶠ, zᵒ (one entry per cell); cᵗ = g(z) ⊙ f(zⁱ) + cᵗ⁻¹ ⊙ f(zᶠ) and hᵗ = h(cᵗ) ⊙ f(zᵒ),
     * element-wise. Each box shows its vector's size, or its values when given and at most 3 long.
     *
     * @param inputSize n, the length of xᵗ
     * @param hidden    H, the number of cells
     * @param values    vectors of one step by name ("x", "hPrev", "cPrev", "z", "zi", "zf", "zo", "gz", "fi", "ff",
     *                  "fo", "c", "hc", "h"), any subset, or null for sizes only
     */
    public static Diagram lstmVectorForm(int inputSize, int hidden, java.util.Map<String, double[]> values) {
        if (inputSize < 1 || hidden < 1) {
            throw new IllegalArgumentException("lstmVectorForm needs inputSize and hidden >= 1, got " + inputSize
                + " and " + hidden);
        }
        java.util.Map<String, double[]> vals = values == null ? java.util.Map.of() : values;
        Diagram d = new Diagram("LSTM in vector form: one step (p.27–29)", 880, 580);
        java.util.function.BiFunction<String, Integer, String> show = (k, size) -> {
            double[] v = vals.get(k);
            if (v != null && v.length != size) {
                throw new IllegalArgumentException("lstmVectorForm: '" + k + "' has " + v.length + " values, expected "
                    + size);
            }
            return v != null && v.length <= 3 ? vec3(v) : size + (size == 1 ? " value" : " values");
        };
        // a box as wide as its value (bold 13 px: about 8 px a character)
        java.util.function.BiFunction<String, Integer, Double> wide = (text, min) -> (double) Math.max(min,
            8 * text.length() + 16);
        String xv = show.apply("x", inputSize), hv = show.apply("hPrev", hidden);
        d.node("x", 230, 530, wide.apply(xv, 110), 46, Shape.BOX, INPUT, "xᵗ", xv);
        d.node("hprev", 470, 530, wide.apply(hv, 110), 46, Shape.BOX, HIDDEN, "hᵗ⁻¹", hv);
        String[] zs = {"z", "zi", "zf", "zo"};
        String[] zl = {"z", "zⁱ", "zᶠ", "zᵒ"};
        String[] fs = {"gz", "fi", "ff", "fo"};
        String[] fl = {"g(z)", "f(zⁱ)", "f(zᶠ)", "f(zᵒ)"};
        double[] col = {140, 300, 460, 660};
        for (int k = 0; k < 4; k++) {
            String zv = show.apply(zs[k], hidden), fv = show.apply(fs[k], hidden);
            d.node(zs[k], col[k], 430, Math.min(150, wide.apply(zv, 120)), 46, Shape.BOX, OP, zl[k], zv);
            d.node(fs[k], col[k], 345, Math.min(150, wide.apply(fv, 120)), 46, Shape.ROUNDED,
                k == 0 ? HIDDEN : gate(Double.NaN), fl[k], fv);
            d.edge("x", zs[k], k == 0 ? "W" : "", false);
            d.edge("hprev", zs[k], k == 3 ? "U" : "", false);
            d.edge(zs[k], fs[k], "", false);
        }
        d.node("mi", 220, 260, 34, 34, Shape.CIRCLE, OP, "⊙", "");
        String cpv = show.apply("cPrev", hidden);
        d.node("cprev", 580, 260, wide.apply(cpv, 110), 46, Shape.BOX, MEMORY, "cᵗ⁻¹", cpv);
        d.node("mf", 430, 260, 34, 34, Shape.CIRCLE, OP, "⊙", "");
        d.node("plus", 320, 190, 34, 34, Shape.CIRCLE, OP, "+", "");
        String cv = show.apply("c", hidden), hcv = show.apply("hc", hidden), hv2 = show.apply("h", hidden);
        d.node("c", 320, 115, wide.apply(cv, 120), 46, Shape.BOX, MEMORY, "cᵗ", cv);
        d.node("hc", 510, 115, Math.min(170, wide.apply(hcv, 110)), 46, Shape.ROUNDED, HIDDEN, "h(cᵗ)", hcv);
        d.node("mo", 660, 115, 34, 34, Shape.CIRCLE, OP, "⊙", "");
        d.node("h", 780, 115, Math.min(160, wide.apply(hv2, 100)), 46, Shape.BOX, OUTPUT, "hᵗ", hv2);
        d.edge("gz", "mi", "", false);
        d.edge("fi", "mi", "", false);
        d.edge("ff", "mf", "", false);
        d.edge("cprev", "mf", "", false);
        d.edge("mi", "plus", "", false);
        d.edge("mf", "plus", "", false);
        d.edge("plus", "c", "", false);
        d.edge("c", "hc", "", false);
        d.edge("hc", "mo", "", false);
        d.edge("fo", "mo", "", false);
        d.edge("mo", "h", "", false);
        d.text(20, 62, "[z | zⁱ | zᶠ | zᵒ] = xᵗW + hᵗ⁻¹U + b      W: " + inputSize + "×" + 4 * hidden + ",  U: " + hidden
            + "×" + 4 * hidden + ",  b: 1×" + 4 * hidden, 14, false, false);
        d.text(20, 84, "cᵗ = g(z) ⊙ f(zⁱ) + cᵗ⁻¹ ⊙ f(zᶠ)        hᵗ = h(cᵗ) ⊙ f(zᵒ)        (⊙: element by element)", 14,
            false, false);
        return d;
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Gate fill: light grey (closed, 0) to amber (open, 1); a neutral light amber when unknown. */
    static Color gate(double v) {
        Color closed = new Color(0xe1, 0xe1, 0xeb);
        Color open = new Color(0xfa, 0xbe, 0x28);
        if (Double.isNaN(v)) {
            return new Color(0xfc, 0xe6, 0xb0);
        }
        return ColorMaps.at(new Color[] {closed, open}, v, 0, 1);
    }

    private static void check(double[] v, int n, String name) {
        if (v != null && v.length != n) {
            throw new IllegalArgumentException(name + " has " + v.length + " values; the lecture's toy RNN has " + n
                + " (2 inputs, 2 hidden units, 2 outputs)");
        }
    }

    private static String num(double[] v, int i) {
        return v == null ? "" : num(v[i]);
    }

    /** Up to 5 significant digits, without trailing zeros; tiny values in e-notation (4.5e-05). */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        if (v != 0 && Math.abs(v) < 1e-3) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        String s = String.format(Locale.ROOT, "%.5g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /** A short vector with 3 significant digits, for boxes side by side: (0.925, -0.502). */
    static String vec3(double[] v) {
        List<String> parts = new ArrayList<>();
        for (double x : v) {
            String t = x == Math.rint(x) && Math.abs(x) < 1e6 ? Long.toString((long) x)
                : Math.abs(x) < 1e-3 ? String.format(Locale.ROOT, "%.1e", x) : String.format(Locale.ROOT, "%.3g", x);
            if (t.contains(".") && !t.contains("e")) {
                t = t.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            parts.add(t);
        }
        return "(" + String.join(", ", parts) + ")";
    }

    static String vec(double[] v) {
        List<String> parts = new ArrayList<>();
        for (double x : v) {
            parts.add(num(x));
        }
        return "(" + String.join(", ", parts) + ")";
    }

    private static String sub(int i) {
        return String.valueOf((char) ('₀' + i));
    }

    private static String sup(int i) {
        return GradientPlots.sup(i);
    }
}
