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
            return h[tapeStep(t)];
        }

        /** Output scores oᵗ at time t, B×K. */
        public Matrix output(int t) {
            return o[tapeStep(t)];
        }

        /** Memory mᵗ written at time t (read at the next step), B×K. */
        public Matrix memory(int t) {
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
    public Matrix[] forward(Matrix[] xs, int[] lengths) {
        if (begin(xs, lengths)) {
            allocate();
        }
        o0 = initialState(o0, "o0", outputs);
        tape.o[0] = o0.value;
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
    public Matrix[] backward(Matrix[] dOut) {
        checkBackward(dOut, outputs);
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

    @Override
    public String toString() {
        return describe("hidden=" + hidden + ", out=" + outputs + ", activation=" + activation + ", feedback="
                + feedback);
    }
}
