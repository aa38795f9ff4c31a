package rnnlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The allocating element-wise operations and products of {@link Matrix}, checked by hand and against Kernels. */
class MatrixOpsTest {
    final Matrix a = Matrix.of(new double[] {1, 2, 3}, new double[] {4, 5, 6});
    final Matrix b = Matrix.of(new double[] {0.5, -1, 2}, new double[] {3, 0, -2});

    static void assertValues(double[][] expected, Matrix m) {
        assertEquals(expected.length, m.rows, "rows");
        for (int r = 0; r < expected.length; r++) {
            assertArrayEquals(expected[r], m.data[r], 1e-15, "row " + r);
        }
    }

    @Test
    void elementWiseOperationsAllocateAndLeaveTheOperandsAlone() {
        Matrix before = a.copy();
        assertValues(new double[][] {{1.5, 1, 5}, {7, 5, 4}}, a.plus(b));
        assertValues(new double[][] {{0.5, 3, 1}, {1, 5, 8}}, a.minus(b));
        assertValues(new double[][] {{0.5, -2, 6}, {12, 0, -12}}, a.times(b));
        assertValues(new double[][] {{-2, -4, -6}, {-8, -10, -12}}, a.scale(-2));
        assertValues(new double[][] {{0, -1, -2}, {-3, -4, -5}}, a.oneMinus());
        assertValues(new double[][] {{11, 12, 13}, {14, 15, 16}}, a.plusRow(Matrix.row(10, 10, 10)));
        assertValues(new double[][] {{5, 7, 9}}, a.sumRows());
        assertValues(new double[][] {{6}, {15}}, a.sumColumns());
        assertValues(new double[][] {{6, 6}, {15, 15}}, a.sumColumns().repeatColumns(2));
        assertTrue(a.approxEquals(before, 0), "operands are unchanged");
        assertTrue(a.plus(b) != a, "a new matrix");
    }

    @Test
    void mapAppliesTheActivationAndItsDerivative() {
        Matrix z = Matrix.row(-1, 0, 2);
        Matrix s = z.map(Activation.SIGMOID);
        assertEquals(1 / (1 + Math.exp(1)), s.get(0, 0), 1e-15);
        assertEquals(0.5, s.get(0, 1), 0);
        assertValues(new double[][] {{0, 0, 2}}, z.map(Activation.RELU));
        Matrix d = z.mapDerivative(Activation.SIGMOID, s);
        assertEquals(0.25, d.get(0, 1), 0);
        assertEquals(s.get(0, 2) * (1 - s.get(0, 2)), d.get(0, 2), 0);
        Matrix p = Matrix.row(1, 2, 3).softmaxRows();
        assertEquals(1.0, p.sumColumns().get(0, 0), 1e-15);
        assertEquals(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), p.get(0, 2), 1e-15);
    }

    @Test
    void matmulAndTransposeAgreeWithTheKernels() {
        SplittableRandom rng = new SplittableRandom(3);
        Matrix x = new Matrix(4, 5), w = new Matrix(5, 3);
        Init.uniform(x, 1, rng);
        Init.uniform(w, 1, rng);
        Matrix expected = new Matrix(4, 3);
        NaiveKernels.mulAdd(x, w, expected);
        assertTrue(expected.approxEquals(x.matmul(w), 1e-14));
        assertValues(new double[][] {{1, 4}, {2, 5}, {3, 6}}, a.transpose());
        assertValues(new double[][] {{14, 32}, {32, 77}}, a.matmul(a.transpose()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(a));
        assertTrue(e.getMessage().contains("2×3 · 2×3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.times(a.transpose()));
        assertTrue(e.getMessage().contains("matmul"), "the message points to the matrix product: " + e.getMessage());
    }

    @Test
    void gateBlocksByName() {
        int H = 3;
        Matrix bias = new Matrix(1, 4 * H);
        bias.fillBlock(Gate.FORGET, 10);
        assertValues(new double[][] {{0, 0, 0, 0, 0, 0, 10, 10, 10, 0, 0, 0}}, bias);
        assertValues(new double[][] {{10, 10, 10}}, bias.block(Gate.FORGET));
        bias.setBlock(Gate.OUTPUT, Matrix.row(1, 2, 3));
        assertValues(new double[][] {{1, 2, 3}}, bias.block(3, 4));
        assertValues(new double[][] {{0, 0, 0}}, bias.block(Gate.Z));
        Matrix gru = new Matrix(2, 3 * 2);
        gru.fillBlock(Gate.RESET, 1);
        assertValues(new double[][] {{0, 0, 1, 1, 0, 0}, {0, 0, 1, 1, 0, 0}}, gru);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.block(Gate.FORGET));
        assertTrue(e.getMessage().contains("3 columns cannot be cut into 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bias.block(4, 4));
    }

    @Test
    void concatAndColumnsAreInverse() {
        Matrix c = Matrix.concat(a, b, Matrix.of(new double[] {7, 7}, new double[] {8, 8}));
        assertEquals(2, c.rows);
        assertEquals(8, c.cols);
        assertTrue(c.columns(0, 3).approxEquals(a, 0));
        assertTrue(c.columns(3, 6).approxEquals(b, 0));
        assertThrows(IllegalArgumentException.class, () -> Matrix.concat(a, Matrix.row(1)));
    }

    @Test
    void addToGradAdds() {
        Param p = new Param("W", 2, 3);
        p.addToGrad(a).addToGrad(a);
        assertTrue(p.grad.approxEquals(a.scale(2), 0));
        assertThrows(IllegalArgumentException.class, () -> p.addToGrad(Matrix.row(1)));
    }
}
