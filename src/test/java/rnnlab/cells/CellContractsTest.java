package rnnlab.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.RNN;
import rnnlab.core.Activation;
import rnnlab.core.Matrix;

/**
 * What every cell promises at its edges (SequenceBase): the exact messages for a bad input, mask, backward call,
 * truncation or tape read, and what the layers' toString says. Written against the survivors of mutation testing
 * (docs/testing.md): each assertion fails for a mistake of the kind PIT makes (a wrong bound, a wrong number in a
 * message, a dropped check).
 */
class CellContractsTest {
    static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    static Matrix[] steps(int t, int rows, int cols) {
        Matrix[] xs = new Matrix[t];
        for (int s = 0; s < t; s++) {
            xs[s] = new Matrix(rows, cols).fill(0.1 * (s + 1));
        }
        return xs;
    }

    @Test
    void sizesMustBePositive() {
        assertEquals("Elman: input size must be positive, got 0", message(() -> RNN.elman(0, 2)));
        assertEquals("Elman: hidden size must be positive, got 0", message(() -> RNN.elman(2, 0)));
        assertEquals(1, RNN.elman(1, 1).hiddenSize(), "1 input and 1 unit are allowed");
        assertEquals(1, RNN.elman(1, 1).inputSize());
    }

    @Test
    void forwardNamesTheBadStepSequenceAndElement() {
        Elman e = RNN.elman(3, 2);
        assertEquals("Elman: empty sequence (0 time steps); give at least one step",
                message(() -> e.forward(new Matrix[0], null)));
        assertEquals("Elman: empty sequence (0 time steps); give at least one step",
                message(() -> e.forward(null, null)));
        assertEquals("Elman: empty batch (0 rows at step 1)", message(() -> e.forward(new Matrix[] {new Matrix(0, 3)}, null)));
        Matrix[] ragged = {new Matrix(2, 3), new Matrix(1, 3)};
        assertEquals("Elman: input at step 2 has shape 1×3 but expected 2×3 (batch × inputSize)",
                message(() -> e.forward(ragged, null)));
        Matrix[] wide = {new Matrix(2, 3), new Matrix(2, 4)};
        assertEquals("Elman: input at step 2 has shape 2×4 but expected 2×3 (batch × inputSize)",
                message(() -> e.forward(wide, null)));
        Matrix[] inf = steps(2, 2, 3);
        inf[1].set(1, 2, Double.POSITIVE_INFINITY);
        assertEquals("Elman: input at step 2, sequence 1, element 2 is Infinity; inputs must be finite numbers",
                message(() -> e.forward(inf, null)));
    }

    @Test
    void lengthsMustMatchTheBatchAndLieBetweenOneAndT() {
        Elman e = RNN.elman(3, 2);
        Matrix[] xs = steps(3, 2, 3);
        assertEquals("Elman: mask has 3 lengths but the batch has 2 sequences",
                message(() -> e.forward(xs, new int[] {1, 2, 3})));
        assertEquals("Elman: length of sequence 1 is 0 but must be between 1 and the number of steps 3",
                message(() -> e.forward(xs, new int[] {3, 0})));
        assertEquals("Elman: length of sequence 0 is 4 but must be between 1 and the number of steps 3",
                message(() -> e.forward(xs, new int[] {4, 3})));
        // the bounds themselves are lengths
        Matrix[] h = e.forward(xs, new int[] {1, 3});
        assertEquals(3, h.length);
    }

    @Test
    void backwardChecksItsCallAgainstTheLastPass() {
        Elman e = RNN.elman(3, 2);
        var s = assertThrows(IllegalStateException.class, () -> e.backward(steps(1, 1, 2)));
        assertEquals("Elman: backward called before forward", s.getMessage());
        e.forward(steps(3, 2, 3), null);
        assertEquals("Elman: backward got 2 output gradients but the last forward pass had 3 steps",
                message(() -> e.backward(steps(2, 2, 2))));
        Matrix[] rows = {new Matrix(2, 2), new Matrix(2, 2), new Matrix(1, 2)};
        assertEquals("Elman: output gradient at step 3: expected shape 2×2 but got 1×2", message(() -> e.backward(rows)));
        Matrix[] cols = {new Matrix(2, 2), new Matrix(2, 3), new Matrix(2, 2)};
        assertEquals("Elman: output gradient at step 2: expected shape 2×2 but got 2×3", message(() -> e.backward(cols)));
    }

    @Test
    void truncationAndGradientNorms() {
        Elman e = RNN.elman(3, 2);
        assertEquals("Elman: truncation must be ≥ 0 (0 = full BPTT), got -1", message(() -> e.setTruncation(-1)));
        e.setTruncation(0);   // 0 is full BPTT, allowed
        var s = assertThrows(IllegalStateException.class, e::hiddenGradientNorms);
        assertEquals("Elman: no gradient norms yet; run forward and backward first", s.getMessage());
        e.forward(steps(3, 1, 3), null);
        Matrix[] dOut = {new Matrix(1, 2), new Matrix(1, 2), Matrix.row(3, 4)};
        e.backward(dOut);
        double[] norms = e.hiddenGradientNorms();
        assertEquals(3, norms.length);
        assertEquals(5, norms[2], 1e-12, "‖∂L/∂h³‖ = ‖(3, 4)‖: only the loss's own gradient at the last step");
        norms[0] = 99;
        assertTrue(e.hiddenGradientNorms()[0] != 99, "a copy");
    }

    @Test
    void tapeReadsAreCheckedAndCountFromZero() {
        LSTM cell = RNN.lstm(2, 3);
        var empty = assertThrows(IllegalStateException.class, () -> cell.tape().hidden(0));
        assertEquals("LSTM tape: empty; run forward(xs, lengths) first, then read the tape", empty.getMessage());
        cell.forward(steps(4, 1, 2), null);
        var out = assertThrows(IndexOutOfBoundsException.class, () -> cell.tape().hidden(4));
        assertEquals("LSTM tape: time 4 is outside 0 … 3 (the last forward pass had 4 steps; times count from 0)",
                out.getMessage());
        out = assertThrows(IndexOutOfBoundsException.class, () -> cell.tape().cell(-1));
        assertEquals("LSTM tape: time -1 is outside 0 … 3 (the last forward pass had 4 steps; times count from 0)",
                out.getMessage());
        assertEquals(4, cell.tape().steps());
    }

    @Test
    void layersDescribeThemselves() {
        assertEquals("Elman(in=3, hidden=4, activation=TANH, params=32)", RNN.elman(3, 4).toString());
        Elman rev = new Elman(3, 4, Activation.LINEAR, true, new SplittableRandom(1));
        rev.setTruncation(5);
        assertEquals("Elman(in=3, hidden=4, activation=LINEAR, reverse, bptt=5, params=32)", rev.toString());
        assertEquals("GRU(in=2, hidden=3, params=54)", RNN.gru(2, 3).toString());
        assertEquals("LSTM(in=2, hidden=3, peephole=false, params=72)", RNN.lstm(2, 3).toString());
        assertEquals("LSTM(in=3, hidden=1, peephole=false, g=LINEAR, h=LINEAR, params=20)",
                RNN.lstm(LSTM.Config.lecture(3, 1)).toString());
        String bi = new Bidirectional(RNN.elman(2, 3), new Elman(2, 3, Activation.TANH, true, new SplittableRandom(2)))
                .toString();
        assertEquals("Bidirectional(fw=Elman(in=2, hidden=3, activation=TANH, params=18), bw=Elman(in=2, hidden=3, "
                + "activation=TANH, reverse, params=18), params=36)", bi);
    }

    @Test
    void hiddenGradientNormsSkipPaddingRows() {
        // two sequences, the second one step long: at step 2 only sequence 0's gradient counts
        Elman e = RNN.elman(1, 2);
        Matrix[] xs = steps(2, 2, 1);
        e.forward(xs, new int[] {2, 1});
        Matrix[] dOut = {new Matrix(2, 2), Matrix.of(new double[] {0, 1}, new double[] {30, 40})};
        e.backward(dOut);
        assertArrayEquals(new double[] {1}, new double[] {e.hiddenGradientNorms()[1]}, 1e-12,
                "the padding row's (30, 40) is not counted");
    }
}
