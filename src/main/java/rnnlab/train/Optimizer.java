package rnnlab.train;

import rnnlab.core.Params;

/**
 * Updates parameters from their gradients. One training step is always, in this order:
 * <pre>
 *   params.zeroGrad();                 // 1. clear ∂L/∂w  (SequenceModel.lossAndGradient does this itself)
 *   model.lossAndGradient(batch);      // 2. forward, loss, backward: gradients are ADDED into params
 *   clipping.apply(params);            // 3. optional: cap the gradient (lecture Part II p.35)
 *   optimizer.step(params);            // 4. w ← w − update(∂L/∂w)
 * </pre>
 * An optimiser keeps per-parameter state (velocity, squared-gradient sums, moments) keyed by the parameter's name, so
 * one optimiser belongs to one model. {@link #step} never changes gradients; {@link #stepAndZeroGrad} (what
 * {@link Trainer} uses) also zeroes them, for the next step.
 */
public interface Optimizer {
    /** Applies one update to every parameter of {@code params} using its gradient. */
    void step(Params params);

    /**
     * {@link #step} and then {@link Params#zeroGrad()}, fused: each row's gradient is set to zero in the same pass
     * that updates the row, while it is in the cache, and the next {@code zeroGrad()} (which {@code
     * SequenceModel.lossAndGradient} does first) has nothing left to do. For a training loop whose next act on the
     * gradients is to zero them: between this call and the next {@code zeroGrad()} or {@code lossAndGradient},
     * write no gradient directly (through {@code grad.data}; {@link rnnlab.core.Param#addToGrad} is fine), or that
     * {@code zeroGrad()} would keep what was written. Same weights, bit for bit, as {@code step}.
     */
    default void stepAndZeroGrad(Params params) {
        step(params);
        params.zeroGrad();
    }

    /** The learning rate η used by the next {@link #step}. */
    double learningRate();

    /** Changes η (used by learning-rate schedules between epochs); must be positive and finite. */
    void setLearningRate(double learningRate);

    /** The settings this optimiser was made from (with the initial learning rate). */
    OptimizerSettings settings();

    /** Number of steps taken so far. */
    long steps();

    /** Forgets all state (velocities, moments, step count); η is reset to the settings' value. */
    void reset();

    /** Checks a learning rate; shared by the settings records and {@link #setLearningRate}. */
    static double checkLearningRate(String who, double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException(who + ": learning rate must be a positive finite number, got " + lr);
        }
        return lr;
    }
}
