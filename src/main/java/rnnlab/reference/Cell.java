package rnnlab.reference;

import java.util.List;

import rnnlab.core.Matrix;
import rnnlab.core.Params;

/**
 * What backpropagation through time needs of a reference cell: one step forward and one step back.
 *
 * <p>The state a step hands to the next is a list of matrices, each B×size: [h] for Elman and GRU, [h, c] for the
 * LSTM, [o] for Jordan. Its first matrix is also the step's output. Each cell also has typed methods with the
 * lecture's names ({@code forward(x, hPrev, cPrev)}, {@code backward(step, dh, dc)}); the methods here only adapt
 * them to lists so that {@link Unrolled} can loop over any cell.
 *
 * @param <S> the cell's record of one step
 */
public interface Cell<S extends Cell.Step> {
    /** The record of one step: every quantity the lecture names, immutable. */
    interface Step {
        /** The state this step hands to the next one; element 0 is the step's output. */
        List<Matrix> state();
    }

    /**
     * What one backward step returns.
     *
     * @param dPrevState ∂L/∂(previous state), one matrix per state matrix
     * @param dx         ∂L/∂xᵗ
     */
    record Back(List<Matrix> dPrevState, Matrix dx) {}

    /** Size n of the input. */
    int inputSize();

    /** Size of the output (the first state matrix). */
    int outputSize();

    /** The parameters with their gradients, named and laid out as in the fast cell of {@code rnnlab.cells}. */
    Params params();

    /** Names of the initial-state tensors as the fast cell names them: {@code h0}, {@code h0, c0} or {@code o0}. */
    List<String> stateNames();

    /** Column count of each state matrix. */
    List<Integer> stateSizes();

    /** One step from the given state (the list form of the typed {@code forward}). */
    S step(Matrix x, List<Matrix> prevState);

    /**
     * One step back (the list form of the typed {@code backward}): {@code dState} is ∂L/∂ of each matrix of
     * {@code step.state()}, everything that reaches it (its output's loss and the next step). Adds into
     * {@link #params()}' gradients.
     */
    Back stepBack(S step, List<Matrix> dState);
}
