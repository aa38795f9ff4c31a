package rnnlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * The weight gradients of one δ in one product ({@link Kernels#mulTransAAdd(Matrix[], Matrix, Matrix[], int)}:
     * each thread packs each chunk of δ once for its rows of all of them) give every element as one fma chain over
     * the rows in order from its stored value: the bits of one {@code mulTransAAdd} per gradient, with 1 and 2
     * threads, on sizes with edge tiles, more than one 256-row block, and products too narrow to be fused.
     */
    @Test
    void weightGradientsOfOneDeltaInOneProductGiveTheBitsOfOneProductEach() {
        SplittableRandom rng = new SplittableRandom(59);
        int saved = Kernels.threads();
        try {
            for (int[] s : new int[][] {{300, 200, 100, 520, 97}, {300, 67, 96, 100}, {700, 400, 256, 128},
                    {130, 90, 100, 20}, {40, 24, 9, 5}}) {
                int n = s[0], m = s[1], count = s.length - 2;
                Matrix b = random(n, m, rng);
                Matrix[] as = new Matrix[count], c0 = new Matrix[count];
                boolean wide = true;                       // every product read transposed: one fma chain each
                for (int t = 0; t < count; t++) {
                    wide &= s[2 + t] >= 96;
                    as[t] = random(n, s[2 + t], rng);
                    c0[t] = random(s[2 + t], m, rng);
                }
                for (int th = 1; th <= 2; th++) {
                    Kernels.setThreads(th);
                    Matrix[] c = new Matrix[count];
                    for (int t = 0; t < count; t++) {
                        c[t] = c0[t].copy();
                    }
                    Kernels.mulTransAAdd(as, b, c, count);
                    for (int t = 0; t < count; t++) {
                        Matrix expected = c0[t].copy();
                        Kernels.mulTransAAdd(as[t], b, expected);
                        for (int i = 0; i < expected.rows; i++) {
                            for (int j = 0; j < m; j++) {
                                double e = c0[t].data[i][j];
                                for (int p = 0; p < n; p++) {
                                    e = Math.fma(as[t].data[p][i], b.data[p][j], e);
                                }
                                if (Kernels.vectorised() && wide) {
                                    assertEquals(Double.doubleToLongBits(e), Double.doubleToLongBits(c[t].data[i][j]),
                                            java.util.Arrays.toString(s) + ", " + th + " thread(s), product " + t
                                            + ", element (" + i + "," + j + "): " + c[t].data[i][j]
                                            + ", the fma chain gives " + e);
                                }
                                assertEquals(Double.doubleToLongBits(expected.data[i][j]),
                                        Double.doubleToLongBits(c[t].data[i][j]), "one call per gradient gives "
                                        + expected.data[i][j] + ", the fused product " + c[t].data[i][j]);
                            }
                        }
                    }
                }
            }
        } finally {
            Kernels.setThreads(saved);
        }
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

    /**
     * A·Bᵀ with few rows of A (a batch of one sequence) runs as dot products of rows, without transposing B: it agrees
     * with the naive product on odd sizes (inner sizes below, at and above a vector, with tails; B rows not a multiple
     * of the 4- and 8-row blocks), and any split of the rows (as between two threads) gives the bits of the whole.
     */
    @Test
    void rowDotProductsAgreeWithTheNaiveProductAndDoNotDependOnTheRowSplit() {
        assertTrue(Kernels.rowDotProducts(1, 400, 100) == Kernels.vectorised()
                && !Kernels.rowDotProducts(Kernels.DOT_MAX_ROWS + 1, 400, 100) && !Kernels.rowDotProducts(3, 16, 4),
                "row dot products are used exactly with the Vector API kernels, for at most DOT_MAX_ROWS rows, not tiny");
        SplittableRandom rng = new SplittableRandom(23);
        for (int n : new int[] {1, 2, 3, 4, 5, 7, 15, 16}) {
            for (int k : new int[] {1, 3, 7, 8, 9, 17, 100, 127}) {
                for (int m : new int[] {1, 3, 4, 5, 7, 8, 9, 13, 100}) {
                    Matrix a = random(n, k, rng), b = random(m, k, rng), c0 = random(n, m, rng);
                    Matrix whole = c0.copy(), naive = c0.copy();
                    Kernels.mulTransBAddRows(a, b, whole, 0, n);
                    NaiveKernels.mulTransBAdd(a, b, naive);
                    String shape = n + "×" + k + " · (" + m + "×" + k + ")ᵀ";
                    assertTrue(whole.approxEquals(naive, TOL), "mulTransBAddRows vs naive, " + shape);
                    for (int mid : new int[] {1, n / 2, n - 1}) {
                        if (mid <= 0 || mid >= n) {
                            continue;
                        }
                        Matrix parts = c0.copy();
                        Kernels.mulTransBAddRows(a, b, parts, mid, n);
                        Kernels.mulTransBAddRows(a, b, parts, 0, mid);
                        assertTrue(parts.approxEquals(whole, 0.0), "rows split at " + mid + ", " + shape);
                    }
                    Matrix over = random(n, m, rng);            // garbage that C = A·Bᵀ must overwrite
                    Kernels.mulTransB(a, b, over);
                    Matrix zeroThenAdd = new Matrix(n, m);
                    Kernels.mulTransBAdd(a, b, zeroThenAdd);
                    assertTrue(over.approxEquals(zeroThenAdd, 0.0), "mulTransB = zero, then mulTransBAdd, " + shape);
                    Matrix naiveOver = new Matrix(n, m);
                    NaiveKernels.mulTransBAdd(a, b, naiveOver);
                    assertTrue(over.approxEquals(naiveOver, TOL), "mulTransB vs naive, " + shape);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Kernels.mulTransBAddRows(new Matrix(2, 3), new Matrix(4, 2),
                new Matrix(2, 4), 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Kernels.mulTransBAddRows(new Matrix(2, 3), new Matrix(4, 3),
                new Matrix(2, 4), 1, 3));
    }

    /**
     * The dot-product kernel gives the same bits before and after the JIT compiles it (interpreted Vector API code,
     * then C1, then C2): it uses no lane reduction whose order could differ between them.
     */
    @Test
    void rowDotProductsGiveTheSameBitsInterpretedAndCompiled() {
        SplittableRandom rng = new SplittableRandom(29);
        Matrix a = random(3, 100, rng), b = random(14, 100, rng);   // 1×8, 1×4 and 1×1 blocks, a tail of 4 values
        assertTrue(Kernels.rowDotProducts(3, 100, 14) == Kernels.vectorised());
        Matrix first = new Matrix(3, 14);
        Kernels.mulTransBAddRows(a, b, first, 0, 3);
        Matrix again = new Matrix(3, 14);
        for (int rep = 0; rep < 20_000; rep++) {
            again.zero();
            Kernels.mulTransBAddRows(a, b, again, 0, 3);
            if (!again.approxEquals(first, 0.0)) {
                throw new AssertionError("call " + rep + " gave other bits than the first call");
            }
        }
    }

    @Test
    void theRowRangeProductsRejectRowsOutsideTheirOperandNamingIt() {
        Kernels.Packed packed = new Kernels.Packed();
        packed.pack(new Matrix(3, 2));
        String[][] cases = {
            {message(() -> Kernels.mulAddRows(new Matrix(4, 3), new Matrix(3, 2), new Matrix(4, 2), 2, 5)),
                "mulAddRows: rows 2 … 5 (end excluded) are not inside the 4 rows of A"},
            {message(() -> Kernels.mulAddRows(new Matrix(4, 3), packed, new Matrix(4, 2), -1, 2)),
                "mulAddRows: rows -1 … 2 (end excluded) are not inside the 4 rows of A"},
            {message(() -> Kernels.mulTransBAddRows(new Matrix(2, 3), new Matrix(4, 3), new Matrix(2, 4), 1, 3)),
                "mulTransBAddRows: rows 1 … 3 (end excluded) are not inside the 2 rows of A"},
            {message(() -> Kernels.mulTransAAddRows(new Matrix(5, 3), new Matrix(5, 2), new Matrix(3, 2), 2, 1)),
                "mulTransAAddRows: rows 2 … 1 (end excluded) are not inside the 3 rows of C"},
            {message(() -> Kernels.mulTransAAddRows(new Matrix(5, 3), new Matrix(5, 2), new Matrix(3, 2), 0, 4)),
                "mulTransAAddRows: rows 0 … 4 (end excluded) are not inside the 3 rows of C"},
        };
        for (String[] c : cases) {
            assertTrue(c[0].startsWith(c[1]), "expected '" + c[1] + "…', got '" + c[0] + "'");
        }
        // the ranges up to the end are inside: no error
        Kernels.mulTransAAddRows(new Matrix(5, 3), new Matrix(5, 2), new Matrix(3, 2), 0, 3);
        Kernels.mulTransAAddRows(new Matrix(5, 3), new Matrix(5, 2), new Matrix(3, 2), 3, 3);
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
