package rnnlab.check;

import rnnlab.core.Matrix;

/** The Elman layer over a whole sequence: xs[t] is xᵗ⁺¹ (B×n); returns hs with hs[t] = hᵗ⁺¹ (B×H), from memory h0. */
@FunctionalInterface
public interface ElmanUnroll {
    Matrix[] forward(Matrix[] xs, Matrix h0, ElmanWeights w);
}
