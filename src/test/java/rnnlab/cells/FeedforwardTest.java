package rnnlab.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.core.Activation;
import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.layers.Dense;
import rnnlab.models.Batch;
import rnnlab.models.SequenceModel;

class FeedforwardTest {
    static final int IN = 3, HIDDEN = 4, CLASSES = 3, T = 5;

    static Matrix[] inputs(int batch, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix[] xs = new Matrix[T];
        for (int t = 0; t < T; t++) {
            xs[t] = new Matrix(batch, IN);
            Init.uniform(xs[t], 1.0, rng);
        }
        return xs;
    }

    @Test
    void gradientsMatchCentredDifferencesWithPadding() {
        for (Activation act : new Activation[] {Activation.TANH, Activation.SIGMOID}) {
            Feedforward ff = new Feedforward(IN, HIDDEN, act, new SplittableRandom(3));
            for (var p : ff.params()) {
                Init.uniform(p.value, 1.0, new SplittableRandom(p.name.hashCode()));
            }
            SequenceModel m = new SequenceModel(null, ff, new Dense(HIDDEN, CLASSES, new SplittableRandom(4)),
                    SequenceModel.Kind.MANY_TO_MANY);
            int[] lengths = {T, 2, 4};
            int[][] labels = new int[3][T];
            SplittableRandom rng = new SplittableRandom(8);
            for (int b = 0; b < 3; b++) {
                for (int t = 0; t < T; t++) {
                    labels[b][t] = t < lengths[b] ? rng.nextInt(CLASSES) : -1;
                }
            }
            GradCheckReport r = m.gradientCheck(Batch.ofInputs(inputs(3, 5), lengths, labels),
                    GradCheck.Options.full());
            r.assertBelow(GradCheck.SEQUENCE_TOLERANCE);
            assertTrue(r.entries().stream().anyMatch(e -> e.name().equals("rnn.Wi")), r.toString());
        }
    }

    @Test
    void hasNoMemory() {
        Feedforward ff = new Feedforward(IN, HIDDEN);
        Matrix[] xs = inputs(2, 1);
        Matrix[] out = ff.forward(xs, null);
        double[] atT2 = out[2].rowCopy(0);
        xs[0].data[0][0] += 5;                  // change an earlier word
        xs[1].data[0][1] -= 3;
        assertArrayEquals(atT2, ff.forward(xs, null)[2].rowCopy(0), 0.0, "output at t=3 must not see t=1,2");
        // the same word always gives the same output, at any position
        assertArrayEquals(ff.step(Matrix.row(xs[2].rowCopy(0))).rowCopy(0), atT2, 1e-15);
        assertFalse(ff.toString().isEmpty());
        assertEquals(IN * HIDDEN + HIDDEN, ff.params().count());
        assertTrue(ff.initialState().isEmpty());
    }

    @Test
    void paddingGivesZeroOutputAndNoGradient() {
        Feedforward ff = new Feedforward(IN, HIDDEN);
        Matrix[] out = ff.forward(inputs(2, 2), new int[] {T, 2});
        double[] padded = out[3].rowCopy(1);
        for (double v : padded) {
            assertEquals(0.0, v);
        }
        Matrix[] dOut = new Matrix[T];
        for (int t = 0; t < T; t++) {
            dOut[t] = Matrix.filled(2, HIDDEN, 1.0);
        }
        Matrix[] dx = ff.backward(dOut);
        assertArrayEquals(new double[IN], dx[3].rowCopy(1), 0.0);
        assertTrue(dx[3].rowCopy(0)[0] != 0.0);
    }
}
