package rnnlab.core;

import java.util.SplittableRandom;

/**
 * Run by {@link KernelImplementationsTest} in a child JVM started WITHOUT {@code --add-modules
 * jdk.incubator.vector}: prints the kernel implementation and exits with status 1 if a product disagrees with its
 * naive twin, or if an Elman or LSTM layer (batch of 12, run in two halves with 2 threads) gives different bits with
 * 2 threads than with 1 on the plain kernels.
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
        // a recurrent layer's batch halves on the plain kernels: 2 threads give the same bits as 1
        for (String cell : new String[] {"Elman", "LSTM"}) {
            Matrix[][] results = new Matrix[2][];
            for (int th = 1; th <= 2; th++) {
                Kernels.setThreads(th);
                SplittableRandom r = new SplittableRandom(3);
                rnnlab.cells.RecurrentLayer l = cell.equals("Elman")
                        ? new rnnlab.cells.Elman(5, 64, Activation.TANH, false, r)
                        : new rnnlab.cells.LSTM(rnnlab.cells.LSTM.Config.of(5, 64), false, r);
                Matrix[] xs = new Matrix[8], dOut = new Matrix[8];   // T·B·H² = 8·12·64² is above the split threshold
                for (int t = 0; t < 8; t++) {
                    xs[t] = KernelImplementationsTest.random(12, 5, r);
                    dOut[t] = KernelImplementationsTest.random(12, 64, r);
                }
                l.forward(xs, null);
                Matrix[] dx = l.backward(dOut);
                results[th - 1] = new Matrix[] {l.params().list().get(1).grad.copy(), dx[0].copy()};
            }
            for (int i = 0; i < 2; i++) {
                if (!results[0][i].approxEquals(results[1][i], 0.0) || results[0][i].maxAbs() == 0) {
                    System.out.println("FAILED: " + cell + " with 2 threads differs from 1 thread (plain kernels)");
                    System.exit(1);
                }
            }
        }
    }
}
