package rnnlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VectorsTest {
    @Test
    void cosineAndNeighbours() {
        assertEquals(1.0, Vectors.cosine(new double[] {1, 2}, new double[] {2, 4}), 1e-15);
        assertEquals(0.0, Vectors.cosine(new double[] {1, 0}, new double[] {0, 3}), 1e-15);
        assertEquals(-1.0, Vectors.cosine(new double[] {1, 1}, new double[] {-1, -1}), 1e-15);
        assertEquals(0.0, Vectors.cosine(new double[] {0, 0}, new double[] {1, 1}));
        double[][] rows = {{1, 0}, {0.9, 0.1}, {0, 1}, {0.5, 0.5}};
        assertArrayEquals(new int[] {1, 3, 2}, Vectors.nearest(rows, 0, 5));
        assertArrayEquals(new double[] {1, -1}, Vectors.minus(new double[] {2, 1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Vectors.nearest(rows, 4, 1));
    }

    @Test
    void pcaFindsTheDirectionOfLargestSpread() {
        // points on the line y = 2x (plus a small orthogonal wiggle): component 1 is along (1, 2)/√5
        double[][] rows = {{-2, -4}, {-1, -2.1}, {0, 0.05}, {1, 2}, {2, 3.95}};
        double[][] p = Vectors.pca(rows, 2);
        double var1 = 0, var2 = 0;
        for (double[] r : p) {
            var1 += r[0] * r[0];
            var2 += r[1] * r[1];
        }
        assertEquals(true, var1 > 100 * var2, "first component carries the spread: " + var1 + " vs " + var2);
        // projection of (2, 3.95) minus mean (0, −0.02) on (1, 2)/√5
        assertEquals((2 * 1 + (3.95 + 0.02) * 2) / Math.sqrt(5), p[4][0], 1e-3);
        // distances are kept when all components are used
        double[][] full = Vectors.pca(rows, 2);
        double dOrig = Math.hypot(rows[0][0] - rows[4][0], rows[0][1] - rows[4][1]);
        assertEquals(dOrig, Math.hypot(full[0][0] - full[4][0], full[0][1] - full[4][1]), 1e-9);
        var e = assertThrows(IllegalArgumentException.class, () -> Vectors.pca(rows, 3));
        assertEquals(true, e.getMessage().contains("dims must be 1 … 2"));
    }
}
