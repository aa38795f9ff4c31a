package rnnlab.reference;

import java.util.List;

import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * A reference layer over a whole sequence: {@link Unrolled} (one cell over time), {@link DeepRNN} (stacked) or
 * {@link BidirectionalRNN}. Shapes as in {@link rnnlab.cells.RecurrentLayer}: xs[t] B×n, outputs B×m, no padding.
 */
public interface SequenceLayer {
    /** Size n of each input vector. */
    int inputSize();

    /** Size m of each output vector. */
    int outputSize();

    /** Parameters and gradients, named as in the fast twin ({@code layer0.fw.W} …). */
    Params params();

    /** The initial states with the gradients of the last backward pass, named as in the fast twin. */
    List<Param> initialState();

    /** Runs the sequence and keeps what backward needs; returns the outputs by time. */
    Matrix[] forward(Matrix[] xs);

    /** BPTT for the last forward pass, given ∂L/∂output by time: ADDS into the parameter gradients, returns ∂L/∂xs. */
    Matrix[] backward(Matrix[] dOut);

    /** Truncated BPTT: the gradient stops every k steps (counted from the first step read); 0 = exact. */
    void setTruncation(int k);
}
