package rnnlab.core;

import java.util.SplittableRandom;

/**
 * Run by {@link FloatKernelsTest} in a child JVM WITHOUT the Vector API module: the float kernels must fall back to
 * the plain loops and still compute correct products and activations, and float32 layers of every cell that agree with
 * the same layers in double (outputs and weight gradients, within 1e-5 of the largest value), and the float softmax
 * and loss ({@code FloatSoftmaxTest}). Prints the implementation, then OK, or FAILED and exits 1.
 */
public final class FloatPlainPathMain {
    private FloatPlainPathMain() {}

    public static void main(String[] args) {
        System.out.println(FloatKernels.implementation());
        if (FloatKernels.vectorised()) {
            fail("vectorised without the module");
        }
        SplittableRandom rng = new SplittableRandom(1);
        float[][] a = FloatKernelsTest.random(40, 50, rng), b = FloatKernelsTest.random(50, 60, rng);
        float[][] c = new float[40][60];
        FloatKernels.mulAdd(a, b, c, 40, 50, 60);
        try {
            FloatKernelsTest.assertProduct(a, b, new float[40][60], c, 0, 40, 50, 60, "plain float product");
        } catch (AssertionError e) {
            fail(e.getMessage());
        }
        float[] z = {-3f, -0.05f, 0f, 0.5f, 7f};
        float[] s = new float[5], th = new float[5];
        FloatKernels.sigmoid(z, s, 0, 5);
        FloatKernels.tanh(z, th, 0, 5);
        for (int i = 0; i < 5; i++) {
            if (Math.abs(s[i] - Activation.SIGMOID.apply(z[i])) > 1e-7 || Math.abs(th[i] - Math.tanh(z[i])) > 1e-7) {
                fail("activation of " + z[i]);
            }
        }
        for (String cell : new String[] {"Elman", "LSTM", "GRU", "Jordan", "Clockwork", "SCRN", "Feedforward"}) {
            rnnlab.cells.RecurrentLayer[] layers = new rnnlab.cells.RecurrentLayer[2];
            Matrix[][] outs = new Matrix[2][];
            for (int i = 0; i < 2; i++) {
                SplittableRandom r = new SplittableRandom(3);
                layers[i] = switch (cell) {
                    case "Elman" -> new rnnlab.cells.Elman(6, 20, Activation.TANH, false, r);
                    case "LSTM" -> new rnnlab.cells.LSTM(rnnlab.cells.LSTM.Config.of(6, 20).withPeephole(true), false, r);
                    case "GRU" -> new rnnlab.cells.GRU(6, 20, false, r);
                    case "Jordan" -> new rnnlab.cells.Jordan(6, 20, 20, Activation.TANH,
                            rnnlab.cells.Jordan.Feedback.PROBABILITIES, false, r);
                    case "Clockwork" -> new rnnlab.cells.Clockwork(6, 20, 2, false, r);
                    case "SCRN" -> new rnnlab.cells.SCRN(6, 14, 6, false, r);
                    default -> new rnnlab.cells.Feedforward(6, 20, Activation.TANH, r);
                };
                layers[i].setPrecision(i == 0 ? Precision.DOUBLE : Precision.FLOAT32);
                Matrix[] xs = new Matrix[7], dOut = new Matrix[7];
                SplittableRandom data = new SplittableRandom(4);
                for (int t = 0; t < 7; t++) {
                    xs[t] = new Matrix(10, 6);
                    Init.uniform(xs[t], 1.0, data);
                    dOut[t] = new Matrix(10, 20);
                    Init.uniform(dOut[t], 1.0, data);
                }
                Matrix[] y = layers[i].forward(xs, new int[] {7, 3, 5, 7, 1, 2, 7, 6, 4, 7});
                outs[i] = new Matrix[7];
                for (int t = 0; t < 7; t++) {
                    outs[i][t] = y[t].copy();
                }
                layers[i].params().zeroGrad();
                layers[i].backward(dOut);
            }
            for (int t = 0; t < 7; t++) {
                check(outs[0][t], outs[1][t], cell + " output at t=" + t);
            }
            for (Param p : layers[0].params()) {
                check(p.grad, layers[1].params().get(p.name).grad, cell + " gradient of " + p.name);
            }
            if (!differs) {
                fail(cell + ": float32 gave the double bits everywhere; did the float path run?");
            }
            differs = false;
        }
        try {   // the float softmax and loss: rows against double, and whole float32 models against double
            rnnlab.models.FloatSoftmaxTest.checkRows();
            new rnnlab.models.FloatSoftmaxTest().aFloat32ModelAgreesWithDoubleWithAndWithoutPadding();
        } catch (AssertionError e) {
            fail("float softmax: " + e.getMessage());
        }
        System.out.println("OK");
    }

    private static boolean differs;

    private static void check(Matrix expected, Matrix actual, String what) {
        double max = 0, diff = 0;
        for (int i = 0; i < expected.rows; i++) {
            for (int j = 0; j < expected.cols; j++) {
                max = Math.max(max, Math.abs(expected.data[i][j]));
                diff = Math.max(diff, Math.abs(expected.data[i][j] - actual.data[i][j]));
                differs |= expected.data[i][j] != actual.data[i][j];
            }
        }
        if (!(diff <= 1e-5 * max + 1e-12)) {
            fail(what + ": float32 differs from double by " + diff + " (largest value " + max + ")");
        }
    }

    private static void fail(String why) {
        System.out.println("FAILED: " + why);
        System.exit(1);
    }
}
