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
public final class Elman extends SimpleRecurrent {
    /** Wh packed once per forward pass, and Whᵀ (or nothing: dot products) once per backward pass. */
    private final PackedWeight whPack;
    /** ∂hᵗ of step s is in [s &amp; 1], what goes to step s−1 in the other slot (the halves never swap fields). */
    private final Matrix[] dhs = new Matrix[2];
    private Matrix[] dOutPass;    // the output gradients of the current backward pass
    // the time loops over each half of the batch, run on the two kernel threads; fields, so they allocate nothing
    private final Runnable forwardLo = () -> forwardRows(0, rowSplit), forwardHi = () -> forwardRows(rowSplit, B);
    private final Runnable backwardLo = () -> backwardRows(0, rowSplit), backwardHi = () -> backwardRows(rowSplit, B);

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
        super("Elman", inputSize, hidden, activation, reverse, rng);
        whPack = new PackedWeight(hidden, hidden);
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

    /** Variational dropout on hᵗ⁻¹ where it enters hᵗ⁻¹·Wh: aᵗ = xᵗ·Wi + (hᵗ⁻¹ ⊙ m)·Wh + b; null: none. */
    @Override
    public void setRecurrentDropout(rnnlab.layers.Dropout d) {
        if (d != null && d.size() != hidden) {
            throw new IllegalArgumentException("Elman: recurrent dropout needs a mask of " + hidden + " values, got "
                    + d.size());
        }
        recurrentDropout = d;
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
        whPack.packForward(Wh.value);
        recurrentStep(hPrev, a, h, 0, x.rows);
        return h;
    }

    /**
     * The recurrent half of a step for the rows r0 … r1−1, given a = x·Wi: a += hPrev·Wh + b; h = σ(a). Allocates
     * nothing.
     */
    private void recurrentStep(Matrix hPrev, Matrix a, Matrix h, int r0, int r1) {
        whPack.mulAddRows(hPrev, a, r0, r1);             // a += hᵗ⁻¹·Wh (Wh packed by the caller)
        final double[] bias = b.value.data[0];
        for (int r = r0; r < r1; r++) {
            double[] ar = a.data[r];
            for (int j = 0; j < hidden; j++) {
                ar[j] += bias[j];                        // a += b
            }
            activation.apply(ar, h.data[r], 0, hidden);  // h = σ(a)
        }
    }

    // ---- whole sequence ---------------------------------------------------------------------------------------

    @Override
    protected Matrix[] forwardDouble() {
        projectInputs();                                  // xᵗ·Wi of all steps
        whPack.packForward(Wh.value);
        inBatchHalves(forwardLo, forwardHi, (long) hidden * hidden);             // the T steps, each half of the batch on its own thread
        return tape.out;
    }

    /** The T steps of the forward pass for the sequences r0 … r1−1. */
    private void forwardRows(int r0, int r1) {
        for (int s = 1; s <= T; s++) {
            int t = timeOf(s);
            // (hᵗ⁻¹ ⊙ m with dropout)
            recurrentStep(maskedPrevious(s, tape.h[s - 1], r0, r1), tape.a[s], tape.h[s], r0, r1);
            for (int r = r0; r < r1; r++) {
                if (!valid(r, t)) {                      // at padding steps a sequence keeps its memory
                    System.arraycopy(tape.h[s - 1].data[r], 0, tape.h[s].data[r], 0, hidden);
                }
            }
        }
    }

    @Override
    protected Matrix[] backwardDouble(Matrix[] dOut) {
        dhs[0] = dh;
        dhs[1] = dhPrev;
        dh.zero();
        dhPrev.zero();
        whPack.packBackward(Wh.value, B);                 // few rows: δ·Whᵀ as dot products, else Whᵀ packed
        beginGradNorms();
        dOutPass = dOut;
        try {
            inBatchHalves(backwardLo, backwardHi, (long) hidden * hidden);       // the T steps back, each half of the batch on its thread
        } finally {
            dOutPass = null;
        }
        finishGradNorms();
        dhPrev = dhs[0];                                  // what step 1 sent back to h⁰ (finishBackward reads it)
        dh = dhs[1];
        refreshPreviousByTime(hPrevAll, recurrentMask != null ? maskedPrevious : tape.h);
        // ∂Wh += Σₜ hᵗ⁻¹ᵀ·δᵗ ((hᵗ⁻¹⊙m)ᵀ·δᵗ with dropout) in one product over δ with ∂Wi; ∂h⁰, ∂b, ∂xᵗ
        return finishBackward(hPrevAll, Wh);
    }

    /** Backpropagation through the T steps for the sequences r0 … r1−1: δ of every step and ∂h⁰. */
    private void backwardRows(int r0, int r1) {
        final Matrix[] dOut = dOutPass;
        for (int s = T; s >= 1; s--) {
            int t = timeOf(s);
            final Matrix dh = dhs[s & 1], dhPrev = dhs[(s + 1) & 1];
            Matrix d = delta[s];
            for (int r = r0; r < r1; r++) {
                // ∂L/∂hᵗ = dOutᵗ + what step s+1 sent back
                double[] dhr = dh.data[r], dO = dOut[t].data[r], dr = d.data[r], ar = tape.a[s].data[r],
                        hr = tape.h[s].data[r];
                boolean ok = valid(r, t);
                for (int j = 0; j < hidden; j++) {
                    dhr[j] += dO[j];
                    dr[j] = ok ? dhr[j] * activation.derivative(ar[j], hr[j]) : 0; // backprop through σ
                }
            }
            recordGradNorm(t, dh, r0, r1);
            for (int r = r0; r < r1; r++) {
                java.util.Arrays.fill(dhPrev.data[r], 0.0);
            }
            if (!cutBeforeAll(s, r0, r1)) {
                whPack.mulTransAddRows(d, dhPrev, r0, r1);   // ∂L/∂hᵗ⁻¹ = δᵗ·Whᵀ
                if (recurrentMask != null) {
                    multiplyRows(dhPrev, recurrentMask, dhPrev, r0, r1); // (δᵗ·Whᵀ) ⊙ m
                }
            }
            for (int r = r0; r < r1; r++) {
                if (!valid(r, t)) {                           // padding passes ∂h on unchanged
                    System.arraycopy(dh.data[r], 0, dhPrev.data[r], 0, hidden);
                } else if (cutBefore(s, r)) {                 // truncated BPTT stops here
                    java.util.Arrays.fill(dhPrev.data[r], 0.0);
                }
            }
        }
    }

    // ---- float32 ------------------------------------------------------------------------------------------------

    /** Float32 (see {@link #setPrecision}): float copies of Wi, Wh and b refreshed at each forward pass. */
    @Override
    protected FloatState newFloatState() {
        return new F32();
    }

    /** The float32 path: the equations of the double one on float copies of the weights and a float tape. */
    private final class F32 extends SimpleFloatState {
        @Override
        void recurrentWeights() {
            rnnlab.core.FloatKernels.toFloat(Wh.value, wh);
        }

        @Override
        void addRecurrentGradients() {                       // ∂Wh += Σ hᵗ⁻¹ᵀ·δᵗ
            rnnlab.core.FloatKernels.mulTransAAddInto(hPrevAll, deltaAll, gWh, Wh.grad, T * B, H, H);
        }

        @Override
        boolean sharedProducts(DeltaProducts d) {            // the same product, in one pass with ∂Wi
            d.add(hPrevAll, H, gWh, Wh.grad);
            return true;
        }

        @Override
        void forwardRows(int r0, int r1) {
            for (int s = 1; s <= T; s++) {
                int t = timeOf(s);
                whPack.mulAddRows(readState(s, r0, r1), a[s], r0, r1, B);      // a += hᵗ⁻¹·Wh  (hᵗ⁻¹ ⊙ m)
                for (int r = r0; r < r1; r++) {
                    float[] ar = a[s][r], hr = h[s][r];
                    if (!valid(r, t)) {                      // at padding steps a sequence keeps its memory
                        System.arraycopy(h[s - 1][r], 0, hr, 0, H);
                    } else {
                        for (int j = 0; j < H; j++) {
                            ar[j] += bias[j];
                        }
                        rnnlab.core.FloatKernels.apply(activation, ar, hr, 0, H);
                    }
                    output(s, r);                            // the layer's output
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
                    boolean ok = valid(r, t);
                    for (int j = 0; j < H; j++) {
                        dhr[j] += dOr[j];
                        dr[j] = ok ? dhr[j] * rnnlab.core.FloatKernels.derivative(activation, ar[j], hr[j]) : 0f;
                    }
                }
                if (beginStepBack(s, t, dh, dhPrev, r0, r1)) {
                    whPack.mulTransAddRows(d, dhPrev, r0, r1, B);    // ∂hᵗ⁻¹ = δᵗ·Whᵀ
                    if (masking) {
                        multiplyRows(dhPrev, mask, dhPrev, r0, r1);
                    }
                }
                for (int r = r0; r < r1; r++) {
                    passOrCut(s, t, r, dh, dhPrev);                  // padding passes ∂h on, a cut stops it
                }
            }
        }
    }

    @Override
    public String toString() {
        return describe("hidden=" + hidden + ", activation=" + activation);
    }
}
