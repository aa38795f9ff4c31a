package rnnlab.cells;

import java.util.List;
import java.util.SplittableRandom;

import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;

/**
 * Structurally constrained recurrent network (Mikolov, Joulin, Chopra, Mathieu, Ranzato, ICLR 2015 workshop; lecture
 * Part II p.38): an Elman layer plus a block of slow "context" units whose recurrence is fixed to α·I (α = 0.95),
 * so they keep a slowly decaying average of the inputs and their gradient decays like αᵗ instead of vanishing
 * through a learned matrix.
 * <pre>
 *   sᵗ = (1 − α)·xᵗ·Bc + α·sᵗ⁻¹                     context units           B×S
 *   hᵗ = σ(sᵗ·P + xᵗ·A + hᵗ⁻¹·R + b)                hidden units            B×H
 *   output  [hᵗ | sᵗ]                               B×(H+S)  (the paper's yᵗ = f(hᵗ·U + sᵗ·V) is the head on it)
 *
 *   Bc  n×S  input → context     P  S×H  context → hidden     A  n×H  input → hidden
 *   R   H×H  recurrent           b  1×H                       h⁰  B×H,  s⁰  B×S
 * </pre>
 * Backward (δᵗ = ∂L/∂(pre-activation of hᵗ)):
 * <pre>
 *   ∂L/∂hᵗ = dOutᵗ[h] + δᵗ⁺¹·Rᵀ                δᵗ = ∂L/∂hᵗ ⊙ σ'
 *   ∂L/∂sᵗ = dOutᵗ[s] + δᵗ·Pᵀ + α·∂L/∂sᵗ⁺¹
 *   ∂Bc += (1 − α)·xᵗᵀ·∂L/∂sᵗ   ∂P += sᵗᵀ·δᵗ   ∂A += xᵗᵀ·δᵗ   ∂R += hᵗ⁻¹ᵀ·δᵗ   ∂b += Σ δᵗ
 *   ∂xᵗ = (1 − α)·∂L/∂sᵗ·Bcᵀ + δᵗ·Aᵀ
 * </pre>
 * At padding steps both states are carried over unchanged. {@link #hiddenGradientNorms()} reports ‖[∂L/∂hᵗ | ∂L/∂sᵗ]‖,
 * the gradient reaching the whole state.
 */
public final class SCRN extends SequenceBase {
    /** The paper's fixed context weight. */
    public static final double DEFAULT_ALPHA = 0.95;
    private final int H, S;
    private final double alpha;
    private final Activation activation;
    /** Input → context weights (n×S). */
    public final Param Bc;
    /** Context → hidden weights (S×H). */
    public final Param P;
    /** Input → hidden weights (n×H). */
    public final Param A;
    /** Recurrent hidden weights (H×H). */
    public final Param R;
    /** Hidden bias (1×H). */
    public final Param b;
    private Param h0, s0;

    /** The record of one forward pass; index k is the processing step (0 = initial state). */
    public final class Tape extends BaseTape {
        Matrix[] a, h, s, out;

        /** Hidden state hᵗ at input time t, B×H. */
        public Matrix hidden(int t) {
            statesFromFloat(t);
            return h[stepOf(t)];
        }

        /** Context state sᵗ at input time t, B×S. */
        public Matrix context(int t) {
            statesFromFloat(t);
            return s[stepOf(t)];
        }

        /** After a float32 pass, which keeps the states in float: hᵗ and sᵗ from the double outputs [hᵗ | sᵗ]. */
        private void statesFromFloat(int t) {
            if (lastPassFloat) {
                int k = tapeStep(t);
                requireDoubleOutputs();
                for (int r = 0; r < B; r++) {
                    double[] o = out[t].data[r];
                    System.arraycopy(o, 0, h[k].data[r], 0, H);
                    System.arraycopy(o, H, s[k].data[r], 0, S);
                }
            }
        }
    }

    private final Tape tape = new Tape();
    private Matrix[] delta, dS, dXs;
    private Matrix dh, dhPrev, ds, dsPrev;
    private Matrix aAll, deltaAll, dSAll, dXAll, hPrevAll, sAll;
    private Matrix projS; // (T·B)×S: (1 − α)·x·Bc of every step
    private final Matrix RT;

    /** An SCRN layer with sigmoid hidden units and α = 0.95. */
    public SCRN(int inputSize, int hidden, int context, boolean reverse, SplittableRandom rng) {
        this(inputSize, hidden, context, DEFAULT_ALPHA, Activation.SIGMOID, reverse, rng);
    }

    /**
     * @param hidden     H hidden units
     * @param context    S context units
     * @param alpha      the context units' fixed self-weight, in [0, 1)
     * @param activation σ of the hidden units (the paper uses the sigmoid)
     */
    public SCRN(int inputSize, int hidden, int context, double alpha, Activation activation, boolean reverse,
                SplittableRandom rng) {
        super("SCRN", inputSize, hidden, reverse);
        if (hidden <= 0 || context <= 0) {
            throw new IllegalArgumentException("SCRN: hidden and context sizes must be positive, got " + hidden
                    + " and " + context);
        }
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("SCRN: alpha must be in [0, 1), got " + alpha);
        }
        this.H = hidden;
        this.S = context;
        this.alpha = alpha;
        this.activation = activation;
        Bc = drawn("Bc", inputSize, S, S, rng);
        P = drawn("P", S, H, H, rng);
        A = drawn("A", inputSize, H, H, rng);
        R = drawn("R", H, H, H, rng);
        b = drawn("b", 1, H, H, rng);
        RT = new Matrix(H, H);
    }

    @Override
    public int outputSize() {
        return H + S;
    }

    public int contextSize() {
        return S;
    }

    public double alpha() {
        return alpha;
    }

    public Tape tape() {
        return tape;
    }

    @Override
    protected java.util.Map<String, java.util.function.IntFunction<Matrix>> tapeColumns() {
        return columns(List.of("s", "h"), tape::context, tape::hidden);
    }

    @Override
    public List<Param> initialState() {
        return h0 == null ? List.of() : List.of(h0, s0);
    }

    /** Sets the initial hidden state h⁰ (B×H) and context s⁰ (B×S). */
    public void setInitialState(Matrix h, Matrix s) {
        if (h.rows != s.rows) {
            throw new IllegalArgumentException("SCRN: h0 has " + h.rows + " rows but s0 has " + s.rows);
        }
        h0 = userState("h0", h, "initial hidden state h0", H);
        s0 = userState("s0", s, "initial context s0", S);
    }

    @Override
    protected void startPass(boolean shapeChanged) {
        if (shapeChanged) {
            allocate();
        }
        h0 = initialState(h0, "h0", H);
        s0 = initialState(s0, "s0", S);
        tape.h[0] = h0.value;
        tape.s[0] = s0.value;
    }

    @Override
    protected Matrix[] forwardDouble() {
        aAll.zero();
        Kernels.mulAdd(xAll, A.value, aAll);           // x·A for all steps
        projS.zero();
        Kernels.mulAdd(xAll, Bc.value, projS);         // x·Bc for all steps
        for (int k = 1; k <= T; k++) {
            int t = timeOf(k);
            Matrix s = tape.s[k], sp = tape.s[k - 1], a = tape.a[k], h = tape.h[k], hp = tape.h[k - 1];
            for (int r = 0; r < B; r++) {
                double[] pr = projS.data[t * B + r], sr = s.data[r], spr = sp.data[r];
                boolean ok = valid(r, t);
                for (int j = 0; j < S; j++) {
                    sr[j] = ok ? (1 - alpha) * pr[j] + alpha * spr[j] : spr[j]; // s = (1−α)·x·Bc + α·s
                }
            }
            Kernels.mulAdd(s, P.value, a);             // a += s·P
            Kernels.mulAdd(hp, R.value, a);            // a += hᵗ⁻¹·R
            Kernels.addRowVector(a, b.value);
            for (int r = 0; r < B; r++) {
                if (valid(r, t)) {
                    activation.apply(a.data[r], h.data[r], 0, H);
                } else {
                    System.arraycopy(hp.data[r], 0, h.data[r], 0, H);
                }
            }
            Matrix out = tape.out[t];
            for (int r = 0; r < B; r++) {
                System.arraycopy(h.data[r], 0, out.data[r], 0, H);
                System.arraycopy(s.data[r], 0, out.data[r], H, S);
            }
        }
        return tape.out;
    }

    @Override
    protected Matrix[] backwardDouble(Matrix[] dOut) {
        dhPrev.zero();
        dsPrev.zero();
        Kernels.transpose(R.value, RT);
        for (int k = T; k >= 1; k--) {
            int t = timeOf(k);
            Matrix tmp = dh;
            dh = dhPrev;
            dhPrev = tmp;
            tmp = ds;
            ds = dsPrev;
            dsPrev = tmp;
            double[][] dO = dOut[t].data;
            Matrix d = delta[k];
            for (int r = 0; r < B; r++) {
                double[] dhr = dh.data[r], dr = d.data[r], dsr = ds.data[r];
                boolean ok = valid(r, t);
                double[] ar = tape.a[k].data[r], hr = tape.h[k].data[r];
                for (int j = 0; j < H; j++) {
                    dhr[j] += dO[r][j];
                    dr[j] = ok ? dhr[j] * activation.derivative(ar[j], hr[j]) : 0;
                }
                for (int j = 0; j < S; j++) {
                    dsr[j] += dO[r][H + j];
                }
            }
            Kernels.mulTransBAdd(d, P.value, ds);      // ∂sᵗ += δᵗ·Pᵀ
            recordGradNorm(t, dh, ds);                 // the state is [hᵗ | sᵗ]: both parts count
            dS[k].copyFrom(ds);                        // ∂L/∂sᵗ, complete now
            dhPrev.zero();
            dsPrev.zero();
            if (!cutBeforeAll(k)) {
                Kernels.mulAdd(d, RT, dhPrev);         // ∂hᵗ⁻¹ = δᵗ·Rᵀ
            }
            for (int r = 0; r < B; r++) {
                double[] dsr = ds.data[r], spr = dsPrev.data[r];
                if (!valid(r, t)) {                    // padding carried both states over
                    System.arraycopy(dh.data[r], 0, dhPrev.data[r], 0, H);
                    System.arraycopy(dsr, 0, spr, 0, S);
                    java.util.Arrays.fill(dS[k].data[r], 0); // a carried context took no input
                } else if (cutBefore(k, r)) {          // truncated BPTT: stop here
                    java.util.Arrays.fill(dhPrev.data[r], 0.0);
                } else {
                    for (int j = 0; j < S; j++) {
                        spr[j] = alpha * dsr[j];       // ∂sᵗ⁻¹ = α·∂sᵗ
                    }
                }
            }
        }
        h0.grad.copyFrom(dhPrev);
        s0.grad.copyFrom(dsPrev);
        refreshPreviousByTime(hPrevAll, tape.h);
        refreshStatesByTime();
        gradA[0] = hPrevAll;                               // ∂R += Σ hᵗ⁻¹ᵀ·δᵗ
        gradC[0] = R.grad;
        gradA[1] = sAll;                                   // ∂P += Σ sᵗᵀ·δᵗ
        gradC[1] = P.grad;
        gradA[2] = xAll;                                   // ∂A += Σ xᵗᵀ·δᵗ
        gradC[2] = A.grad;
        Kernels.mulTransAAdd(gradA, deltaAll, gradC, 3);   // one pass over δ (the bits of three products)
        gradA[2] = null;
        Kernels.sumRowsAdd(deltaAll, b.grad);
        scale(dSAll, 1 - alpha);                            // (1 − α)·∂sᵗ: the gradient of x·Bc
        Kernels.mulTransAAdd(xAll, dSAll, Bc.grad);        // ∂Bc += (1 − α)·Σ xᵗᵀ·∂sᵗ
        dXAll.zero();
        Kernels.mulTransBAdd(deltaAll, A.value, dXAll);    // ∂xᵗ = δᵗ·Aᵀ
        Kernels.mulTransBAdd(dSAll, Bc.value, dXAll);      //      + (1 − α)·∂sᵗ·Bcᵀ
        return dXs;
    }

    /** The weight gradients on δ (∂R, ∂P, ∂A), for one product over δ (made once: nothing allocated per pass). */
    private final Matrix[] gradA = new Matrix[3], gradC = new Matrix[3];

    private static void scale(Matrix m, double f) {
        for (double[] row : m.data) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= f;
            }
        }
    }

    /** Points sAll's rows at sᵗ in time order. */
    private void refreshStatesByTime() {
        for (int t = 0; t < T; t++) {
            System.arraycopy(tape.s[stepOf(t)].data, 0, sAll.data, t * B, B);
        }
    }

    private void allocate() {
        tape.a = states(H);
        tape.h = states(H);
        tape.s = states(S);
        tape.out = perTime(H + S);
        delta = states(H);
        dS = states(S);
        aAll = tall(byTime(tape.a));       // per-step matrices in time order, lined up with xAll's rows
        deltaAll = tall(byTime(delta));
        dSAll = tall(byTime(dS));
        sAll = tall(byTime(tape.s));
        hPrevAll = previousByTime(tape.h);
        projS = new Matrix(T * B, S);
        dXs = perTime(inputSize);
        dXAll = tall(dXs);
        dh = new Matrix(B, H);
        dhPrev = new Matrix(B, H);
        ds = new Matrix(B, S);
        dsPrev = new Matrix(B, S);
    }

    // ---- float32 ------------------------------------------------------------------------------------------------

    /**
     * Float32 (see {@link #setPrecision}): float copies of Bc, P, A, R and b refreshed at each forward pass; the
     * outputs [hᵗ | sᵗ] are written as doubles.
     */
    @Override
    protected FloatState newFloatState() {
        return new F32();
    }

    /**
     * The float32 path: the equations of the double one on float copies of the weights and a float tape. The context
     * sᵗ does not depend on h, so its recurrence runs over all steps first and s·P is one product over all steps; the
     * hidden units' time loops run in the two halves of the batch ({@link #inBatchHalves}). {@link FloatState}'s state
     * is the output [hᵗ | sᵗ] (for the float hand-over); the two parts are also kept apart for the products.
     */
    private final class F32 extends FloatState {
        final float[][] bc = new float[n][S], p = new float[S][H], aw = new float[n][H], rw = new float[H][H],
                at = new float[H][n], bct = new float[S][n];
        /** R packed once per forward pass, Rᵀ (or nothing: dot products) once per backward pass; P for δ·Pᵀ. */
        final FloatPackedWeight rPack = new FloatPackedWeight(H, H), pPack = new FloatPackedWeight(S, H);
        final float[] bias = new float[H];
        final float oneMinusAlpha = (float) (1 - alpha), alphaF = (float) alpha;
        final float[][] gBc = new float[n][S], gP = new float[S][H], gA = new float[n][H], gR = new float[H][H];
        /** The products on δ (∂R, ∂P, ∂A) for {@link rnnlab.core.FloatKernels#mulTransAAddInto(float[][][], int[],
         * float[][][], Matrix[], int, float[][], int, int, boolean)}: A's set at each pass, the rest fixed. */
        final float[][][] as = new float[3][][], gs = {gR, gP, gA};
        final int[] ks = {H, S, n};
        final Matrix[] cs = {R.grad, P.grad, A.grad};
        /** By step: pre-activations, hidden states, context states, δ, ∂L/∂sᵗ (0 at padding). */
        final float[][][] a = floatStates(H), hs = floatStates(H), ctx = floatStates(S), delta = floatStates(H),
                dSs = floatStates(S);
        final float[][] aAll = tallByTime(a), ctxAll = tallByTime(ctx), deltaAll = tallByTime(delta),
                dSAllF = tallByTime(dSs), hPrevF = new float[T * B][], projSF = new float[T * B][S];
        /** ∂L/∂h and ∂L/∂s of step k in [k &amp; 1], what goes to step k − 1 in the other slot; δ·Pᵀ of a step. */
        final float[][][] dhSlots = new float[2][B][H], dsSlots = new float[2][B][S];
        final float[][] dsP = new float[B][S];
        /** The double outputs by step (the tape's are by time). */
        final Matrix[] outByStep = new Matrix[T + 1];

        F32() {
            super(H + S);
            for (int t = 0; t < T; t++) {
                outByStep[stepOf(t)] = tape.out[t];
            }
        }

        @Override
        Matrix[] doubleStates() {
            return outByStep;
        }

        @Override
        Matrix[] forward() {
            rnnlab.core.FloatKernels.toFloat(Bc.value, bc);
            rnnlab.core.FloatKernels.toFloat(P.value, p);
            rnnlab.core.FloatKernels.toFloat(A.value, aw);
            rnnlab.core.FloatKernels.toFloat(R.value, rw);
            rPack.packForward(rw);
            toFloat(b, bias);
            beginForward(h0.value);                                          // x as floats (and h⁰ into h[0])
            rnnlab.core.FloatKernels.toFloat(h0.value, hs[0]);
            rnnlab.core.FloatKernels.toFloat(s0.value, ctx[0]);
            for (int r = 0; r < B; r++) {
                System.arraycopy(ctx[0][r], 0, h[0][r], H, S);               // the state [h⁰ | s⁰]
            }
            int N = T * B;
            rnnlab.core.FloatKernels.mul(x, aw, aAll, N, n, H);            // x·A for all steps
            rnnlab.core.FloatKernels.mul(x, bc, projSF, N, n, S);          // x·Bc for all steps
            for (int k = 1; k <= T; k++) {
                int t = timeOf(k);
                for (int r = 0; r < B; r++) {
                    float[] pr = projSF[t * B + r], sr = ctx[k][r], spr = ctx[k - 1][r];
                    if (valid(r, t)) {
                        for (int j = 0; j < S; j++) {
                            sr[j] = oneMinusAlpha * pr[j] + alphaF * spr[j];  // s = (1−α)·x·Bc + α·s
                        }
                    } else {
                        System.arraycopy(spr, 0, sr, 0, S);
                    }
                }
            }
            rnnlab.core.FloatKernels.mulAdd(ctxAll, p, aAll, N, S, H);     // a += s·P for all steps
            runForward((long) H * H);
            return tape.out;
        }

        @Override
        void forwardRows(int r0, int r1) {
            for (int k = 1; k <= T; k++) {
                int t = timeOf(k);
                rPack.mulAddRows(hs[k - 1], a[k], r0, r1, B);               // a += hᵗ⁻¹·R
                for (int r = r0; r < r1; r++) {
                    float[] ar = a[k][r], hr = hs[k][r], o = h[k][r];
                    if (valid(r, t)) {
                        for (int j = 0; j < H; j++) {
                            ar[j] += bias[j];                                // a += b
                        }
                        rnnlab.core.FloatKernels.apply(activation, ar, hr, 0, H);
                    } else {
                        System.arraycopy(hs[k - 1][r], 0, hr, 0, H);
                    }
                    System.arraycopy(hr, 0, o, 0, H);                        // the output [hᵗ | sᵗ]
                    System.arraycopy(ctx[k][r], 0, o, H, S);
                    output(k, r);
                }
            }
        }

        @Override
        public Matrix[] backward(Matrix[] dOutArg) {
            rPack.packBackward(rw, B);
            pPack.packBackward(p, B);
            zero(dhSlots);
            zero(dsSlots);
            runBackward(dOutArg, (long) H * H);
            for (int r = 0; r < B; r++) {                                    // what step 1 sent back
                rnnlab.core.FloatKernels.toDouble(dhSlots[0][r], h0.grad.data[r], H);
                rnnlab.core.FloatKernels.toDouble(dsSlots[0][r], s0.grad.data[r], S);
            }
            refreshPreviousByTime(hPrevF, hs);
            int N = T * B;
            for (float[] row : dSAllF) {
                for (int j = 0; j < S; j++) {
                    row[j] *= oneMinusAlpha;                                 // (1 − α)·∂sᵗ: the gradient of x·Bc
                }
            }
            // ∂R += Σ hᵗ⁻¹ᵀ·δᵗ, ∂P += Σ sᵗᵀ·δᵗ, ∂A += Σ xᵗᵀ·δᵗ: one pass over δ where no product would be split
            // between the threads (the bits of the three products one by one either way)
            as[0] = hPrevF;
            as[1] = ctxAll;
            as[2] = x;
            rnnlab.core.FloatKernels.mulTransAAddInto(as, ks, gs, cs, 3, deltaAll, N, H, false);
            as[2] = null;
            double[] gb = b.grad.data[0];
            for (float[] d : deltaAll) {
                for (int j = 0; j < H; j++) {
                    gb[j] += d[j];                                                           // ∂b += Σ δᵗ
                }
            }
            rnnlab.core.FloatKernels.mulTransAAddInto(x, dSAllF, gBc, Bc.grad, N, n, S);     // ∂Bc += (1−α)·Σ xᵀ·∂s
            rnnlab.core.FloatKernels.mulTransB(deltaAll, aw, at, dX, N, H, n);             // ∂xᵗ = δᵗ·Aᵀ
            rnnlab.core.FloatKernels.transpose(bc, bct, n, S);
            rnnlab.core.FloatKernels.mulAdd(dSAllF, bct, dX, N, S, n);                      //   + (1−α)·∂sᵗ·Bcᵀ
            if (floatInputPass) {
                setFloatInputGradients(dX);                  // the caller (an embedding) reads ∂x as floats
                return null;
            }
            for (int i = 0; i < N; i++) {
                rnnlab.core.FloatKernels.toDouble(dX[i], dXAll.data[i], n);
            }
            return dXs;
        }

        @Override
        void backwardRows(int r0, int r1) {
            for (int k = T; k >= 1; k--) {
                int t = timeOf(k);
                final float[][] dh = dhSlots[k & 1], dhPrev = dhSlots[(k + 1) & 1], ds = dsSlots[k & 1],
                        dsPrev = dsSlots[(k + 1) & 1], d = delta[k];
                for (int r = r0; r < r1; r++) {
                    float[] dhr = dh[r], dr = d[r], dsr = ds[r], ar = a[k][r], hr = hs[k][r];
                    float[] dO = dOutRow(t, r, r0);
                    boolean ok = valid(r, t);
                    for (int j = 0; j < H; j++) {
                        dhr[j] += dO[j];
                        dr[j] = ok ? dhr[j] * rnnlab.core.FloatKernels.derivative(activation, ar[j], hr[j]) : 0f;
                    }
                    for (int j = 0; j < S; j++) {
                        dsr[j] += dO[H + j];
                    }
                    java.util.Arrays.fill(dsP[r], 0f);
                }
                pPack.mulTransAddRows(d, dsP, r0, r1, B);                    // ∂sᵗ += δᵗ·Pᵀ
                for (int r = r0; r < r1; r++) {
                    float[] dsr = ds[r], q = dsP[r];
                    for (int j = 0; j < S; j++) {
                        dsr[j] += q[j];
                    }
                }
                recordGradNorm(t, dh, ds, r0, r1);         // the state is [hᵗ | sᵗ]: both parts count
                for (int r = r0; r < r1; r++) {
                    if (valid(r, t)) {
                        System.arraycopy(ds[r], 0, dSs[k][r], 0, S);        // ∂L/∂sᵗ, complete now
                    } else {
                        java.util.Arrays.fill(dSs[k][r], 0f);                 // a carried context took no input
                    }
                    java.util.Arrays.fill(dhPrev[r], 0f);
                    java.util.Arrays.fill(dsPrev[r], 0f);
                }
                if (!cutBeforeAll(k, r0, r1)) {
                    rPack.mulTransAddRows(d, dhPrev, r0, r1, B);             // ∂hᵗ⁻¹ = δᵗ·Rᵀ
                }
                for (int r = r0; r < r1; r++) {
                    float[] dsr = ds[r], spr = dsPrev[r];
                    if (!valid(r, t)) {                    // padding carried both states over
                        System.arraycopy(dh[r], 0, dhPrev[r], 0, H);
                        System.arraycopy(dsr, 0, spr, 0, S);
                    } else if (cutBefore(k, r)) {          // truncated BPTT: stop here
                        java.util.Arrays.fill(dhPrev[r], 0f);
                    } else {
                        for (int j = 0; j < S; j++) {
                            spr[j] = alphaF * dsr[j];      // ∂sᵗ⁻¹ = α·∂sᵗ
                        }
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return describe("hidden=" + H + ", context=" + S + ", alpha=" + alpha + ", activation=" + activation);
    }
}
