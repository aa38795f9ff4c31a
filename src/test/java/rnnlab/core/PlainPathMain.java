package rnnlab.core;

import java.util.SplittableRandom;

/**
 * Run by {@link KernelImplementationsTest} in a child JVM started WITHOUT {@code --add-modules
 * jdk.incubator.vector}: prints the kernel implementation and exits with status 1 if a product disagrees with its
 * naive twin.
 */
public final class PlainPathMain {
    private PlainPathMain() {}

    public static void main(String[] args) {
        System.out.println(Kernels.implementation());
        SplittableRandom rng = new SplittableRandom(1);
        Matrix a = KernelImplementationsTest.random(40, 50, rng), b = KernelImplementationsTest.random(50, 60, rng);
        Matrix c1 = new Matrix(40, 60), c2 = new Matrix(40, 60);
        Kernels.mulAdd(a, b, c1);
        NaiveKernels.mulAdd(a, b, c2);
        if (Kernels.vectorised() || !c1.approxEquals(c2, 1e-12)) {
            System.out.println("FAILED: vectorised=" + Kernels.vectorised());
            System.exit(1);
        }
    }
}
