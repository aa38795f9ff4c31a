package rnnlab.core;

import java.util.SplittableRandom;

/**
 * Run by {@link FloatKernelsTest} in a child JVM WITHOUT the Vector API module: the float kernels must fall back to
 * the plain loops and still compute correct products and activations. Prints the implementation, then OK, or FAILED and exits 1.
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
        float[] s = new float[5], t = new float[5];
        FloatKernels.sigmoid(z, s, 0, 5);
        FloatKernels.tanh(z, t, 0, 5);
        for (int i = 0; i < 5; i++) {
            if (Math.abs(s[i] - Activation.SIGMOID.apply(z[i])) > 1e-7 || Math.abs(t[i] - Math.tanh(z[i])) > 1e-7) {
                fail("activation of " + z[i]);
            }
        }
        System.out.println("OK");
    }

    private static void fail(String why) {
        System.out.println("FAILED: " + why);
        System.exit(1);
    }
}
