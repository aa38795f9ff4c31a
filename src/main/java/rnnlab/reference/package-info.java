/**
 * Reference cells: the lecture's equations, one line each, to read, step through and compare against.
 *
 * <p>Each cell ({@link rnnlab.reference.ElmanCell}, {@link rnnlab.reference.JordanCell},
 * {@link rnnlab.reference.LSTMCell}, {@link rnnlab.reference.GRUCell}) has a per-step {@code forward} that returns an
 * immutable record of every quantity the lecture names, and a per-step {@code backward} that takes that record and
 * ∂L/∂(state), ADDS into the parameter gradients and returns the gradients of the previous state and of the input.
 * They are written on the allocating {@link rnnlab.core.Matrix} operations (plus, times, matmul, map …), with no
 * buffers, threads, masks or padding. {@link rnnlab.reference.Unrolled} is backpropagation through time over these
 * steps, {@link rnnlab.reference.DeepRNN} and {@link rnnlab.reference.BidirectionalRNN} compose it, and
 * {@link rnnlab.reference.Reference#of} builds the reference twin of any fast layer of {@code rnnlab.cells}.
 *
 * <p>The fast layers in {@code rnnlab.cells} compute the same numbers with preallocated buffers and tuned kernels;
 * the tests check that both agree to 1e-12 on every output and every gradient. Train with the fast layers; read,
 * teach and check homework with these.
 */
package rnnlab.reference;
