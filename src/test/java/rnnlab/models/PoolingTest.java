package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import rnnlab.RNN;
import rnnlab.cells.Feedforward;
import rnnlab.cells.RecurrentLayer;
import rnnlab.core.Activation;
import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.layers.Dense;
import rnnlab.layers.Embedding;
import rnnlab.testing.SteadyState;

/** Many-to-one pooling (last, mean, max, attention): exact gradients on the grid, what each pooling computes. */
class PoolingTest {
    static final int IN = 3, HIDDEN = 4, CLASSES = 3, T = 5;

    static Stream<Arguments> grid() {
        List<Arguments> l = new ArrayList<>();
        for (Pooling p : Pooling.values()) {
            for (Network.Cell arch : Network.Cell.recurrent()) {
                for (boolean bi : new boolean[] {false, true}) {
                    for (boolean padded : new boolean[] {false, true}) {
                        l.add(Arguments.of(p, arch, bi, padded));
                    }
                }
            }
        }
        return l.stream();
    }

    static SequenceModel model(Pooling p, Network.Cell arch, boolean bi, long seed) {
        RecurrentLayer body = Network.builder().cell(arch).embedding(0).inputs(IN).hidden(HIDDEN).bidirectional(bi).seed(seed).build().body();
        SplittableRandom rng = new SplittableRandom(seed + 7);
        var pool = new SequencePooling(p, body.outputSize(), 3, rng);
        SequenceModel m = new SequenceModel(null, body, new Dense(body.outputSize(), CLASSES, rng), pool);
        return GradientCheckTest.spread(m, seed);
    }

    @ParameterizedTest(name = "{0} {1} bidirectional={2} padded={3}")
    @MethodSource("grid")
    void gradientsMatchCentredDifferences(Pooling p, Network.Cell arch, boolean bi, boolean padded) {
        SequenceModel m = model(p, arch, bi, 11);
        Batch batch = GradientCheckTest.batch(SequenceModel.Kind.MANY_TO_ONE, padded, 5);
        // max is not differentiable where two steps tie; a probe of ±2ε = ±4e-3 can move the winner when two steps
        // are that close, so max pooling is probed with ε = 1e-5 (rounding noise is then ~1e-11, judged by
        // assertAccurate, which ignores differences double precision cannot resolve)
        GradCheckReport r = p == Pooling.MAX
                ? m.gradientCheck(batch, new GradCheck.Options(1e-5, 0, 1, 4)).assertAccurate(GradCheck.SEQUENCE_TOLERANCE)
                : m.gradientCheck(batch, GradCheck.Options.full()).assertBelow(GradCheck.SEQUENCE_TOLERANCE);
        assertEquals(p == Pooling.ATTENTION, r.entries().stream().anyMatch(e -> e.name().startsWith("pool.")));
    }

    static Matrix[] steps(double[][][] v) {
        Matrix[] m = new Matrix[v.length];
        for (int t = 0; t < v.length; t++) {
            m[t] = Matrix.of(v[t]);
        }
        return m;
    }

    @Test
    void whatEachPoolingComputes() {
        RecurrentLayer body = RNN.elman(2, 2);
        // two sequences, 3 steps, the second of length 2
        Matrix[] out = steps(new double[][][] {{{1, -1}, {2, 0}}, {{3, -5}, {-4, 6}}, {{-2, 2}, {100, 100}}});
        int[] len = {3, 2};
        Matrix v = new Matrix(2, 2);
        new SequencePooling(Pooling.LAST, 2, 1, null).forward(body, out, len, v);
        assertArrayEquals(new double[] {-2, 2}, v.data[0]);
        assertArrayEquals(new double[] {-4, 6}, v.data[1]);
        new SequencePooling(Pooling.MEAN, 2, 1, null).forward(body, out, len, v);
        assertArrayEquals(new double[] {2.0 / 3, -4.0 / 3}, v.data[0], 1e-15);
        assertArrayEquals(new double[] {-1, 3}, v.data[1], 1e-15);
        var max = new SequencePooling(Pooling.MAX, 2, 1, null);
        max.forward(body, out, len, v);
        assertArrayEquals(new double[] {3, 2}, v.data[0]);
        assertArrayEquals(new double[] {2, 6}, v.data[1], "the padding step (100) never counts");
        assertArrayEquals(new double[] {0, 0.5, 0.5}, max.weights(0, len, 3), 1e-15);
        Matrix[] d = {new Matrix(2, 2), new Matrix(2, 2), new Matrix(2, 2)};
        max.backward(body, Matrix.of(new double[] {1, 1}, new double[] {1, 1}), len, d);
        assertArrayEquals(new double[] {1, 0}, d[1].data[0]);
        assertArrayEquals(new double[] {0, 1}, d[2].data[0]);
        assertArrayEquals(new double[] {1, 0}, d[0].data[1]);
        assertArrayEquals(new double[] {0, 0}, d[2].data[1], "no gradient into padding");
        var att = new SequencePooling(Pooling.ATTENTION, 2, 3, new SplittableRandom(1));
        att.forward(body, out, len, v);
        double[] w = att.weights(1, len, 3);
        assertEquals(2, w.length);
        assertEquals(1.0, w[0] + w[1], 1e-12);
        assertArrayEquals(new double[] {w[0] * 2 + w[1] * -4, w[0] * 0 + w[1] * 6}, v.data[1], 1e-12);
    }

    @Test
    void meanPoolingOfAFeedforwardBodyIsABagOfWords() {
        // "not good , but fine" and "good , but not fine": the same words, so the same mean, the same prediction
        SplittableRandom rng = new SplittableRandom(3);
        Embedding emb = new Embedding(8, 4, 0, rng);
        Feedforward ff = new Feedforward(4, 5, Activation.TANH, rng);
        var m = new SequenceModel(emb, ff, new Dense(5, 2, rng), new SequencePooling(Pooling.MEAN, 5, 1, null));
        int[][] ids = {{2, 3, 4, 5, 6}, {3, 4, 5, 2, 6}};
        Matrix p = m.probabilities(Batch.ofIdsForClasses(ids, null, new int[] {0, 1}))[0];
        assertArrayEquals(p.data[0], p.data[1], 1e-12);
        // and a recurrent body with mean pooling tells them apart
        var rnn = new SequenceModel(emb, RNN.elman(4, 5), new Dense(5, 2, rng),
                new SequencePooling(Pooling.MEAN, 5, 1, null));
        Matrix q = rnn.probabilities(Batch.ofIdsForClasses(ids, null, new int[] {0, 1}))[0];
        assertTrue(Math.abs(q.get(0, 0) - q.get(1, 0)) > 1e-6);
    }

    @Test
    void aSecondPassAllocatesAlmostNothing() {
        for (Pooling p : Pooling.values()) {
            SequenceModel m = model(p, Network.Cell.ELMAN, false, 3);
            Batch b = GradientCheckTest.batch(SequenceModel.Kind.MANY_TO_ONE, true, 5);
            SteadyState.assertAtMost(p + " pooling, Elman", AllocationTest.MAX_BYTES, () -> m.lossAndGradient(b));
        }
    }

    @Test
    void clearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Pooling.parse("median"));
        assertTrue(e.getMessage().contains("last, mean, max or attention"));
        assertEquals(Pooling.ATTENTION, Pooling.parse(" Attention "));
        var pool = new SequencePooling(Pooling.MEAN, 3, 1, null);
        e = assertThrows(IllegalArgumentException.class, () -> new SequenceModel(null, RNN.elman(2, 4),
                new Dense(4, 2, new SplittableRandom(1)), pool));
        assertTrue(e.getMessage().contains("pooling"), e.getMessage());
        var m = new SequenceModel(null, RNN.elman(2, 4), new Dense(4, 2, new SplittableRandom(1)),
                SequenceModel.Kind.MANY_TO_MANY);
        assertThrows(IllegalStateException.class, () -> m.poolingWeights(0, null));
    }
}
