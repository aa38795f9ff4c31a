package rnnlab.layers;

import java.util.SplittableRandom;

import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * An affine layer y = x·W + b, applied row by row (to every step of every sequence at once when given the tall
 * (T·B)×n view of a sequence). The output layer Wᵒ of the lecture's RNNs.
 * <pre>
 *   W  n×m     b  1×m     x  N×n  →  y  N×m
 *   ∂W += xᵀ·∂y    ∂b += Σ_rows ∂y    ∂x = ∂y·Wᵀ
 * </pre>
 */
public final class Dense {
    private final int in, out;
    private final Params params = new Params();
    /** Weights (n×m). */
    public final Param W;
    /** Bias (1×m). */
    public final Param b;

    /** A dense layer initialised uniformly in ±1/√n from {@code rng}. */
    public Dense(int in, int out, SplittableRandom rng) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Dense: sizes must be positive, got in=" + in + ", out=" + out);
        }
        Matrix.requireMemory("Dense(in=" + in + ", out=" + out + "): parameters and their gradients",
                2 * ((long) in * out + out));
        this.in = in;
        this.out = out;
        W = params.add(new Param("W", in, out));
        b = params.add(new Param("b", 1, out));
        Init.fanIn(W.value, in, rng);
    }

    public int inputSize() {
        return in;
    }

    public int outputSize() {
        return out;
    }

    public Params params() {
        return params;
    }

    /** y = x·W + b, written into {@code y} (N×m). */
    public void forward(Matrix x, Matrix y) {
        x.requireShape("Dense: input", x.rows, in);
        y.requireShape("Dense: output", x.rows, out);
        Kernels.mul(x, W.value, y);
        Kernels.addRowVector(y, b.value);
    }

    /** Adds ∂W, ∂b for input x and output gradient dy; writes ∂x into {@code dx} unless it is null. */
    public void backward(Matrix x, Matrix dy, Matrix dx) {
        Kernels.mulTransAAdd(x, dy, W.grad);
        Kernels.sumRowsAdd(dy, b.grad);
        if (dx != null) {
            Kernels.mulTransB(dy, W.value, dx);
        }
    }

    @Override
    public String toString() {
        return "Dense(in=" + in + ", out=" + out + ", params=" + params.count() + ")";
    }
}
