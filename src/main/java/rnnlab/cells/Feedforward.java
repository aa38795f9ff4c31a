package rnnlab.cells;

import java.util.List;
import java.util.SplittableRandom;

import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;

/**
 * The per-word feedforward baseline (lecture p.6–7): the same hidden layer applied to every word on its own, with
 * NO memory. It cannot tell "arrive Taipei" from "leave Taipei": the same input word always gives the same output.
 * It is a {@link RecurrentLayer} only so that a {@link rnnlab.models.SequenceModel} can use it in place of an RNN.
 * <pre>
 *   aᵗ = xᵗ·Wi + b          pre-activation   B×H
 *   hᵗ = σ(aᵗ)              hidden = output  B×H        (Elman without the hᵗ⁻¹·Wh term)
 *
 *   Wi  n×H   input → hidden
 *   b   1×H   bias
 * </pre>
 * Backward: δᵗ = dOutᵗ ⊙ σ'(aᵗ);  ∂Wi += xᵗᵀ·δᵗ;  ∂b += Σ_rows δᵗ;  ∂xᵗ = δᵗ·Wiᵀ. At padding steps the output is 0
 * and nothing flows back. A context window in the embedding (±w words) gives it a fixed, small view of its
 * neighbours — still no memory.
 */
public final class Feedforward extends SequenceBase {
    private final Activation activation;
    /** Input → hidden weights Wi (n×H). */
    public final Param Wi;
    /** Bias b (1×H). */
    public final Param b;

    /** The record of one forward pass, by time t = 0 … T−1. */
    public final class Tape extends BaseTape {
        Matrix[] a; // a[t] pre-activations
        Matrix[] h; // h[t] outputs

        /** Hidden output hᵗ at time t (0-based), B×H. */
        public Matrix hidden(int t) {
            requireDoubleOutputs();
            return h[tapeTime(t)];
        }

        /** Pre-activation aᵗ at time t, B×H. */
        public Matrix preActivation(int t) {
            requireDoubleTape("the pre-activations a");
            return a[tapeTime(t)];
        }
    }

    private final Tape tape = new Tape();
    private Matrix aAll, deltaAll, dXAll;
    private Matrix[] delta, dXs;

    /** A tanh layer, initialised with {@link Init#DEFAULT_SEED}. */
    public Feedforward(int inputSize, int hidden) {
        this(inputSize, hidden, Activation.TANH, new SplittableRandom(Init.DEFAULT_SEED));
    }

    /**
     * @param activation σ of the hidden units
     * @param rng        source of the initial weights, uniform in ±1/√H (as for {@link Elman})
     */
    public Feedforward(int inputSize, int hidden, Activation activation, SplittableRandom rng) {
        super("Feedforward", inputSize, hidden, false);
        requireParamsFit("Feedforward(n=" + inputSize + ", H=" + hidden + ")", ((long) inputSize + 1) * hidden);
        this.activation = activation;
        Wi = drawn("Wi", inputSize, hidden, hidden, rng);
        b = drawn("b", 1, hidden, hidden, rng);
    }

    /** The hidden activation σ. */
    public Activation activation() {
        return activation;
    }

    /** The tape of the last forward pass. */
    public Tape tape() {
        return tape;
    }

    /** The tape's columns: the pre-activation a and the output h of every step. */
    @Override
    protected java.util.Map<String, java.util.function.IntFunction<Matrix>> tapeColumns() {
        return columns(List.of("a", "h"), tape::preActivation, tape::hidden);
    }

    /** No memory, so no initial state. */
    @Override
    public List<Param> initialState() {
        return List.of();
    }

    /** One word on its own, allocating its result: h = σ(x·Wi + b). */
    public Matrix step(Matrix x) {
        x.requireShape("Feedforward.step: input x", x.rows, inputSize);
        requireFinite("input x", x);
        Matrix a = new Matrix(x.rows, hidden);
        Kernels.mulAdd(x, Wi.value, a);                 // a = x·Wi
        Kernels.addRowVector(a, b.value);               // a += b
        Matrix h = new Matrix(x.rows, hidden);
        for (int r = 0; r < a.rows; r++) {
            activation.apply(a.data[r], h.data[r], 0, hidden); // h = σ(a)
        }
        return h;
    }

    @Override
    protected void startPass(boolean shapeChanged) {
        if (shapeChanged) {
            allocate();
        }
    }

    @Override
    protected Matrix[] forwardDouble() {
        aAll.zero();
        Kernels.mulAdd(xAll, Wi.value, aAll);           // all steps in one product: a = x·Wi
        Kernels.addRowVector(aAll, b.value);            // a += b
        for (int t = 0; t < T; t++) {
            for (int r = 0; r < B; r++) {
                double[] hr = tape.h[t].data[r];
                if (valid(r, t)) {
                    activation.apply(tape.a[t].data[r], hr, 0, hidden); // h = σ(a)
                } else {
                    java.util.Arrays.fill(hr, 0.0);    // padding: output 0
                }
            }
        }
        return tape.h;
    }

    @Override
    protected Matrix[] backwardDouble(Matrix[] dOut) {
        for (int t = 0; t < T; t++) {
            recordGradNorm(t, dOut[t]);                   // no memory: hᵗ gets only its own output's gradient
            for (int r = 0; r < B; r++) {
                double[] dr = delta[t].data[r];
                if (!valid(r, t)) {
                    java.util.Arrays.fill(dr, 0.0);
                    continue;
                }
                double[] ar = tape.a[t].data[r], hr = tape.h[t].data[r], dOr = dOut[t].data[r];
                for (int j = 0; j < hidden; j++) {
                    dr[j] = dOr[j] * activation.derivative(ar[j], hr[j]); // δ = dOut ⊙ σ'(a)
                }
            }
        }
        inputGradients(deltaAll, Wi, b, dXAll);            // ∂Wi, ∂b, ∂xᵗ
        return inputGradientNeeded ? dXs : null;
    }

    private void allocate() {
        tape.a = perTime(hidden);
        tape.h = perTime(hidden);
        delta = perTime(hidden);
        dXs = perTime(inputSize);
        aAll = tall(tape.a);
        deltaAll = tall(delta);
        dXAll = tall(dXs);
    }

    // ---- float32 ------------------------------------------------------------------------------------------------

    /** Float32 (see {@link #setPrecision}): float copies of Wi and b, refreshed at each forward pass. */
    @Override
    protected FloatState newFloatState() {
        return new F32();
    }

    /** The float32 path: the equations of the double one on float copies of the weights and a float tape. */
    private final class F32 extends FloatState {
        final int H = hidden;
        final float[][] wi = new float[n][H], wit = new float[H][n], gWi = new float[n][H];
        final float[] bias = new float[H];
        final float[][][] a = floatStates(H), delta = floatStates(H);
        final float[][] aAll = tallByTime(a), deltaAll = tallByTime(delta);
        /** The double outputs by step (state index 0 has none: no memory), and a zero "initial state". */
        final Matrix[] outByStep = new Matrix[T + 1];
        final Matrix none = new Matrix(B, H);
        private final Runnable noRecurrentSide = () -> { };

        F32() {
            super(hidden);
            System.arraycopy(tape.h, 0, outByStep, 1, T);
        }

        @Override
        Matrix[] doubleStates() {
            return outByStep;
        }

        @Override
        Matrix[] forward() {
            rnnlab.core.FloatKernels.toFloat(Wi.value, wi);
            toFloat(b, bias);
            beginForward(none);                                          // x as floats
            rnnlab.core.FloatKernels.mul(x, wi, aAll, T * B, n, H);    // all steps in one product: a = x·Wi
            runForward(H);
            return tape.h;
        }

        @Override
        void forwardRows(int r0, int r1) {
            for (int s = 1; s <= T; s++) {
                int t = s - 1;
                for (int r = r0; r < r1; r++) {
                    float[] ar = a[s][r], hr = h[s][r];
                    for (int j = 0; j < H; j++) {
                        ar[j] += bias[j];                                // a += b
                    }
                    if (valid(r, t)) {
                        rnnlab.core.FloatKernels.apply(activation, ar, hr, 0, H);   // h = σ(a)
                    } else {
                        java.util.Arrays.fill(hr, 0f);                   // padding: output 0
                    }
                    output(s, r);
                }
            }
        }

        @Override
        public Matrix[] backward(Matrix[] dOutArg) {
            runBackward(dOutArg, H);
            gradientsFloat(noRecurrentSide, x, deltaAll, wi, wit, gWi, dX, Wi, b, dXAll, H); // ∂Wi, ∂b; ∂xᵗ
            return returnedInputGradients(dXs);
        }

        @Override
        void backwardRows(int r0, int r1) {
            for (int s = 1; s <= T; s++) {
                int t = s - 1;
                float[][] g = dhs[0];
                for (int r = r0; r < r1; r++) {
                    float[] dOr = dOutRow(t, r, r0), dr = delta[s][r], ar = a[s][r], hr = h[s][r];
                    System.arraycopy(dOr, 0, g[r], 0, H);
                    boolean ok = valid(r, t);
                    for (int j = 0; j < H; j++) {
                        dr[j] = ok ? dOr[j] * rnnlab.core.FloatKernels.derivative(activation, ar[j], hr[j]) : 0f;
                    }
                }
                recordGradNorm(t, g, r0, r1);             // no memory: hᵗ gets only its own output's gradient
            }
        }
    }

    @Override
    public String toString() {
        return "Feedforward(in=" + inputSize + ", hidden=" + hidden + ", activation=" + activation
                + ", no memory, params=" + params.count() + ")";
    }
}
