package rnnlab.cells;

import java.util.List;
import java.util.SplittableRandom;

import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;

/**
 * Jordan network layer (lecture p.15): the memory is the previous OUTPUT, not the previous hidden layer.
 * <pre>
 *   aᵗ = xᵗ·Wi + mᵗ⁻¹·Wh + b          hᵗ = σ(aᵗ)               B×H
 *   oᵗ = hᵗ·Wo + bo                   the layer's output        B×K   (pre-softmax scores)
 *   mᵗ = softmax(oᵗ)   (Feedback.PROBABILITIES, Jordan 1986 / Mesnil et al. 2013)
 *   mᵗ = oᵗ            (Feedback.SCORES)
 *
 *   Wi n×H   Wh K×H (memory → hidden)   b 1×H   Wo H×K   bo 1×K   o⁰ B×K (zero: m⁰ uniform, or 0 for SCORES)
 * </pre>
 * The layer outputs the scores oᵗ; a tagger puts the softmax cross-entropy directly on them, so the memory is the
 * thing that has a target, which is why the lecture says Jordan "can do better". The gradient flows through the
 * memory either way: ∂L/∂oᵗ⁻¹ gets, besides its own loss term, softmaxᵀ(δᵗ·Whᵀ).
 */
public final class Jordan extends SequenceBase {
    /** What is stored as memory. */
    public enum Feedback {
        /** The output probabilities softmax(oᵗ). */
        PROBABILITIES,
        /** The pre-softmax scores oᵗ themselves. */
        SCORES
    }

    private final int outputs;
    private final Activation activation;
    private final Feedback feedback;
    /** Input → hidden (n×H). */
    public final Param Wi;
    /** Memory (previous output) → hidden (K×H). */
    public final Param Wh;
    /** Hidden bias (1×H). */
    public final Param b;
    /** Hidden → output (H×K). */
    public final Param Wo;
    /** Output bias (1×K). */
    public final Param bo;
    private Param o0;

    /** The record of one forward pass; index s is the processing step (0 = initial state). */
    public final class Tape extends BaseTape {
        Matrix[] a, h, o, m, out;

        /** Hidden hᵗ at input time t, B×H. */
        public Matrix hidden(int t) {
            requireDoubleTape("the hidden states h");
            return h[tapeStep(t)];
        }

        /** Output scores oᵗ at time t, B×K. */
        public Matrix output(int t) {
            requireDoubleOutputs();
            return o[tapeStep(t)];
        }

        /** Memory mᵗ written at time t (read at the next step), B×K. */
        public Matrix memory(int t) {
            requireDoubleTape("the memory m");
            return m[tapeStep(t)];
        }
    }

    private final Tape tape = new Tape();
    private Matrix aAll, deltaAll, dXAll, dO, dOPrev, dOv, dH, dM;
    private Matrix[] delta, dXs;

    /** A Jordan layer with tanh hidden units and probability feedback, seeded with {@link Init#DEFAULT_SEED}. */
    public Jordan(int inputSize, int hidden, int outputs) {
        this(inputSize, hidden, outputs, Activation.TANH, Feedback.PROBABILITIES, false,
                new SplittableRandom(Init.DEFAULT_SEED));
    }

    /** A Jordan layer; {@code outputs} K is the number of classes when it is the tagger's output. */
    public Jordan(int inputSize, int hidden, int outputs, Activation activation, Feedback feedback, boolean reverse,
                  SplittableRandom rng) {
        super("Jordan", inputSize, hidden, reverse);
        if (hidden <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("Jordan: hidden and outputs must be positive, got " + hidden + " and "
                    + outputs);
        }
        requireParamsFit("Jordan(n=" + inputSize + ", H=" + hidden + ", K=" + outputs + ")",
                (long) inputSize * hidden + (long) outputs * hidden + hidden + (long) hidden * outputs + outputs);
        this.outputs = outputs;
        this.activation = activation;
        this.feedback = feedback;
        Wi = drawn("Wi", inputSize, hidden, hidden, rng);
        Wh = drawn("Wh", outputs, hidden, hidden, rng);
        b = drawn("b", 1, hidden, hidden, rng);
        Wo = drawn("Wo", hidden, outputs, hidden, rng);
        bo = params.add(new Param("bo", 1, outputs));   // output bias starts at 0
    }

    @Override
    public int outputSize() {
        return outputs;
    }

    /** The hidden activation σ. */
    public Activation activation() {
        return activation;
    }

    /** What the memory holds. */
    public Feedback feedback() {
        return feedback;
    }

    /** The tape of the last forward pass. */
    public Tape tape() {
        return tape;
    }

    @Override
    protected java.util.Map<String, java.util.function.IntFunction<Matrix>> tapeColumns() {
        return columns(List.of("h", "o", "m"), tape::hidden, tape::output, tape::memory);
    }

    @Override
    public List<Param> initialState() {
        return o0 == null ? List.of() : List.of(o0);
    }

    /** Sets the initial output scores o⁰ (B×K); the first memory is feedback(o⁰). */
    public void setInitialState(Matrix o) {
        o0 = userState("o0", o, "initial output o0", outputs);
    }

    /** The memory stored for output scores o: softmax(o) or o. Writes into m. */
    private void memoryOf(Matrix o, Matrix m) {
        for (int r = 0; r < o.rows; r++) {
            if (feedback == Feedback.SCORES) {
                System.arraycopy(o.data[r], 0, m.data[r], 0, outputs);
            } else {
                Activation.softmax(o.data[r], m.data[r]);
            }
        }
    }

    /**
     * One step, allocating its result.
     *
     * @param x     B×n input
     * @param mPrev B×K memory (the previous output, as {@link #feedback()} stores it)
     * @return B×K output scores oᵗ; the next memory is softmax of it (or it, for SCORES)
     */
    public Matrix step(Matrix x, Matrix mPrev) {
        x.requireShape("Jordan.step: input x", x.rows, inputSize);
        mPrev.requireShape("Jordan.step: memory mPrev", x.rows, outputs);
        requireFinite("input x", x);
        requireFinite("memory mPrev", mPrev);
        Matrix a = new Matrix(x.rows, hidden), h = new Matrix(x.rows, hidden), o = new Matrix(x.rows, outputs);
        Kernels.mulAdd(x, Wi.value, a);
        recurrentStep(mPrev, a, h, o);
        return o;
    }

    /** Given a = x·Wi: a += m·Wh + b; h = σ(a); o = h·Wo + bo. */
    private void recurrentStep(Matrix mPrev, Matrix a, Matrix h, Matrix o) {
        Kernels.mulAdd(mPrev, Wh.value, a);
        Kernels.addRowVector(a, b.value);
        for (int r = 0; r < a.rows; r++) {
            activation.apply(a.data[r], h.data[r], 0, hidden);
        }
        o.zero();
        Kernels.mulAdd(h, Wo.value, o);
        Kernels.addRowVector(o, bo.value);
    }

    @Override
    protected void startPass(boolean shapeChanged) {
        if (shapeChanged) {
            allocate();
        }
        o0 = initialState(o0, "o0", outputs);
        tape.o[0] = o0.value;
    }

    @Override
    protected Matrix[] forwardDouble() {
        memoryOf(tape.o[0], tape.m[0]);
        aAll.zero();
        Kernels.mulAdd(xAll, Wi.value, aAll);
        for (int s = 1; s <= T; s++) {
            int t = timeOf(s);
            recurrentStep(tape.m[s - 1], tape.a[s], tape.h[s], tape.o[s]);
            for (int r = 0; r < B; r++) {
                if (!valid(r, t)) {
                    System.arraycopy(tape.o[s - 1].data[r], 0, tape.o[s].data[r], 0, outputs);
                }
            }
            memoryOf(tape.o[s], tape.m[s]);
        }
        return tape.out;
    }

    @Override
    protected Matrix[] backwardDouble(Matrix[] dOut) {
        dOPrev.zero();
        for (int s = T; s >= 1; s--) {
            int t = timeOf(s);
            Matrix tmp = dO; dO = dOPrev; dOPrev = tmp;   // ∂L/∂oᵗ from the memory read at step s+1
            for (int r = 0; r < B; r++) {
                double[] dor = dO.data[r], g = dOut[t].data[r];
                for (int k = 0; k < outputs; k++) {
                    dor[k] += g[k];
                }
            }
            // rows at padding steps did not use this step's output layer: only valid rows reach Wo, bo and h
            for (int r = 0; r < B; r++) {
                if (valid(r, t)) {
                    System.arraycopy(dO.data[r], 0, dOv.data[r], 0, outputs);
                } else {
                    java.util.Arrays.fill(dOv.data[r], 0.0);
                }
            }
            Kernels.mulTransAAdd(tape.h[s], dOv, Wo.grad);    // ∂Wo += hᵀ·∂o
            Kernels.sumRowsAdd(dOv, bo.grad);                 // ∂bo += Σ ∂o
            dH.zero();
            Kernels.mulTransBAdd(dOv, Wo.value, dH);          // ∂h = ∂o·Woᵀ
            recordGradNorm(t, dH);
            Matrix d = delta[s];
            for (int r = 0; r < B; r++) {
                double[] ar = tape.a[s].data[r], hr = tape.h[s].data[r], dhr = dH.data[r], dr = d.data[r];
                for (int j = 0; j < hidden; j++) {
                    dr[j] = dhr[j] * activation.derivative(ar[j], hr[j]); // padding rows: ∂h = 0 so δ = 0
                }
            }
            Kernels.mulTransAAdd(tape.m[s - 1], d, Wh.grad);  // ∂Wh += mᵗ⁻¹ᵀ·δ
            dM.zero();
            dOPrev.zero();
            if (!cutBeforeAll(s)) {
                Kernels.mulTransBAdd(d, Wh.value, dM);        // ∂mᵗ⁻¹ = δ·Whᵀ
            }
            for (int r = 0; r < B; r++) {
                double[] dop = dOPrev.data[r];
                if (!valid(r, t)) {
                    System.arraycopy(dO.data[r], 0, dop, 0, outputs); // padding: o carried over
                } else if (!cutBefore(s, r)) {                // (a cut leaves ∂oᵗ⁻¹ = 0: truncated BPTT)
                    double[] dmr = dM.data[r];
                    if (feedback == Feedback.SCORES) {
                        System.arraycopy(dmr, 0, dop, 0, outputs);
                    } else {                                    // through softmax: ∂o = m ⊙ (∂m − Σ ∂m⊙m)
                        double[] mr = tape.m[s - 1].data[r];
                        double dot = 0;
                        for (int k = 0; k < outputs; k++) {
                            dot += dmr[k] * mr[k];
                        }
                        for (int k = 0; k < outputs; k++) {
                            dop[k] = mr[k] * (dmr[k] - dot);
                        }
                    }
                }
            }
        }
        o0.grad.copyFrom(dOPrev);
        inputGradients(deltaAll, Wi, b, dXAll);            // ∂Wi, ∂b, ∂xᵗ
        return inputGradientNeeded ? dXs : null;
    }

    private void allocate() {
        tape.a = states(hidden);
        tape.h = states(hidden);
        tape.o = states(outputs);
        tape.m = states(outputs);
        tape.out = byTime(tape.o);
        delta = states(hidden);
        aAll = tall(byTime(tape.a));       // pre-activations and δ in time order, lined up with xAll's rows
        deltaAll = tall(byTime(delta));
        dXs = perTime(inputSize);
        dXAll = tall(dXs);
        dO = new Matrix(B, outputs);
        dOPrev = new Matrix(B, outputs);
        dM = new Matrix(B, outputs);
        dH = new Matrix(B, hidden);
        dOv = new Matrix(B, outputs);
    }

    // ---- float32 ------------------------------------------------------------------------------------------------

    /**
     * Float32 (see {@link #setPrecision}): float copies of Wi, Wh, b, Wo and bo refreshed at each forward pass; the
     * scores oᵗ are written to the double outputs, the tape's hᵗ and mᵗ refuse.
     */
    @Override
    protected FloatState newFloatState() {
        return new F32();
    }

    /**
     * The float32 path: the equations of the double one on float copies of the weights and a float tape. Its state is
     * the scores oᵗ (K wide; {@link FloatState}'s hᵗ), the memory mᵗ is kept beside them; the time loops run in the two
     * halves of the batch ({@link #inBatchHalves}), and the weight gradients ∂Wh and ∂Wo are one product each over all
     * steps instead of one per step.
     */
    private final class F32 extends FloatState {
        final int H = hidden, K = outputs;
        final float[][] wi = new float[n][H], wh = new float[K][H], wo = new float[H][K], wit = new float[H][n];
        /** Wh and Wo packed once per forward pass, their transposes (or nothing: dot products) once per backward pass. */
        final FloatPackedWeight whPack = new FloatPackedWeight(K, H), woPack = new FloatPackedWeight(H, K);
        final float[] bias = new float[H], biasO = new float[K];
        final float[][] gWi = new float[n][H], gWh = new float[K][H], gWo = new float[H][K];
        /** By step: pre-activations, hidden states, memory, δ = ∂L/∂a, ∂L/∂o of the valid rows, ∂L/∂h and ∂L/∂mᵗ⁻¹. */
        final float[][][] a = floatStates(H), hid = floatStates(H), mem = floatStates(K), delta = floatStates(H),
                dOv = floatStates(K);
        final float[][] dH = new float[B][H], dM = new float[B][K];
        final float[][] aAll = tallByTime(a), deltaAll = tallByTime(delta), hidAll = tallByTime(hid),
                dOvAll = tallByTime(dOv), memPrevAll = new float[T * B][];

        F32() {
            super(outputs);
        }

        @Override
        Matrix[] doubleStates() {
            return tape.o;
        }

        @Override
        Matrix[] forward() {
            rnnlab.core.FloatKernels.toFloat(Wi.value, wi);
            rnnlab.core.FloatKernels.toFloat(Wh.value, wh);
            rnnlab.core.FloatKernels.toFloat(Wo.value, wo);
            whPack.packForward(wh);
            woPack.packForward(wo);
            toFloat(b, bias);
            toFloat(bo, biasO);
            beginForward(o0.value);                                          // o⁰ as floats (h[0])
            for (int r = 0; r < B; r++) {
                memoryOf(h[0][r], mem[0][r]);                                // m⁰ = feedback(o⁰)
            }
            rnnlab.core.FloatKernels.mul(x, wi, aAll, T * B, n, H);        // x·Wi for all steps at once
            runForward(2L * H * K);
            return tape.out;
        }

        /** The memory stored for output scores o: softmax(o) or o, in float. */
        private void memoryOf(float[] o, float[] m) {
            if (feedback == Feedback.SCORES) {
                System.arraycopy(o, 0, m, 0, K);
                return;
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < K; k++) {
                max = Math.max(max, o[k]);
            }
            float sum = 0;
            for (int k = 0; k < K; k++) {
                m[k] = (float) Math.exp(o[k] - max);
                sum += m[k];
            }
            for (int k = 0; k < K; k++) {
                m[k] /= sum;
            }
        }

        @Override
        void forwardRows(int r0, int r1) {
            for (int s = 1; s <= T; s++) {
                int t = timeOf(s);
                whPack.mulAddRows(mem[s - 1], a[s], r0, r1, B);             // a += mᵗ⁻¹·Wh
                for (int r = r0; r < r1; r++) {
                    float[] ar = a[s][r];
                    for (int j = 0; j < H; j++) {
                        ar[j] += bias[j];                                    // a += b
                    }
                    rnnlab.core.FloatKernels.apply(activation, ar, hid[s][r], 0, H);   // h = σ(a)
                    java.util.Arrays.fill(h[s][r], 0f);
                }
                woPack.mulAddRows(hid[s], h[s], r0, r1, B);                 // o = h·Wo
                for (int r = r0; r < r1; r++) {
                    float[] or = h[s][r];
                    if (valid(r, t)) {
                        for (int k = 0; k < K; k++) {
                            or[k] += biasO[k];                               //   + bo
                        }
                    } else {
                        System.arraycopy(h[s - 1][r], 0, or, 0, K);          // padding: o carried over
                    }
                    memoryOf(or, mem[s][r]);
                    output(s, r);                                            // the layer's output oᵗ
                }
            }
        }

        @Override
        public Matrix[] backward(Matrix[] dOutArg) {
            whPack.packBackward(wh, B);
            woPack.packBackward(wo, B);
            runBackward(dOutArg, 2L * H * K);
            finishBackward(o0.grad);                                         // ∂o⁰
            refreshPreviousByTime(memPrevAll, mem);
            // the gradients on ∂o first (on both threads where the product is large), so that the recurrent side of
            // gradientsFloat is ∂Wh alone, a product on δ: it then shares its passes over δ with ∂Wi (one thread), or
            // the two threads split their rows (session 13; before, ∂Wo and ∂bo made that side more than products on δ)
            int N = T * B;
            rnnlab.core.FloatKernels.mulTransAAddInto(hidAll, dOvAll, gWo, Wo.grad, N, H, K);   // ∂Wo += Σ hᵗᵀ·∂oᵗ
            double[] gb = bo.grad.data[0];
            for (int i = 0; i < N; i++) {
                float[] d = dOvAll[i];
                for (int k = 0; k < K; k++) {
                    gb[k] += d[k];                                                          // ∂bo += Σ ∂oᵗ
                }
            }
            shared.add(memPrevAll, K, gWh, Wh.grad);
            gradientsFloat(recurrentGradients, shared, x, deltaAll, wi, wit, gWi, dX, Wi, b, dXAll, H); // ∂Wh | ∂Wi, ∂b; ∂xᵗ
            return returnedInputGradients(dXs);
        }

        /** ∂Wh as a product on δ, for one pass with ∂Wi when one thread computes both. */
        private final DeltaProducts shared = new DeltaProducts();

        /** ∂Wh += Σ mᵗ⁻¹ᵀ·δᵗ (one thread's share of {@link #gradientsFloat}: the products of {@link #shared}). */
        private final Runnable recurrentGradients = () ->
                rnnlab.core.FloatKernels.mulTransAAddInto(memPrevAll, deltaAll, gWh, Wh.grad, T * B, K, H);

        @Override
        void backwardRows(int r0, int r1) {
            for (int s = T; s >= 1; s--) {
                int t = timeOf(s);
                final float[][] dO = dhs[s & 1], dOPrev = dhs[(s + 1) & 1], d = delta[s];
                for (int r = r0; r < r1; r++) {
                    float[] dor = dO[r], dOr = dOutRow(t, r, r0);
                    for (int k = 0; k < K; k++) {
                        dor[k] += dOr[k];                    // ∂L/∂oᵗ = dOutᵗ + what the memory read at s+1 sent
                    }
                    // rows at padding steps did not use this step's output layer: only valid rows reach Wo, bo and h
                    if (valid(r, t)) {
                        System.arraycopy(dor, 0, dOv[s][r], 0, K);
                    } else {
                        java.util.Arrays.fill(dOv[s][r], 0f);
                    }
                    java.util.Arrays.fill(dH[r], 0f);
                }
                woPack.mulTransAddRows(dOv[s], dH, r0, r1, B);             // ∂h = ∂o·Woᵀ
                recordGradNorm(t, dH, r0, r1);
                for (int r = r0; r < r1; r++) {
                    float[] ar = a[s][r], hr = hid[s][r], dhr = dH[r], dr = d[r];
                    for (int j = 0; j < H; j++) {
                        dr[j] = dhr[j] * rnnlab.core.FloatKernels.derivative(activation, ar[j], hr[j]);
                    }
                    java.util.Arrays.fill(dM[r], 0f);
                    java.util.Arrays.fill(dOPrev[r], 0f);
                }
                if (!cutBeforeAll(s, r0, r1)) {
                    whPack.mulTransAddRows(d, dM, r0, r1, B);                // ∂mᵗ⁻¹ = δ·Whᵀ
                }
                for (int r = r0; r < r1; r++) {
                    float[] dop = dOPrev[r];
                    if (!valid(r, t)) {
                        System.arraycopy(dO[r], 0, dop, 0, K);               // padding: o carried over
                    } else if (!cutBefore(s, r)) {           // (a cut leaves ∂oᵗ⁻¹ = 0: truncated BPTT)
                        float[] dmr = dM[r];
                        if (feedback == Feedback.SCORES) {
                            System.arraycopy(dmr, 0, dop, 0, K);
                        } else {                             // through softmax: ∂o = m ⊙ (∂m − Σ ∂m⊙m)
                            float[] mr = mem[s - 1][r];
                            float dot = 0;
                            for (int k = 0; k < K; k++) {
                                dot += dmr[k] * mr[k];
                            }
                            for (int k = 0; k < K; k++) {
                                dop[k] = mr[k] * (dmr[k] - dot);
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return describe("hidden=" + hidden + ", out=" + outputs + ", activation=" + activation + ", feedback="
                + feedback);
    }
}
