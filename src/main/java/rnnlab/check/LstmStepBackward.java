package rnnlab.check;

import rnnlab.core.Matrix;

/**
 * One backward step of an LSTM layer (no peepholes). Given ∂L/∂hᵗ ({@code dh}) and the gradient arriving in the
 * memory from step t+1 ({@code dcNext}, both B×H), what the forward step read (x, hPrev, cPrev) and produced
 * ({@code s}), ADDS ∂L/∂W, ∂L/∂U, ∂L/∂b into {@code grads} and returns ∂L/∂hᵗ⁻¹ and ∂L/∂cᵗ⁻¹.
 */
@FunctionalInterface
public interface LstmStepBackward {
    /** The gradients for the previous step's output and memory. */
    record Result(Matrix dhPrev, Matrix dcPrev) {}

    Result backward(Matrix dh, Matrix dcNext, Matrix x, Matrix hPrev, Matrix cPrev, LstmStep s, LstmWeights w,
                    LstmGrads grads);
}
