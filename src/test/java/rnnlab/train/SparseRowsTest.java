package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import rnnlab.core.Param;
import rnnlab.core.Params;

/** Sparse-row parameters: zeroing, norms, clipping and optimiser steps visit only the rows a batch marked. */
class SparseRowsTest {
    /** A 5×3 sparse-row table and a dense twin with the same values. */
    static Params pair(Param sparse, Param dense) {
        Params p = new Params();
        p.add(sparse);
        p.add(dense);
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 3; c++) {
                sparse.value.data[r][c] = dense.value.data[r][c] = 0.1 * r - 0.05 * c;
            }
        }
        return p;
    }

    /** The same gradient into rows {@code rows} of both, marking them in the sparse one. */
    static void gradient(Param sparse, Param dense, int step, int... rows) {
        for (int r : rows) {
            sparse.rows.mark(r);
            for (int c = 0; c < 3; c++) {
                double g = Math.sin(1 + step + 3 * r + c);
                sparse.grad.data[r][c] += g;
                dense.grad.data[r][c] += g;
            }
        }
    }

    @Test
    void zeroGradNormAndClippingSeeTheMarkedRows() {
        Param s = Param.sparseRows("s", 5, 3), d = new Param("d", 5, 3);
        Params both = pair(s, d);
        gradient(s, d, 0, 1, 3);
        assertArrayEquals(new int[] {1, 3}, s.rows.rows());
        assertEquals(d.grad.sumOfSquares(), s.gradSumOfSquares(), 1e-15);
        Clipping.byGlobalNorm(both, 0.5);
        for (int r = 0; r < 5; r++) {
            assertArrayEquals(d.grad.data[r], s.grad.data[r], 1e-15, "row " + r + " clipped alike");
        }
        both.zeroGrad();
        assertEquals(0, s.rows.count(), "zeroing unmarks");
        assertEquals(0, s.grad.sumOfSquares(), 0);
        assertEquals(0, d.grad.sumOfSquares(), 0);
        s.addToGrad(new rnnlab.core.Matrix(5, 3));
        assertEquals(5, s.rows.count(), "addToGrad marks every row it adds to");
        Param prefixed = s.withPrefix("direct.");
        assertTrue(prefixed.rows == s.rows, "a prefixed view shares the row use");
    }

    /**
     * While the same rows are used at every step, the lazy step is the dense one (rows never used keep zero moments
     * and do not move either way); a step without row 1 leaves row 1 where it is, where dense Adam moves it by its
     * momentum.
     */
    @Test
    void lazyAdamIsAdamOnTheRowsInUse() {
        Param s = Param.sparseRows("s", 5, 3), d = new Param("d", 5, 3);
        Params both = pair(s, d);
        Optimizer adam = Adam.defaults().create();
        for (int step = 0; step < 4; step++) {
            both.zeroGrad();
            gradient(s, d, step, 1, 3);
            adam.step(both);
            for (int r = 0; r < 5; r++) {
                assertArrayEquals(d.value.data[r], s.value.data[r], 1e-15, "step " + step + ", row " + r);
            }
        }
        double[] row1 = s.value.data[1].clone(), row3 = s.value.data[3].clone();
        both.zeroGrad();
        gradient(s, d, 9, 3);
        adam.step(both);
        assertArrayEquals(row1, s.value.data[1], 0, "row 1 had no gradient: the lazy step leaves it");
        assertFalse(java.util.Arrays.equals(row1, d.value.data[1]), "dense Adam moves it by its momentum");
        assertArrayEquals(d.value.data[3], s.value.data[3], 1e-15, "row 3 as in dense Adam");
        assertFalse(java.util.Arrays.equals(row3, s.value.data[3]));
        for (int r : new int[] {0, 2, 4}) {
            assertArrayEquals(d.value.data[r], s.value.data[r], 0, "never used: never moved");
        }
    }

    /** SGD without momentum and Adagrad: a row without gradient does not move, so the lazy step is exact. */
    @Test
    void sgdAndAdagradAreExact() {
        for (OptimizerSettings o : List.<OptimizerSettings>of(Adagrad.defaults(), Sgd.defaults().withMomentum(0))) {
            Param s = Param.sparseRows("s", 5, 3), d = new Param("d", 5, 3);
            Params both = pair(s, d);
            Optimizer opt = o.create();
            for (int step = 0; step < 5; step++) {
                both.zeroGrad();
                gradient(s, d, step, step % 2 == 0 ? new int[] {0, 2} : new int[] {2, 4});
                opt.step(both);
            }
            for (int r = 0; r < 5; r++) {
                assertArrayEquals(d.value.data[r], s.value.data[r], 1e-15, o + ", row " + r);
            }
        }
    }
}
