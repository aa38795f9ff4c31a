/**
 * Training: optimisers ({@link rnnlab.train.Sgd}, {@link rnnlab.train.Adagrad}, {@link rnnlab.train.RmsProp},
 * {@link rnnlab.train.Adam}) behind {@link rnnlab.train.Optimizer}, gradient {@link rnnlab.train.Clipping},
 * {@link rnnlab.train.LearningRateSchedule}s, and the training loop.
 *
 * <p>One training step, always in this order:
 * <pre>
 *   zeroGrad → lossAndGradient (forward + backward) → clip → optimizer.step
 * </pre>
 */
package rnnlab.train;
