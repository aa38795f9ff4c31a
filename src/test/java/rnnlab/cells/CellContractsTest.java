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

    @Test
    void eachCellNamesItsOwnBadSettings() {
        SplittableRandom rng = new SplittableRandom(1);
        assertEquals("Clockwork: give at least one module period",
                message(() -> new Clockwork(2, 4, new int[0], Activation.TANH, false, rng)));
        assertEquals("Clockwork: give at least one module period",
                message(() -> new Clockwork(2, 4, null, Activation.TANH, false, rng)));
        assertEquals("Clockwork: hidden size 5 must be a positive multiple of the number of modules 2; choose e.g. 6",
                message(() -> new Clockwork(2, 5, new int[] {1, 2}, Activation.TANH, false, rng)));
        assertEquals("Clockwork: hidden size 0 must be a positive multiple of the number of modules 2; choose e.g. 2",
                message(() -> new Clockwork(2, 0, new int[] {1, 2}, Activation.TANH, false, rng)));
        assertEquals("Clockwork: periods must be ≥ 1 and increasing, got [0, 2]",
                message(() -> new Clockwork(2, 4, new int[] {0, 2}, Activation.TANH, false, rng)));
        assertEquals("Clockwork: periods must be ≥ 1 and increasing, got [4, 2]",
                message(() -> new Clockwork(2, 4, new int[] {4, 2}, Activation.TANH, false, rng)));
        assertEquals("Clockwork(in=2, hidden=4, periods=[1, 1], activation=TANH, params=28)",
                new Clockwork(2, 4, new int[] {1, 1}, Activation.TANH, false, rng).toString(), "equal periods are allowed");
        assertEquals("Clockwork: number of modules must be between 1 and 30, got 0",
                message(() -> new Clockwork(2, 4, 0, false, rng)));
        assertEquals("Clockwork: number of modules must be between 1 and 30, got 31",
                message(() -> new Clockwork(2, 31, 31, false, rng)));
        assertEquals("Clockwork(in=1, hidden=30, periods=[1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, "
                + "16384, 32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4194304, 8388608, 16777216, 33554432, "
                + "67108864, 134217728, 268435456, 536870912], activation=TANH, params=",
                new Clockwork(1, 30, 30, false, rng).toString().replaceAll("params=\\d+\\)$", "params="), "30 modules");
        Clockwork c = new Clockwork(2, 4, 2, false, rng);
        assertEquals("Clockwork.setClockStart: steps taken must be ≥ 0, got -1", message(() -> c.setClockStart(-1)));
        c.setClockStart(0);
        Clockwork rc = new Clockwork(2, 4, 2, true, rng);
        assertEquals("Clockwork.setClockStart: a reversed layer cannot continue its clock, got 3",
                message(() -> rc.setClockStart(3)));
        rc.setClockStart(0);

        assertEquals("SCRN: hidden and context sizes must be positive, got 3 and 0",
                message(() -> new SCRN(2, 3, 0, false, rng)));
        assertEquals("SCRN: alpha must be in [0, 1), got 1.0",
                message(() -> new SCRN(2, 3, 2, 1.0, Activation.SIGMOID, false, rng)));
        assertEquals("SCRN: alpha must be in [0, 1), got -0.5",
                message(() -> new SCRN(2, 3, 2, -0.5, Activation.SIGMOID, false, rng)));
        assertEquals("SCRN(in=2, hidden=3, context=2, alpha=0.0, activation=SIGMOID, params=",
                new SCRN(2, 3, 2, 0.0, Activation.SIGMOID, false, rng).toString().replaceAll("params=\\d+\\)$", "params="),
                "alpha 0 is allowed");
        SCRN scrn = RNN.scrn(2, 3, 2);
        assertEquals("SCRN: h0 has 1 rows but s0 has 2", message(() -> scrn.setInitialState(new Matrix(1, 3), new Matrix(2, 2))));
        assertEquals("SCRN: initial context s0 must have 2 columns, got 1×3",
                message(() -> scrn.setInitialState(new Matrix(1, 3), new Matrix(1, 3))));

        assertEquals("Jordan: hidden and outputs must be positive, got 3 and 0", message(() -> new Jordan(2, 3, 0)));
        assertEquals("LSTM.Config: inputSize and hidden must be positive, got 0 and 3",
                message(() -> LSTM.Config.of(0, 3)));
        assertEquals("LSTM.Config: inputSize and hidden must be positive, got 2 and 0",
                message(() -> LSTM.Config.of(2, 0)));
        assertEquals("LSTM.Config: activations must not be null", message(() -> new LSTM.Config(2, 3, null,
                Activation.TANH, Activation.SIGMOID, false, 1)));
        assertEquals("LSTM.Config: activations must not be null", message(() -> new LSTM.Config(2, 3, Activation.TANH,
                null, Activation.SIGMOID, false, 1)));
        assertEquals("LSTM.Config: activations must not be null", message(() -> new LSTM.Config(2, 3, Activation.TANH,
                Activation.TANH, null, false, 1)));
        assertEquals("LSTM.Config: forgetBias must be finite, got NaN", message(() -> new LSTM.Config(2, 3,
                Activation.TANH, Activation.TANH, Activation.SIGMOID, false, Double.NaN)));
    }

    @Test
    void recurrentDropoutMustMatchTheState() {
        var control = new rnnlab.layers.Dropout.Control(1);
        var three = new rnnlab.layers.Dropout(0.5, 3, control);
        assertEquals("Elman: recurrent dropout needs a mask of 4 values, got 3",
                message(() -> RNN.elman(2, 4).setRecurrentDropout(three)));
        assertEquals("LSTM: recurrent dropout needs a mask of 4 values, got 3",
                message(() -> RNN.lstm(2, 4).setRecurrentDropout(three)));
        assertEquals("GRU: recurrent dropout needs a mask of 4 values, got 3",
                message(() -> RNN.gru(2, 4).setRecurrentDropout(three)));
        var u = assertThrows(UnsupportedOperationException.class, () -> new Jordan(2, 3, 2).setRecurrentDropout(three));
        assertEquals("Jordan has no recurrent dropout (Elman, IRNN, LSTM and GRU have)", u.getMessage());
        Elman e = RNN.elman(2, 3);
        e.setRecurrentDropout(three);
        assertTrue(e.recurrentDropout() == three);
        e.setRecurrentDropout(null);
        assertTrue(e.recurrentDropout() == null, "null turns it off");
        new Jordan(2, 3, 2).setRecurrentDropout(null);   // off is fine everywhere
    }

    @Test
    void stacksAndPairsCheckHowTheirLayersFit() {
        assertEquals("Stacked: give at least one layer", message(() -> new Stacked(java.util.List.of())));
        assertEquals("Stacked: layer 1 (Elman(in=4, hidden=2, activation=TANH, params=14)) reads 4 values but layer 0 "
                + "outputs 3", message(() -> new Stacked(java.util.List.of(RNN.elman(2, 3), RNN.elman(4, 2)))));
        Stacked s = new Stacked(java.util.List.of(RNN.elman(2, 3), RNN.elman(3, 2), RNN.elman(2, 2)));
        var control = new rnnlab.layers.Dropout.Control(1);
        var d3 = new rnnlab.layers.Dropout(0.5, 3, control);
        var d2 = new rnnlab.layers.Dropout(0.5, 2, control);
        assertEquals("Stacked: 3 layers have 2 places between them, got 1 dropouts",
                message(() -> s.setLayerDropout(java.util.List.of(d3))));
        assertEquals("Stacked: the dropout after layer 1 has 3 values, the layer outputs 2",
                message(() -> s.setLayerDropout(java.util.List.of(d3, d3))));
        s.setLayerDropout(java.util.Arrays.asList(d3, null));
        s.setLayerDropout(java.util.List.of(d3, d2));
        s.setLayerDropout(java.util.List.of());
        assertEquals("Stacked(3 layers, params=40)\n  layer0: Elman(in=2, hidden=3, activation=TANH, params=18)\n"
                + "  layer1: Elman(in=3, hidden=2, activation=TANH, params=12)\n"
                + "  layer2: Elman(in=2, hidden=2, activation=TANH, params=10)", s.toString());

        SplittableRandom rng = new SplittableRandom(1);
        assertEquals("Bidirectional: forward layer reads 2 values but backward layer reads 3",
                message(() -> new Bidirectional(RNN.elman(2, 3), new Elman(3, 3, Activation.TANH, true, rng))));
        assertEquals("Bidirectional: the forward layer Elman(in=2, hidden=3, activation=TANH, reverse, params=18) reads "
                + "in reverse", message(() -> new Bidirectional(new Elman(2, 3, Activation.TANH, true, rng),
                new Elman(2, 3, Activation.TANH, true, rng))));
        assertEquals("Bidirectional: the backward layer Elman(in=2, hidden=3, activation=TANH, params=18) must be built "
                + "with reverse = true", message(() -> new Bidirectional(RNN.elman(2, 3), RNN.elman(2, 3))));
    }

    @Test
    void tracesNameWhatIsMissing() {
        Elman e = RNN.elman(2, 3);
        var none = assertThrows(IllegalStateException.class, e::trace);
        assertEquals("Elman: no forward pass yet, so there is nothing to trace; run forward first (or use "
                + "trace(xs, lengths), which does)", none.getMessage());
        LayerTrace tr = e.trace(steps(2, 2, 2), null).get(0);
        var q = assertThrows(IllegalArgumentException.class, () -> tr.get("memory", 0));
        assertTrue(q.getMessage().startsWith("Elman has no quantity 'memory'; it has "), q.getMessage());
        var t = assertThrows(IndexOutOfBoundsException.class, () -> tr.get(tr.quantities().get(0), 2));
        assertEquals("Elman: time 2 is outside 0 … 1", t.getMessage());
        t = assertThrows(IndexOutOfBoundsException.class, () -> tr.get(tr.quantities().get(0), -1));
        assertEquals("Elman: time -1 is outside 0 … 1", t.getMessage());
        String h = tr.quantities().get(0);
        t = assertThrows(IndexOutOfBoundsException.class, () -> tr.value(h, 1, 2, 0));
        assertEquals("Elman: sequence 2 is outside 0 … 1", t.getMessage());
        t = assertThrows(IndexOutOfBoundsException.class, () -> tr.value(h, 1, -1, 0));
        assertEquals("Elman: sequence -1 is outside 0 … 1", t.getMessage());
        t = assertThrows(IndexOutOfBoundsException.class, () -> tr.value(h, 1, 1, 3));
        assertEquals("Elman: unit 3 of '" + h + "' is outside 0 … 2", t.getMessage());
        t = assertThrows(IndexOutOfBoundsException.class, () -> tr.value(h, 1, 1, -1));
        assertEquals("Elman: unit -1 of '" + h + "' is outside 0 … 2", t.getMessage());
        t = assertThrows(IndexOutOfBoundsException.class, () -> tr.series(h, 2));
        assertEquals("Elman: sequence 2 is outside 0 … 1", t.getMessage());
        t = assertThrows(IndexOutOfBoundsException.class, () -> tr.series(h, -1));
        assertEquals("Elman: sequence -1 is outside 0 … 1", t.getMessage());
        assertEquals(2, tr.series(h, 1).length);
        assertEquals(tr.value(h, 1, 1, 2), tr.series(h, 1)[1][2], 0);
    }

    static void assertRefusedBeforeAllocating(String what, long parameters, Runnable build) {
        String m = message(build);
        assertTrue(m.startsWith(what + ": parameters and their gradients needs " + 2 * parameters + " numbers ("), m);
        assertTrue(m.endsWith("choose smaller sizes, or start Java with a larger -Xmx"), m);
    }

    @Test
    void hugeCellsAreRefusedWithTheirExactSizeBeforeAnythingIsAllocated() {
        SplittableRandom rng = new SplittableRandom(1);
        long n = 1000, h = 100_000, k = 70_000;
        assertRefusedBeforeAllocating("Elman(n=1000, H=100000)", n * h + h * h + h,
                () -> new Elman(1000, 100_000, Activation.TANH, false, rng));
        assertRefusedBeforeAllocating("GRU(n=1000, H=100000)", 3 * (h * n + h * h + h),
                () -> new GRU(1000, 100_000, false, rng));
        assertRefusedBeforeAllocating("LSTM(n=1000, H=100000)", 4 * h * (n + h + 1),
                () -> new LSTM(LSTM.Config.of(1000, 100_000), false, rng));
        assertRefusedBeforeAllocating("LSTM(n=1000, H=100000)", 4 * h * (n + 2 * h + 1),   // peepholes: P is H×4H
                () -> new LSTM(new LSTM.Config(1000, 100_000, Activation.TANH, Activation.TANH, Activation.SIGMOID,
                        true, 1), false, rng));
        assertRefusedBeforeAllocating("Jordan(n=1000, H=100000, K=70000)", n * h + k * h + h + h * k + k,
                () -> new Jordan(1000, 100_000, 70_000, Activation.TANH, Jordan.Feedback.SCORES, false, rng));
        assertRefusedBeforeAllocating("Feedforward(n=70000, H=100000)", (k + 1) * h,
                () -> new Feedforward(70_000, 100_000, Activation.TANH, rng));
    }

    @Test
    void paddingNeverShiftsAReversedClockworkTick() {
        // a reversed layer reads a padded sequence's padding first; its clock starts when the sequence does.
        // Periods 1, 2, 4: one padding step read first would move the period-4 module's ticks by two.
        Clockwork both = new Clockwork(1, 6, 3, true, new SplittableRandom(3));
        Clockwork alone = new Clockwork(1, 6, 3, true, new SplittableRandom(3));
        assertArrayEquals(new int[] {1, 2, 4}, both.periods());
        Matrix[] xs = {Matrix.of(new double[] {1}, new double[] {0.5}), Matrix.of(new double[] {2}, new double[] {-1}),
                Matrix.of(new double[] {3}, new double[] {0})};
        Matrix[] h = both.forward(xs, new int[] {3, 2});
        Matrix[] h2 = alone.forward(new Matrix[] {Matrix.row(0.5), Matrix.row(-1)}, null);
        for (int t = 0; t < 2; t++) {
            assertArrayEquals(h2[t].data[0], h[t].data[1], 1e-15, "time " + t + " of the short sequence");
        }
        assertEquals(0.95, RNN.scrn(2, 3, 2).alpha(), 0, "the SCRN's default context weight");
    }
}
