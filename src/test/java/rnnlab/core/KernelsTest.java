package rnnlab.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class KernelsTest {
    static final double TOL = 1e-12;

    static Matrix random(int r, int c, SplittableRandom rng) {
        Matrix m = new Matrix(r, c);
        Init.uniform(m, 1.0, rng);
        return m;
    }

    @Test
    void fastKernelsAgreeWithNaiveTwinsOnRandomShapes() {
        SplittableRandom rng = new SplittableRandom(7);
        int[] sizes = {1, 2, 3, 5, 8, 17, 33};
        for (int n : sizes) {
            for (int k : sizes) {
                for (int m : new int[] {1, 4, 7, 64}) {
                    Matrix a = random(n, k, rng), b = random(k, m, rng);
                    Matrix c1 = random(n, m, rng), c2 = c1.copy();
                    Kernels.mulAdd(a, b, c1);
                    NaiveKernels.mulAdd(a, b, c2);
                    assertTrue(c1.approxEquals(c2, TOL), "mulAdd " + n + "x" + k + "x" + m);

                    Matrix at = random(n, k, rng), bt = random(n, m, rng);
                    Matrix d1 = random(k, m, rng), d2 = d1.copy();
                    Kernels.mulTransAAdd(at, bt, d1);
                    NaiveKernels.mulTransAAdd(at, bt, d2);
                    assertTrue(d1.approxEquals(d2, TOL), "mulTransAAdd " + n + "x" + k + "x" + m);

                    Matrix x = random(n, m, rng), y = random(k, m, rng);
                    Matrix e1 = random(n, k, rng), e2 = e1.copy();
                    Kernels.mulTransBAdd(x, y, e1);
                    NaiveKernels.mulTransBAdd(x, y, e2);
                    assertTrue(e1.approxEquals(e2, TOL), "mulTransBAdd " + n + "x" + k + "x" + m);
                }
            }
        }
    }

    @Test
    void productOfKnownMatrices() {
        Matrix a = Matrix.of(new double[] {1, 2}, new double[] {3, 4});
        Matrix b = Matrix.of(new double[] {5, 6}, new double[] {7, 8});
        Matrix c = new Matrix(2, 2);
        Kernels.mulAdd(a, b, c);
        assertTrue(c.approxEquals(Matrix.of(new double[] {19, 22}, new double[] {43, 50}), 0));
    }

    @Test
    void shapeMismatchNamesTheShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Kernels.mulAdd(new Matrix(2, 3), new Matrix(2, 3), new Matrix(2, 3)));
        assertTrue(e.getMessage().contains("2×3"), e.getMessage());
    }
}
