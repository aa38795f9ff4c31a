package rnnlab.bench.ab;

import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Interleaved A/B of training steps of two (or more) builds of the library in ONE JVM: each jar gets its own class
 * loader (its own Kernels, helper thread and JIT-compiled code), and rounds of about 0.25 s alternate between them
 * (the order reversed every other round), so every build sees the same machine, minute by minute. Meant for a
 * shared machine, where two separate runs a minute apart can differ by 2×: it reports the calling thread's CPU time
 * per step and the per-round ratio of each build to the first, not tokens per second.
 *
 * <pre>
 *   bench/ab [--config B1-LSTM] [--threads 1] [--precision double] [--seconds 40] [--warmup 4] old.jar new.jar …
 * </pre>
 * {@code --warmup} is per build (seconds of interleaved steps before measuring; on a busy machine the JIT needs longer:
 * a build whose steps still allocate kilobytes is not compiled yet, see the alloc column).
 * <pre>
 * </pre>
 */
public final class AbSteps {
    private AbSteps() {}

    public static void main(String[] args) throws Exception {
        String config = "B1-LSTM", precision = "double";
        int threads = 1;
        double seconds = 40, warmup = 4;
        int i = 0;
        for (; i < args.length && args[i].startsWith("--"); i += 2) {
            switch (args[i]) {
                case "--config" -> config = args[i + 1];
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--precision" -> precision = args[i + 1];
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--warmup" -> warmup = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("AbSteps: unknown option " + args[i]);
            }
        }
        int nv = args.length - i;
        if (nv < 1) {
            throw new IllegalArgumentException("AbSteps: give the library jars to compare (the first is the reference)");
        }
        Path self = Path.of(AbSteps.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String[] labels = new String[nv];
        Runnable[] steps = new Runnable[nv];
        for (int v = 0; v < nv; v++) {
            Path jar = Path.of(args[i + v]);
            labels[v] = jar.toString();
            URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL(), self.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            steps[v] = (Runnable) cl.loadClass("rnnlab.bench.ab.AbStep")
                    .getConstructor(String.class, int.class, String.class).newInstance(config, threads, precision);
        }
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long w0 = System.nanoTime();
        while (System.nanoTime() - w0 < warmup * 1e9 * nv) {  // warm-up, interleaved: JIT compilation of every build
            for (Runnable s : steps) {
                for (int r = 0; r < 50; r++) {
                    s.run();
                }
            }
        }
        final double roundSec = 0.25;
        int rounds = Math.max(4, (int) (seconds / roundSec / nv));
        double[][] cpu = new double[nv][rounds], wall = new double[nv][rounds], alloc = new double[nv][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int o = 0; o < nv; o++) {
                int v = r % 2 == 0 ? o : nv - 1 - o;
                Runnable s = steps[v];
                long c0 = tmx.getThreadCpuTime(tid), a0 = tmx.getThreadAllocatedBytes(tid), t0 = System.nanoTime();
                int n = 0;
                while (System.nanoTime() - t0 < roundSec * 1e9) {
                    s.run();
                    n++;
                }
                wall[v][r] = (System.nanoTime() - t0) / 1e3 / n;
                cpu[v][r] = (tmx.getThreadCpuTime(tid) - c0) / 1e3 / n;
                alloc[v][r] = (double) (tmx.getThreadAllocatedBytes(tid) - a0) / n;
            }
        }
        System.out.printf(Locale.ROOT, "%s, %d thread(s), %s: %d rounds of %.2f s per build, µs per step%n", config,
                threads, precision, rounds, roundSec);
        for (int v = 0; v < nv; v++) {
            System.out.printf(Locale.ROOT, "  CPU median %9.2f (q1 %9.2f, min %9.2f)  wall median %9.2f  alloc %6.0f B/step  %s%n",
                    median(cpu[v]), quantile(cpu[v], 0.25), quantile(cpu[v], 0), median(wall[v]), median(alloc[v]),
                    labels[v]);
        }
        for (int v = 1; v < nv; v++) {
            double a1 = median(alloc[0]), av = median(alloc[v]);
            if (Math.max(a1, av) > 1024 && Math.abs(av - a1) > 1024) {
                // seen in session 11: the build loaded second allocated 57 MB per step, its float sigmoid off the
                // Vector API's fast path, in both orders; two copies of one jar gave 80 B each
                System.out.printf(Locale.ROOT, "  WARNING: build %d allocates %.0f B/step against %.0f for build 1: "
                        + "the two builds do not run the same compiled code (JIT not finished, or a Vector API "
                        + "fallback in one class loader), so the ratios below are not the change's. Try a longer "
                        + "--warmup, the builds in the other order, or a switch inside one build.%n", v + 1, av, a1);
            }
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = cpu[v][r] / cpu[0][r];
            }
            System.out.printf(Locale.ROOT, "  CPU per step, build %d / build 1, per round: median %.3f (q1 %.3f, q3 %.3f)%n",
                    v + 1, median(ratio), quantile(ratio, 0.25), quantile(ratio, 0.75));
            for (int r = 0; r < rounds; r++) {
                ratio[r] = wall[v][r] / wall[0][r];
            }
            // with 2 threads the CPU time counts only the calling thread: the wall time says what the second core did
            System.out.printf(Locale.ROOT, "  wall per step, build %d / build 1, per round: median %.3f (q1 %.3f, q3 %.3f)%n",
                    v + 1, median(ratio), quantile(ratio, 0.25), quantile(ratio, 0.75));
        }
    }

    static double median(double[] x) {
        return quantile(x, 0.5);
    }

    static double quantile(double[] x, double q) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[(int) Math.round(q * (s.length - 1))];
    }
}
