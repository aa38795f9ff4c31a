package rnnlab.bench;

import java.util.Locale;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FP64 fused-multiply-add peak of one core, measured: 16 independent chains of vector FMAs on registers only
 * (no loads, no stores), enough to cover the latency of two FMA units. Prints GFLOP/s (2 FLOPs per lane per FMA),
 * the best of many short rounds after a warm-up, so that other work on a shared machine lowers only some rounds.
 * {@code bench/run} divides each training step's GFLOP/s by this (times the thread count) for the "% of peak"
 * column; see docs/benchmarks.md.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench-classes rnnlab.bench.PeakFma [seconds]   (default 1.5)
 * </pre>
 */
public final class PeakFma {
    private PeakFma() {}

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.5;
        double best = measure(seconds);
        System.out.printf(Locale.ROOT, "%.1f%n", best);
        System.err.printf(Locale.ROOT, "PeakFma: %d doubles per vector, best round %.1f GFLOP/s per core%n",
                S.length(), best);
    }

    /** Best GFLOP/s over rounds of about 10 ms during {@code seconds} (after 0.3 s of warm-up). */
    static double measure(double seconds) {
        long iters = 20_000;
        double best = 0, sink = 0;
        long warmEnd = System.nanoTime() + 300_000_000L, end = warmEnd + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            sink += chains(iters);
            long ns = System.nanoTime() - t0;
            if (ns < 5_000_000) {
                iters *= 2; // rounds of at least 5 ms, so the timer's resolution does not matter
                continue;
            }
            if (t0 > warmEnd) {
                best = Math.max(best, 16.0 * S.length() * 2 * iters / ns);
            }
        }
        if (sink == 42) {
            System.err.println(); // keeps the chains' results alive
        }
        return best;
    }

    private static double chains(long iters) {
        DoubleVector a = DoubleVector.broadcast(S, 0.999_999), b = DoubleVector.broadcast(S, 1e-9);
        DoubleVector s0 = DoubleVector.broadcast(S, 1), s1 = DoubleVector.broadcast(S, 2),
                s2 = DoubleVector.broadcast(S, 3), s3 = DoubleVector.broadcast(S, 4),
                s4 = DoubleVector.broadcast(S, 5), s5 = DoubleVector.broadcast(S, 6),
                s6 = DoubleVector.broadcast(S, 7), s7 = DoubleVector.broadcast(S, 8),
                s8 = DoubleVector.broadcast(S, 9), s9 = DoubleVector.broadcast(S, 10),
                s10 = DoubleVector.broadcast(S, 11), s11 = DoubleVector.broadcast(S, 12),
                s12 = DoubleVector.broadcast(S, 13), s13 = DoubleVector.broadcast(S, 14),
                s14 = DoubleVector.broadcast(S, 15), s15 = DoubleVector.broadcast(S, 16);
        for (long i = 0; i < iters; i++) {
            s0 = s0.fma(a, b);
            s1 = s1.fma(a, b);
            s2 = s2.fma(a, b);
            s3 = s3.fma(a, b);
            s4 = s4.fma(a, b);
            s5 = s5.fma(a, b);
            s6 = s6.fma(a, b);
            s7 = s7.fma(a, b);
            s8 = s8.fma(a, b);
            s9 = s9.fma(a, b);
            s10 = s10.fma(a, b);
            s11 = s11.fma(a, b);
            s12 = s12.fma(a, b);
            s13 = s13.fma(a, b);
            s14 = s14.fma(a, b);
            s15 = s15.fma(a, b);
        }
        return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).add(s8).add(s9).add(s10).add(s11)
                .add(s12).add(s13).add(s14).add(s15).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
