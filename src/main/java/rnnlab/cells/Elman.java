package rnnlab.cells;

import java.util.List;
import java.util.SplittableRandom;

import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;

/**
 * Elman network layer (lecture p.8–15): the hidden layer's output is stored in memory and read as an extra input at
 * the next step.
 * <pre>
 *   aᵗ = xᵗ·Wi + hᵗ⁻¹·Wh + b          pre-activation          B×H
 *   hᵗ = σ(aᵗ)                        hidden = output = memory B×H
 *
 *   Wi  n×H   input → hidden    (the lecture's Wⁱ)
 *   Wh  H×H   memory → hidden   (Wʰ)
 *   b   1×H   bias
 *   h⁰  B×H   initial memory, zero by default
 * </pre>
 * Backward (δᵗ = ∂L/∂aᵗ, summed over t):
 * <pre>
 *   ∂L/∂hᵗ = dOutᵗ + δᵗ⁺¹·Whᵀ        δᵗ = ∂L/∂hᵗ ⊙ σ'(aᵗ)
 *   ∂Wi += xᵗᵀ·δᵗ   ∂Wh += hᵗ⁻¹ᵀ·δᵗ   ∂b += Σ_rows δᵗ   ∂xᵗ = δᵗ·Wiᵀ
 * </pre>
 * The output of the layer is hᵗ; put a {@link rnnlab.layers.Dense} head on it for yᵗ = softmax(hᵗ·Wo + c).
 */
public final class Elman extends SequenceBase {
    private final int hidden;
    private final Activation activation;
    /** Input → hidden weights Wi (n×H). */
    public final Param Wi;
    /** Recurrent weights Wh (H×H). */
    public final Param Wh;
    /** Bias b (1×H). */
    public final Param b;
    private Param h0;

    /** The record of one forward pass that backward reads; index s is the processing step (0 = initial state). */
    public final class Tape extends BaseTape {
        Matrix[] a;   // a[s]  pre-activations, s = 1..T
        Matrix[] h;   // h[s]  hidden states,   s = 0..T (h[0] = h⁰)
        Matrix[] out; // out[t] = h[stepOf(t)], by time

        /** Hidden state hᵗ after reading input time t (0-based), B×H. */
        public Matrix hidden(int t) {
            return h[tapeStep(t)];
        }

        /** Pre-activation aᵗ at input time t, B×H. */
        public Matrix preActivation(int t) {
            return a[tapeStep(t)];
        }
    }

    private final Tape tape = new Tape();
    // backward buffers
    private Matrix[] delta;     // δ by step
    private Matrix dh, dhPrev;  // ∂L/∂h for the current and previous step
    private Matrix[] dXs;
    private Matrix aAll, deltaAll, dXAll;
    private Matrix hPrevAll;      // hᵗ⁻¹ of every step, (T·B)×H in time order: ∂Wh is one product
    private final Matrix WhT;     // Whᵀ, refreshed at each backward pass: ∂hᵗ⁻¹ = δᵗ·Whᵀ is then an i-k-j product

    /** An Elman layer with tanh hidden units, randomly initialised with {@link Init#DEFAULT_SEED}. */
    public Elman(int inputSize, int hidden) {
        this(inputSize, hidden, Activation.TANH, false, new SplittableRandom(Init.DEFAULT_SEED));
    }

    /**
     * An Elman layer.
     *
     * @param activation σ of the hidden units (the lecture's toy example is {@link Activation#LINEAR})
     * @param reverse    read the sequence from its end (the backward half of a bidirectional RNN)
     * @param rng        source of the initial weights, uniform in ±1/√H
     */
    public Elman(int inputSize, int hidden, Activation activation, boolean reverse, SplittableRandom rng) {
        super("Elman", inputSize, reverse);
        if (hidden <= 0) {
            throw new IllegalArgumentException("Elman: hidden size must be positive, got " + hidden);
        }
        requireParamsFit("Elman(n=" + inputSize + ", H=" + hidden + ")",
                (long) inputSize * hidden + (long) hidden * hidden + hidden);
        this.hidden = hidden;
        this.activation = activation;
        Wi = params.add(new Param("Wi", inputSize, hidden));
        Wh = params.add(new Param("Wh", hidden, hidden));
        b = params.add(new Param("b", 1, hidden));
        WhT = new Matrix(hidden, hidden);
        Init.fanIn(Wi.value, hidden, rng);
        Init.fanIn(Wh.value, hidden, rng);
        Init.fanIn(b.value, hidden, rng);
    }

    /**
     * An IRNN layer (Le, Jaitly, Hinton, "A simple way to initialize recurrent networks of rectified linear units",
     * 2015; lecture Part II p.38): an Elman layer with ReLU units whose recurrent weights start as the identity
     * and whose bias starts at 0, so at first the memory is copied unchanged from step to step and the gradient
     * neither vanishes nor explodes through it. The input weights are drawn as for every cell (uniform in ±1/√H).
     */
    public static Elman irnn(int inputSize, int hidden, boolean reverse, SplittableRandom rng) {
        Elman e = new Elman(inputSize, hidden, Activation.RELU, reverse, rng);
        e.Wh.value.zero();
        for (int j = 0; j < hidden; j++) {
            e.Wh.value.data[j][j] = 1;                // Wh = I
        }
        e.b.value.zero();
        return e;
    }

    @Override
    public int outputSize() {
        return hidden;
    }

    /** Number of hidden units H. */
    public int hiddenSize() {
        return hidden;
    }

    /** The hidden activation σ. */
    public Activation activation() {
        return activation;
    }

    /** The tape of the last forward pass: hidden states and pre-activations of every step. */
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

    // ---- one step: what the lecture draws ------------------------------------------------------------------

    /**
     * One step, allocating its result: hᵗ = σ(xᵗ·Wi + hᵗ⁻¹·Wh + b).
     *
     * @param x     B×n input xᵗ
     * @param hPrev B×H memory hᵗ⁻¹
     * @return B×H hidden state hᵗ (also the new memory)
     */
    public Matrix step(Matrix x, Matrix hPrev) {
        x.requireShape("Elman.step: input x", x.rows, inputSize);
        hPrev.requireShape("Elman.step: memory hPrev", x.rows, hidden);
        requireFinite("input x", x);
        requireFinite("memory hPrev", hPrev);
        Matrix a = new Matrix(x.rows, hidden);
        Kernels.mulAdd(x, Wi.value, a);           // a = x·Wi
        Matrix h = new Matrix(x.rows, hidden);
        recurrentStep(hPrev, a, h);
        return h;
    }

    /** The recurrent half of a step, given a = x·Wi: a += hPrev·Wh + b; h = σ(a). Allocates nothing. */
    private void recurrentStep(Matrix hPrev, Matrix a, Matrix h) {
        Kernels.mulAdd(hPrev, Wh.value, a);       // a += hᵗ⁻¹·Wh
        Kernels.addRowVector(a, b.value);         // a += b
        for (int r = 0; r < a.rows; r++) {
            activation.apply(a.data[r], h.data[r], 0, hidden); // h = σ(a)
        }
    }

    // ---- whole sequence ---------------------------------------------------------------------------------------

    @Override
    public Matrix[] forward(Matrix[] xs, int[] lengths) {
        if (begin(xs, lengths)) {
            allocate();
        }
        h0 = initialState(h0, "h0", hidden);
        tape.h[0] = h0.value;
        aAll.zero();
        Kernels.mulAdd(xAll, Wi.value, aAll);     // input projections of all steps in one product
        for (int s = 1; s <= T; s++) {
            int t = timeOf(s);
            recurrentStep(tape.h[s - 1], tape.a[s], tape.h[s]);
            carryPadding(t, tape.h[s - 1], tape.h[s]);
        }
        return tape.out;
    }

    /** At padding steps a sequence keeps its memory. */
    private void carryPadding(int t, Matrix prev, Matrix cur) {
        for (int r = 0; r < B; r++) {
            if (!valid(r, t)) {
                System.arraycopy(prev.data[r], 0, cur.data[r], 0, cur.cols);
            }
        }
    }

    @Override
    public Matrix[] backward(Matrix[] dOut) {
        checkBackward(dOut, hidden);
        dhPrev.zero();
        Kernels.transpose(Wh.value, WhT);
        for (int s = T; s >= 1; s--) {
            int t = timeOf(s);
            // ∂L/∂hᵗ = dOutᵗ + (what step s+1 sent back, now in dhPrev)
            Matrix tmp = dh;
            dh = dhPrev;
            dhPrev = tmp;
            double[][] dO = dOut[t].data;
            Matrix d = delta[s];
            for (int r = 0; r < B; r++) {
                double[] dhr = dh.data[r], dr = d.data[r];
                if (!valid(r, t)) {
                    for (int j = 0; j < hidden; j++) {
                        dhr[j] += dO[r][j];
                        dr[j] = 0;
                    }
                    continue;
                }
                double[] ar = tape.a[s].data[r], hr = tape.h[s].data[r];
                for (int j = 0; j < hidden; j++) {
                    dhr[j] += dO[r][j];
                    dr[j] = dhr[j] * activation.derivative(ar[j], hr[j]); // backprop through σ
                }
            }
            recordGradNorm(t, dh);
            dhPrev.zero();
            if (!cutBeforeAll(s)) {
                Kernels.mulAdd(d, WhT, dhPrev);               // ∂L/∂hᵗ⁻¹ = δᵗ·Whᵀ
            }
            for (int r = 0; r < B; r++) {
                if (!valid(r, t)) {
                    System.arraycopy(dh.data[r], 0, dhPrev.data[r], 0, hidden); // padding carried memory over
                } else if (cutBefore(s, r)) {
                    java.util.Arrays.fill(dhPrev.data[r], 0.0);                 // truncated BPTT: stop here
                }
            }
        }
        h0.grad.copyFrom(dhPrev);
        refreshPreviousByTime(hPrevAll, tape.h);
        Kernels.mulTransAAdd(hPrevAll, deltaAll, Wh.grad); // ∂Wh += Σₜ hᵗ⁻¹ᵀ·δᵗ
        Kernels.mulTransAAdd(xAll, deltaAll, Wi.grad);    // ∂Wi += Σₜ xᵗᵀ·δᵗ
        Kernels.sumRowsAdd(deltaAll, b.grad);             // ∂b  += Σₜ Σ_rows δᵗ
        dXAll.zero();
        Kernels.mulTransBAdd(deltaAll, Wi.value, dXAll);  // ∂xᵗ = δᵗ·Wiᵀ
        return dXs;
    }

    private void allocate() {
        tape.a = states(hidden);
        tape.h = states(hidden);
        tape.out = new Matrix[T];
        for (int t = 0; t < T; t++) {
            tape.out[t] = tape.h[stepOf(t)];
        }
        // a[s] and δ[s] are stored in TIME order inside the tall views so they line up with xAll's rows
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
        return "Elman(in=" + inputSize + ", hidden=" + hidden + ", activation=" + activation
                + (reverse ? ", reverse" : "") + (truncation > 0 ? ", bptt=" + truncation : "")
                + ", params=" + params.count() + ")";
    }
}
