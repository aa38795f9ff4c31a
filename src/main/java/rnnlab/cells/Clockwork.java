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
public final class Clockwork extends SimpleRecurrent {
    private final int moduleSize;
    private final int[] periods;
    private int clockStart;           // steps already taken before this pass (stepping a decoder), 0 = a new sequence
    private final boolean[][] mask;   // M
    private final int[] moduleOf;     // module of each hidden unit
    private final Matrix WhMasked, WhMaskedT;

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
        super("Clockwork", inputSize, checkModules(hidden, periods), activation, reverse, rng);
        this.periods = periods.clone();
        this.moduleSize = hidden / periods.length;
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
        applyMask(Wh.value);
    }

    /** Checks the periods (≥ 1, increasing) and that H is a positive multiple of their number; returns H. */
    private static int checkModules(int hidden, int[] periods) {
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
        return hidden;
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

    @Override
    protected Matrix[] forwardDouble() {
        projectInputs();                             // xᵗ·Wi of all steps
        WhMasked.copyFrom(Wh.value);
        applyMask(WhMasked);                         // Wh ⊙ M
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
    protected Matrix[] backwardDouble(Matrix[] dOut) {
        dhPrev.zero();
        WhMasked.copyFrom(Wh.value);
        applyMask(WhMasked);
        Kernels.transpose(WhMasked, WhMaskedT);
        for (int s = T; s >= 1; s--) {
            int t = timeOf(s);
            takeStepGradient(dOut[t]);                                 // ∂L/∂hᵗ = dOutᵗ + what step s+1 sent back
            Matrix d = delta[s];
            for (int r = 0; r < B; r++) {
                double[] dhr = dh.data[r], dr = d.data[r];
                double[] ar = tape.a[s].data[r], hr = tape.h[s].data[r];
                boolean ok = valid(r, t);
                for (int j = 0; j < hidden; j++) {
                    dr[j] = ok && ticks(moduleOf[j], clock(r, s)) ? dhr[j] * activation.derivative(ar[j], hr[j]) : 0;
                }
            }
            recordGradNorm(t, dh);
            dhPrev.zero();
            if (!cutBeforeAll(s)) {
                Kernels.mulAdd(d, WhMaskedT, dhPrev);                  // ∂L/∂hᵗ⁻¹ = δᵗ·(Wh ⊙ M)ᵀ
            }
            for (int r = 0; r < B; r++) {
                if (passOrCut(s, t, r)) {                              // padding passes ∂h on; a cut stops it
                    double[] dhr = dh.data[r], pr = dhPrev.data[r];
                    for (int j = 0; j < hidden; j++) {
                        if (!ticks(moduleOf[j], clock(r, s))) {
                            pr[j] += dhr[j];                            // a module that kept its value passes ∂h on
                        }
                    }
                }
            }
        }
        refreshPreviousByTime(hPrevAll, tape.h);
        WhMaskedT.zero();                                   // reused as scratch for the unmasked ∂Wh
        // Σₜ hᵗ⁻¹ᵀ·δᵗ into the scratch and ∂Wi in one product over δ (the bits of two products); ∂h⁰, ∂b, ∂xᵗ
        Matrix[] dx = finishBackward(hPrevAll, WhMaskedT);
        addMasked(WhMaskedT);                               // ∂Wh += (Σₜ hᵗ⁻¹ᵀ·δᵗ) ⊙ M
        return dx;
    }

    /** ∂Wh += g ⊙ M, element by element (a masked-out element of ∂Wh is not touched). */
    private void addMasked(Matrix g) {
        applyMask(g);
        for (int r = 0; r < hidden; r++) {
            for (int c = 0; c < hidden; c++) {
                Wh.grad.data[r][c] += g.data[r][c];
            }
        }
    }

    // ---- float32 ------------------------------------------------------------------------------------------------

    /** Float32 (see {@link #setPrecision}): float copies of Wi, Wh ⊙ M and b refreshed at each forward pass. */
    @Override
    protected FloatState newFloatState() {
        return new F32();
    }

    /**
     * The float32 path: the equations of the double one on float copies of the weights and a float tape, the time
     * loops in the two halves of the batch ({@link #inBatchHalves}; the double path runs them on one thread, the
     * products split by rows).
     */
    private final class F32 extends SimpleFloatState {
        final int k = moduleSize, g = periods.length;

        /** Wh ⊙ M as floats into {@link #wh}. */
        @Override
        void recurrentWeights() {
            for (int r = 0; r < H; r++) {
                double[] w = Wh.value.data[r];
                float[] f = wh[r];
                for (int c = 0; c < H; c++) {
                    f[c] = Clockwork.this.mask[r][c] ? (float) w[c] : 0f;
                }
            }
        }

        @Override
        void forwardRows(int r0, int r1) {
            for (int s = 1; s <= T; s++) {
                int t = timeOf(s);
                whPack.mulAddRows(h[s - 1], a[s], r0, r1, B);                // a += hᵗ⁻¹·(Wh ⊙ M)
                for (int r = r0; r < r1; r++) {
                    float[] ar = a[s][r], hr = h[s][r], pr = h[s - 1][r];
                    for (int j = 0; j < H; j++) {
                        ar[j] += bias[j];                                    // a += b
                    }
                    boolean ok = valid(r, t);
                    int c = clock(r, s);
                    for (int m = 0; m < g; m++) {
                        if (ok && ticks(m, c)) {
                            rnnlab.core.FloatKernels.apply(activation, ar, hr, m * k, m * k + k); // tick
                        } else {
                            System.arraycopy(pr, m * k, hr, m * k, k);       // or keep
                        }
                    }
                    output(s, r);                                            // the layer's output
                }
            }
        }

        /** Σ hᵗ⁻¹ᵀ·δᵗ of a backward pass in double (the float sums widened), added to ∂Wh masked after the pass. */
        final Matrix whSum = new Matrix(H, H);

        /** Σ hᵗ⁻¹ᵀ·δᵗ into {@link #whSum} (the weight-gradient side's share when the two threads share the work). */
        @Override
        void addRecurrentGradients() {
            whSum.zero();
            rnnlab.core.FloatKernels.mulTransAAddInto(hPrevAll, deltaAll, gWh, whSum, T * B, H, H);
        }

        /** The same product, in one pass over δ with ∂Wi (the same bits) when one thread computes both. */
        @Override
        boolean sharedProducts(DeltaProducts d) {
            whSum.zero();
            d.add(hPrevAll, H, gWh, whSum);
            return true;
        }

        /** ∂Wh += (Σ hᵗ⁻¹ᵀ·δᵗ) ⊙ M. */
        @Override
        void afterGradients() {
            for (int r = 0; r < H; r++) {
                double[] gr = Wh.grad.data[r], f = whSum.data[r];
                for (int c = 0; c < H; c++) {
                    if (Clockwork.this.mask[r][c]) {
                        gr[c] += f[c];
                    }
                }
            }
        }

        @Override
        void backwardRows(int r0, int r1) {
            for (int s = T; s >= 1; s--) {
                int t = timeOf(s);
                final float[][] dh = dhs[s & 1], dhPrev = dhs[(s + 1) & 1], d = delta[s];
                for (int r = r0; r < r1; r++) {
                    float[] dhr = dh[r], dr = d[r], ar = a[s][r], hr = h[s][r];
                    float[] dOr = dOutRow(t, r, r0);
                    for (int j = 0; j < H; j++) {
                        dhr[j] += dOr[j];                    // ∂L/∂hᵗ = dOutᵗ + what step s+1 sent back
                    }
                    boolean ok = valid(r, t);
                    int c = clock(r, s);
                    for (int m = 0; m < g; m++) {
                        boolean tick = ok && ticks(m, c);
                        for (int j = m * k; j < m * k + k; j++) {
                            dr[j] = tick ? dhr[j] * rnnlab.core.FloatKernels.derivative(activation, ar[j], hr[j]) : 0f;
                        }
                    }
                }
                if (beginStepBack(s, t, dh, dhPrev, r0, r1)) {
                    whPack.mulTransAddRows(d, dhPrev, r0, r1, B);    // ∂hᵗ⁻¹ = δᵗ·(Wh ⊙ M)ᵀ
                }
                for (int r = r0; r < r1; r++) {
                    if (passOrCut(s, t, r, dh, dhPrev)) {    // (padding passes ∂h on, a cut stops it)
                        int c = clock(r, s);
                        float[] dhr = dh[r], pr = dhPrev[r];
                        for (int m = 0; m < g; m++) {
                            if (!ticks(m, c)) {              // a module that kept its value passes ∂h on
                                for (int j = m * k; j < m * k + k; j++) {
                                    pr[j] += dhr[j];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return describe("hidden=" + hidden + ", periods=" + Arrays.toString(periods) + ", activation=" + activation);
    }
}
