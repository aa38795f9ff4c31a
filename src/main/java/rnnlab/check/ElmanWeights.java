package rnnlab.check;

import rnnlab.core.Activation;
import rnnlab.core.Matrix;

/**
 * The weights of an Elman layer as the homework's step functions receive them (row vectors: a batch of B sentences
 * is a B×n matrix).
 * <pre>
 *   hᵗ = σ(xᵗ·Wi + hᵗ⁻¹·Wh + b)      Wi n×H, Wh H×H, b 1×H, σ = activation (tanh; LINEAR in the lecture's toy)
 * </pre>
 */
public record ElmanWeights(Matrix Wi, Matrix Wh, Matrix b, Activation activation) {
    public ElmanWeights {
        if (Wi == null || Wh == null || b == null || activation == null) {
            throw new IllegalArgumentException("ElmanWeights: Wi, Wh, b and activation must not be null");
        }
        Wh.requireShape("ElmanWeights: Wh must be H×H with H = Wi.cols", Wi.cols, Wi.cols);
        b.requireShape("ElmanWeights: b must be 1×H", 1, Wi.cols);
    }

    /** Input size n. */
    public int inputSize() {
        return Wi.rows;
    }

    /** Hidden size H. */
    public int hiddenSize() {
        return Wi.cols;
    }

    ElmanWeights copy() {
        return new ElmanWeights(Wi.copy(), Wh.copy(), b.copy(), activation);
    }
}
