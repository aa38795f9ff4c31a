package rnnlab.check;

import rnnlab.core.Matrix;

/**
 * One backward step of an Elman layer. Given ∂L/∂hᵗ ({@code dh}, B×H) and what the forward step read and produced
 * (x, hPrev, h = hᵗ), ADDS ∂L/∂Wi, ∂L/∂Wh, ∂L/∂b into {@code grads} and returns ∂L/∂hᵗ⁻¹ (B×H).
 */
@FunctionalInterface
public interface ElmanStepBackward {
    Matrix backward(Matrix dh, Matrix x, Matrix hPrev, Matrix h, ElmanWeights w, ElmanGrads grads);
}
