package rnnlab.cells;

import java.util.List;
import java.util.SplittableRandom;

import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;

/**
 * Gated recurrent unit (Cho et al. 2014; lecture Part II p.37): two gates, no separate memory cell.
 * <pre>
 *   zᵗ = σ(xᵗ·Wz + hᵗ⁻¹·Uz + bz)              update gate          B×H
 *   rᵗ = σ(xᵗ·Wr + hᵗ⁻¹·Ur + br)              reset gate
 *   nᵗ = tanh(xᵗ·Wn + (rᵗ ⊙ hᵗ⁻¹)·Un + bn)     candidate state
 *   hᵗ = zᵗ ⊙ hᵗ⁻¹ + (1 − zᵗ) ⊙ nᵗ             (z ≈ 1 keeps the old state, like an open forget gate)
 *
 *   W = [Wz | Wr | Wn]  n×3H     Uzr = [Uz | Ur]  H×2H     Un  H×H     b = [bz | br | bn]  1×3H
 * </pre>
 * 3 blocks instead of the LSTM's 4: about a quarter fewer parameters at the same width (lecture p.31 says
 * "~1/3 fewer"; the count is printed by {@link #toString()}). Backward:
 * <pre>
 *   ∂z = ∂h ⊙ (hᵗ⁻¹ − n)   ∂n = ∂h ⊙ (1 − z)   δn = ∂n ⊙ (1 − n²)   ∂(r⊙h) = δn·Unᵀ
 *   ∂r = ∂(r⊙h) ⊙ hᵗ⁻¹     δz = ∂z ⊙ z(1−z)     δr = ∂r ⊙ r(1−r)
 *   ∂hᵗ⁻¹ = ∂h ⊙ z + ∂(r⊙h) ⊙ r + [δz|δr]·Uzrᵀ
 * </pre>
 * Variational recurrent dropout (Gal &amp; Ghahramani 2016; {@link #setRecurrentDropout}) replaces hᵗ⁻¹ by
 * h̃ = hᵗ⁻¹ ⊙ m (one mask per sequence, the same at every step) where the state enters the recurrent weights —
 * in z, r and the candidate's r ⊙ h̃ — while the carry z ⊙ hᵗ⁻¹ keeps the whole state (as the LSTM's cell path):
 * <pre>
 *   zᵗ = σ(xᵗ·Wz + h̃·Uz + bz)   rᵗ = σ(xᵗ·Wr + h̃·Ur + br)   nᵗ = tanh(xᵗ·Wn + (rᵗ ⊙ h̃)·Un + bn)
 *   hᵗ = zᵗ ⊙ hᵗ⁻¹ + (1 − zᵗ) ⊙ nᵗ
 *   ∂r = ∂(r⊙h̃) ⊙ h̃     ∂Uzr += h̃ᵀ·[δz|δr]     ∂hᵗ⁻¹ = ∂h ⊙ z + (∂(r⊙h̃) ⊙ r + [δz|δr]·Uzrᵀ) ⊙ m
 * </pre>
 */
public final class GRU extends SequenceBase {
    private final int H;
    /** Input weights [Wz | Wr | Wn] (n×3H). */
    public final Param W;
    /** Recurrent weights of the gates [Uz | Ur] (H×2H). */
    public final Param Uzr;
    /** Recurrent weights of the candidate Un (H×H). */
    public final Param Un;
    /** Biases [bz | br | bn] (1×3H). */
    public final Param b;
    private Param h0;

    /** The record of one forward pass; index s is the processing step. */
    public final class Tape extends BaseTape {
        Matrix[] pre;  // [x·Wz + h·Uz + bz | … r … | x·Wn + (r⊙h)·Un + bn]
        Matrix[] act;  // [z | r | n]
        Matrix[] rh;   // r ⊙ hᵗ⁻¹
        Matrix[] h;
        Matrix[] out;

        /** Hidden state at input time t, B×H. */
        public Matrix hidden(int t) {
            requireDoubleOutputs();
            return h[tapeStep(t)];
        }

        /** Update gate zᵗ at time t (B×H copy). */
        public Matrix updateGate(int t) {
            return block(act[tapeStep(t)], 0);
        }

        /** Reset gate rᵗ at time t (B×H copy). */
        public Matrix resetGate(int t) {
            return block(act[tapeStep(t)], 1);
        }

        /** Candidate nᵗ at time t (B×H copy). */
        public Matrix candidate(int t) {
            return block(act[tapeStep(t)], 2);
        }

        private Matrix block(Matrix m, int k) {
            requireDoubleTape("the gates and the candidate");
            Matrix r = new Matrix(m.rows, H);
            for (int i = 0; i < m.rows; i++) {
                System.arraycopy(m.data[i], k * H, r.data[i], 0, H);
            }
            return r;
        }
    }

    private final Tape tape = new Tape();
    private Matrix preAll, deltaAll, dXAll, dRH, zr, nPart;
    /** h̃ (the state Uzr and Un read), r ⊙ h̃, [δz|δr] and δn of every step, (T·B) rows in time order. */
    private Matrix hPrevAll, rhAll, dzrAll, dnAll;
    private Matrix[] delta, dXs;
    /** [δz|δr] and δn of each step (index: step), kept for ∂Uzr and ∂Un after the time loop. */
    private Matrix[] dzrs, dns;
    /** ∂hᵗ of each step s (index: step; [0] is ∂h⁰), kept for the gradient norms after the loop. */
    private Matrix[] dhs;
    private Matrix[] dOutPass;          // the output gradients of the current backward pass
    /** Uzr and Un packed once per forward pass; Uzrᵀ and Unᵀ (or nothing: dot products) once per backward pass. */
    private final PackedWeight uzrPack, unPack;
    // the time loops over each half of the batch (Kernels.inParallel runs them on the two threads), and the two
    // recurrent weight gradients after the backward loop, one per thread; fields, so starting them allocates nothing
    private final Runnable forwardLo = () -> forwardRows(0, rowSplit), forwardHi = () -> forwardRows(rowSplit, B);
    private final Runnable backwardLo = () -> backwardRows(0, rowSplit), backwardHi = () -> backwardRows(rowSplit, B);

    /** A GRU layer seeded with {@link Init#DEFAULT_SEED}. */
    public GRU(int inputSize, int hidden) {
        this(inputSize, hidden, false, new SplittableRandom(Init.DEFAULT_SEED));
    }

    /** A GRU layer; {@code reverse} reads the sequence backwards. */
    public GRU(int inputSize, int hidden, boolean reverse, SplittableRandom rng) {
        super("GRU", inputSize, hidden, reverse);
        requireParamsFit("GRU(n=" + inputSize + ", H=" + hidden + ")",
                3L * hidden * inputSize + 3L * hidden * hidden + 3L * hidden);
        H = hidden;
        W = drawn("W", inputSize, 3 * H, H, rng);
        Uzr = drawn("Uzr", H, 2 * H, H, rng);
        Un = drawn("Un", H, H, H, rng);
        b = drawn("b", 1, 3 * H, H, rng);
        uzrPack = new PackedWeight(H, 2 * H);
        unPack = new PackedWeight(H, H);
    }

    /** Variational dropout on hᵗ⁻¹ where it enters Uz, Ur and Un (the carry z ⊙ hᵗ⁻¹ is not masked); null: none. */
    @Override
    public void setRecurrentDropout(rnnlab.layers.Dropout d) {
        if (d != null && d.size() != H) {
            throw new IllegalArgumentException("GRU: recurrent dropout needs a mask of " + H + " values, got "
                    + d.size());
        }
        recurrentDropout = d;
    }

    /** The tape of the last forward pass. */
    public Tape tape() {
        return tape;
    }

    @Override
    protected java.util.Map<String, java.util.function.IntFunction<Matrix>> tapeColumns() {
        return columns(List.of("update gate", "reset gate", "candidate", "h"), tape::updateGate, tape::resetGate,
                tape::candidate, tape::hidden);
    }

    @Override
    public List<Param> initialState() {
        return h0 == null ? List.of() : List.of(h0);
    }

    /** Sets the initial state h⁰ (B×H). */
    public void setInitialState(Matrix h) {
        h0 = userState("h0", h, "initial state h0", H);
    }

    /** One step, allocating its result hᵗ (B×H). */
    public Matrix step(Matrix x, Matrix hPrev) {
        x.requireShape("GRU.step: input x", x.rows, inputSize);
        hPrev.requireShape("GRU.step: hPrev", x.rows, H);
        requireFinite("input x", x);
        requireFinite("hPrev", hPrev);
        Matrix pre = new Matrix(x.rows, 3 * H), act = new Matrix(x.rows, 3 * H), rh = new Matrix(x.rows, H),
                h = new Matrix(x.rows, H), part = new Matrix(x.rows, 2 * H), np = new Matrix(x.rows, H);
        Kernels.mulAdd(x, W.value, pre);
        recurrentStep(hPrev, hPrev, pre, act, rh, h, part, np, 0, x.rows, false);
        return h;
    }

    /**
     * Given pre = x·W, completes the step for the rows r0 … r1−1. {@code hIn} is the state the recurrent weights read
     * (hᵗ⁻¹, or h̃ = hᵗ⁻¹ ⊙ m with recurrent dropout), {@code hPrev} the state the carry keeps; {@code zr} (B×2H) and
     * {@code np} (B×H) are scratch. {@code packed}: Uzr and Un as last packed by {@link #forwardDouble} (the same
     * bits as the products on Uzr and Un themselves, and each row the same whatever the row range).
     */
    private void recurrentStep(Matrix hIn, Matrix hPrev, Matrix pre, Matrix act, Matrix rh, Matrix h, Matrix zr,
                               Matrix np, int r0, int r1, boolean packed) {
        for (int r = r0; r < r1; r++) {
            java.util.Arrays.fill(zr.data[r], 0.0);
        }
        if (packed) {
            uzrPack.mulAddRows(hIn, zr, r0, r1);              // h̃·[Uz|Ur]  (h̃ = hᵗ⁻¹ without dropout)
        } else {
            Kernels.mulAddRows(hIn, Uzr.value, zr, r0, r1);
        }
        for (int r = r0; r < r1; r++) {
            double[] p = pre.data[r], a = act.data[r], q = zr.data[r], bb = b.value.data[0], hp = hIn.data[r],
                    rhr = rh.data[r];
            for (int j = 0; j < 2 * H; j++) {
                p[j] += q[j] + bb[j];
            }
            Activation.SIGMOID.apply(p, a, 0, 2 * H);         // z, r (on whole vectors with the Vector API kernels)
            for (int j = 0; j < H; j++) {
                rhr[j] = a[H + j] * hp[j];                    // r ⊙ h̃
            }
            java.util.Arrays.fill(np.data[r], 0.0);
        }
        if (packed) {
            unPack.mulAddRows(rh, np, r0, r1);                // (r⊙h)·Un
        } else {
            Kernels.mulAddRows(rh, Un.value, np, r0, r1);
        }
        for (int r = r0; r < r1; r++) {
            double[] p = pre.data[r], a = act.data[r], n = np.data[r], bb = b.value.data[0], hp = hPrev.data[r],
                    hr = h.data[r];
            for (int j = 0; j < H; j++) {
                p[2 * H + j] += n[j] + bb[2 * H + j];
            }
            Activation.TANH.apply(p, a, 2 * H, 3 * H);        // n
            for (int j = 0; j < H; j++) {
                double z = a[j];
                hr[j] = z * hp[j] + (1 - z) * a[2 * H + j];   // h = z⊙hᵗ⁻¹ + (1−z)⊙n
            }
        }
    }

    @Override
    protected void startPass(boolean shapeChanged) {
        if (shapeChanged) {
            allocate();
        }
        h0 = initialState(h0, "h0", H);
        tape.h[0] = h0.value;
    }

    @Override
    protected Matrix[] forwardDouble() {
        preAll.zero();
        Kernels.mulAdd(xAll, W.value, preAll);
        uzrPack.packForward(Uzr.value);
        unPack.packForward(Un.value);
        inBatchHalves(forwardLo, forwardHi, 3L * H * H);  // the T steps, each half of the batch on its own thread
        return tape.out;
    }

    /** The T steps of the forward pass for the sequences r0 … r1−1. */
    private void forwardRows(int r0, int r1) {
        for (int s = 1; s <= T; s++) {
            int t = timeOf(s);
            recurrentStep(maskedPrevious(s, tape.h[s - 1], r0, r1), tape.h[s - 1], tape.pre[s], tape.act[s],
                    tape.rh[s], tape.h[s], zr, nPart, r0, r1, true);
            for (int r = r0; r < r1; r++) {
                if (!valid(r, t)) {
                    System.arraycopy(tape.h[s - 1].data[r], 0, tape.h[s].data[r], 0, H);
                }
            }
        }
    }

    /**
     * Backward: the T steps back in the two halves of the batch (each row by the same operations on either thread),
     * ∂(r⊙h̃) = δn·Unᵀ and [δz|δr]·Uzrᵀ on the packed transposes (or as row dot products for a few rows), then the
     * recurrent weight gradients as one product each over all steps (∂Uzr += Σ h̃ᵀ·[δz|δr], ∂Un += Σ (r⊙h̃)ᵀ·δn,
     * as the float32 path does). Since session 13 these are the register-blocked fma products; before, δn·Unᵀ and ∂Un
     * were rounded product by product as in the step-by-step code, so the double GRU's last bits changed then.
     */
    @Override
    protected Matrix[] backwardDouble(Matrix[] dOut) {
        dhs[T].zero();                                    // nothing comes from after the last step
        uzrPack.packBackward(Uzr.value, B);               // few rows: [δz|δr]·Uzrᵀ as dot products, else Uzrᵀ packed
        unPack.packBackward(Un.value, B);                 // the same for δn·Unᵀ
        dOutPass = dOut;
        try {
            inBatchHalves(backwardLo, backwardHi, 3L * H * H);
        } finally {
            dOutPass = null;
        }
        for (int s = T; s >= 1; s--) {
            recordGradNorm(timeOf(s), dhs[s]);            // summed over the whole batch, row after row
        }
        h0.grad.copyFrom(dhs[0]);                         // what step 1 sent back to the initial state
        refreshPreviousByTime(hPrevAll, recurrentMask != null ? maskedPrevious : tape.h);
        Kernels.mulTransAAdd(hPrevAll, dzrAll, Uzr.grad);  // ∂Uzr += Σ h̃ᵀ·[δz|δr]
        Kernels.mulTransAAdd(rhAll, dnAll, Un.grad);       // ∂Un += Σ (r⊙h̃)ᵀ·δn
        inputGradients(deltaAll, W, b, dXAll);            // ∂W, ∂b, ∂xᵗ
        return inputGradientNeeded ? dXs : null;
    }

    /** Backpropagation through the T steps for the sequences r0 … r1−1: δ of every step and ∂h⁰. */
    private void backwardRows(int r0, int r1) {
        final Matrix[] dOut = dOutPass;
        for (int s = T; s >= 1; s--) {
            int t = timeOf(s);
            // ∂hᵗ arrived from step s+1 in dhs[s]; what goes to step s−1 is written into dhs[s − 1]
            final Matrix dh = dhs[s], dhPrev = dhs[s - 1], d = delta[s], dzr = dzrs[s];
            for (int r = r0; r < r1; r++) {
                double[] dhr = dh.data[r], dO = dOut[t].data[r], dr = d.data[r];
                for (int j = 0; j < H; j++) {
                    dhr[j] += dO[j];
                }
                if (!valid(r, t)) {
                    java.util.Arrays.fill(dr, 0.0);
                    continue;
                }
                double[] a = tape.act[s].data[r], hp = tape.h[s - 1].data[r];
                for (int j = 0; j < H; j++) {
                    double z = a[j], n = a[2 * H + j];
                    dr[j] = dhr[j] * (hp[j] - n) * z * (1 - z);          // δz
                    dr[2 * H + j] = dhr[j] * (1 - z) * (1 - n * n);      // δn
                }
            }
            for (int r = r0; r < r1; r++) {
                System.arraycopy(d.data[r], 2 * H, dns[s].data[r], 0, H);  // δn (for ∂(r⊙h̃) and ∂Un)
                java.util.Arrays.fill(dRH.data[r], 0.0);
            }
            unPack.mulTransAddRows(dns[s], dRH, r0, r1);                     // ∂(r⊙h̃) = δn·Unᵀ
            Matrix hIn = recurrentMask != null ? maskedPrevious[s - 1] : tape.h[s - 1];   // h̃, what Uzr and Un read
            for (int r = r0; r < r1; r++) {
                double[] dr = d.data[r];
                if (valid(r, t)) {
                    double[] a = tape.act[s].data[r], hp = hIn.data[r], drh = dRH.data[r];
                    for (int j = 0; j < H; j++) {
                        double rr = a[H + j];
                        dr[H + j] = drh[j] * hp[j] * rr * (1 - rr);         // δr
                    }
                }
                System.arraycopy(dr, 0, dzr.data[r], 0, 2 * H);             // δzr = first 2H columns of δ
                java.util.Arrays.fill(dhPrev.data[r], 0.0);
            }
            if (!cutBeforeAll(s, r0, r1)) {
                dzrTimesUzrT(dzr, dhPrev, r0, r1);                           // [δz|δr]·Uzrᵀ
            }
            for (int r = r0; r < r1; r++) {
                double[] dhp = dhPrev.data[r], dhr = dh.data[r];
                if (!valid(r, t)) {
                    System.arraycopy(dhr, 0, dhp, 0, H);
                } else if (cutBefore(s, r)) {
                    java.util.Arrays.fill(dhp, 0.0);                // truncated BPTT: stop here
                } else if (recurrentMask == null) {
                    double[] a = tape.act[s].data[r], drh = dRH.data[r];
                    for (int j = 0; j < H; j++) {
                        dhp[j] += dhr[j] * a[j] + drh[j] * a[H + j];  // ∂h ⊙ z + ∂(r⊙h) ⊙ r
                    }
                } else {
                    double[] a = tape.act[s].data[r], drh = dRH.data[r], m = recurrentMask.data[r];
                    for (int j = 0; j < H; j++) {                   // ∂h ⊙ z + (∂(r⊙h̃) ⊙ r + [δz|δr]·Uzrᵀ) ⊙ m
                        dhp[j] = (dhp[j] + drh[j] * a[H + j]) * m[j] + dhr[j] * a[j];
                    }
                }
            }
        }
    }

    /**
     * C[r0..r1) += D[r0..r1)·Uzrᵀ with the bits of {@link Kernels#mulTransBAdd} on the whole batch: dot products of
     * rows or the product on Uzrᵀ (packed) as it chooses; below 4 rows it sums in its own order, so such a batch (never
     * split) calls it.
     */
    private void dzrTimesUzrT(Matrix dzr, Matrix c, int r0, int r1) {
        if (B < 4 && !uzrPack.dot()) {
            Kernels.mulTransBAdd(dzr, Uzr.value, c);
        } else {
            uzrPack.mulTransAddRows(dzr, c, r0, r1);
        }
    }

    private void allocate() {
        tape.pre = states(3 * H);
        tape.act = states(3 * H);
        tape.rh = states(H);
        tape.h = states(H);
        tape.out = byTime(tape.h);
        delta = states(3 * H);
        preAll = tall(byTime(tape.pre));   // pre-activations and δ in time order, lined up with xAll's rows
        deltaAll = tall(byTime(delta));
        dXs = perTime(inputSize);
        dXAll = tall(dXs);
        dzrs = states(2 * H);
        dns = states(H);
        hPrevAll = previousByTime(tape.h);
        rhAll = tall(byTime(tape.rh));
        dzrAll = tall(byTime(dzrs));
        dnAll = tall(byTime(dns));
        dhs = states(H);
        dRH = new Matrix(B, H);
        zr = new Matrix(B, 2 * H);
        nPart = new Matrix(B, H);
    }

    // ---- float32 ------------------------------------------------------------------------------------------------

    /** Float32 (see {@link #setPrecision}): float copies of W, Uzr, Un and b refreshed at each forward pass. */
    @Override
    protected FloatState newFloatState() {
        return new F32();
    }

    /**
     * The float32 path: the equations of the double one on float copies of the weights and a float tape, the time
     * loops in the two batch halves as the Elman and LSTM float paths (each row by the same operations on either
     * thread). The recurrent weight gradients are two products over all steps after the loop (∂Uzr += Σ h̃ᵀ·[δz|δr],
     * ∂Un += Σ (r⊙h̃)ᵀ·δn) instead of T small ones. Nothing is allocated once T and B are known.
     */
    private final class F32 extends FloatState {
        final int G = 3 * H, H2 = 2 * H;
        final float[][] w = new float[n][G], wt = new float[G][n], uzr = new float[H][H2], un = new float[H][H];
        /** Uzr and Un packed once per forward pass, their transposes (or nothing: dot products) once per backward. */
        final FloatPackedWeight uzrPack = new FloatPackedWeight(H, H2), unPack = new FloatPackedWeight(H, H);
        final float[] bias = new float[G];
        final float[][] gW = new float[n][G], gUzr = new float[H][H2], gUn = new float[H][H];
        /** pre = [x·Wz + h̃·Uz + bz | … r … | x·Wn + (r⊙h̃)·Un + bn], act = [z | r | n], rh = r ⊙ h̃ (index: step). */
        final float[][][] pre = floatStates(G), act = floatStates(G), rh = floatStates(H);
        /** δ = [δz | δr | δn] of each step, and its two parts for the recurrent weight gradients. */
        final float[][][] delta = floatStates(G), dzr = floatStates(H2), dn = floatStates(H);
        final float[][] preAll = tallByTime(pre), deltaAll = tallByTime(delta), dzrAll = tallByTime(dzr),
                dnAll = tallByTime(dn), rhAll = tallByTime(rh);
        /** Per-step scratch (each half of the batch uses its own rows): h̃·Uzr, (r⊙h̃)·Un, ∂(r⊙h̃). */
        final float[][] zr = new float[B][H2], np = new float[B][H], dRH = new float[B][H];

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
            rnnlab.core.FloatKernels.toFloat(Uzr.value, uzr);
            rnnlab.core.FloatKernels.toFloat(Un.value, un);
            uzrPack.packForward(uzr);
            unPack.packForward(un);
            toFloat(b, bias);
            beginForward(h0.value);
            rnnlab.core.FloatKernels.mul(x, w, preAll, T * B, n, G);   // x·W for all steps at once
            runForward((long) G * H);
            return tape.out;
        }

        @Override
        void forwardRows(int r0, int r1) {
            for (int s = 1; s <= T; s++) {
                int t = timeOf(s);
                final float[][] hp = h[s - 1], hIn = readState(s, r0, r1);   // h̃: what Uzr and Un read
                for (int r = r0; r < r1; r++) {
                    java.util.Arrays.fill(zr[r], 0f);
                    java.util.Arrays.fill(np[r], 0f);
                }
                uzrPack.mulAddRows(hIn, zr, r0, r1, B);                // h̃·[Uz|Ur]
                for (int r = r0; r < r1; r++) {
                    float[] p = pre[s][r], a = act[s][r], q = zr[r], hin = hIn[r], rhr = rh[s][r];
                    for (int j = 0; j < H2; j++) {
                        p[j] += q[j] + bias[j];
                    }
                    rnnlab.core.FloatKernels.sigmoid(p, a, 0, H2);     // z, r
                    for (int j = 0; j < H; j++) {
                        rhr[j] = a[H + j] * hin[j];                    // r ⊙ h̃
                    }
                }
                unPack.mulAddRows(rh[s], np, r0, r1, B);               // (r⊙h̃)·Un
                for (int r = r0; r < r1; r++) {
                    float[] p = pre[s][r], a = act[s][r], nr = np[r], hpr = hp[r], hr = h[s][r];
                    for (int j = 0; j < H; j++) {
                        p[H2 + j] += nr[j] + bias[H2 + j];
                    }
                    rnnlab.core.FloatKernels.tanh(p, a, H2, G);        // n
                    if (valid(r, t)) {
                        for (int j = 0; j < H; j++) {
                            float z = a[j];
                            hr[j] = z * hpr[j] + (1f - z) * a[H2 + j]; // h = z⊙hᵗ⁻¹ + (1−z)⊙n
                        }
                    } else {                                           // at padding steps a sequence keeps its state
                        System.arraycopy(hpr, 0, hr, 0, H);
                    }
                    output(s, r);                                      // the layer's output
                }
            }
        }

        @Override
        public Matrix[] backward(Matrix[] dOutArg) {
            uzrPack.packBackward(uzr, B);
            unPack.packBackward(un, B);
            runBackward(dOutArg, (long) G * H);
            finishBackward(h0.grad);                         // ∂h⁰; h̃ of every step in time order
            gradientsFloat(recurrentGradients, x, deltaAll, w, wt, gW, dX, W, b, dXAll, G); // ∂Uzr, ∂Un | ∂W, ∂b; ∂x
            return returnedInputGradients(dXs);
        }

        /** ∂Uzr += Σ h̃ᵀ·[δz|δr] and ∂Un += Σ (r⊙h̃)ᵀ·δn (one thread's share of {@link #gradientsFloat}). */
        private final Runnable recurrentGradients = () -> {
            int N = T * B;
            rnnlab.core.FloatKernels.mulTransAAddInto(hPrevAll, dzrAll, gUzr, Uzr.grad, N, H, H2);
            rnnlab.core.FloatKernels.mulTransAAddInto(rhAll, dnAll, gUn, Un.grad, N, H, H);
        };

        @Override
        void backwardRows(int r0, int r1) {
            for (int s = T; s >= 1; s--) {
                int t = timeOf(s);
                final float[][] dh = dhs[s & 1], dhPrev = dhs[(s + 1) & 1], hIn = masking ? masked[s - 1] : h[s - 1];
                for (int r = r0; r < r1; r++) {
                    float[] dhr = dh[r], dz = dzr[s][r], dnr = dn[s][r];
                    float[] dOr = dOutRow(t, r, r0);
                    for (int j = 0; j < H; j++) {
                        dhr[j] += dOr[j];
                    }
                    if (!valid(r, t)) {
                        java.util.Arrays.fill(dz, 0f);
                        java.util.Arrays.fill(dnr, 0f);
                        continue;
                    }
                    float[] a = act[s][r], hp = h[s - 1][r];
                    for (int j = 0; j < H; j++) {
                        float z = a[j], nn = a[H2 + j];
                        dz[j] = dhr[j] * (hp[j] - nn) * z * (1f - z);          // δz
                        dnr[j] = dhr[j] * (1f - z) * (1f - nn * nn);           // δn
                    }
                }
                boolean back = beginStepBack(s, t, dh, dhPrev, r0, r1);
                for (int r = r0; r < r1; r++) {
                    java.util.Arrays.fill(dRH[r], 0f);
                }
                unPack.mulTransAddRows(dn[s], dRH, r0, r1, B);                 // ∂(r⊙h̃) = δn·Unᵀ
                for (int r = r0; r < r1; r++) {
                    if (valid(r, t)) {
                        float[] dz = dzr[s][r], a = act[s][r], hin = hIn[r], drh = dRH[r];
                        for (int j = 0; j < H; j++) {
                            float rr = a[H + j];
                            dz[H + j] = drh[j] * hin[j] * rr * (1f - rr);        // δr
                        }
                    }
                }
                if (back) {
                    uzrPack.mulTransAddRows(dzr[s], dhPrev, r0, r1, B);        // [δz|δr]·Uzrᵀ
                }
                for (int r = r0; r < r1; r++) {
                    float[] dhp = dhPrev[r], dhr = dh[r];
                    if (passOrCut(s, t, r, dh, dhPrev)) {            // (padding passes ∂h on, a cut stops it)
                        float[] a = act[s][r], drh = dRH[r];
                        if (!masking) {
                            for (int j = 0; j < H; j++) {
                                dhp[j] += dhr[j] * a[j] + drh[j] * a[H + j];   // ∂h ⊙ z + ∂(r⊙h) ⊙ r
                            }
                        } else {
                            float[] m = mask[r];
                            for (int j = 0; j < H; j++) {           // ∂h ⊙ z + (∂(r⊙h̃) ⊙ r + [δz|δr]·Uzrᵀ) ⊙ m
                                dhp[j] = (dhp[j] + drh[j] * a[H + j]) * m[j] + dhr[j] * a[j];
                            }
                        }
                    }
                    float[] d = delta[s][r];                           // [δz | δr | δn] for ∂W, ∂b and ∂x
                    System.arraycopy(dzr[s][r], 0, d, 0, H2);
                    System.arraycopy(dn[s][r], 0, d, H2, H);
                }
            }
        }
    }

    @Override
    public String toString() {
        return describe("hidden=" + H);
    }
}
