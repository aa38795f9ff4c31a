package rnnlab.check;

import rnnlab.core.Matrix;

/** One forward step of an Elman layer: returns hᵗ = σ(x·Wi + hPrev·Wh + b) (B×H); must not change its arguments. */
@FunctionalInterface
public interface ElmanStep {
    Matrix forward(Matrix x, Matrix hPrev, ElmanWeights w);
}
