package rnnlab.cells;

import java.util.List;

import rnnlab.core.Matrix;
import rnnlab.core.Params;

/**
 * A layer that reads a sequence and writes a sequence: every recurrent cell, a stack of them, or a bidirectional
 * pair.
 *
 * <h2>Shapes</h2>
 * <pre>
 *   T  time steps, B  sequences in the batch, n  inputSize(), m  outputSize()
 *   xs[t]       B×n   input at step t (t = 0 … T−1; the lecture counts from 1)
 *   lengths[b]  1 … T  valid steps of sequence b; steps t ≥ lengths[b] are padding
 *   forward  →  out[t]  B×m
 *   backward(dOut[t] = ∂L/∂out[t])  →  dXs[t] = ∂L/∂xs[t]   and parameter gradients ADDED into params()
 * </pre>
 * At a padding step a sequence's state is carried over unchanged and its input gets gradient 0, so padding never
 * changes a result. The arrays returned by {@link #forward} and {@link #backward} belong to the layer and are
 * overwritten by the next call: copy what you keep, or take a {@link #trace()}, an immutable copy of everything the
 * pass computed.
 *
 * <p><b>Inputs are not copied.</b> {@code forward} keeps references to the caller's input matrices {@code xs[t]}
 * (their row arrays, in fact) until the next forward pass, and {@code backward} reads them again for ∂W = Σ xᵀδ.
 * Changing an input matrix between {@code forward} and {@code backward} therefore changes the weight gradients;
 * change inputs only after backward, or pass copies.
 */
public interface RecurrentLayer {
    /** Size n of each input vector. */
    int inputSize();

    /** Size m of each output vector. */
    int outputSize();

    /** The trainable parameters, in a fixed order. */
    Params params();

    /**
     * The initial states used by the last forward pass (e.g. {@code h0}, {@code c0}), each B×state, with the
     * gradient the last backward pass computed for them (written, not added). Zero unless set by the user. They are
     * not trained; gradient checks perturb them.
     */
    List<rnnlab.core.Param> initialState();

    /**
     * Chooses the number type of the next passes ({@link rnnlab.core.Precision}). Every layer computes in DOUBLE;
     * every cell of this package (Elman, IRNN, Jordan, LSTM, GRU, Clockwork, SCRN, feedforward), and bidirectional
     * layers and stacks of them, also in FLOAT32. A layer without a float path (one written outside this package that
     * does not override this) refuses FLOAT32 with an error rather than compute in double.
     */
    default void setPrecision(rnnlab.core.Precision p) {
        if (p != rnnlab.core.Precision.DOUBLE) {
            throw new UnsupportedOperationException(this + " has no float32 path (it does not override "
                    + "RecurrentLayer.setPrecision); use precision double for it, or wrap a cell of rnnlab.cells");
        }
    }

    /** The number type of the next passes (DOUBLE unless {@link #setPrecision} chose FLOAT32). */
    default rnnlab.core.Precision precision() {
        return rnnlab.core.Precision.DOUBLE;
    }

    /** Runs the whole sequence; {@code lengths} may be null when no sequence is padded. */
    Matrix[] forward(Matrix[] xs, int[] lengths);

    /**
     * An immutable copy of what the last forward pass computed: one {@link LayerTrace} per cell, bottom layer first
     * (a bidirectional layer gives its forward then its backward cell). Later passes do not change it.
     *
     * @throws IllegalStateException before the first forward pass
     */
    default List<LayerTrace> trace() {
        throw new UnsupportedOperationException(this + " records no trace");
    }

    /** Runs {@link #forward} on {@code xs} and returns its {@link #trace()}: no call order to remember. */
    default List<LayerTrace> trace(Matrix[] xs, int[] lengths) {
        forward(xs, lengths);
        return trace();
    }

    /**
     * Variational dropout on the recurrent state, one mask per sequence for all steps (see
     * {@link rnnlab.layers.Dropout}); null turns it off. The Elman (and IRNN) and LSTM cells have it; other layers
     * refuse a non-null dropout.
     */
    default void setRecurrentDropout(rnnlab.layers.Dropout d) {
        if (d != null) {
            throw new UnsupportedOperationException(this + " has no recurrent dropout (Elman, IRNN, LSTM and GRU have)");
        }
    }

    /** Backpropagation through time for the last forward pass. */
    Matrix[] backward(Matrix[] dOut);

    /**
     * Whether {@link #backward} must compute the input gradients ∂xᵗ (default true). When false, a layer that can
     * skip them (the cells whose ∂x is one product δ·Wᵀ over all steps, and stacks and bidirectional layers of
     * them) skips that product and returns null from backward; the parameter gradients are unchanged. Layers that
     * cannot skip it ignore this and return the gradients.
     */
    default void setInputGradientNeeded(boolean needed) {
    }

    // ---- float32 hand-over (docs/design-notes.md, "Float32 path") -------------------------------------------------

    /**
     * The outputs of the last forward pass as floats, if it ran in float32 and this layer keeps them: (T·B) rows of
     * {@link #outputSize()} floats in time order (row t·B + b is sequence b at time t), owned by the layer and
     * overwritten by its next pass. Null otherwise (read {@link #forward}'s doubles). A float32 output layer reads
     * them directly instead of converting the doubles back to float.
     */
    default float[][] floatOutputs() {
        return null;
    }

    /**
     * Whether the next forward passes must write their outputs as doubles (default true). A caller that reads
     * {@link #floatOutputs()} instead turns it off around its forward call: a float32 pass then skips writing
     * doubles, and the layer's tape converts them only if something reads it. Layers that always write doubles
     * ignore this and return null from {@link #floatOutputs()}.
     */
    default void setDoubleOutputsNeeded(boolean needed) {
    }

    /**
     * {@link #backward} with the output gradients as floats, (T·B) rows in time order as {@link #floatOutputs()};
     * only after a float32 forward pass whose {@link #floatOutputs()} were not null.
     */
    default Matrix[] backwardFloat(float[][] dOut) {
        throw new UnsupportedOperationException(this + " takes its output gradients as doubles: call backward");
    }

    /** True if {@link #forwardFloat} runs: a float32 layer that can read its inputs as floats. */
    default boolean readsFloatInputs() {
        return false;
    }

    /**
     * {@link #forward} from inputs given as floats: (T·B) rows of {@link #inputSize()} floats in time order (row
     * t·B + b is sequence b at time t), owned by the caller and read again by backward (keep them unchanged until
     * then). Only when {@link #readsFloatInputs()}. The backward pass that follows leaves ∂x in float: it returns
     * null, and {@link #floatInputGradients()} has them.
     */
    default Matrix[] forwardFloat(float[][] x, int T, int B, int[] lengths) {
        throw new UnsupportedOperationException(this + " reads its inputs as doubles: call forward");
    }

    /**
     * After the backward pass of a {@link #forwardFloat} pass: ∂x as floats, (T·B) rows in time order, as arrays
     * whose sum (in double, in this order) is the gradient (one array, or a bidirectional layer's two directions);
     * owned by the layer. Null otherwise, or when ∂x was not computed.
     */
    default float[][][] floatInputGradients() {
        return null;
    }

    /**
     * Truncates backpropagation through time: the gradient stops at every k-th step boundary (the sequence is cut
     * into chunks of k steps, state still flows forward). 0 means exact BPTT over the whole sequence.
     */
    void setTruncation(int k);

    /**
     * ‖∂L/∂hᵗ‖ per input time t from the last backward pass (vanishing and exploding gradients, Part II p.36–37).
     * Cells report the gradient reaching their state; a bidirectional layer the norm of both halves together; a stack
     * has no single state, so ask one of its layers ({@code stacked.layer(i)}).
     */
    default double[] hiddenGradientNorms() {
        throw new UnsupportedOperationException(this + " has no single hidden state: ask one of its layers");
    }

    /**
     * Copies each sequence's summary vector into {@code into} (B×m): the output at its last valid step. A
     * bidirectional layer overrides this to take the backward half at step 0, where that direction ends.
     */
    default void gatherLast(Matrix[] out, int[] lengths, Matrix into) {
        for (int b = 0; b < into.rows; b++) {
            int t = (lengths == null ? out.length : lengths[b]) - 1;
            System.arraycopy(out[t].data[b], 0, into.data[b], 0, into.cols);
        }
    }

    /** The inverse of {@link #gatherLast}: writes {@code dLast} into zeroed per-step gradients {@code dOut}. */
    default void scatterLast(Matrix dLast, int[] lengths, Matrix[] dOut) {
        for (int b = 0; b < dLast.rows; b++) {
            int t = (lengths == null ? dOut.length : lengths[b]) - 1;
            System.arraycopy(dLast.data[b], 0, dOut[t].data[b], 0, dLast.cols);
        }
    }
}
