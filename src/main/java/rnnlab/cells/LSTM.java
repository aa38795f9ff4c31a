package rnnlab.cells;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;

/**
 * Long short-term memory layer (lecture p.17–31): a memory cell guarded by an input, a forget and an output gate.
 * <pre>
 *   [z | zi | zf | zo] = xᵗ·W + hᵗ⁻¹·U (+ cᵗ⁻¹·P with peepholes) + b        four blocks of H columns
 *   g = g(z)   i = f(zi)   f = f(zf)   o = f(zo)          f = sigmoid: a gate "mimics open and close"
 *   cᵗ = g ⊙ i + cᵗ⁻¹ ⊙ f                                  c′ = g(z)f(zi) + c f(zf)   (p.18)
 *   hᵗ = h(cᵗ) ⊙ o                                         a = h(c′) f(zo)
 *
 *   W  n×4H   U  H×4H   P  H×4H (only with peepholes)   b  1×4H   c⁰, h⁰  B×H (zero by default)
 * </pre>
 * Gate order inside the 4H columns is the lecture's: cell input z, input gate, forget gate, output gate (PyTorch
 * orders them i, f, g, o: reorder the column blocks when moving weights between the two). The forget gate keeps the memory when it is OPEN (≈1).
 * Peepholes follow slide p.30: all four transforms also read cᵗ⁻¹, through a full H×4H matrix P.
 *
 * <p>Backward (δ = ∂L/∂[z|zi|zf|zo]):
 * <pre>
 *   ∂hᵗ = dOutᵗ + δᵗ⁺¹·Uᵀ          ∂o = ∂hᵗ ⊙ h(cᵗ)          ∂cᵗ = ∂hᵗ ⊙ o ⊙ h'(cᵗ) + ∂cᵗ⁺¹ ⊙ fᵗ⁺¹ (+ δᵗ⁺¹·Pᵀ)
 *   ∂g = ∂cᵗ ⊙ i    ∂i = ∂cᵗ ⊙ g    ∂f = ∂cᵗ ⊙ cᵗ⁻¹      δ = [∂g g'(z) | ∂i σ'(zi) | ∂f σ'(zf) | ∂o σ'(zo)]
 *   ∂W += xᵀδ   ∂U += hᵗ⁻¹ᵀδ   ∂P += cᵗ⁻¹ᵀδ   ∂b += Σδ   ∂xᵗ = δ·Wᵀ
 * </pre>
 */
public final class LSTM extends SequenceBase {
    /** Index of each block inside the 4H gate columns (lecture order). */
    public static final int Z = 0, INPUT = 1, FORGET = 2, OUTPUT = 3;

    /**
     * Settings of an LSTM layer.
     *
     * @param inputSize  n
     * @param hidden     H, the number of cells
     * @param cellInput  g, the activation of the cell input z (tanh; the lecture's example uses LINEAR)
     * @param cellOutput h, the activation applied to the memory before the output gate (tanh; lecture: LINEAR)
     * @param gate       the gates' activation (SIGMOID; STEP gives the slide's idealised 0/1 gates)
     * @param peephole   gates also read cᵗ⁻¹ (lecture p.30)
     * @param forgetBias initial bias of the forget gate (1.0 keeps memory early in training)
     */
    public record Config(int inputSize, int hidden, Activation cellInput, Activation cellOutput, Activation gate,
                         boolean peephole, double forgetBias) {
        public Config {
            if (inputSize <= 0 || hidden <= 0) {
                throw new IllegalArgumentException("LSTM.Config: inputSize and hidden must be positive, got "
                        + inputSize + " and " + hidden);
            }
            if (cellInput == null || cellOutput == null || gate == null) {
                throw new IllegalArgumentException("LSTM.Config: activations must not be null");
            }
            if (!Double.isFinite(forgetBias)) {
                throw new IllegalArgumentException("LSTM.Config: forgetBias must be finite, got " + forgetBias);
            }
        }

        /** The usual LSTM: tanh g and h, sigmoid gates, no peepholes, forget bias 1. */
        public static Config of(int inputSize, int hidden) {
            return new Config(inputSize, hidden, Activation.TANH, Activation.TANH, Activation.SIGMOID, false, 1.0);
        }

        /** The lecture's example cell (p.20–25): linear g and h, sigmoid gates, bias 0. */
        public static Config lecture(int inputSize, int hidden) {
            return new Config(inputSize, hidden, Activation.LINEAR, Activation.LINEAR, Activation.SIGMOID, false, 0);
        }

        public Config withPeephole(boolean p) {
            return new Config(inputSize, hidden, cellInput, cellOutput, gate, p, forgetBias);
        }

        public Config withForgetBias(double fb) {
            return new Config(inputSize, hidden, cellInput, cellOutput, gate, peephole, fb);
        }

        public Config withGate(Activation g) {
            return new Config(inputSize, hidden, cellInput, cellOutput, g, peephole, forgetBias);
        }

        public Config withActivations(Activation g, Activation h) {
            return new Config(inputSize, hidden, g, h, gate, peephole, forgetBias);
        }
    }

    private final Config config;
    private final int H;
    /** Input weights W (n×4H), blocks [z | zi | zf | zo]. */
    public final Param W;
    /** Recurrent weights U (H×4H). */
    public final Param U;
    /** Peephole weights P (H×4H), null without peepholes. */
    public final Param P;
    /** Bias b (1×4H). */
    public final Param b;
    private Param h0, c0;

    /** The record of one forward pass; index s is the processing step (0 = initial state). */
    public final class Tape extends BaseTape {
        Matrix[] pre;  // [z|zi|zf|zo] before activation, s = 1..T
        Matrix[] act;  // [g|i|f|o] after activation
        Matrix[] c;    // memory, s = 0..T
        Matrix[] hc;   // h(c)
        Matrix[] h;    // output, s = 0..T
        Matrix[] out;  // by time

        /** Memory cᵗ after reading input time t, B×H. */
        public Matrix cell(int t) {
            requireDoubleTape("the memory c");
            return c[tapeStep(t)];
        }

        /** Output hᵗ at input time t, B×H. */
        public Matrix hidden(int t) {
            requireDoubleOutputs();
            return h[tapeStep(t)];
        }

        /** Activation of one block ({@link #Z} gives g(z), or INPUT, FORGET, OUTPUT) at time t, as B×H copy. */
        public Matrix gate(int block, int t) {
            return block(act[tapeStep(t)], block);
        }

        /** Pre-activation of one block at time t (e.g. zi), as a B×H copy. */
        public Matrix preActivation(int block, int t) {
            return block(pre[tapeStep(t)], block);
        }

        /** Input gate f(zi) at time t. */
        public Matrix inputGate(int t) {
            return gate(INPUT, t);
        }

        /** Forget gate f(zf) at time t. */
        public Matrix forgetGate(int t) {
            return gate(FORGET, t);
        }

        /** Output gate f(zo) at time t. */
        public Matrix outputGate(int t) {
            return gate(OUTPUT, t);
        }

        /** Cell input g(z) at time t. */
        public Matrix cellInput(int t) {
            return gate(Z, t);
        }

        private Matrix block(Matrix m, int k) {
            if (this == tape) {
                requireDoubleTape("the gates and pre-activations");
            }
            if (k < 0 || k > 3) {
                throw new IllegalArgumentException("LSTM.Tape: block must be 0..3 (Z, INPUT, FORGET, OUTPUT), got " + k);
            }
            Matrix r = new Matrix(m.rows, H);
            for (int i = 0; i < m.rows; i++) {
                System.arraycopy(m.data[i], k * H, r.data[i], 0, H);
            }
            return r;
        }
    }

    private final Tape tape = new Tape();
    private Matrix preAll, deltaAll, dXAll;
    private Matrix[] delta, dXs;
    /** ∂hᵗ and ∂cᵗ of step s are in [s &amp; 1], those sent to step s−1 in the other slot (no swapping of fields). */
    private final Matrix[] dhs = new Matrix[2], dcs = new Matrix[2];
    private Matrix[] dOutPass;          // the output gradients of the current backward pass
    // the time loops over each half of the batch (Kernels.inParallel runs them on the two threads); fields, so
    // starting them allocates nothing
    private final Runnable forwardLo = () -> forwardRows(0, rowSplit), forwardHi = () -> forwardRows(rowSplit, B);
    private final Runnable backwardLo = () -> backwardRows(0, rowSplit), backwardHi = () -> backwardRows(rowSplit, B);
    private Matrix hPrevAll, cPrevAll;  // hᵗ⁻¹, cᵗ⁻¹ of every step, (T·B)×H in time order: ∂U, ∂P are one product
    private final Matrix Pt;            // Pᵀ refreshed at each backward pass: ∂cᵗ⁻¹ += δ·Pᵀ as an i-k-j product
    /** U packed once per forward pass, and Uᵀ (or nothing: dot products) once per backward pass. */
    private final PackedWeight uPack;

    /** A usual LSTM layer (tanh, sigmoid gates, forget bias 1), seeded with {@link Init#DEFAULT_SEED}. */
    public LSTM(int inputSize, int hidden) {
        this(Config.of(inputSize, hidden), false, new SplittableRandom(Init.DEFAULT_SEED));
    }

    /** An LSTM layer with the given settings; {@code reverse} reads the sequence backwards. */
    public LSTM(Config config, boolean reverse, SplittableRandom rng) {
        super("LSTM", config.inputSize(), config.hidden(), reverse);
        requireParamsFit("LSTM(n=" + config.inputSize() + ", H=" + config.hidden() + ")", 4L * config.hidden()
                * ((long) config.inputSize() + (config.peephole() ? 2L : 1L) * config.hidden() + 1));
        this.config = config;
        this.H = config.hidden();
        W = drawn("W", inputSize, 4 * H, H, rng);
        U = drawn("U", H, 4 * H, H, rng);
        P = config.peephole() ? drawn("P", H, 4 * H, H, rng) : null;
        b = params.add(new Param("b", 1, 4 * H));          // 0, but the forget gate's block starts at forgetBias
        b.value.fillBlock(rnnlab.core.Gate.FORGET, config.forgetBias());
        uPack = new PackedWeight(H, 4 * H);
        Pt = P != null ? new Matrix(4 * H, H) : null;
    }

    /** The settings. */
    public Config config() {
        return config;
    }

    /**
     * Variational dropout on hᵗ⁻¹ where it enters the four transforms: [z|zᵢ|z_f|z_o] = xᵗ·W + (hᵗ⁻¹ ⊙ m)·U + b
     * (Gal &amp; Ghahramani 2016; the memory cᵗ⁻¹ is not masked); null: none.
     */
    @Override
    public void setRecurrentDropout(rnnlab.layers.Dropout d) {
        if (d != null && d.size() != H) {
            throw new IllegalArgumentException("LSTM: recurrent dropout needs a mask of " + H + " values, got "
                    + d.size());
        }
        recurrentDropout = d;
    }

    /** The tape of the last forward pass: gates, memory and outputs of every step. */
    public Tape tape() {
        return tape;
    }

    @Override
    protected java.util.Map<String, java.util.function.IntFunction<Matrix>> tapeColumns() {
        return columns(List.of("z", "zi", "zf", "zo", "g(z)", "input gate", "forget gate", "output gate", "c", "h"),
                t -> tape.preActivation(Z, t), t -> tape.preActivation(INPUT, t), t -> tape.preActivation(FORGET, t),
                t -> tape.preActivation(OUTPUT, t), tape::cellInput, tape::inputGate, tape::forgetGate,
                tape::outputGate, tape::cell, tape::hidden);
    }

    @Override
    public List<Param> initialState() {
        return h0 == null ? List.of() : List.of(h0, c0);
    }

    /** Sets the initial output h⁰ and memory c⁰ (each B×H), used while the batch size stays B. */
    public void setInitialState(Matrix h, Matrix c) {
        h0 = userState("h0", h, "initial output h0", H);
        c0 = userState("c0", c, "initial memory c0", H);
    }

    /** One step's results, as the lecture draws them. All B×H. */
    public record Step(Matrix z, Matrix inputGate, Matrix forgetGate, Matrix outputGate, Matrix c, Matrix h) {}

    /**
     * One step, allocating its results.
     *
     * @param x     B×n input
     * @param hPrev B×H previous output hᵗ⁻¹
     * @param cPrev B×H previous memory cᵗ⁻¹
     */
    public Step step(Matrix x, Matrix hPrev, Matrix cPrev) {
        x.requireShape("LSTM.step: input x", x.rows, inputSize);
        hPrev.requireShape("LSTM.step: hPrev", x.rows, H);
        cPrev.requireShape("LSTM.step: cPrev", x.rows, H);
        requireFinite("input x", x);
        requireFinite("hPrev", hPrev);
        requireFinite("cPrev", cPrev);
        Matrix pre = new Matrix(x.rows, 4 * H);
        Kernels.mulAdd(x, W.value, pre);
        uPack.packForward(U.value);
        Matrix act = new Matrix(x.rows, 4 * H), c = new Matrix(x.rows, H), hc = new Matrix(x.rows, H),
                h = new Matrix(x.rows, H);
        recurrentStep(hPrev, cPrev, pre, act, c, hc, h, 0, x.rows);
        Tape view = new Tape();
        return new Step(view.block(act, Z), view.block(act, INPUT), view.block(act, FORGET),
                view.block(act, OUTPUT), c, h);
    }

    /**
     * Given pre = x·W: adds hPrev·U (+ cPrev·P) + b, then the gate equations, for the rows r0 … r1−1 (one half of
     * the batch, or all of it). Allocates nothing.
     */
    private void recurrentStep(Matrix hPrev, Matrix cPrev, Matrix pre, Matrix act, Matrix c, Matrix hc, Matrix h,
                               int r0, int r1) {
        uPack.mulAddRows(hPrev, pre, r0, r1);                     // += hᵗ⁻¹·U (U packed by the caller)
        if (P != null) {
            Kernels.mulAddRows(cPrev, P.value, pre, r0, r1);      // += cᵗ⁻¹·P   (peephole, p.30)
        }
        final double[] bias = b.value.data[0];
        final Activation g = config.cellInput(), hAct = config.cellOutput(), gate = config.gate();
        for (int r = r0; r < r1; r++) {
            double[] p = pre.data[r], a = act.data[r], cr = c.data[r], cp = cPrev.data[r], hcr = hc.data[r],
                    hr = h.data[r];
            for (int j = 0; j < 4 * H; j++) {
                p[j] += bias[j];                          // += b
            }
            g.apply(p, a, 0, H);                          // g(z)
            gate.apply(p, a, H, 4 * H);                   // f(zi), f(zf), f(zo)
            for (int j = 0; j < H; j++) {
                cr[j] = a[j] * a[H + j] + cp[j] * a[2 * H + j];   // c = g(z)f(zi) + c f(zf)
            }
            hAct.apply(cr, hcr, 0, H);
            for (int j = 0; j < H; j++) {
                hr[j] = hcr[j] * a[3 * H + j];                    // h = h(c) f(zo)
            }
        }
    }

    @Override
    protected void startPass(boolean shapeChanged) {
        if (shapeChanged) {
            allocate();
        }
        h0 = initialState(h0, "h0", H);
        if (c0 == null || c0.value.rows != B) {
            c0 = new Param("c0", B, H);
        }
        tape.h[0] = h0.value;
        tape.c[0] = c0.value;
    }

    @Override
    protected Matrix[] forwardDouble() {
        Kernels.mul(xAll, W.value, preAll);               // x·W for all steps at once
        uPack.packForward(U.value);
        inBatchHalves(forwardLo, forwardHi, 4L * H * H);              // the T steps, each half of the batch on its own thread
        return tape.out;
    }

    /** The T steps of the forward pass for the sequences r0 … r1−1. */
    private void forwardRows(int r0, int r1) {
        for (int s = 1; s <= T; s++) {
            int t = timeOf(s);
            recurrentStep(maskedPrevious(s, tape.h[s - 1], r0, r1), tape.c[s - 1], tape.pre[s], tape.act[s],
                    tape.c[s], tape.hc[s], tape.h[s], r0, r1);
            for (int r = r0; r < r1; r++) {
                if (!valid(r, t)) { // padding: keep memory and output
                    System.arraycopy(tape.c[s - 1].data[r], 0, tape.c[s].data[r], 0, H);
                    System.arraycopy(tape.h[s - 1].data[r], 0, tape.h[s].data[r], 0, H);
                }
            }
        }
    }

    /** The weight gradients on δ (∂U, ∂P, then ∂W), for one product over δ (made once: nothing allocated per pass). */
    private final Matrix[] gradA = new Matrix[3], gradC = new Matrix[3];

    @Override
    protected Matrix[] backwardDouble(Matrix[] dOut) {
        for (int k = 0; k < 2; k++) {
            dhs[k].zero();
            dcs[k].zero();
        }
        uPack.packBackward(U.value, B);                   // few rows: δ·Uᵀ as dot products, else Uᵀ packed
        if (P != null && !uPack.dot()) {
            Kernels.transpose(P.value, Pt);
        }
        beginGradNorms();
        dOutPass = dOut;
        try {
            inBatchHalves(backwardLo, backwardHi, 4L * H * H);        // the T steps back, each half of the batch on its thread
        } finally {
            dOutPass = null;
        }
        finishGradNorms();
        h0.grad.copyFrom(dhs[0]);                         // what step 1 sent back to the initial state
        c0.grad.copyFrom(dcs[0]);
        refreshPreviousByTime(hPrevAll, recurrentMask != null ? maskedPrevious : tape.h);
        gradA[0] = hPrevAll;                              // ∂U += Σ hᵗ⁻¹ᵀ·δ  ((hᵗ⁻¹⊙m)ᵀ·δ with dropout)
        gradC[0] = U.grad;
        int count = 1;
        if (P != null) {
            refreshPreviousByTime(cPrevAll, tape.c);
            gradA[1] = cPrevAll;                          // ∂P += Σ cᵗ⁻¹ᵀ·δ
            gradC[1] = P.grad;
            count = 2;
        }
        inputGradients(deltaAll, W, b, dXAll, gradA, gradC, count);   // those, ∂W in one product over δ; ∂b, ∂xᵗ
        return inputGradientNeeded ? dXs : null;
    }

    /** Backpropagation through the T steps for the sequences r0 … r1−1: δ of every step, ∂h⁰ and ∂c⁰. */
    private void backwardRows(int r0, int r1) {
        final Activation g = config.cellInput(), hAct = config.cellOutput(), gate = config.gate();
        final boolean usual = usualActivations();
        final Matrix[] dOut = dOutPass;
        for (int s = T; s >= 1; s--) {
            int t = timeOf(s);
            // ∂hᵗ, ∂cᵗ arrived from step s+1 in slot s & 1; what goes to step s−1 is written into the other slot
            final Matrix dh = dhs[s & 1], dc = dcs[s & 1], dhPrev = dhs[(s + 1) & 1], dcPrev = dcs[(s + 1) & 1];
            Matrix d = delta[s];
            for (int r = r0; r < r1; r++) {
                double[] dhr = dh.data[r], dcr = dc.data[r], dO = dOut[t].data[r], dr = d.data[r];
                if (!valid(r, t)) {
                    for (int j = 0; j < H; j++) {
                        dhr[j] += dO[j];
                    }
                    java.util.Arrays.fill(dr, 0.0);
                    continue;
                }
                double[] a = tape.act[s].data[r], p = tape.pre[s].data[r], cr = tape.c[s].data[r],
                        hcr = tape.hc[s].data[r], cp = tape.c[s - 1].data[r];
                if (usual) {
                    // the same equations with tanh'(z) = 1 − g², σ'(z) = f(1 − f) written out (same operations, same
                    // bits): no call per element; on whole vectors with the Vector API (GateRows)
                    rnnlab.core.GateRows.lstmBackward(a, hcr, cp, dO, dhr, dcr, dr, H);
                    continue;
                }
                for (int j = 0; j < H; j++) {
                    double gz = a[j], ig = a[H + j], fg = a[2 * H + j], og = a[3 * H + j];
                    dhr[j] += dO[j];
                    double dOg = dhr[j] * hcr[j];                                   // ∂o
                    dcr[j] += dhr[j] * og * hAct.derivative(cr[j], hcr[j]);        // ∂c += ∂h ⊙ o ⊙ h'(c)
                    dr[j] = dcr[j] * ig * g.derivative(p[j], gz);                   // δz
                    dr[H + j] = dcr[j] * gz * gate.derivative(p[H + j], ig);        // δzi
                    dr[2 * H + j] = dcr[j] * cp[j] * gate.derivative(p[2 * H + j], fg); // δzf
                    dr[3 * H + j] = dOg * gate.derivative(p[3 * H + j], og);        // δzo
                }
            }
            recordGradNorm(t, dh, r0, r1);
            for (int r = r0; r < r1; r++) {
                java.util.Arrays.fill(dhPrev.data[r], 0.0);
                java.util.Arrays.fill(dcPrev.data[r], 0.0);
            }
            if (!cutBeforeAll(s, r0, r1)) {
                uPack.mulTransAddRows(d, dhPrev, r0, r1);         // ∂hᵗ⁻¹ = δ·Uᵀ
                if (recurrentMask != null) {
                    multiplyRows(dhPrev, recurrentMask, dhPrev, r0, r1); // (δ·Uᵀ) ⊙ m
                }
                if (P != null) {
                    if (uPack.dot()) {
                        Kernels.mulTransBAddRows(d, P.value, dcPrev, r0, r1); // ∂cᵗ⁻¹ += δ·Pᵀ
                    } else {
                        Kernels.mulAddRows(d, Pt, dcPrev, r0, r1);     // ∂cᵗ⁻¹ += δ·Pᵀ
                    }
                }
            }
            for (int r = r0; r < r1; r++) {
                if (!valid(r, t)) {
                    System.arraycopy(dh.data[r], 0, dhPrev.data[r], 0, H);
                    System.arraycopy(dc.data[r], 0, dcPrev.data[r], 0, H);
                } else if (cutBefore(s, r)) {                  // truncated BPTT: stop here
                    java.util.Arrays.fill(dhPrev.data[r], 0.0);
                    java.util.Arrays.fill(dcPrev.data[r], 0.0);
                } else {
                    double[] a = tape.act[s].data[r], dcr = dc.data[r], dcp = dcPrev.data[r];
                    for (int j = 0; j < H; j++) {
                        dcp[j] += dcr[j] * a[2 * H + j];       // ∂cᵗ⁻¹ += ∂cᵗ ⊙ f
                    }
                }
            }
        }
    }

    private void allocate() {
        tape.pre = states(4 * H);
        tape.act = states(4 * H);
        tape.c = states(H);
        tape.hc = states(H);
        tape.h = states(H);
        tape.out = byTime(tape.h);
        delta = states(4 * H);
        preAll = tall(byTime(tape.pre));   // pre-activations and δ in time order, lined up with xAll's rows
        deltaAll = tall(byTime(delta));
        hPrevAll = previousByTime(tape.h);
        cPrevAll = P != null ? previousByTime(tape.c) : null;
        dXs = perTime(inputSize);
        dXAll = tall(dXs);
        for (int k = 0; k < 2; k++) {
            dhs[k] = new Matrix(B, H);
            dcs[k] = new Matrix(B, H);
        }
    }

    // ---- float32 ------------------------------------------------------------------------------------------------

    /** Float32 (see {@link #setPrecision}): float copies of W, U, P and b refreshed at each forward pass. */
    @Override
    protected FloatState newFloatState() {
        return new F32();
    }

    /**
     * The float32 path: the same equations as the double one, on float copies of the weights and a float tape. Its
     * time loops run in the two batch halves like the double ones; nothing is allocated once T and B are known.
     */
    private final class F32 extends FloatState {
        final int G = 4 * H;
        final float[][] w = new float[n][G], u = new float[H][G], p = P != null ? new float[H][G] : null;
        final float[] bias = new float[G];
        final float[][] pt = P != null ? new float[G][H] : null, wt = new float[G][n];
        /** u packed once per forward pass, uᵀ (or nothing: dot products) once per backward pass. */
        final FloatPackedWeight uPack = new FloatPackedWeight(H, G);
        final float[][] gW = new float[n][G], gU = new float[H][G], gP = P != null ? new float[H][G] : null;
        final float[][][] pre = floatStates(G), act = floatStates(G), c = floatStates(H), hc = floatStates(H),
                delta = floatStates(G);
        final float[][] preAll = tallByTime(pre), deltaAll = tallByTime(delta), cPrevAll = new float[T * B][];
        /** ∂cᵗ of step s in [s &amp; 1], as ∂hᵗ in {@link #dhs}. */
        final float[][][] dcs = new float[2][B][H];

        F32() {
            super(H);
        }

        @Override
        Matrix[] doubleStates() {
            return tape.h;
        }

        @Override
        Matrix[] forward() {
            rnnlab.core.FloatKernels.toFloat(W.value, w);
            rnnlab.core.FloatKernels.toFloat(U.value, u);
            uPack.packForward(u);
            if (P != null) {
                rnnlab.core.FloatKernels.toFloat(P.value, p);
            }
            toFloat(b, bias);
            beginForward(h0.value);
            rnnlab.core.FloatKernels.toFloat(c0.value, c[0]);
            rnnlab.core.FloatKernels.mul(x, w, preAll, T * B, n, G);   // x·W for all steps at once
            runForward((long) G * H);
            return tape.out;
        }

        @Override
        void forwardRows(int r0, int r1) {
            final Activation g = config.cellInput(), hAct = config.cellOutput(), gate = config.gate();
            for (int s = 1; s <= T; s++) {
                int t = timeOf(s);
                uPack.mulAddRows(readState(s, r0, r1), pre[s], r0, r1, B);                   // += hᵗ⁻¹·U (⊙ m)
                if (P != null) {
                    rnnlab.core.FloatKernels.mulAddRows(c[s - 1], p, pre[s], r0, r1, B, H, G); // += cᵗ⁻¹·P
                }
                for (int r = r0; r < r1; r++) {
                    float[] pr = pre[s][r], a = act[s][r], cr = c[s][r], cp = c[s - 1][r], hcr = hc[s][r],
                            hr = h[s][r];
                    if (!valid(r, t)) { // padding: keep memory and output
                        System.arraycopy(cp, 0, cr, 0, H);
                        System.arraycopy(h[s - 1][r], 0, hr, 0, H);
                    } else {
                        for (int j = 0; j < G; j++) {
                            pr[j] += bias[j];
                        }
                        rnnlab.core.FloatKernels.apply(g, pr, a, 0, H);
                        rnnlab.core.FloatKernels.apply(gate, pr, a, H, G);
                        for (int j = 0; j < H; j++) {
                            cr[j] = a[j] * a[H + j] + cp[j] * a[2 * H + j];
                        }
                        rnnlab.core.FloatKernels.apply(hAct, cr, hcr, 0, H);
                        for (int j = 0; j < H; j++) {
                            hr[j] = hcr[j] * a[3 * H + j];
                        }
                    }
                    output(s, r);                       // the layer's output
                }
            }
        }

        @Override
        public Matrix[] backward(Matrix[] dOutArg) {
            zero(dcs);
            uPack.packBackward(u, B);                       // few rows: δ·Uᵀ as dot products, else uᵀ packed
            if (P != null && !uPack.dot()) {
                rnnlab.core.FloatKernels.transpose(p, pt, H, G);
            }
            runBackward(dOutArg, (long) G * H);
            finishBackward(h0.grad);                            // what step 1 sent back to the initial state
            for (int r = 0; r < B; r++) {
                rnnlab.core.FloatKernels.toDouble(dcs[0][r], c0.grad.data[r], H);
            }
            if (P != null) {
                refreshPreviousByTime(cPrevAll, c);
            }
            shared.add(hPrevAll, H, gU, U.grad);                                       // the products on δ itself
            if (P != null) {
                shared.add(cPrevAll, H, gP, P.grad);
            }
            gradientsFloat(recurrentGradients, shared, x, deltaAll, w, wt, gW, dX, W, b, dXAll, G); // ∂U, ∂P | ∂W, ∂b; ∂xᵗ
            return returnedInputGradients(dXs);
        }

        /** ∂U and ∂P as products on δ, for one pass with ∂W when one thread computes them all. */
        private final DeltaProducts shared = new DeltaProducts();

        /** ∂U += Σ hᵗ⁻¹ᵀ·δ and ∂P += Σ cᵗ⁻¹ᵀ·δ (one thread's share of {@link #gradientsFloat}). */
        private final Runnable recurrentGradients = () -> {
            int N = T * B;
            rnnlab.core.FloatKernels.mulTransAAddInto(hPrevAll, deltaAll, gU, U.grad, N, H, G);   // ∂U += Σ hᵗ⁻¹ᵀ·δ
            if (P != null) {
                rnnlab.core.FloatKernels.mulTransAAddInto(cPrevAll, deltaAll, gP, P.grad, N, H, G); // ∂P += Σ cᵗ⁻¹ᵀ·δ
            }
        };

        @Override
        void backwardRows(int r0, int r1) {
            final Activation g = config.cellInput(), hAct = config.cellOutput(), gate = config.gate();
            final boolean usual = usualActivations();
            for (int s = T; s >= 1; s--) {
                int t = timeOf(s);
                final float[][] dh = dhs[s & 1], dc = dcs[s & 1], dhPrev = dhs[(s + 1) & 1], dcPrev = dcs[(s + 1) & 1];
                final float[][] d = delta[s];
                for (int r = r0; r < r1; r++) {
                    float[] dhr = dh[r], dcr = dc[r], dr = d[r];
                    float[] dOr = dOutRow(t, r, r0);
                    if (!valid(r, t)) {
                        for (int j = 0; j < H; j++) {
                            dhr[j] += dOr[j];
                        }
                        java.util.Arrays.fill(dr, 0f);
                        continue;
                    }
                    float[] a = act[s][r], pr = pre[s][r], cr = c[s][r], hcr = hc[s][r], cp = c[s - 1][r];
                    if (usual) {   // as in the double path: the derivatives written out, same operations
                        rnnlab.core.GateRows.lstmBackward(a, hcr, cp, dOr, dhr, dcr, dr, H);
                        continue;
                    }
                    for (int j = 0; j < H; j++) {
                        float gz = a[j], ig = a[H + j], fg = a[2 * H + j], og = a[3 * H + j];
                        dhr[j] += dOr[j];
                        float dOg = dhr[j] * hcr[j];
                        dcr[j] += dhr[j] * og * rnnlab.core.FloatKernels.derivative(hAct, cr[j], hcr[j]);
                        dr[j] = dcr[j] * ig * rnnlab.core.FloatKernels.derivative(g, pr[j], gz);
                        dr[H + j] = dcr[j] * gz * rnnlab.core.FloatKernels.derivative(gate, pr[H + j], ig);
                        dr[2 * H + j] = dcr[j] * cp[j] * rnnlab.core.FloatKernels.derivative(gate, pr[2 * H + j], fg);
                        dr[3 * H + j] = dOg * rnnlab.core.FloatKernels.derivative(gate, pr[3 * H + j], og);
                    }
                }
                boolean back = beginStepBack(s, t, dh, dhPrev, r0, r1);
                for (int r = r0; r < r1; r++) {
                    java.util.Arrays.fill(dcPrev[r], 0f);
                }
                if (back) {
                    uPack.mulTransAddRows(d, dhPrev, r0, r1, B);    // ∂hᵗ⁻¹ = δ·Uᵀ
                    if (masking) {
                        multiplyRows(dhPrev, mask, dhPrev, r0, r1);
                    }
                    if (P != null) {
                        if (uPack.dot()) {
                            rnnlab.core.FloatKernels.mulTransBAddRows(d, p, dcPrev, r0, r1, B, G, H); // ∂cᵗ⁻¹ += δ·Pᵀ
                        } else {
                            rnnlab.core.FloatKernels.mulAddRows(d, pt, dcPrev, r0, r1, B, G, H);   // ∂cᵗ⁻¹ += δ·Pᵀ
                        }
                    }
                }
                for (int r = r0; r < r1; r++) {
                    passOrCut(s, t, r, dc, dcPrev);                  // padding passes ∂c on, a cut stops it
                    if (passOrCut(s, t, r, dh, dhPrev)) {            // (and ∂h)
                        float[] a = act[s][r], dcr = dc[r], dcp = dcPrev[r];
                        for (int j = 0; j < H; j++) {
                            dcp[j] += dcr[j] * a[2 * H + j];
                        }
                    }
                }
            }
        }
    }

    /** True for the usual cell: g = h = tanh, sigmoid gates (backward then runs a loop with the derivatives written out). */
    private boolean usualActivations() {
        return config.cellInput() == Activation.TANH && config.cellOutput() == Activation.TANH
                && config.gate() == Activation.SIGMOID;
    }

    @Override
    public String toString() {
        return describe("hidden=" + H + ", peephole=" + config.peephole()
                + (config.cellInput() != Activation.TANH || config.cellOutput() != Activation.TANH
                ? ", g=" + config.cellInput() + ", h=" + config.cellOutput() : "")
                + (config.gate() != Activation.SIGMOID ? ", gate=" + config.gate() : ""));
    }
}
