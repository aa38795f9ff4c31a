package rnnlab.cells;

import java.util.List;
import java.util.SplittableRandom;

import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;

/**
 * What {@link Elman} and {@link Clockwork} share: the parameters of aᵗ = xᵗ·Wi + hᵗ⁻¹·Wh + b, hᵗ = σ(aᵗ), the tape,
 * the buffers of a pass and the parts of forward and backward that do not depend on how hᵗ⁻¹ feeds aᵗ. The
 * subclasses hold their time loops.
 */
abstract class SimpleRecurrent extends SequenceBase {
    protected final Activation activation;
    /** Input → hidden weights Wi (n×H). */
    public final Param Wi;
    /** Recurrent weights Wh (H×H). */
    public final Param Wh;
    /** Bias b (1×H). */
    public final Param b;
    protected Param h0;

    /** The record of one forward pass that backward reads; index s is the processing step (0 = initial state). */
    public final class Tape extends BaseTape {
        Matrix[] a;   // a[s]  pre-activations, s = 1..T
        Matrix[] h;   // h[s]  hidden states,   s = 0..T (h[0] = h⁰)
        Matrix[] out; // out[t] = h[stepOf(t)], by time

        /** Hidden state hᵗ after reading input time t (0-based), B×H. */
        public Matrix hidden(int t) {
            requireDoubleOutputs();
            return h[tapeStep(t)];
        }

        /** Pre-activation aᵗ at input time t, B×H. */
        public Matrix preActivation(int t) {
            requireDoubleTape("the pre-activations a");
            return a[tapeStep(t)];
        }
    }

    protected final Tape tape = new Tape();
    // backward buffers
    protected Matrix[] delta;       // δ by step
    protected Matrix dh, dhPrev;    // ∂L/∂h for the current and previous step
    protected Matrix[] dXs;
    protected Matrix aAll, deltaAll, dXAll;
    protected Matrix hPrevAll;      // hᵗ⁻¹ of every step, (T·B)×H in time order: ∂Wh is one product

    /** Makes Wi, Wh and b and draws them uniformly in ±1/√H from rng, in that order. */
    SimpleRecurrent(String name, int inputSize, int hidden, Activation activation, boolean reverse,
                    SplittableRandom rng) {
        super(name, inputSize, hidden, reverse);
        requireParamsFit(name + "(n=" + inputSize + ", H=" + hidden + ")",
                (long) inputSize * hidden + (long) hidden * hidden + hidden);
        this.activation = activation;
        Wi = drawn("Wi", inputSize, hidden, hidden, rng);
        Wh = drawn("Wh", hidden, hidden, hidden, rng);
        b = drawn("b", 1, hidden, hidden, rng);
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
        return columns(List.of("a", "h"), tape::preActivation, tape::hidden);
    }

    @Override
    public List<Param> initialState() {
        return h0 == null ? List.of() : List.of(h0);
    }

    /** Sets the initial memory h⁰ (B×H) used while the batch size stays B. */
    public void setInitialState(Matrix h) {
        h0 = userState("h0", h, "initial memory h0", hidden);
    }

    /** The start of a pass: (re)makes the buffers when T or B changed and sets h⁰. */
    @Override
    protected final void startPass(boolean shapeChanged) {
        if (shapeChanged) {
            allocate();
        }
        h0 = initialState(h0, "h0", hidden);
        tape.h[0] = h0.value;
    }

    /** The start of a double pass: the input projections xᵗ·Wi of all steps in one product (into aᵗ). */
    protected final void projectInputs() {
        Kernels.mul(xAll, Wi.value, aAll);
    }

    /** The start of a backward step: ∂L/∂hᵗ is what step s+1 sent back (in dhPrev) plus dOutᵗ, now in dh. */
    protected final void takeStepGradient(Matrix dOut) {
        Matrix tmp = dh;
        dh = dhPrev;
        dhPrev = tmp;
        for (int r = 0; r < B; r++) {
            double[] dhr = dh.data[r], dO = dOut.data[r];
            for (int j = 0; j < hidden; j++) {
                dhr[j] += dO[j];
            }
        }
    }

    /**
     * After ∂L/∂hᵗ⁻¹ = δᵗ·Whᵀ is in dhPrev: a padding row passes ∂L/∂hᵗ on unchanged (it carried its memory over),
     * a row cut by truncated BPTT gets 0. Returns true if row r was neither (the cell may add more to it).
     */
    protected final boolean passOrCut(int s, int t, int r) {
        if (!valid(r, t)) {
            System.arraycopy(dh.data[r], 0, dhPrev.data[r], 0, hidden);
            return false;
        }
        if (cutBefore(s, r)) {
            java.util.Arrays.fill(dhPrev.data[r], 0.0);
            return false;
        }
        return true;
    }

    /** The end of backward: ∂h⁰, then ∂Wi += Σₜ xᵗᵀ·δᵗ, ∂b += Σₜ Σ_rows δᵗ and ∂xᵗ = δᵗ·Wiᵀ, all in one product each. */
    protected final Matrix[] finishBackward() {
        h0.grad.copyFrom(dhPrev);
        inputGradients(deltaAll, Wi, b, dXAll);            // ∂Wi, ∂b, ∂xᵗ
        return inputGradientNeeded ? dXs : null;
    }

    /**
     * As {@link #finishBackward()}, with ∂Wh += Σₜ aᵀ·δᵗ ({@code a}: the tall (T·B)×hidden states the recurrence
     * read) computed in one product over δ with ∂Wi.
     */
    protected final Matrix[] finishBackward(Matrix a, Param wh) {
        return finishBackward(a, wh.grad);
    }

    /**
     * As {@link #finishBackward(Matrix, Param)}, adding Σₜ aᵀ·δᵗ into {@code c} (e.g. a zeroed scratch the cell masks
     * before it adds it to its gradient, as the Clockwork layer does).
     */
    protected final Matrix[] finishBackward(Matrix a, Matrix c) {
        h0.grad.copyFrom(dhPrev);
        gradA[0] = a;
        gradC[0] = c;
        inputGradients(deltaAll, Wi, b, dXAll, gradA, gradC, 1);   // ∂Wh and ∂Wi in one product over δ; ∂b, ∂xᵗ
        return inputGradientNeeded ? dXs : null;
    }

    private final Matrix[] gradA = new Matrix[2], gradC = new Matrix[2];

    /**
     * What the float32 paths of {@link Elman} and {@link Clockwork} share: float copies of Wi, Wh (as the cell's
     * recurrence reads it) and b, the float pre-activations aᵗ and δᵗ, and the passes around the cell's time loops
     * ({@code forwardRows}, {@code backwardRows}): x·Wi for all steps at once before them, ∂Wi, ∂b and ∂x after.
     */
    abstract class SimpleFloatState extends FloatState {
        final int H = hidden;
        final float[][] wi = new float[n][H], wh = new float[H][H], wit = new float[H][n];
        /** wh packed once per forward pass, whᵀ (or nothing: dot products) once per backward pass. */
        final FloatPackedWeight whPack = new FloatPackedWeight(H, H);
        final float[] bias = new float[H];
        final float[][] gWi = new float[n][H], gWh = new float[H][H];
        final float[][][] a = floatStates(H), delta = floatStates(H);
        final float[][] aAll = tallByTime(a), deltaAll = tallByTime(delta);
        /** {@link #addRecurrentGradients}, one thread's share of {@link #gradientsFloat}. */
        private final Runnable recurrentGradients = this::addRecurrentGradients;

        SimpleFloatState() {
            super(hidden);
        }

        /** Wh as the cell's recurrence reads it, as floats into {@link #wh}. */
        abstract void recurrentWeights();

        /** ∂Wh += Σ hᵗ⁻¹ᵀ·δᵗ from {@link #hPrevAll} and {@link #deltaAll} (as the recurrence reads Wh). */
        abstract void addRecurrentGradients();

        /**
         * Adds to {@code d} the products {@link #addRecurrentGradients} computes, if they are all Aᵀ·δ products on
         * {@link #deltaAll} (then they may run in one pass with ∂Wi), and returns true; here false.
         */
        boolean sharedProducts(DeltaProducts d) {
            return false;
        }

        /** Called after the weight gradients of each backward pass (the Clockwork layer masks ∂Wh here); nothing. */
        void afterGradients() {
        }

        private final DeltaProducts shared = new DeltaProducts();

        @Override
        Matrix[] doubleStates() {
            return tape.h;
        }

        @Override
        Matrix[] forward() {
            rnnlab.core.FloatKernels.toFloat(Wi.value, wi);
            recurrentWeights();
            whPack.packForward(wh);
            toFloat(b, bias);
            beginForward(h0.value);
            rnnlab.core.FloatKernels.mul(x, wi, aAll, T * B, n, H);        // x·Wi for all steps at once
            runForward((long) H * H);
            return tape.out;
        }

        @Override
        public Matrix[] backward(Matrix[] dOutArg) {
            whPack.packBackward(wh, B);                      // few rows: δ·Whᵀ as dot products, else whᵀ packed
            runBackward(dOutArg, (long) H * H);
            finishBackward(h0.grad);
            gradientsFloat(recurrentGradients, sharedProducts(shared) ? shared : null, x, deltaAll, wi, wit, gWi, dX,
                    Wi, b, dXAll, H);                                                     // ∂Wh | ∂Wi, ∂b; ∂xᵗ
            afterGradients();
            return returnedInputGradients(dXs);
        }
    }

    private void allocate() {
        tape.a = states(hidden);
        tape.h = states(hidden);
        tape.out = byTime(tape.h);
        // a[s] and δ[s] are stored in TIME order inside the tall views so they line up with xAll's rows
        delta = states(hidden);
        aAll = tall(byTime(tape.a));
        deltaAll = tall(byTime(delta));
        hPrevAll = previousByTime(tape.h);
        dXs = perTime(inputSize);
        dXAll = tall(dXs);
        dh = new Matrix(B, hidden);
        dhPrev = new Matrix(B, hidden);
    }
}
