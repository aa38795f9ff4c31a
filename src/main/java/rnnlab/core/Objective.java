package rnnlab.core;

/**
 * A scalar loss of some tensors, with its gradient: what {@link GradCheck} checks.
 *
 * <p>{@link #loss()} runs the forward pass on the tensors' current values and returns L.
 * {@link #gradients()} zeroes the gradients, runs forward and backward, and leaves ∂L/∂x in each tensor's
 * {@code grad}.
 */
public interface Objective {
    /** L at the current values (forward only). */
    double loss();

    /** Computes every tensor's gradient (zeroing first); returns L. */
    double gradients();
}
