package rnnlab.check;

import rnnlab.core.Matrix;

/**
 * Backpropagation through time over an Elman layer. dOut[t] is the gradient the loss sends into hᵗ⁺¹ from the
 * output at that step (B×H); xs, h0 and hs are the forward pass (hs[t] = hᵗ⁺¹). ADDS the parameter gradients into
 * {@code grads} (given zeroed) and returns ∂L/∂h⁰. With truncation {@code k > 0}, the gradient does not flow back
 * across the chunk boundaries t = k, 2k, … (0-based): chunks are steps 0..k−1, k..2k−1, …; k = 0 means full BPTT.
 */
@FunctionalInterface
public interface ElmanBptt {
    Matrix backward(Matrix[] dOut, Matrix[] xs, Matrix h0, Matrix[] hs, ElmanWeights w, ElmanGrads grads, int k);
}
