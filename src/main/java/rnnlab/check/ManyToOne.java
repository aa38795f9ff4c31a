package rnnlab.check;

import rnnlab.core.Matrix;

/**
 * A many-to-one Elman network (p.39–40): runs the layer over all steps from h⁰ = 0 and reads ONE output after the
 * last: y = softmax(hᵀ·Wo + c). xs[t] is B×n, Wo H×K, c 1×K; returns B×K class probabilities.
 */
@FunctionalInterface
public interface ManyToOne {
    Matrix probabilities(Matrix[] xs, ElmanWeights w, Matrix Wo, Matrix c);
}
