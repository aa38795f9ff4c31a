package rnnlab.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Precision;

/**
 * The float32 path of every cell (Elman, IRNN, LSTM, GRU, Jordan, Clockwork, SCRN, feedforward; and bidirectional
 * layers and stacks of them) against the same layers in double: outputs, input gradients, weight gradients and initial-state gradients agree to float
 * precision, and differ from the double bits (so the float path really ran).
 *
 * <p>Tolerance (docs/design-notes.md, "Float32 path"): each float operation rounds with relative error ≤ 2⁻²⁴ ≈
 * 6e-8; a product over k terms accumulates about √k to k of those, and the T steps of the recurrence carry them
 * along. For the shapes here (k ≤ 4·24, T ≤ 9) every difference measured is below 2e-6 of the tensor's largest
 * value (most are 1e-7 to 3e-7); the test allows {@value #REL} of it, five times that, and far below what an error
 * in the equations gives (1e-3 and more).
 */
public class Float32LayerTest {
    static final double REL = 1e-5;

    static Matrix[] inputs(int T, int B, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix[] xs = new Matrix[T];
        for (int t = 0; t < T; t++) {
            xs[t] = new Matrix(B, n);
            Init.uniform(xs[t], 1.0, rng);
        }
        return xs;
    }

    static Matrix[] copy(Matrix[] ms) {
        Matrix[] c = new Matrix[ms.length];
        for (int i = 0; i < ms.length; i++) {
            c[i] = ms[i].copy();
        }
        return c;
    }

    /** max |a − b| ≤ REL · max |a| over a whole tensor; returns true if any bit differs. */
    public static boolean assertClose(Matrix expected, Matrix actual, String what) {
        double max = 0, diff = 0;
        boolean differs = false;
        for (int i = 0; i < expected.rows; i++) {
            for (int j = 0; j < expected.cols; j++) {
                double e = expected.data[i][j], a = actual.data[i][j];
                max = Math.max(max, Math.abs(e));
                diff = Math.max(diff, Math.abs(e - a));
                differs |= Double.doubleToLongBits(e) != Double.doubleToLongBits(a);
            }
        }
        assertTrue(diff <= REL * max + 1e-12, what + ": float32 differs from double by " + diff + " where the largest "
                + "value is " + max + " (allowed " + REL + " of it)");
        return differs;
    }

    /** Runs a double and a float32 copy of a layer forward and backward and compares everything. */
    static void assertFloatAgreesWithDouble(Supplier<RecurrentLayer> make, int T, int B, int n, int[] lengths,
                                            String what) {
        RecurrentLayer d = make.get(), f = make.get();
        f.setPrecision(Precision.FLOAT32);
        assertEquals(Precision.FLOAT32, f.precision(), what);
        Matrix[] xs = inputs(T, B, n, 7);
        Matrix[] yd = copy(d.forward(xs, lengths)), yf = f.forward(xs, lengths);
        Matrix[] dOut = inputs(T, B, d.outputSize(), 8);
        d.params().zeroGrad();
        f.params().zeroGrad();
        Matrix[] gd = copy(d.backward(dOut)), gf = f.backward(dOut);
        boolean differs = false;
        for (int t = 0; t < T; t++) {
            differs |= assertClose(yd[t], yf[t], what + " output at t=" + t);
            differs |= assertClose(gd[t], gf[t], what + " input gradient at t=" + t);
        }
        for (Param p : d.params()) {
            differs |= assertClose(p.grad, f.params().get(p.name).grad, what + " gradient of " + p.name);
        }
        for (int i = 0; i < d.initialState().size(); i++) {
            differs |= assertClose(d.initialState().get(i).grad, f.initialState().get(i).grad,
                    what + " gradient of " + d.initialState().get(i).name);
        }
        assertTrue(differs, what + ": float32 gave the double bits everywhere; did the float path run?");
    }

    @Test
    void elmanAgreesWithDoubleToFloatPrecision() {
        for (Activation a : new Activation[] {Activation.TANH, Activation.SIGMOID, Activation.RELU}) {
            assertFloatAgreesWithDouble(() -> new Elman(5, 24, a, false, new SplittableRandom(3)), 9, 3, 5, null,
                    "Elman " + a);
        }
        assertFloatAgreesWithDouble(() -> Elman.irnn(5, 24, true, new SplittableRandom(3)), 9, 3, 5, null,
                "IRNN reversed");
    }

    @Test
    void lstmAgreesWithDoubleToFloatPrecisionWithAndWithoutPeepholes() {
        for (boolean peep : new boolean[] {false, true}) {
            assertFloatAgreesWithDouble(() -> new LSTM(LSTM.Config.of(5, 24).withPeephole(peep), false,
                    new SplittableRandom(4)), 9, 3, 5, null, "LSTM peepholes=" + peep);
        }
        assertFloatAgreesWithDouble(() -> new LSTM(LSTM.Config.lecture(3, 4), false, new SplittableRandom(4)), 9, 1,
                3, null, "the lecture's LSTM (linear g and h)");
    }

    @Test
    void gruAgreesWithDoubleToFloatPrecision() {
        assertFloatAgreesWithDouble(() -> new GRU(5, 24, false, new SplittableRandom(4)), 9, 3, 5, null, "GRU");
        assertFloatAgreesWithDouble(() -> new GRU(5, 24, true, new SplittableRandom(4)), 9, 3, 5, null,
                "GRU reversed");
        assertFloatAgreesWithDouble(() -> new GRU(3, 4, false, new SplittableRandom(4)), 6, 1, 3, null,
                "a small GRU, one sequence");
    }

    @Test
    void clockworkAgreesWithDoubleToFloatPrecision() {
        assertFloatAgreesWithDouble(() -> new Clockwork(5, 24, 3, false, new SplittableRandom(4)), 9, 3, 5, null,
                "Clockwork, periods 1, 2, 4");
        assertFloatAgreesWithDouble(() -> new Clockwork(5, 24, new int[] {1, 3, 5, 7}, Activation.SIGMOID, true,
                new SplittableRandom(4)), 9, 3, 5, null, "Clockwork reversed, sigmoid, periods 1, 3, 5, 7");
        assertFloatAgreesWithDouble(() -> {
            Clockwork c = new Clockwork(3, 4, 2, false, new SplittableRandom(4));
            c.setClockStart(3);
            return c;
        }, 6, 1, 3, null, "a small Clockwork, one sequence, clock continued from step 3");
        int[] lengths = {9, 4, 7, 1, 9, 6, 2, 8, 5, 3};
        assertFloatAgreesWithDouble(() -> new Bidirectional(new Clockwork(6, 20, 2, false, new SplittableRandom(5)),
                new Clockwork(6, 20, 2, true, new SplittableRandom(6))), 9, 10, 6, lengths,
                "bidirectional Clockwork, padded");
        assertFloatAgreesWithDouble(() -> {
            Clockwork c = new Clockwork(6, 20, 4, true, new SplittableRandom(5));
            c.setTruncation(3);
            return c;
        }, 9, 10, 6, lengths, "reversed Clockwork, bptt=3, padded");
    }

    @Test
    void jordanAgreesWithDoubleToFloatPrecision() {
        for (Jordan.Feedback fb : Jordan.Feedback.values()) {
            assertFloatAgreesWithDouble(() -> new Jordan(5, 24, 7, Activation.TANH, fb, false, new SplittableRandom(4)),
                    9, 3, 5, null, "Jordan " + fb);
        }
        assertFloatAgreesWithDouble(() -> new Jordan(5, 24, 24, Activation.SIGMOID, Jordan.Feedback.PROBABILITIES,
                true, new SplittableRandom(4)), 9, 3, 5, null, "Jordan reversed, sigmoid");
        assertFloatAgreesWithDouble(() -> new Jordan(3, 4, 3, Activation.TANH, Jordan.Feedback.SCORES, false,
                new SplittableRandom(4)), 6, 1, 3, null, "a small Jordan layer, one sequence");
        int[] lengths = {9, 4, 7, 1, 9, 6, 2, 8, 5, 3};
        assertFloatAgreesWithDouble(() -> new Bidirectional(new Jordan(6, 20, 20, Activation.TANH,
                Jordan.Feedback.SCORES, false, new SplittableRandom(5)), new Jordan(6, 20, 20, Activation.TANH,
                Jordan.Feedback.SCORES, true, new SplittableRandom(6))), 9, 10, 6, lengths,
                "bidirectional Jordan, padded");
        assertFloatAgreesWithDouble(() -> {
            Jordan j = new Jordan(6, 20, 9, Activation.TANH, Jordan.Feedback.PROBABILITIES, true,
                    new SplittableRandom(5));
            j.setTruncation(3);
            return j;
        }, 9, 10, 6, lengths, "reversed Jordan, bptt=3, padded");
    }

    @Test
    void scrnAgreesWithDoubleToFloatPrecision() {
        assertFloatAgreesWithDouble(() -> new SCRN(5, 24, 10, false, new SplittableRandom(4)), 9, 3, 5, null,
                "SCRN");
        assertFloatAgreesWithDouble(() -> new SCRN(5, 24, 10, 0.5, Activation.TANH, true, new SplittableRandom(4)), 9,
                3, 5, null, "SCRN reversed, tanh, alpha 0.5");
        assertFloatAgreesWithDouble(() -> new SCRN(3, 4, 2, false, new SplittableRandom(4)), 6, 1, 3, null,
                "a small SCRN, one sequence");
        int[] lengths = {9, 4, 7, 1, 9, 6, 2, 8, 5, 3};
        assertFloatAgreesWithDouble(() -> new Bidirectional(new SCRN(6, 20, 8, false, new SplittableRandom(5)),
                new SCRN(6, 20, 8, true, new SplittableRandom(6))), 9, 10, 6, lengths, "bidirectional SCRN, padded");
        assertFloatAgreesWithDouble(() -> {
            SCRN l = new SCRN(6, 20, 8, true, new SplittableRandom(5));
            l.setTruncation(3);
            return l;
        }, 9, 10, 6, lengths, "reversed SCRN, bptt=3, padded");
    }

    /** A B×n matrix of values in [−1, 1): a user's initial state. */
    static Matrix state(int B, int n, long seed) {
        Matrix m = new Matrix(B, n);
        Init.uniform(m, 1.0, new SplittableRandom(seed));
        return m;
    }

    /**
     * A float32 pass starts from the initial state the user set, as the double pass does, and sends its gradient
     * back to it: every cell, forward and reversed, padded. (PIT found that a float pass starting from zeros instead
     * passed every other float32 test: none of them set an initial state.)
     */
    @Test
    void aUserSetInitialStateIsWhereTheFloatPassStarts() {
        int[] lengths = {9, 4, 7};
        for (boolean reversed : new boolean[] {false, true}) {
            for (int[] lens : new int[][] {null, lengths}) {
                String how = (reversed ? " reversed" : "") + (lens == null ? "" : ", padded");
                assertFloatAgreesWithDouble(() -> {
                    Elman l = new Elman(5, 24, Activation.TANH, reversed, new SplittableRandom(3));
                    l.setInitialState(state(3, 24, 11));
                    return l;
                }, 9, 3, 5, lens, "Elman from a set h0" + how);
                assertFloatAgreesWithDouble(() -> {
                    Clockwork l = new Clockwork(5, 24, 3, reversed, new SplittableRandom(4));
                    l.setInitialState(state(3, 24, 12));
                    return l;
                }, 9, 3, 5, lens, "Clockwork from a set h0" + how);
                assertFloatAgreesWithDouble(() -> {
                    GRU l = new GRU(5, 24, reversed, new SplittableRandom(4));
                    l.setInitialState(state(3, 24, 13));
                    return l;
                }, 9, 3, 5, lens, "GRU from a set h0" + how);
                for (boolean peep : new boolean[] {false, true}) {
                    assertFloatAgreesWithDouble(() -> {
                        LSTM l = new LSTM(LSTM.Config.of(5, 24).withPeephole(peep), reversed, new SplittableRandom(4));
                        l.setInitialState(state(3, 24, 14), state(3, 24, 15));
                        return l;
                    }, 9, 3, 5, lens, "LSTM from a set h0 and c0, peepholes=" + peep + how);
                }
                assertFloatAgreesWithDouble(() -> {
                    Jordan l = new Jordan(5, 24, 7, Activation.TANH, Jordan.Feedback.PROBABILITIES, reversed,
                            new SplittableRandom(4));
                    l.setInitialState(state(3, 7, 16));
                    return l;
                }, 9, 3, 5, lens, "Jordan from a set o0" + how);
                assertFloatAgreesWithDouble(() -> {
                    SCRN l = new SCRN(5, 24, 10, reversed, new SplittableRandom(4));
                    l.setInitialState(state(3, 24, 17), state(3, 10, 18));
                    return l;
                }, 9, 3, 5, lens, "SCRN from a set h0 and s0" + how);
            }
        }
    }

    @Test
    void paddingTruncationAndBothDirectionsAgree() {
        int[] lengths = {9, 4, 7, 1, 9, 6, 2, 8, 5, 3};
        assertFloatAgreesWithDouble(() -> new Bidirectional(new LSTM(LSTM.Config.of(6, 20), false,
                new SplittableRandom(5)), new LSTM(LSTM.Config.of(6, 20), true, new SplittableRandom(6))), 9, 10, 6,
                lengths, "bidirectional LSTM, padded");
        assertFloatAgreesWithDouble(() -> new Bidirectional(new Elman(6, 20, Activation.TANH, false,
                new SplittableRandom(5)), new Elman(6, 20, Activation.TANH, true, new SplittableRandom(6))), 9, 10, 6,
                lengths, "bidirectional Elman, padded");
        assertFloatAgreesWithDouble(() -> {
            LSTM l = new LSTM(LSTM.Config.of(6, 20).withPeephole(true), true, new SplittableRandom(5));
            l.setTruncation(3);
            return l;
        }, 9, 10, 6, lengths, "reversed LSTM with peepholes, bptt=3, padded");
        assertFloatAgreesWithDouble(() -> new Stacked(java.util.List.of(new Elman(6, 12, Activation.TANH, false,
                new SplittableRandom(5)), new LSTM(LSTM.Config.of(12, 16), false, new SplittableRandom(6)))), 9, 10,
                6, lengths, "Elman under LSTM, padded");
        assertFloatAgreesWithDouble(() -> new Bidirectional(new GRU(6, 20, false, new SplittableRandom(5)),
                new GRU(6, 20, true, new SplittableRandom(6))), 9, 10, 6, lengths, "bidirectional GRU, padded");
        assertFloatAgreesWithDouble(() -> {
            GRU l = new GRU(6, 20, true, new SplittableRandom(5));
            l.setTruncation(3);
            return l;
        }, 9, 10, 6, lengths, "reversed GRU, bptt=3, padded");
        assertFloatAgreesWithDouble(() -> new Stacked(java.util.List.of(new GRU(6, 12, false,
                new SplittableRandom(5)), new LSTM(LSTM.Config.of(12, 16), false, new SplittableRandom(6)))), 9, 10,
                6, lengths, "GRU under LSTM, padded");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"LSTM", "GRU", "Clockwork", "Jordan", "SCRN"})
    void theBatchHalvesOnTwoThreadsGiveTheBitsOfOneThread(String cell) {
        // B = 40, H = 64: big enough for the time loop to run in two halves of the batch
        int saved = Kernels.threads();
        Matrix[][] out = new Matrix[2][];
        double[][][] grads = new double[2][][];
        try {
            for (int th = 1; th <= 2; th++) {
                Kernels.setThreads(th);
                SplittableRandom rng = new SplittableRandom(9);
                RecurrentLayer l = switch (cell) {
                    case "LSTM" -> new LSTM(LSTM.Config.of(8, 64), false, rng);
                    case "GRU" -> new GRU(8, 64, false, rng);
                    case "Clockwork" -> new Clockwork(8, 64, 4, false, rng);
                    case "Jordan" -> new Jordan(8, 64, 64, Activation.TANH, Jordan.Feedback.PROBABILITIES, false, rng);
                    default -> new SCRN(8, 48, 16, false, rng);
                };
                l.setPrecision(Precision.FLOAT32);
                out[th - 1] = copy(l.forward(inputs(6, 40, 8, 1), null));
                l.params().zeroGrad();
                l.backward(inputs(6, 40, 64, 2));
                grads[th - 1] = new double[l.params().size()][];
                int i = 0;
                for (Param p : l.params()) {
                    grads[th - 1][i++] = p.grad.data[5 % p.grad.rows].clone();
                }
            }
        } finally {
            Kernels.setThreads(saved);
        }
        for (int t = 0; t < 6; t++) {
            for (int r = 0; r < 40; r++) {
                assertTrue(java.util.Arrays.equals(out[0][t].data[r], out[1][t].data[r]), cell + " output t=" + t
                        + " row " + r);
            }
        }
        for (int i = 0; i < grads[0].length; i++) {
            assertTrue(java.util.Arrays.equals(grads[0][i], grads[1][i]), cell + ": a row of the gradient of parameter "
                    + i + " with 1 and 2 threads");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"LSTM", "Elman", "GRU"})
    void recurrentDropoutAgrees(String cell) {
        // the same mask for both copies: each draws from its own control with the same seed
        assertFloatAgreesWithDouble(() -> {
            rnnlab.layers.Dropout.Control c = new rnnlab.layers.Dropout.Control(11);
            c.setTraining(true);
            SplittableRandom rng = new SplittableRandom(4);
            RecurrentLayer l = switch (cell) {
                case "LSTM" -> new LSTM(LSTM.Config.of(5, 24), false, rng);
                case "Elman" -> new Elman(5, 24, Activation.TANH, false, rng);
                default -> new GRU(5, 24, false, rng);
            };
            l.setRecurrentDropout(new rnnlab.layers.Dropout(0.3, 24, c));
            return l;
        }, 7, 4, 5, new int[] {7, 3, 7, 5}, cell + " with recurrent dropout, padded");
    }

    @Test
    void feedforwardAgreesWithDoubleToFloatPrecision() {
        assertFloatAgreesWithDouble(() -> new Feedforward(5, 24, Activation.TANH, new SplittableRandom(4)), 9, 3, 5,
                new int[] {9, 4, 1}, "Feedforward, padded");
        assertFloatAgreesWithDouble(() -> new Stacked(java.util.List.of(new Feedforward(6, 12, Activation.SIGMOID,
                new SplittableRandom(5)), new SCRN(12, 16, 6, false, new SplittableRandom(6)))), 9, 10, 6,
                new int[] {9, 4, 7, 1, 9, 6, 2, 8, 5, 3}, "Feedforward under SCRN, padded");
    }

    /** A layer written outside the package, which does not override setPrecision. */
    static final class OwnLayer implements RecurrentLayer {
        final Elman inner = new Elman(3, 4);

        @Override public int inputSize() { return 3; }
        @Override public int outputSize() { return 4; }
        @Override public rnnlab.core.Params params() { return inner.params(); }
        @Override public java.util.List<Param> initialState() { return inner.initialState(); }
        @Override public Matrix[] forward(Matrix[] xs, int[] lengths) { return inner.forward(xs, lengths); }
        @Override public Matrix[] backward(Matrix[] dOut) { return inner.backward(dOut); }
        @Override public void setTruncation(int k) { inner.setTruncation(k); }
        @Override public String toString() { return "OwnLayer"; }
    }

    @Test
    void everyCellTakesFloat32AndALayerWithoutAFloatPathRefusesItSayingWhatToDo() {
        RecurrentLayer[] cells = {new Elman(3, 4), new Jordan(3, 4, 4), new LSTM(3, 4), new GRU(3, 4, false,
                new SplittableRandom(1)), new Clockwork(3, 4, 2, false, new SplittableRandom(1)),
                new SCRN(3, 4, 2, false, new SplittableRandom(1)), new Feedforward(3, 4)};
        for (RecurrentLayer l : cells) {
            l.setPrecision(Precision.FLOAT32);
            assertEquals(Precision.FLOAT32, l.precision(), l.toString());
        }
        Elman fw = new Elman(3, 4);
        RecurrentLayer[] none = {new OwnLayer(), new Bidirectional(fw, new OwnLayer())};
        for (RecurrentLayer l : none) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> l.setPrecision(Precision.FLOAT32), l.toString());
            assertTrue(e.getMessage().contains("no float32 path") && e.getMessage().contains("use precision double"),
                    e.getMessage());
            assertEquals(Precision.DOUBLE, l.precision(), "unchanged after the refusal: " + l);
        }
        assertEquals(Precision.DOUBLE, fw.precision(), "the other direction is set back");
    }

    @Test
    void aFloatTapeSaysHowToReadItInDouble() {
        LSTM l = new LSTM(LSTM.Config.of(3, 4), false, new SplittableRandom(1));
        l.setPrecision(Precision.FLOAT32);
        l.forward(inputs(3, 2, 3, 1), null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.tape().cell(0));
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("Precision.DOUBLE"), e.getMessage());
        l.tape().hidden(0); // the outputs are kept in double
        l.setPrecision(Precision.DOUBLE);
        l.forward(inputs(3, 2, 3, 1), null);
        l.tape().cell(0);
    }
}
