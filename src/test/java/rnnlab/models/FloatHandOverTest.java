package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.cells.GRU;
import rnnlab.cells.LSTM;
import rnnlab.cells.RecurrentLayer;
import rnnlab.cells.Elman;
import rnnlab.cells.Bidirectional;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;
import rnnlab.core.Precision;

/**
 * A float32 body takes its word vectors from the embedding as floats ({@link RecurrentLayer#forwardFloat}) and
 * hands its outputs to a float32 output layer as floats, taking ∂h back as floats
 * ({@link RecurrentLayer#floatOutputs()}, {@link RecurrentLayer#backwardFloat}), and ∂x goes back to the word vectors
 * as floats: the loss, every gradient, the input gradients and the body's tape are bit for bit those of the same
 * model when everything goes through doubles (a body wrapped so that it has no float hand-over). Every cell, one way
 * and bidirectional (a Jordan network bidirectional only: one way, its layer is the output), with padding, batches run
 * in one piece and in two halves.
 */
public class FloatHandOverTest {
    /** Delegates everything but the float hand-over. */
    private record NoFloats(RecurrentLayer inner) implements RecurrentLayer {
        @Override public int inputSize() { return inner.inputSize(); }
        @Override public int outputSize() { return inner.outputSize(); }
        @Override public Params params() { return inner.params(); }
        @Override public List<Param> initialState() { return inner.initialState(); }
        @Override public void setPrecision(Precision p) { inner.setPrecision(p); }
        @Override public Precision precision() { return inner.precision(); }
        @Override public Matrix[] forward(Matrix[] xs, int[] lengths) { return inner.forward(xs, lengths); }
        @Override public Matrix[] backward(Matrix[] dOut) { return inner.backward(dOut); }
        @Override public void setInputGradientNeeded(boolean needed) { inner.setInputGradientNeeded(needed); }
        @Override public void setTruncation(int k) { inner.setTruncation(k); }
    }

    private static Batch batch(int B, int T, int vocab, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] ids = new int[B][T], labels = new int[B][T];
        int[] lengths = new int[B];
        for (int b = 0; b < B; b++) {
            lengths[b] = b == 0 ? T : 1 + r.nextInt(T);
            for (int t = 0; t < T; t++) {
                ids[b][t] = r.nextInt(vocab);
                labels[b][t] = t < lengths[b] ? r.nextInt(classes) : -1;
            }
        }
        return Batch.ofIds(ids, lengths, labels);
    }

    private static Network network(Network.Cell cell, boolean bi, int hidden) {
        return Network.builder().cell(cell).vocabulary(50).embedding(12).hidden(hidden).bidirectional(bi)
                .classes(9).seed(5).precision(Precision.FLOAT32).build();
    }

    @Test
    void lossGradientsAndTapeAreTheSameWithTheFloatHandOver() {
        for (Network.Cell cell : Network.Cell.values()) {
            // a one-layer Jordan tagger has no output layer (its scores are the output): bidirectional only
            boolean[] directions = cell == Network.Cell.JORDAN ? new boolean[] {true}
                    : cell.isRecurrent() ? new boolean[] {false, true} : new boolean[] {false};
            for (boolean bi : directions) {
                for (int B : new int[] {3, 16}) {      // 16 rows: the time loops run in two batch halves
                    String what = cell + (bi ? " bidirectional" : "") + " B=" + B;
                    SequenceModel floats = network(cell, bi, 20).model();
                    SequenceModel viaDoubles = network(cell, bi, 20).model();
                    SequenceModel plain = new SequenceModel(viaDoubles.embedding(), new NoFloats(viaDoubles.body()),
                            viaDoubles.head(), SequenceModel.Kind.MANY_TO_MANY);
                    for (int pass = 0; pass < 2; pass++) {
                        Batch batch = batch(B, 7, 50, 9, 11 + pass);
                        double a = floats.lossAndGradient(batch), b = plain.lossAndGradient(batch);
                        assertNotNull(floats.body().floatOutputs(), what + ": the body handed over floats");
                        assertEquals(Double.doubleToLongBits(b), Double.doubleToLongBits(a), what + ": loss");
                        List<Param> pa = floats.params().list(), pb = plain.params().list();
                        assertEquals(pb.size(), pa.size());
                        for (int k = 0; k < pa.size(); k++) {
                            for (int r = 0; r < pa.get(k).grad.rows; r++) {
                                assertArrayEquals(pb.get(k).grad.data[r], pa.get(k).grad.data[r],
                                        what + ": gradient of " + pa.get(k).name + ", row " + r);
                            }
                        }
                        Matrix[] ga = floats.inputGradients(), gb = plain.inputGradients();   // the word vectors' ∂x
                        for (int t = 0; t < 7; t++) {
                            for (int r = 0; r < B; r++) {
                                assertArrayEquals(gb[t].data[r], ga[t].data[r], what + ": ∂x at t=" + t + ", row " + r);
                            }
                        }
                        for (int t = 0; t < 7; t++) {       // the tape converts the skipped double outputs when read
                            Matrix ha = hidden(floats.body(), t), hb = hidden(viaDoubles.body(), t);
                            for (int r = 0; r < B; r++) {
                                assertArrayEquals(hb.data[r], ha.data[r], what + ": h at t=" + t + ", row " + r);
                            }
                        }
                    }
                    floats.setPrecision(Precision.DOUBLE);  // a double pass hands over nothing
                    floats.lossAndGradient(batch(B, 7, 50, 9, 3));
                    assertNull(floats.body().floatOutputs(), what + ": no float outputs after a double pass");
                }
            }
        }
    }

    /** hᵗ of the (first) layer's tape. */
    private static Matrix hidden(RecurrentLayer body, int t) {
        RecurrentLayer l = body instanceof Bidirectional bd ? bd.backwardLayer() : body;
        if (l instanceof LSTM lstm) {
            return lstm.tape().hidden(t);
        }
        if (l instanceof GRU gru) {
            return gru.tape().hidden(t);
        }
        if (l instanceof rnnlab.cells.Jordan j) {
            return j.tape().output(t);
        }
        if (l instanceof rnnlab.cells.SCRN scrn) {
            return scrn.tape().hidden(t);
        }
        if (l instanceof rnnlab.cells.Clockwork c) {
            return c.tape().hidden(t);
        }
        if (l instanceof rnnlab.cells.Feedforward f) {
            return f.tape().hidden(t);
        }
        return ((Elman) l).tape().hidden(t);
    }

    @Test
    void backwardFloatNeedsAFloatPassFirst() {
        LSTM lstm = new LSTM(4, 8);
        Matrix[] xs = {new Matrix(2, 4)};
        lstm.forward(xs, null);
        assertNull(lstm.floatOutputs());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> lstm.backwardFloat(new float[2][8]));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("float32 forward pass"), e.getMessage());
    }
}
