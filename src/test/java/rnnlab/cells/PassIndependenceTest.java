package rnnlab.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import rnnlab.core.Activation;
import rnnlab.core.GradCheck;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.core.Objective;
import rnnlab.core.Param;
import rnnlab.core.Precision;

/**
 * Every cell, three promises that the lecture-sized tests did not exercise (found by mutation testing,
 * docs/testing.md):
 * <ul>
 *   <li>a pass's outputs and gradients do not depend on the passes before it (buffers are reused while T and B stay
 *       the same, so a stale value left from an earlier pass, another batch size or another initial state would
 *       show);</li>
 *   <li>a loss that also reads the outputs at padding steps (there the output is the carried state) gets the exact
 *       gradient: centred differences agree for every parameter and the initial state;</li>
 *   <li>the gradient norm recorded at the last step is ‖∂L/∂h‖ of the valid rows only, and backward checks its
 *       call.</li>
 * </ul>
 * The first and the last hold in float32 too (the float state of {@code SequenceBase.FloatState}, made again only when
 * T or B change, and its own gradient norms, which no other test read); and the float32 norms of every step agree with
 * the double ones, with padding, truncation and both directions.
 */
class PassIndependenceTest {
    static final int IN = 3, T = 4;

    record Cell(String name, Supplier<SequenceBase> make, BiConsumer<SequenceBase, Integer> setState) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Matrix random(int rows, int cols, long seed) {
        Matrix m = new Matrix(rows, cols);
        Init.uniform(m, 1.0, new SplittableRandom(seed));
        return m;
    }

    static Matrix[] randomSteps(int steps, int rows, int cols, long seed) {
        Matrix[] m = new Matrix[steps];
        for (int t = 0; t < steps; t++) {
            m[t] = random(rows, cols, seed * 31 + t);
        }
        return m;
    }

    static Stream<Arguments> cells() {
        List<Cell> c = new ArrayList<>();
        c.add(new Cell("elman", () -> new Elman(IN, 4, Activation.TANH, false, new SplittableRandom(1)),
                (l, b) -> ((Elman) l).setInitialState(random(b, 4, 90))));
        c.add(new Cell("elman reversed", () -> new Elman(IN, 4, Activation.TANH, true, new SplittableRandom(1)),
                (l, b) -> ((Elman) l).setInitialState(random(b, 4, 90))));
        c.add(new Cell("lstm with peepholes", () -> new LSTM(new LSTM.Config(IN, 3, Activation.TANH, Activation.TANH,
                Activation.SIGMOID, true, 1.0), false, new SplittableRandom(2)),
                (l, b) -> ((LSTM) l).setInitialState(random(b, 3, 91), random(b, 3, 92))));
        c.add(new Cell("lstm reversed", () -> new LSTM(LSTM.Config.of(IN, 3), true, new SplittableRandom(2)),
                (l, b) -> ((LSTM) l).setInitialState(random(b, 3, 91), random(b, 3, 92))));
        c.add(new Cell("gru", () -> new GRU(IN, 3, false, new SplittableRandom(3)),
                (l, b) -> ((GRU) l).setInitialState(random(b, 3, 93))));
        c.add(new Cell("jordan", () -> new Jordan(IN, 4, 3, Activation.TANH, Jordan.Feedback.PROBABILITIES, false,
                new SplittableRandom(4)), (l, b) -> ((Jordan) l).setInitialState(random(b, 3, 94))));
        c.add(new Cell("clockwork", () -> new Clockwork(IN, 4, 2, false, new SplittableRandom(5)),
                (l, b) -> ((Clockwork) l).setInitialState(random(b, 4, 95))));
        c.add(new Cell("scrn", () -> new SCRN(IN, 3, 2, false, new SplittableRandom(6)),
                (l, b) -> ((SCRN) l).setInitialState(random(b, 3, 96), random(b, 2, 97))));
        c.add(new Cell("scrn reversed", () -> new SCRN(IN, 3, 2, true, new SplittableRandom(6)),
                (l, b) -> ((SCRN) l).setInitialState(random(b, 3, 96), random(b, 2, 97))));
        return c.stream().map(Arguments::of);
    }

    /** Every cell of {@link #cells()} in double and in float32. */
    static Stream<Arguments> cellsInBothPrecisions() {
        return cells().flatMap(a -> Stream.of(Precision.values()).map(p -> Arguments.of(a.get()[0], p)));
    }

    /** forward, then backward of L = Σₜ gᵗ ⊙ outᵗ; returns copies of the outputs and the input gradients. */
    static Matrix[][] pass(SequenceBase l, Matrix[] xs, int[] lengths, Matrix[] g) {
        Matrix[] out = l.forward(xs, lengths);
        Matrix[] outCopy = new Matrix[out.length];
        for (int t = 0; t < out.length; t++) {
            outCopy[t] = out[t].copy();
        }
        Matrix[] dx = l.backward(g);
        Matrix[] dxCopy = new Matrix[dx.length];
        for (int t = 0; t < dx.length; t++) {
            dxCopy[t] = dx[t].copy();
        }
        return new Matrix[][] {outCopy, dxCopy};
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cellsInBothPrecisions")
    void aPassDoesNotDependOnThePassesBeforeIt(Cell cell, Precision precision) {
        SequenceBase used = cell.make().get(), fresh = cell.make().get();
        used.setPrecision(precision);
        fresh.setPrecision(precision);
        int out = used.outputSize();
        // earlier passes: another batch size, then the same shape with other inputs and no padding
        pass(used, randomSteps(T, 3, IN, 1), null, randomSteps(T, 3, out, 2));
        pass(used, randomSteps(T, 2, IN, 3), null, randomSteps(T, 2, out, 4));
        used.params().zeroGrad();
        // the pass compared: padding in row 1, a user-set initial state, a loss on every output (padding too)
        Matrix[] xs = randomSteps(T, 2, IN, 5), g = randomSteps(T, 2, out, 6);
        int[] lengths = {T, 2};
        cell.setState().accept(used, 2);
        cell.setState().accept(fresh, 2);
        Matrix[][] a = pass(used, xs, lengths, g), b = pass(fresh, xs, lengths, g);
        for (int t = 0; t < T; t++) {
            assertArrayEquals(b[0][t].data[0], a[0][t].data[0], 1e-13, cell + " output, time " + t);
            assertArrayEquals(b[0][t].data[1], a[0][t].data[1], 1e-13, cell + " output, time " + t);
            assertArrayEquals(b[1][t].data[0], a[1][t].data[0], 1e-13, cell + " ∂x, time " + t);
            assertArrayEquals(b[1][t].data[1], a[1][t].data[1], 1e-13, cell + " ∂x, time " + t);
        }
        for (int i = 0; i < used.params().size(); i++) {
            Param p = used.params().list().get(i), q = fresh.params().list().get(i);
            for (int r = 0; r < p.grad.rows; r++) {
                assertArrayEquals(q.grad.data[r], p.grad.data[r], 1e-13, cell + " ∂" + p.name);
            }
        }
        for (int i = 0; i < used.initialState().size(); i++) {
            Param p = used.initialState().get(i), q = fresh.initialState().get(i);
            for (int r = 0; r < p.grad.rows; r++) {
                assertArrayEquals(q.grad.data[r], p.grad.data[r], 1e-13, cell + " ∂" + p.name);
            }
        }
        assertArrayEquals(fresh.hiddenGradientNorms(), used.hiddenGradientNorms(), 1e-13);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void lossesOnPaddingOutputsGetExactGradients(Cell cell) {
        SequenceBase l = cell.make().get();
        Matrix[] xs = randomSteps(T, 3, IN, 7), g = randomSteps(T, 3, l.outputSize(), 8);
        int[] lengths = {T, 2, 1};
        cell.setState().accept(l, 3);
        Objective loss = new Objective() {
            @Override public double loss() {
                Matrix[] out = l.forward(xs, lengths);
                double s = 0;
                for (int t = 0; t < T; t++) {
                    for (int r = 0; r < 3; r++) {
                        for (int j = 0; j < out[t].cols; j++) {
                            s += g[t].get(r, j) * out[t].get(r, j);
                        }
                    }
                }
                return s;
            }

            @Override public double gradients() {
                l.params().zeroGrad();
                double v = loss();
                l.backward(g);
                return v;
            }
        };
        List<Param> tensors = new ArrayList<>(l.params().list());
        loss.gradients();   // makes the initial-state tensors
        tensors.addAll(l.initialState());
        GradCheck.check(loss, tensors, GradCheck.Options.full()).assertBelow(GradCheck.SEQUENCE_TOLERANCE);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cellsInBothPrecisions")
    void theLastStepsGradientNormIsThatOfItsValidRowsAndBackwardIsChecked(Cell cell, Precision precision) {
        SequenceBase l = cell.make().get();
        l.setPrecision(precision);
        int out = l.outputSize();
        var early = assertThrows(IllegalStateException.class, () -> l.backward(randomSteps(T, 2, out, 1)));
        assertEquals(l.name + ": backward called before forward", early.getMessage());
        l.forward(randomSteps(T, 2, IN, 9), new int[] {T, 2});
        var count = assertThrows(IllegalArgumentException.class, () -> l.backward(randomSteps(T - 1, 2, out, 1)));
        assertEquals(l.name + ": backward got 3 output gradients but the last forward pass had 4 steps",
                count.getMessage());
        Matrix[] g = new Matrix[T];
        for (int t = 0; t < T; t++) {
            g[t] = new Matrix(2, out);
        }
        int last = l.isReverse() ? 0 : T - 1;    // the step processed last: no later step sends it a gradient
        // the last two output columns (for the SCRN its context units sᵗ, which feed its hᵗ, not the other way)
        g[last].set(0, out - 2, 3).set(0, out - 1, 4);
        g[last].set(1, out - 2, 30).set(1, out - 1, 40);   // row 1 is padding at the last time
        if (l instanceof Jordan) {
            return;   // Jordan's ∂L/∂h comes through its output layer: not the output gradient itself
        }
        l.backward(g);
        double expected = l.isReverse() ? Math.sqrt(3 * 3 + 4 * 4 + 30 * 30 + 40 * 40) : 5;
        assertEquals(expected, l.hiddenGradientNorms()[last], 1e-12,
                l.isReverse() ? "reversed: time 0 is valid for both rows" : "‖(3, 4)‖; the padding row is not counted");
    }

    /**
     * The float32 ‖∂L/∂hᵗ‖ of every step agree with the double ones to float precision (relative 1e-5 of the largest,
     * as {@code Float32LayerTest}), with padding, truncated BPTT (3 steps), both directions, and batches of 10 (the
     * rows 0 … 9 in one loop or two halves); an error in which rows or steps are counted changes them by far more.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void float32GradientNormsOfEveryStepAgreeWithDouble(Cell cell) {
        int steps = 9;
        int[] lengths = {9, 4, 7, 1, 9, 6, 2, 8, 5, 3};
        for (int bptt : new int[] {0, 3}) {
            SequenceBase d = cell.make().get(), f = cell.make().get();
            f.setPrecision(Precision.FLOAT32);
            d.setTruncation(bptt);
            f.setTruncation(bptt);
            Matrix[] xs = randomSteps(steps, 10, IN, 11), g = randomSteps(steps, 10, d.outputSize(), 12);
            pass(d, xs, lengths, g);
            pass(f, xs, lengths, g);
            double[] nd = d.hiddenGradientNorms(), nf = f.hiddenGradientNorms();
            assertEquals(steps, nf.length, cell + ": one norm per step");
            double max = 0;
            for (double v : nd) {
                max = Math.max(max, v);
            }
            for (int t = 0; t < steps; t++) {
                assertEquals(nd[t], nf[t], 1e-5 * max, cell + ", bptt " + bptt + ": float32 ‖∂h‖ at time " + t);
            }
        }
    }
}
