package rnnlab.cells;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;

/**
 * Clockwork RNN (Koutník, Greff, Gomez, Schmidhuber, ICML 2014; lecture Part II p.38, "Clockwise RNN" on the slide):
 * an Elman layer whose hidden units are split into g modules that tick at different speeds. Module i has period
 * Tᵢ (1, 2, 4, 8, … by default) and is updated only at steps s with (s − 1) mod Tᵢ = 0; between its ticks it keeps
 * its value, so a slow module carries information (and gradient) across many steps unchanged. Recurrent
 * connections only go from slower (or equal) modules to faster ones: Wh is block-triangular.
 * <pre>
 *   aᵗ = xᵗ·Wi + hᵗ⁻¹·(Wh ⊙ M) + b                 B×H        M[r][c] = 1 if module(r) ≥ module(c), else 0
 *   hᵗ[i] = σ(aᵗ[i])   if module i ticks at step t        (the columns of module i)
 *   hᵗ[i] = hᵗ⁻¹[i]    otherwise
 *
 *   Wi  n×H     Wh  H×H (entries outside M stay 0: no value, no gradient)     b  1×H     h⁰  B×H
 *   H = g·k: g modules of k units, module i = units i·k … i·k+k−1, period periods[i] (increasing)
 * </pre>
 * Backward (δᵗ = ∂L/∂aᵗ, zero in the modules that did not tick):
 * <pre>
 *   ∂L/∂hᵗ = dOutᵗ + ∂L/∂hᵗ from step t+1
 *   δᵗ[i] = ∂L/∂hᵗ[i] ⊙ σ'(aᵗ[i]) if i ticks, else 0           ∂L/∂hᵗ⁻¹ = δᵗ·(Wh ⊙ M)ᵀ + ∂L/∂hᵗ ⊙ (not ticking)
 *   ∂Wi += xᵗᵀ·δᵗ    ∂Wh += (hᵗ⁻¹ᵀ·δᵗ) ⊙ M    ∂b += Σ_rows δᵗ    ∂xᵗ = δᵗ·Wiᵀ
 * </pre>
 * Each sequence's clock counts its own valid steps (from its last word in a reversed layer), so padding never
 * shifts a tick; at padding steps a sequence keeps its state, like every cell.
 */
public final class Clockwork extends SequenceBase {
    private final int hidden, moduleSize;
    private final int[] periods;
    private final Activation activation;
    /** Input → hidden weights Wi (n×H). */
    public final Param Wi;
    /** Recurrent weights Wh (H×H), zero outside the block-triangular mask. */
    public final Param Wh;
    /** Bias b (1×H). */
    public final Param b;
    private Param h0;
    private int clockStart;           // steps already taken before this pass (stepping a decoder), 0 = a new sequence
    private final boolean[][] mask;   // M
    private final int[] moduleOf;     // module of each hidden unit
    private final Matrix WhMasked, WhMaskedT;

    /** The record of one forward pass; index s is the processing step (0 = initial state). */
    public final class Tape implements rnnlab.core.HtmlRenderable {
        Matrix[] a;
        Matrix[] h;
        Matrix[] out;

        /** Hidden state hᵗ after reading input time t, B×H. */
        public Matrix hidden(int t) {
            return h[stepOf(t)];
        }

        /** Pre-activation aᵗ at input time t, B×H (meaningful only in the modules that ticked). */
        public Matrix preActivation(int t) {
            return a[stepOf(t)];
        }

        /** Number of steps of the last forward pass. */
        public int steps() {
            return T;
        }

        private String describe(boolean html) {
            return describeTape("Clockwork tape", T, B, new String[] {"a (pre-activation)", "h (memory)"},
                    new java.util.function.IntFunction<?>[] {this::preActivation, this::hidden}, html);
        }

        @Override
        public String toString() {
            return describe(false);
        }

        @Override
        public String toHtml() {
            return describe(true);
        }
    }

    private final Tape tape = new Tape();
    private Matrix[] delta;
    private Matrix dh, dhPrev;
    private Matrix[] dXs;
    private Matrix aAll, deltaAll, dXAll, hPrevAll;

    /** A tanh Clockwork layer with {@code modules} modules of periods 1, 2, 4, …; hidden must be a multiple. */
    public Clockwork(int inputSize, int hidden, int modules, boolean reverse, SplittableRandom rng) {
        this(inputSize, hidden, powersOfTwo(modules), Activation.TANH, reverse, rng);
    }

    /**
     * A Clockwork layer.
     *
     * @param hidden     H, a multiple of the number of modules
     * @param periods    period of each module, positive and increasing (module 0 is the fastest)
     * @param activation σ of the hidden units
     * @param reverse    read the sequence from its end
     * @param rng        source of the initial weights, uniform in ±1/√H
     */
    public Clockwork(int inputSize, int hidden, int[] periods, Activation activation, boolean reverse,
                     SplittableRandom rng) {
        super("Clockwork", inputSize, reverse);
        if (periods == null || periods.length == 0) {
            throw new IllegalArgumentException("Clockwork: give at least one module period");
        }
        if (hidden <= 0 || hidden % periods.length != 0) {
            throw new IllegalArgumentException("Clockwork: hidden size " + hidden + " must be a positive multiple of "
                    + "the number of modules " + periods.length + "; choose e.g. " + periods.length * Math.max(1,
                    Math.round((float) Math.max(hidden, 1) / periods.length)));
        }
        for (int i = 0; i < periods.length; i++) {
            if (periods[i] < 1 || (i > 0 && periods[i] < periods[i - 1])) {
                throw new IllegalArgumentException("Clockwork: periods must be ≥ 1 and increasing, got "
                        + Arrays.toString(periods));
            }
        }
        this.hidden = hidden;
        this.periods = periods.clone();
        this.moduleSize = hidden / periods.length;
        this.activation = activation;
        Wi = params.add(new Param("Wi", inputSize, hidden));
        Wh = params.add(new Param("Wh", hidden, hidden));
        b = params.add(new Param("b", 1, hidden));
        moduleOf = new int[hidden];
        for (int j = 0; j < hidden; j++) {
            moduleOf[j] = j / moduleSize;
        }
        mask = new boolean[hidden][hidden];
        for (int r = 0; r < hidden; r++) {
            for (int c = 0; c < hidden; c++) {
                mask[r][c] = moduleOf[r] >= moduleOf[c]; // from a slower (or the same) module into a faster one
            }
        }
        WhMasked = new Matrix(hidden, hidden);
        WhMaskedT = new Matrix(hidden, hidden);
        Init.fanIn(Wi.value, hidden, rng);
        Init.fanIn(Wh.value, hidden, rng);
        Init.fanIn(b.value, hidden, rng);
        applyMask(Wh.value);
    }

    static int[] powersOfTwo(int modules) {
        if (modules < 1 || modules > 30) {
            throw new IllegalArgumentException("Clockwork: number of modules must be between 1 and 30, got " + modules);
        }
        int[] p = new int[modules];
        for (int i = 0; i < modules; i++) {
            p[i] = 1 << i;
        }
        return p;
    }

    private void applyMask(Matrix m) {
        for (int r = 0; r < hidden; r++) {
            for (int c = 0; c < hidden; c++) {
                if (!mask[r][c]) {
                    m.data[r][c] = 0;
                }
            }
        }
    }

    @Override
    public int outputSize() {
        return hidden;
    }

    /** The period of each module (a copy). */
    public int[] periods() {
        return periods.clone();
    }

    /** Units per module k. */
    public int moduleSize() {
        return moduleSize;
    }

    /** True if unit j's recurrent input from unit i exists (module(i) ≥ module(j)). */
    public boolean connected(int i, int j) {
        return mask[i][j];
    }

    /** True if module m is updated at the c-th valid step of a sequence (c = 1, 2, …): (c − 1) mod Tₘ = 0. */
    public boolean ticks(int m, int c) {
        return (c - 1) % periods[m] == 0;
    }

    /**
     * The clock of sequence r at processing step s: its own valid steps counted from 1. A reversed layer reads a
     * padded sequence's padding first, so its clock starts when the sequence does (padding never shifts a tick).
     */
    private int clock(int r, int s) {
        return reverse ? s - (T - len[r]) : clockStart + s;
    }

    /**
     * Continues the clock: the next forward pass counts its steps from {@code stepsTaken} + 1 instead of 1, so a
     * layer run one step at a time (a decoder generating, with its state carried over by
     * {@code rnnlab.models.StateCarry}) ticks exactly as in one pass over the whole sequence. 0 (the default) starts
     * a new sequence. Only a left-to-right layer can continue (a reversed one reads from the end).
     */
    public void setClockStart(int stepsTaken) {
        if (stepsTaken < 0 || (reverse && stepsTaken != 0)) {
            throw new IllegalArgumentException("Clockwork.setClockStart: " + (reverse ? "a reversed layer cannot "
                    + "continue its clock" : "steps taken must be ≥ 0") + ", got " + stepsTaken);
        }
        clockStart = stepsTaken;
    }

    /** The steps taken before the next forward pass ({@link #setClockStart}); 0 for a new sequence. */
    public int clockStart() {
        return clockStart;
    }

    public Activation activation() {
        return activation;
    }

    public Tape tape() {
        return tape;
    }

    @Override
    protected java.util.Map<String, java.util.function.IntFunction<Matrix>> tapeColumns() {
        java.util.Map<String, java.util.function.IntFunction<Matrix>> m = new java.util.LinkedHashMap<>();
        m.put("a", tape::preActivation);
        m.put("h", tape::hidden);
        return m;
    }

    @Override
    public List<Param> initialState() {
        return h0 == null ? List.of() : List.of(h0);
    }

    /** Sets the initial memory h⁰ (B×H) used while the batch size stays B. */
    public void setInitialState(Matrix h) {
        checkState(h, "initial memory h0", hidden);
        h0 = new Param("h0", h.copy(), new Matrix(h.rows, h.cols), -1);
    }

    @Override
    public Matrix[] forward(Matrix[] xs, int[] lengths) {
        if (begin(xs, lengths)) {
            allocate();
        }
        h0 = initialState(h0, "h0", hidden);
        tape.h[0] = h0.value;
        WhMasked.copyFrom(Wh.value);
        applyMask(WhMasked);                         // Wh ⊙ M
        aAll.zero();
        Kernels.mulAdd(xAll, Wi.value, aAll);        // input projections of all steps in one product
        for (int s = 1; s <= T; s++) {
            int t = timeOf(s);
            Matrix prev = tape.h[s - 1], a = tape.a[s], h = tape.h[s];
            Kernels.mulAdd(prev, WhMasked, a);       // a += hᵗ⁻¹·(Wh ⊙ M)
            Kernels.addRowVector(a, b.value);        // a += b
            for (int r = 0; r < B; r++) {
                double[] ar = a.data[r], hr = h.data[r], pr = prev.data[r];
                boolean ok = valid(r, t);
                for (int j = 0; j < hidden; j++) {
                    hr[j] = ok && ticks(moduleOf[j], clock(r, s)) ? activation.apply(ar[j]) : pr[j]; // tick, or keep
                }
            }
        }
        return tape.out;
    }

    @Override
    public Matrix[] backward(Matrix[] dOut) {
        checkBackward(dOut, hidden);
        dhPrev.zero();
        WhMasked.copyFrom(Wh.value);
        applyMask(WhMasked);
        Kernels.transpose(WhMasked, WhMaskedT);
        for (int s = T; s >= 1; s--) {
            int t = timeOf(s);
            Matrix tmp = dh;
            dh = dhPrev;
            dhPrev = tmp;
            double[][] dO = dOut[t].data;
            Matrix d = delta[s];
            for (int r = 0; r < B; r++) {
                double[] dhr = dh.data[r], dr = d.data[r];
                double[] ar = tape.a[s].data[r], hr = tape.h[s].data[r];
                boolean ok = valid(r, t);
                for (int j = 0; j < hidden; j++) {
                    dhr[j] += dO[r][j];
                    dr[j] = ok && ticks(moduleOf[j], clock(r, s)) ? dhr[j] * activation.derivative(ar[j], hr[j]) : 0;
                }
            }
            recordGradNorm(t, dh);
            dhPrev.zero();
            if (!cutBeforeAll(s)) {
                Kernels.mulAdd(d, WhMaskedT, dhPrev);                  // ∂L/∂hᵗ⁻¹ = δᵗ·(Wh ⊙ M)ᵀ
            }
            for (int r = 0; r < B; r++) {
                double[] dhr = dh.data[r], pr = dhPrev.data[r];
                if (!valid(r, t)) {
                    System.arraycopy(dhr, 0, pr, 0, hidden);           // padding carried the memory over
                } else if (cutBefore(s, r)) {
                    java.util.Arrays.fill(pr, 0.0);                     // truncated BPTT: stop here
                } else {
                    for (int j = 0; j < hidden; j++) {
                        if (!ticks(moduleOf[j], clock(r, s))) {
                            pr[j] += dhr[j];                            // a module that kept its value passes ∂h on
                        }
                    }
                }
            }
        }
        h0.grad.copyFrom(dhPrev);
        refreshPreviousByTime(hPrevAll, tape.h);
        WhMaskedT.zero();                                   // reused as scratch for the unmasked ∂Wh
        Kernels.mulTransAAdd(hPrevAll, deltaAll, WhMaskedT);
        applyMask(WhMaskedT);
        for (int r = 0; r < hidden; r++) {
            for (int c = 0; c < hidden; c++) {
                Wh.grad.data[r][c] += WhMaskedT.data[r][c];  // ∂Wh += (Σₜ hᵗ⁻¹ᵀ·δᵗ) ⊙ M
            }
        }
        Kernels.mulTransAAdd(xAll, deltaAll, Wi.grad);      // ∂Wi += Σₜ xᵗᵀ·δᵗ
        Kernels.sumRowsAdd(deltaAll, b.grad);               // ∂b  += Σₜ Σ_rows δᵗ
        dXAll.zero();
        Kernels.mulTransBAdd(deltaAll, Wi.value, dXAll);    // ∂xᵗ = δᵗ·Wiᵀ
        return dXs;
    }

    private void allocate() {
        tape.a = states(hidden);
        tape.h = states(hidden);
        tape.out = new Matrix[T];
        for (int t = 0; t < T; t++) {
            tape.out[t] = tape.h[stepOf(t)];
        }
        Matrix[] aByTime = new Matrix[T];
        delta = states(hidden);
        Matrix[] dByTime = new Matrix[T];
        for (int t = 0; t < T; t++) {
            aByTime[t] = tape.a[stepOf(t)];
            dByTime[t] = delta[stepOf(t)];
        }
        aAll = tall(aByTime);
        deltaAll = tall(dByTime);
        hPrevAll = previousByTime(tape.h);
        dXs = perTime(inputSize);
        dXAll = tall(dXs);
        dh = new Matrix(B, hidden);
        dhPrev = new Matrix(B, hidden);
    }

    @Override
    public String toString() {
        return "Clockwork(in=" + inputSize + ", hidden=" + hidden + ", periods=" + Arrays.toString(periods)
                + ", activation=" + activation + (reverse ? ", reverse" : "")
                + (truncation > 0 ? ", bptt=" + truncation : "") + ", params=" + params.count() + ")";
    }
}
