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

/** What makes each p.38 cell what it is: IRNN's identity start, Clockwork's ticks and mask, SCRN's slow context. */
class OtherRemediesTest {
    @Test
    void irnnStartsAsIdentityWithRelu() {
        Elman irnn = RNN.irnn(2, 3);
        assertEquals(Activation.RELU, irnn.activation());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(i == j ? 1.0 : 0.0, irnn.Wh.value.get(i, j));
            }
            assertEquals(0.0, irnn.b.value.get(0, i));
        }
        // with zero input a non-negative memory is copied unchanged, step after step: no vanishing, no exploding
        irnn.setInitialState(Matrix.row(0.5, 2, 0));
        Matrix[] xs = new Matrix[50];
        for (int t = 0; t < 50; t++) {
            xs[t] = new Matrix(1, 2);
        }
        Matrix[] h = irnn.forward(xs, null);
        assertArrayEquals(new double[] {0.5, 2, 0}, h[49].rowCopy(0), 0.0);
        Matrix[] d = new Matrix[50];
        for (int t = 0; t < 50; t++) {
            d[t] = new Matrix(1, 3);
        }
        d[49].set(0, 0, 1).set(0, 1, 1);
        irnn.backward(d);
        double[] norms = irnn.hiddenGradientNorms();
        assertEquals(Math.sqrt(2), norms[0], 1e-12, "‖∂L/∂h¹‖ = ‖∂L/∂h⁵⁰‖ through 49 identity steps");
    }

    @Test
    void clockworkModulesTickAtTheirPeriodsAndKeepTheirValueBetween() {
        Clockwork cw = new Clockwork(2, 6, new int[] {1, 2, 4}, Activation.TANH, false, new SplittableRandom(3));
        assertEquals(2, cw.moduleSize());
        SplittableRandom rng = new SplittableRandom(4);
        Matrix[] xs = new Matrix[9];
        for (int t = 0; t < 9; t++) {
            xs[t] = Matrix.row(rng.nextDouble(-1, 1), rng.nextDouble(-1, 1));
        }
        Matrix[] h = cw.forward(xs, null);
        for (int t = 1; t < 9; t++) {
            boolean slowTicks = t % 4 == 0, midTicks = t % 2 == 0;
            assertEquals(slowTicks, h[t].get(0, 4) != h[t - 1].get(0, 4), "slow module at step " + (t + 1));
            assertEquals(midTicks, h[t].get(0, 2) != h[t - 1].get(0, 2), "middle module at step " + (t + 1));
            assertTrue(h[t].get(0, 0) != h[t - 1].get(0, 0), "fast module ticks every step");
        }
        // recurrent connections only from slower (or the same) modules; the others stay 0
        assertTrue(cw.connected(4, 0) && cw.connected(2, 3) && !cw.connected(0, 4) && !cw.connected(1, 2));
        assertEquals(0.0, cw.Wh.value.get(0, 4));
        Matrix[] d = new Matrix[9];
        for (int t = 0; t < 9; t++) {
            d[t] = Matrix.row(1, 1, 1, 1, 1, 1);
        }
        cw.backward(d);
        assertEquals(0.0, cw.Wh.grad.get(0, 4), "no gradient outside the mask");
        assertTrue(cw.Wh.grad.get(4, 0) != 0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Clockwork(2, 5, 2, false, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("multiple"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Clockwork(2, 4, new int[] {2, 1}, Activation.TANH,
                false, new SplittableRandom(1)));
    }

    @Test
    void scrnContextIsAFixedExponentialAverageOfTheInputProjection() {
        SCRN scrn = new SCRN(2, 3, 2, 0.9, Activation.SIGMOID, false, new SplittableRandom(5));
        assertEquals(5, scrn.outputSize());
        Matrix[] xs = {Matrix.row(1, 0), Matrix.row(0, 1), Matrix.row(1, 1)};
        Matrix[] out = scrn.forward(xs, null);
        double[] s = new double[2];
        for (int t = 0; t < 3; t++) {
            for (int j = 0; j < 2; j++) {
                double proj = xs[t].get(0, 0) * scrn.Bc.value.get(0, j) + xs[t].get(0, 1) * scrn.Bc.value.get(1, j);
                s[j] = 0.1 * proj + 0.9 * s[j];          // sᵗ = (1 − α)·xᵗ·B + α·sᵗ⁻¹
                assertEquals(s[j], out[t].get(0, 3 + j), 1e-15);
                assertEquals(s[j], scrn.tape().context(t).get(0, j), 1e-15);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new SCRN(2, 3, 2, 1.0, Activation.SIGMOID, false,
                new SplittableRandom(1)));
        assertTrue(scrn.toString().contains("context=2"));
    }
}
