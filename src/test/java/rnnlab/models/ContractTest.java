package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import rnnlab.cells.Feedforward;
import rnnlab.cells.Jordan;
import rnnlab.cells.LSTM;
import rnnlab.cells.RecurrentLayer;
import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;
import rnnlab.reference.Reference;
import rnnlab.reference.SequenceLayer;

/**
 * What backward promises (see {@link rnnlab.core.Param}: BPTT sums over time): it ADDS into the gradients, so a second backward pass over the same
 * forward pass gives exactly twice the gradient, for every cell and every composite, fast and reference; the input
 * gradients it returns and the initial-state gradients it writes are the same both times.
 */
class ContractTest {
    static Stream<Arguments> layers() {
        List<Arguments> list = new ArrayList<>();
        for (Network.Cell arch : Network.Cell.recurrent()) {
            for (boolean bi : new boolean[] {false, true}) {
                for (int depth : new int[] {1, 2}) {
                    for (boolean padded : new boolean[] {false, true}) {
                        list.add(Arguments.of(arch, bi, depth, padded));
                    }
                }
            }
        }
        return list.stream();
    }

    static Matrix[] inputs(int B, int T, int n, SplittableRandom rng) {
        Matrix[] xs = new Matrix[T];
        for (int t = 0; t < T; t++) {
            xs[t] = new Matrix(B, n);
            Init.uniform(xs[t], 1.0, rng);
        }
        return xs;
    }

    static Matrix[] copies(Matrix[] ms) {
        Matrix[] c = new Matrix[ms.length];
        for (int t = 0; t < ms.length; t++) {
            c[t] = ms[t].copy();
        }
        return c;
    }

    static List<Matrix> gradCopies(Params ps) {
        List<Matrix> l = new ArrayList<>();
        for (Param p : ps) {
            l.add(p.grad.copy());
        }
        return l;
    }

    /**
     * Second pass: every gradient is 2× the first, to rounding (the kernels add each term into the running sum, so
     * g + Σ differs from Σ + Σ in the last bits). A backward that overwrote would leave 1×.
     */
    static void assertDoubled(String what, Params ps, List<Matrix> first) {
        int i = 0;
        for (Param p : ps) {
            Matrix once = first.get(i++);
            assertTrue(once.maxAbs() > 0, what + ": ∂" + p.name + " is all zero, the test would prove nothing");
            for (int r = 0; r < once.rows; r++) {
                for (int c = 0; c < once.cols; c++) {
                    assertEquals(2 * once.get(r, c), p.grad.get(r, c), 1e-12 * Math.max(1, 2 * Math.abs(once.get(r, c))),
                            what + ": after two backward passes ∂" + p.name + "[" + r + "," + c + "] should be twice "
                                    + "the first; backward must ADD into gradients");
                }
            }
        }
    }

    static void assertSame(String what, Matrix[] a, Matrix[] b) {
        for (int t = 0; t < a.length; t++) {
            assertTrue(a[t].approxEquals(b[t], 0), what + " at step " + (t + 1) + " changed between passes");
        }
    }

    @ParameterizedTest(name = "{0} bi={1} layers={2} padded={3}")
    @MethodSource("layers")
    void backwardTwiceGivesTwiceTheGradient(Network.Cell arch, boolean bi, int depth, boolean padded) {
        SplittableRandom rng = new SplittableRandom(5);
        RecurrentLayer fast = Network.builder().cell(arch).embedding(0).inputs(3).hidden(4).layers(depth).bidirectional(bi).seed(9).build().body();
        int T = 5, B = 3;
        int[] lengths = padded ? new int[] {5, 2, 4} : null;
        Matrix[] xs = inputs(B, T, 3, rng);
        Matrix[] dOut = inputs(B, T, fast.outputSize(), rng);
        if (padded) {
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    if (t >= lengths[b]) {
                        java.util.Arrays.fill(dOut[t].data[b], 0);
                    }
                }
            }
        }
        fast.forward(xs, lengths);
        fast.params().zeroGrad();
        Matrix[] dx1 = copies(fast.backward(dOut));
        List<Matrix> first = gradCopies(fast.params());
        List<Matrix> init1 = new ArrayList<>();
        fast.initialState().forEach(p -> init1.add(p.grad.copy()));
        Matrix[] dx2 = fast.backward(dOut);
        assertDoubled("fast " + fast, fast.params(), first);
        assertSame("∂x", dx1, dx2);
        for (int k = 0; k < init1.size(); k++) {
            assertTrue(init1.get(k).approxEquals(fast.initialState().get(k).grad, 0),
                    "initial-state gradients are written, not added");
        }

        // the reference cells have no padding, and no Clockwork or SCRN twin (those cells are checked numerically)
        if (!padded && arch != Network.Cell.CLOCKWORK && arch != Network.Cell.SCRN) {
            SequenceLayer ref = Reference.of(fast);
            ref.forward(xs);
            ref.params().zeroGrad();
            Matrix[] r1 = copies(ref.backward(dOut));
            List<Matrix> rFirst = gradCopies(ref.params());
            assertSame("reference ∂x", r1, ref.backward(dOut));
            assertDoubled("reference twin of " + fast, ref.params(), rFirst);
        }
    }

    @Test
    void lstmWithPeepholesJordanWithBothFeedbacksAndFeedforwardAddToo() {
        SplittableRandom rng = new SplittableRandom(8);
        List<RecurrentLayer> cells = List.of(
                new LSTM(LSTM.Config.of(3, 4).withPeephole(true), false, rng),
                new LSTM(LSTM.Config.lecture(3, 4).withPeephole(true), true, rng),
                new Jordan(3, 4, 5, Activation.TANH, Jordan.Feedback.PROBABILITIES, false, rng),
                new Jordan(3, 4, 5, Activation.SIGMOID, Jordan.Feedback.SCORES, true, rng),
                new Feedforward(3, 4, Activation.RELU, rng));
        for (RecurrentLayer l : cells) {
            for (Param p : l.params()) {
                Init.uniform(p.value, 1.0, rng);
            }
            Matrix[] xs = inputs(2, 4, 3, rng), dOut = inputs(2, 4, l.outputSize(), rng);
            l.forward(xs, new int[] {4, 3});
            l.params().zeroGrad();
            l.backward(dOut);
            List<Matrix> first = gradCopies(l.params());
            l.backward(dOut);
            assertDoubled(l.toString(), l.params(), first);
        }
    }
}
