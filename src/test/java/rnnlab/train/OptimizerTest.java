package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import rnnlab.core.Param;
import rnnlab.core.Params;

/** Two steps of every optimiser on a 1×2 parameter, against updates worked out by hand from the formulas. */
class OptimizerTest {
    static final double TOL = 1e-9;
    /** w starts at (1, −2); the gradients of step 1 and step 2. */
    static final double[] W0 = {1.0, -2.0}, G1 = {0.5, -1.0}, G2 = {0.1, 0.2};

    static Params tiny() {
        Params ps = new Params();
        Param w = ps.add(new Param("w", 1, 2));
        w.value.data[0] = W0.clone();
        return ps;
    }

    /** Runs two steps with gradients G1 then G2; returns w after each step. */
    static double[][] twoSteps(Optimizer opt) {
        Params ps = tiny();
        Param w = ps.get("w");
        double[][] out = new double[2][];
        double[][] grads = {G1, G2};
        for (int s = 0; s < 2; s++) {
            ps.zeroGrad();
            w.grad.data[0] = grads[s].clone();
            opt.step(ps);
            out[s] = w.value.rowCopy(0);
        }
        assertEquals(2, opt.steps());
        return out;
    }

    static void assertRow(String what, double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOL, what + " element " + i);
        }
    }

    @Test
    void sgdWithMomentum() {
        double[][] w = twoSteps(new Sgd.Settings(0.1, 0.9).create());
        // step 1: v = −0.1·g1 = (−0.05, 0.1);            w = (0.95, −1.9)
        assertRow("sgd step 1", new double[] {0.95, -1.9}, w[0]);
        // step 2: v = 0.9·v − 0.1·g2 = (−0.055, 0.07);    w = (0.895, −1.83)
        assertRow("sgd step 2", new double[] {0.895, -1.83}, w[1]);
    }

    @Test
    void plainSgdIsGradientDescent() {
        double[][] w = twoSteps(new Sgd.Settings(0.5, 0).create());
        assertRow("sgd μ=0 step 2", new double[] {1 - 0.25 - 0.05, -2 + 0.5 - 0.1}, w[1]);
    }

    @Test
    void adagrad() {
        double[][] w = twoSteps(new Adagrad.Settings(0.1, 1e-12).create());
        // step 1: G = g² = (0.25, 1); w −= 0.1·g/√G = 0.1·sign(g)  →  (0.9, −1.9)
        assertRow("adagrad step 1", new double[] {0.9, -1.9}, w[0]);
        // step 2: G = (0.26, 1.04); w −= 0.1·g2/√G
        assertRow("adagrad step 2", new double[] {0.9 - 0.01 / Math.sqrt(0.26), -1.9 - 0.02 / Math.sqrt(1.04)}, w[1]);
    }

    @Test
    void rmsprop() {
        double[][] w = twoSteps(new RmsProp.Settings(0.01, 0.9, 1e-12).create());
        // step 1: r = 0.1·g² = (0.025, 0.1); w −= 0.01·g/√r
        assertRow("rmsprop step 1", new double[] {1 - 0.005 / Math.sqrt(0.025), -2 + 0.01 / Math.sqrt(0.1)}, w[0]);
        // step 2: r = 0.9·r + 0.1·g2² = (0.0235, 0.094)
        assertRow("rmsprop step 2", new double[] {
                1 - 0.005 / Math.sqrt(0.025) - 0.001 / Math.sqrt(0.0235),
                -2 + 0.01 / Math.sqrt(0.1) - 0.002 / Math.sqrt(0.094)}, w[1]);
    }

    @Test
    void adam() {
        double[][] w = twoSteps(new Adam.Settings(0.1, 0.9, 0.999, 1e-12).create());
        // step 1: m̂ = g, v̂ = g², so the step is η·sign(g) = 0.1  →  (0.9, −1.9)
        assertRow("adam step 1", new double[] {0.9, -1.9}, w[0]);
        // step 2, element 0: m = 0.9·0.05 + 0.1·0.1 = 0.055, v = 0.999·0.00025 + 0.001·0.01 = 0.00025975
        //   m̂ = 0.055/0.19 = 0.2894737, v̂ = 0.00025975/0.001999 = 0.1299400, step = 0.1·m̂/√v̂ = 0.0803041
        // element 1: m = 0.9·(−0.1) + 0.1·0.2 = −0.07, v = 0.999·0.001 + 0.001·0.04 = 0.001039
        double w0 = 0.9 - 0.1 * (0.055 / 0.19) / Math.sqrt(0.00025975 / 0.001999);
        double w1 = -1.9 - 0.1 * (-0.07 / 0.19) / Math.sqrt(0.001039 / 0.001999);
        assertRow("adam step 2", new double[] {w0, w1}, w[1]);
        assertEquals(0.8196959, w0, 1e-7);
    }

    @Test
    void learningRateChangesTheNextStepOnly() {
        Optimizer opt = new Sgd.Settings(0.1, 0).create();
        Params ps = tiny();
        ps.get("w").grad.data[0] = new double[] {1, 1};
        opt.step(ps);
        opt.setLearningRate(0.01);
        opt.step(ps);
        assertRow("after two rates", new double[] {1 - 0.1 - 0.01, -2 - 0.1 - 0.01}, ps.get("w").value.rowCopy(0));
        opt.reset();
        assertEquals(0.1, opt.learningRate());
        assertEquals(0, opt.steps());
    }

    @Test
    void stepDoesNotChangeGradients() {
        Params ps = tiny();
        ps.get("w").grad.data[0] = G1.clone();
        OptimizerSettings.of("adam").create().step(ps);
        assertRow("gradient", G1, ps.get("w").grad.rowCopy(0));
    }

    @Test
    void settingsAreValidatedAndPrintEveryField() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Settings(0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Settings(0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Adagrad.Settings(0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RmsProp.Settings(0.1, -0.1, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new Adam.Settings(Double.NaN, 0.9, 0.999, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new Adam.Settings(0.1, 0.9, 1.0, 1e-8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerSettings.of("adadelta"));
        assertTrue(e.getMessage().contains("adadelta") && e.getMessage().contains("rmsprop"), e.getMessage());
        String s = new Adam.Settings(0.02, 0.8, 0.99, 1e-7).toString();
        for (String field : new String[] {"learningRate=0.02", "beta1=0.8", "beta2=0.99", "epsilon=1.0E-7"}) {
            assertTrue(s.contains(field), s);
        }
        assertEquals(0.003, OptimizerSettings.of("RMSprop", 0.003).learningRate());
        assertEquals("rmsprop", OptimizerSettings.of("RMSprop", 0.003).name());
    }

    @Test
    void oneOptimizerPerModel() {
        Optimizer opt = Adam.Settings.DEFAULT.create();
        Params a = tiny();
        opt.step(a);
        Params b = new Params();
        b.add(new Param("w", 2, 2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> opt.step(b));
        assertTrue(e.getMessage().contains("w") && e.getMessage().contains("2×2"), e.getMessage());
    }
}
