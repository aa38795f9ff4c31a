package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import rnnlab.core.Kernels;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * An optimiser's pass over more than {@link BaseOptimizer#PARALLEL_MIN_VALUES} values is split between two threads
 * when {@link Kernels#threads()} is 2: every row is still updated exactly once, by the same operations, so the
 * weights, gradients and state have the same bits as on one thread, for dense, sparse-row and row-tracked
 * parameters (whose rows are visited in part), and a parameter listed twice is updated as on one thread.
 */
class SplitStepTest {
    private final int threadsBefore = Kernels.threads();

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(threadsBefore);
    }

    /** Parameters of 36,000 + 2 × 12,000 + 21 values, more than the split's minimum even when plain SGD visits only 23 rows of the last two; odd widths. */
    static Params model() {
        Params ps = new Params();
        Param d = ps.add(new Param("d", 400, 90)), s = ps.add(Param.sparseRows("s", 120, 100)),
                t = ps.add(Param.rowTracked("t", 120, 100)), small = ps.add(new Param("small", 7, 3));
        for (Param p : List.of(d, s, t, small)) {
            for (int r = 0; r < p.value.rows; r++) {
                for (int c = 0; c < p.value.cols; c++) {
                    p.value.data[r][c] = 0.3 * Math.cos(r + 7 * c);
                }
            }
        }
        assertTrue(d.value.rows * 90 + 2 * 23 * 100 + 21 >= BaseOptimizer.PARALLEL_MIN_VALUES);
        return ps;
    }

    /** Gradients of step k: every row of the dense parameters, rows k, 5, 60–79 and 119 of the others (marked). */
    static void gradient(Params ps, int k) {
        for (int i = 0; i < ps.size(); i++) {
            Param p = ps.get(i);
            for (int r = 0; r < p.value.rows; r++) {
                boolean used = p.markedRows() == null || r == k || r == 5 || (r >= 60 && r < 80) || r == 119;
                if (!used) {
                    continue;
                }
                if (p.markedRows() != null) {
                    p.markedRows().mark(r);
                }
                for (int c = 0; c < p.value.cols; c++) {
                    p.grad.data[r][c] += Math.sin(1 + k + 3 * r + c);
                }
            }
        }
    }

    static List<Supplier<Optimizer>> optimisers() {
        return List.of(() -> new Sgd.Settings(0.1, 0).create(), () -> new Sgd.Settings(0.1, 0.9).create(),
                () -> new Adam.Settings(0.01, 0.9, 0.999, 1e-8).create(), () -> Adagrad.defaults().create(),
                () -> RmsProp.defaults().create());
    }

    /** Runs 3 steps (fused or not) on {@code threads} threads; returns the parameters afterwards. */
    static Params train(Supplier<Optimizer> make, int threads, boolean fused) {
        Kernels.setThreads(threads);
        Params ps = model();
        Optimizer o = make.get();
        for (int k = 0; k < 3; k++) {
            if (fused) {
                ps.zeroGrad();
            }
            gradient(ps, k);
            if (fused) {
                o.stepAndZeroGrad(ps);
            } else {
                o.step(ps);
            }
        }
        return ps;
    }

    static void assertSameBits(Params a, Params b, String what) {
        for (int i = 0; i < a.size(); i++) {
            Param p = a.get(i), q = b.get(i);
            for (int r = 0; r < p.value.rows; r++) {
                assertArrayEquals(p.value.data[r], q.value.data[r], 0.0, what + ": " + p.name + " row " + r);
                assertArrayEquals(p.grad.data[r], q.grad.data[r], 0.0, what + ": " + p.name + " gradient row " + r);
            }
        }
    }

    @Test
    void twoThreadsGiveTheBitsOfOneForEveryOptimiser() {
        for (Supplier<Optimizer> make : optimisers()) {
            for (boolean fused : new boolean[] {false, true}) {
                String what = make.get() + (fused ? " stepAndZeroGrad" : " step");
                assertSameBits(train(make, 1, fused), train(make, 2, fused), what);
            }
        }
    }

    /** Plain SGD against w − η·g written out: a row skipped or updated twice by the split would show. */
    @Test
    void everyRowIsUpdatedOnceOnTwoThreads() {
        for (int threads = 1; threads <= 2; threads++) {
            Kernels.setThreads(threads);
            Params ps = model(), expected = model();
            gradient(ps, 2);
            gradient(expected, 2);
            new Sgd.Settings(0.1, 0).create().stepAndZeroGrad(ps);
            for (int i = 0; i < ps.size(); i++) {
                Param p = ps.get(i), e = expected.get(i);
                for (int r = 0; r < p.value.rows; r++) {
                    for (int c = 0; c < p.value.cols; c++) {
                        double w = e.value.data[r][c] - 0.1 * e.grad.data[r][c];
                        assertEquals(w, p.value.data[r][c], 0.0, threads + "T: " + p.name + "[" + r + "][" + c + "]");
                        assertEquals(0L, Double.doubleToRawLongBits(p.grad.data[r][c]), p.name + " gradient zeroed");
                    }
                }
            }
        }
    }

    /** The same matrices under two names (prefixed copies): updated twice, one after the other, as on one thread. */
    @Test
    void aParameterListedTwiceIsUpdatedAsOnOneThread() {
        Params[] out = new Params[2];
        for (int threads = 1; threads <= 2; threads++) {
            Kernels.setThreads(threads);
            Params base = model(), twice = new Params();
            for (int i = 0; i < base.size(); i++) {
                twice.add(base.get(i).withPrefix("a."));
                twice.add(base.get(i).withPrefix("b."));
            }
            Optimizer o = new Sgd.Settings(0.1, 0.9).create();
            for (int k = 0; k < 3; k++) {
                gradient(base, k);
                o.step(twice);
            }
            out[threads - 1] = base;
        }
        assertSameBits(out[0], out[1], "listed twice");
    }
}
