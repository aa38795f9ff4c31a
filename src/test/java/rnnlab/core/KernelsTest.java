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

    /**
     * The overwriting products C = A·B and C = A·Bᵀ ignore what C held and give the bits of zero-then-add, with 1 and
     * 2 threads (the shapes cross the parallel threshold), and the row products on one thread give the bits of the
     * whole product.
     */
    @Test
    void overwritingAndRowProductsGiveTheBitsOfZeroThenAdd() {
        int before = Kernels.threads();
        try {
            SplittableRandom rng = new SplittableRandom(17);
            for (int[] s : new int[][] {{3, 7, 5}, {40, 50, 60}, {96, 130, 200}}) {
                int n = s[0], k = s[1], m = s[2];
                Matrix a = random(n, k, rng), b = random(k, m, rng), bt = random(m, k, rng);
                Matrix expected = new Matrix(n, m), expectedT = new Matrix(n, m);
                Kernels.setThreads(1);
                Kernels.mulAdd(a, b, expected);
                Kernels.mulTransBAdd(a, bt, expectedT);
                Matrix naive = new Matrix(n, m);
                NaiveKernels.mulAdd(a, b, naive);
                assertTrue(expected.approxEquals(naive, TOL), "mulAdd vs naive, " + n + "×" + k + "×" + m);
                for (int th = 1; th <= 2; th++) {
                    Kernels.setThreads(th);
                    Matrix c = random(n, m, rng), ct = random(n, m, rng); // garbage that must be overwritten
                    Kernels.mul(a, b, c);
                    Kernels.mulTransB(a, bt, ct);
                    assertTrue(c.approxEquals(expected, 0.0), "mul with " + th + " threads, " + n + "×" + k + "×" + m);
                    assertTrue(ct.approxEquals(expectedT, 0.0), "mulTransB with " + th + " threads, " + n + "×" + k
                            + "×" + m);
                    Matrix rows = new Matrix(n, m);
                    int mid = Kernels.splitRows(n);
                    Kernels.mulAddRows(a, b, rows, mid, n);
                    Kernels.mulAddRows(a, b, rows, 0, mid);
                    assertTrue(rows.approxEquals(expected, 0.0), "mulAddRows in two parts, " + n + "×" + k + "×" + m);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> Kernels.mulAddRows(new Matrix(4, 3), new Matrix(3, 2),
                    new Matrix(4, 2), 2, 5));
        } finally {
            Kernels.setThreads(before);
        }
    }
}
