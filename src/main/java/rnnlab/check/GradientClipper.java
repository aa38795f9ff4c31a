package rnnlab.check;

import java.util.List;

import rnnlab.core.Matrix;

/**
 * Gradient clipping (lecture p.35), in place over all gradient matrices of a model. Returns the size before
 * clipping: the global norm ‖g‖ = sqrt(Σ g²) for clipping by norm, the largest |entry| for clipping by value.
 */
@FunctionalInterface
public interface GradientClipper {
    double clip(List<Matrix> grads, double threshold);
}
