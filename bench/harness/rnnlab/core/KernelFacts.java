package rnnlab.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The facts behind docs/design-notes.md, "Storage layout and kernels (measured)": GFLOP/s of C += A·B for the
 * naive triple loop, i-k-j over one flat array with computed offsets, i-k-j over {@code double[][]} rows, and the
 * register-blocked Vector API kernel; the same for the float32 kernels ({@link FloatKernels}); and the cost of
 * Math.tanh against Kernels.tanh and the float32 gate activations. Times are the calling
 * thread's CPU time (so a busy shared machine distorts them less than wall time) and wall time beside it.
 *
 * <pre>  bench/run --facts</pre>
 * Lives in package rnnlab.core to reach the package-private implementations.
 */
public final class KernelFacts {
    private KernelFacts() {}

    static final ThreadMXBean TMX = ManagementFactory.getThreadMXBean();

    interface Body {
        void run();
    }

    /** {cpu seconds per call, wall seconds per call}, best of 5 rounds of at least {@code sec} CPU seconds. */
    static double[] time(Body b, double sec) {
        double bestCpu = Double.MAX_VALUE, bestWall = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long c0 = TMX.getCurrentThreadCpuTime(), w0 = System.nanoTime();
            int calls = 0;
            do {
                b.run();
                calls++;
            } while (TMX.getCurrentThreadCpuTime() - c0 < sec * 1e9);
            bestCpu = Math.min(bestCpu, (TMX.getCurrentThreadCpuTime() - c0) / 1e9 / calls);
            bestWall = Math.min(bestWall, (System.nanoTime() - w0) / 1e9 / calls);
        }
        return new double[] {bestCpu, bestWall};
    }

    public static void main(String[] args) {
        double sec = args.length > 0 ? Double.parseDouble(args[0]) : 0.3;
        System.out.println("Kernel facts: Java " + System.getProperty("java.version") + ", " + Kernels.implementation()
                + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println();
        System.out.println("| C += A·B, n×k×m | naive | flat i-k-j | rows i-k-j | Vector API | Kernels, 2 threads (wall) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (String shape : new String[] {"32x100x400", "64x256x1024", "3200x128x1024"}) {
            String[] s = shape.split("x");
            final int n = Integer.parseInt(s[0]), k = Integer.parseInt(s[1]), m = Integer.parseInt(s[2]);
            SplittableRandom rng = new SplittableRandom(1);
            Matrix a = new Matrix(n, k), b = new Matrix(k, m), c = new Matrix(n, m);
            Init.uniform(a, 1, rng);
            Init.uniform(b, 1, rng);
            double[] fa = new double[n * k], fb = new double[k * m], fc = new double[n * m];
            for (int r = 0; r < n; r++) {
                System.arraycopy(a.data[r], 0, fa, r * k, k);
            }
            for (int r = 0; r < k; r++) {
                System.arraycopy(b.data[r], 0, fb, r * m, m);
            }
            double flop = 2.0 * n * k * m;
            double naive = flop / time(() -> NaiveKernels.mulAdd(a, b, c), sec)[0] / 1e9;
            double flat = flop / time(() -> {
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < k; p++) {
                        final double aip = fa[i * k + p];
                        for (int j = 0; j < m; j++) {
                            fc[i * m + j] += aip * fb[p * m + j];
                        }
                    }
                }
            }, sec)[0] / 1e9;
            double rows = flop / time(() -> Kernels.PLAIN.mulAdd(a.data, b.data, c.data, 0, n, k, m), sec)[0] / 1e9;
            String vec = "–", two = "–";
            if (Kernels.VECTOR != null) {
                vec = String.format(Locale.ROOT, "%.1f", flop / time(() -> Kernels.VECTOR.mulAdd(a.data, b.data, c.data,
                        0, n, k, m), sec)[0] / 1e9);
                int before = Kernels.threads();
                Kernels.setThreads(1);
                double w1 = time(() -> Kernels.mulAdd(a, b, c), sec)[1];
                Kernels.setThreads(2);
                double w2 = time(() -> Kernels.mulAdd(a, b, c), sec)[1];
                Kernels.setThreads(before);
                two = String.format(Locale.ROOT, "%.2f× of 1 thread", w1 / w2);
            }
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f | %.1f | %s | %s |%n", shape, naive, flat, rows, vec, two);
        }
        System.out.println("(GFLOP/s per CPU-second of the calling thread, best of 5 rounds)");
        System.out.println();
        // the float32 kernels (Precision.FLOAT32): same shapes, FloatVector of the preferred species
        System.out.println("float32 kernels: " + FloatKernels.implementation());
        System.out.println();
        System.out.println("| float32 C += A·B, n×k×m | rows i-k-j (plain) | Vector API | FloatKernels, 2 threads (wall) |");
        System.out.println("|---|---:|---:|---:|");
        for (String shape : new String[] {"32x100x400", "64x256x1024", "3200x128x1024"}) {
            String[] s = shape.split("x");
            final int n = Integer.parseInt(s[0]), k = Integer.parseInt(s[1]), m = Integer.parseInt(s[2]);
            SplittableRandom rng = new SplittableRandom(1);
            float[][] a = new float[n][k], b = new float[k][m], c = new float[n][m];
            for (float[] row : a) {
                for (int j = 0; j < k; j++) {
                    row[j] = (float) rng.nextDouble(-1, 1);
                }
            }
            for (float[] row : b) {
                for (int j = 0; j < m; j++) {
                    row[j] = (float) rng.nextDouble(-1, 1);
                }
            }
            double flop = 2.0 * n * k * m;
            double rows = flop / time(() -> FloatKernels.PLAIN.mulAdd(a, b, c, 0, n, k, m), sec)[0] / 1e9;
            String vec = "–", two = "–";
            if (FloatKernels.VECTOR != null) {
                vec = String.format(Locale.ROOT, "%.1f", flop / time(() -> FloatKernels.VECTOR.mulAdd(a, b, c, 0, n,
                        k, m), sec)[0] / 1e9);
                int before = Kernels.threads();
                Kernels.setThreads(1);
                double w1 = time(() -> FloatKernels.mulAdd(a, b, c, n, k, m), sec)[1];
                Kernels.setThreads(2);
                double w2 = time(() -> FloatKernels.mulAdd(a, b, c, n, k, m), sec)[1];
                Kernels.setThreads(before);
                two = String.format(Locale.ROOT, "%.2f× of 1 thread", w1 / w2);
            }
            System.out.printf(Locale.ROOT, "| %s | %.1f | %s | %s |%n", shape, rows, vec, two);
        }
        System.out.println("(GFLOP/s per CPU-second of the calling thread, best of 5 rounds)");
        System.out.println();
        int N = 100_000;
        double[] z = new double[N], out = new double[N];
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < N; i++) {
            z[i] = rng.nextDouble() * 8 - 4;
        }
        double mathTanh = time(() -> {
            for (int i = 0; i < N; i++) {
                out[i] = Math.tanh(z[i]);
            }
        }, sec)[0] / N * 1e9;
        double fast = time(() -> Kernels.tanh(z, out, 0, N), sec)[0] / N * 1e9;
        double sig = time(() -> Activation.SIGMOID.apply(z, out, 0, N), sec)[0] / N * 1e9;
        float[] zf = new float[N], outf = new float[N];
        for (int i = 0; i < N; i++) {
            zf[i] = (float) z[i];
        }
        double tanhF = time(() -> FloatKernels.tanh(zf, outf, 0, N), sec)[0] / N * 1e9;
        double sigF = time(() -> FloatKernels.sigmoid(zf, outf, 0, N), sec)[0] / N * 1e9;
        System.out.printf(Locale.ROOT, "| element-wise, ns per value | Math.tanh | Kernels.tanh | sigmoid (Math.exp) |"
                + " float32 tanh | float32 sigmoid |%n|---|---:|---:|---:|---:|---:|%n| z uniform in ±4 | %.1f | %.1f |"
                + " %.1f | %.1f | %.1f |%n", mathTanh, fast, sig, tanhF, sigF);
    }
}
