package rnnlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The float32 kernels ({@link FloatKernels}): both implementations against a product computed in double from the
 * same float inputs, on whole products and row ranges; the two-thread split against one thread, bit for bit; the
 * float gate activations against the double ones; and the plain loops in a JVM without the Vector API module.
 *
 * <p>Tolerance of a product: each of its k products and sums rounds once in float (relative 2⁻²⁴ ≈ 6e-8), so the
 * error of one element is at most about k·6e-8·Σ|aᵢbᵢ|; the test allows 2k·6e-8·Σ|aᵢbᵢ| + 1e-30.
 */
class FloatKernelsTest {
    static final double EPS = Math.ulp(1f) / 2;

    static float[][] random(int r, int c, SplittableRandom rng) {
        float[][] m = new float[r][c];
        for (float[] row : m) {
            for (int j = 0; j < c; j++) {
                row[j] = (float) rng.nextDouble(-1, 1);
            }
        }
        return m;
    }

    static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    static List<FloatKernels.Impl> impls() {
        List<FloatKernels.Impl> l = new ArrayList<>(List.of(FloatKernels.PLAIN));
        if (FloatKernels.VECTOR != null) {
            l.add(FloatKernels.VECTOR);
        }
        return l;
    }

    /** Checks C1 = C0 + A·B on rows [r0, r1) (other rows untouched) against the product in double. */
    static void assertProduct(float[][] a, float[][] b, float[][] c0, float[][] c1, int r0, int r1, int k, int m,
                              String what) {
        for (int i = 0; i < c0.length; i++) {
            for (int j = 0; j < m; j++) {
                double exact = c0[i][j], mag = Math.abs(c0[i][j]);
                if (i >= r0 && i < r1) {
                    for (int p = 0; p < k; p++) {
                        exact += (double) a[i][p] * b[p][j];
                        mag += Math.abs((double) a[i][p] * b[p][j]);
                    }
                }
                double tol = 2 * (k + 1) * EPS * mag + 1e-30;
                assertTrue(Math.abs(c1[i][j] - exact) <= tol, what + ": element (" + i + "," + j + ") is " + c1[i][j]
                        + ", the product in double " + exact + " (tolerance " + tol + ")");
            }
        }
    }

    @Test
    void theVectorFloatKernelsRunInThisTestJvm() {
        assertNotNull(FloatKernels.VECTOR, "expected the Vector API float kernels with --add-modules "
                + "jdk.incubator.vector; implementation is " + FloatKernels.implementation());
        assertTrue(FloatKernels.vectorised(), FloatKernels.implementation());
    }

    @Test
    void everyImplementationAgreesWithTheProductInDoubleOnWholeProductsAndRowRanges() {
        SplittableRandom rng = new SplittableRandom(11);
        int[] sizes = {1, 3, 4, 5, 9, 17, 30};
        int[] widths = {1, 7, 8, 15, 16, 17, 47, 48, 49, 100, 300};
        for (FloatKernels.Impl impl : impls()) {
            for (int n : sizes) {
                for (int k : new int[] {1, 5, 33, 300}) {
                    for (int m : widths) {
                        float[][] a = random(n, k, rng), b = random(k, m, rng), c0 = random(n, m, rng);
                        float[][] c1 = copy(c0);
                        impl.mulAdd(a, b, c1, 0, n, k, m);
                        assertProduct(a, b, c0, c1, 0, n, k, m, impl.name() + " " + n + "×" + k + "×" + m);
                        int lo = n / 3, hi = n - n / 4;
                        float[][] c2 = copy(c0);
                        impl.mulAdd(a, b, c2, lo, hi, k, m);
                        assertProduct(a, b, c0, c2, lo, hi, k, m, impl.name() + " rows " + lo + "…" + hi);
                    }
                }
            }
        }
    }

    /**
     * A·Bᵀ as row dot products (few rows of A, no transposition of B), by every implementation: agrees with the
     * product in double on odd sizes (inner sizes with tails below, at and above a 16-float vector), any row split
     * gives the bits of the whole, and {@link FloatKernels#mulTransB} agrees on both sides of the dot-product limit.
     */
    @Test
    void rowDotProductsAgreeWithTheProductInDoubleAndDoNotDependOnTheRowSplit() {
        assertTrue(FloatKernels.rowDotProducts(Kernels.DOT_MAX_ROWS, 400, 100) && !FloatKernels.rowDotProducts(
                Kernels.DOT_MAX_ROWS + 1, 400, 100) && FloatKernels.rowDotProducts(3, 16, 4)
                && !FloatKernels.rowDotProducts(3, 7, 4),
                "the Vector API float kernels use row dot products for few rows of at least 8 values, however small"
                + " the product (since session 12: the lecture's LSTM, H = 4, gates 16)");
        SplittableRandom rng = new SplittableRandom(13);
        for (FloatKernels.Impl impl : impls()) {
            for (int n : new int[] {1, 2, 4, 5, 15, 16, 17, 33}) {
                for (int k : new int[] {1, 7, 15, 16, 17, 100, 127, 400}) {
                    for (int m : new int[] {1, 3, 4, 7, 8, 9, 13, 100}) {
                        float[][] a = random(n, k, rng), b = random(m, k, rng), c0 = random(n, m, rng);
                        float[][] bt = new float[k][m];
                        FloatKernels.transpose(b, bt, m, k);
                        String shape = impl.name() + " " + n + "×" + k + " · (" + m + "×" + k + ")ᵀ";
                        float[][] whole = copy(c0);
                        impl.mulTransBAdd(a, b, whole, 0, n, k, m);
                        assertProduct(a, bt, c0, whole, 0, n, k, m, "mulTransBAdd " + shape);
                        int mid = n / 2;
                        float[][] parts = copy(c0);
                        impl.mulTransBAdd(a, b, parts, mid, n, k, m);
                        impl.mulTransBAdd(a, b, parts, 0, mid, k, m);
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j < m; j++) {
                                assertEquals(Float.floatToIntBits(whole[i][j]), Float.floatToIntBits(parts[i][j]),
                                        "rows split at " + mid + ", element (" + i + "," + j + "), " + shape);
                            }
                        }
                    }
                }
            }
        }
        for (int n : new int[] {3, 16, 17, 40}) {            // FloatKernels.mulTransB: dot products, then transposed
            int k = 137, m = 29;
            float[][] a = random(n, k, rng), b = random(m, k, rng), bt = new float[k][m], c = random(n, m, rng);
            FloatKernels.mulTransB(a, b, new float[k][m], c, n, k, m);
            FloatKernels.transpose(b, bt, m, k);
            assertProduct(a, bt, new float[n][m], c, 0, n, k, m, "mulTransB (overwrite) with " + n + " rows");
        }
    }

    /**
     * The Vector API kernel computes every element as one chain of fused multiply-adds over p in order, also in the
     * last columns (fewer than a vector, done with a vector over the last L columns whose first lanes are not
     * stored): bit for bit the scalar {@link Math#fma} chain, on widths around every multiple of the vector length,
     * inner dimensions across the chunk of 256, and rows longer than m, whose extra columns must stay untouched.
     */
    /**
     * A matrix packed once ({@link FloatKernels.Packed}) gives the bits of the product on the matrix itself, for any
     * rows (1 to 70, so the small-row blocks, the packed blocks and row ranges split anywhere), widths around the
     * strips and across the chunk of k; packing again after B changed uses the new values.
     */
    @Test
    void aPackedMatrixGivesTheBitsOfTheProductOnTheMatrix() {
        SplittableRandom rng = new SplittableRandom(37);
        int L = FloatKernels.VECTOR == null ? 16 : VectorFloatKernels.L;
        FloatKernels.Packed packed = new FloatKernels.Packed();
        // 16 rows or more on one side of the split: A's 8-row groups are packed too (PACKED_A_MIN_ROWS), the rest not
        for (int n : new int[] {1, 3, 8, 16, 21, 32, 64, 70}) {
            for (int k : new int[] {5, 100, 300}) {
                for (int m : new int[] {7, 3 * L, 3 * L + 5, 100, 127, 400}) {
                    float[][] a = random(n, k, rng), b = random(k, m, rng), c0 = random(n, m, rng);
                    for (int round = 0; round < 2; round++) {
                        packed.pack(b, k, m);
                        float[][] expected = copy(c0), got = copy(c0);
                        FloatKernels.mulAddRows(a, b, expected, 0, n, n, k, m);
                        int mid = n / 3;
                        FloatKernels.mulAddRows(a, packed, got, 0, mid, n);
                        FloatKernels.mulAddRows(a, packed, got, mid, n, n);
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j < m; j++) {
                                assertEquals(Float.floatToIntBits(expected[i][j]), Float.floatToIntBits(got[i][j]),
                                        n + "×" + k + "×" + m + " round " + round + ": element (" + i + "," + j + ")");
                            }
                        }
                        b[k / 2][m - 1] += 1f;    // B changes: the next pack must see it
                    }
                }
            }
        }
    }

    /**
     * The whole vectors after the last full strip of a packed B (C's h·U: the last 16 of 1024 columns, δ·Uᵀ: of 256)
     * are packed too and run under A's packed 8-row panels ({@code VectorFloatKernels.tailVectors}); the last partial
     * vector and the rows after the last 8-row group still read B's rows. Every element is one fma chain over p in
     * order from its stored value: tails of 0, 1 and 2 vectors with and without a partial vector, rows 16 to 70 from
     * row 0 and row 3, k across the inner chunk of 256; the columns of C past m stay untouched; a second, narrower B
     * in the same {@code Packed} leaves no stale tail.
     */
    @Test
    void theTailAfterTheFullStripsIsPackedWithTheBitsOfTheFmaChains() {
        if (FloatKernels.VECTOR == null) {
            return; // the plain kernels pack nothing
        }
        int L = VectorFloatKernels.L, W = VectorFloatKernels.W;
        assertEquals(0, VectorFloatKernels.tailVectors(21 * W + L - 1));
        assertEquals(1, VectorFloatKernels.tailVectors(21 * W + L));
        assertEquals(2, VectorFloatKernels.tailVectors(21 * W + 2 * L + 3));
        SplittableRandom rng = new SplittableRandom(71);
        FloatKernels.Packed packed = new FloatKernels.Packed();
        for (int m : new int[] {1024, 256, 5 * W + 2 * L, 5 * W + 2 * L + 3, 4 * W + L + 7, 4 * W + 5, 4 * W}) {
            for (int k : new int[] {300, 7}) {
                float[][] b = random(k, m, rng);
                packed.pack(b, k, m);
                for (int[] rows : new int[][] {{0, 16}, {0, 21}, {3, 64}, {0, 70}}) {
                    int r0 = rows[0], n = rows[1];
                    float[][] a = random(n, k, rng), c0 = random(n, m + 4, rng), c = copy(c0);
                    FloatKernels.mulAddRows(a, packed, c, r0, n, n);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < m + 4; j++) {
                            float e = c0[i][j];
                            if (i >= r0 && j < m) {
                                for (int p = 0; p < k; p++) {
                                    e = Math.fma(a[i][p], b[p][j], e);
                                }
                            }
                            if (Float.floatToIntBits(e) != Float.floatToIntBits(c[i][j])) {
                                org.junit.jupiter.api.Assertions.fail("rows " + r0 + "…" + (n - 1) + " × " + k + " × "
                                        + m + ": element (" + i + "," + j + ") is " + c[i][j] + ", the fma chain " + e);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * A {@link FloatKernels.Packed} Uᵀ made by {@code packTransposed} (straight from U's rows at 64 to 191 columns of
     * Uᵀ with the Vector API, through the scratch otherwise): every product on it, from 1 to 70 rows and split
     * anywhere, is each element's fma chain over p in order (8-row blocks, the last rows with rows of zeros, 1-row
     * blocks for parts of fewer than 8 rows, last strips of 1 to 3 vectors
     * with partial vectors, across the inner chunk), the bits of packing a transposed copy; U changed is seen by the
     * next pack; a scratch too small is refused with the shapes.
     */
    @Test
    void aPackedTransposeMadeFromURowsGivesTheBitsOfTheFmaChains() {
        SplittableRandom rng = new SplittableRandom(53);
        int L = FloatKernels.VECTOR == null ? 16 : VectorFloatKernels.L;
        FloatKernels.Packed direct = new FloatKernels.Packed(), viaCopy = new FloatKernels.Packed();
        // U is k×m; the products multiply by Uᵀ (m×k): m is their inner dimension, k their width
        for (int[] km : new int[][] {{100, 400}, {127, 100}, {4 * L, 33}, {4 * L + 1, 600}, {191, 40}, {400, 100},
                {20, 100}, {3 * L, 70}}) {
            int k = km[0], m = km[1];
            float[][] u = random(k, m, rng), scratch = new float[m + 1][k + 2], ut = new float[m][k];
            for (int round = 0; round < 2; round++) {
                direct.packTransposed(u, k, m, scratch);
                FloatKernels.transpose(u, ut, k, m);
                viaCopy.pack(ut, m, k);
                for (int n : new int[] {1, 3, 8, 13, 21, 32, 70}) {
                    float[][] a = random(n, m, rng), c0 = random(n, k + 3, rng);
                    float[][] got = copy(c0), expected = copy(c0);
                    int mid = n / 3;
                    FloatKernels.mulAddRows(a, direct, got, 0, mid, n);
                    FloatKernels.mulAddRows(a, direct, got, mid, n, n);
                    FloatKernels.mulAddRows(a, viaCopy, expected, 0, n, n);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < k + 3; j++) {
                            float e = c0[i][j];
                            boolean vector = FloatKernels.vectorised() && FloatKernels.implFor(n, m, k) == FloatKernels.IMPL;
                            if (j < k && vector) {
                                for (int p = 0; p < m; p++) {
                                    e = Math.fma(a[i][p], u[j][p], e);
                                }
                            } else {
                                e = expected[i][j];         // the plain i-k-j loops (tiny products) round each product
                            }
                            if (Float.floatToIntBits(e) != Float.floatToIntBits(got[i][j])
                                    || Float.floatToIntBits(expected[i][j]) != Float.floatToIntBits(got[i][j])) {
                                org.junit.jupiter.api.Assertions.fail(n + " rows · Uᵀ of U " + k + "×" + m + " round "
                                        + round + ": element (" + i + "," + j + ") is " + got[i][j]
                                        + ", packed from a transposed copy " + expected[i][j] + ", the fma chain " + e);
                            }
                        }
                    }
                }
                u[k / 2][m - 1] += 1f;    // U changes: the next pack must see it
            }
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> direct.packTransposed(new float[100][400], 100, 400, new float[400][99]));
        assertTrue(e.getMessage().contains("100×400") && e.getMessage().contains("400×100"), e.getMessage());
    }

    /**
     * Calls of {@link VectorFloatKernels#PACK_MIN_ROWS} or more rows and at least
     * {@link VectorFloatKernels#PACK_MIN_COLS} columns copy A into panels of 8 rows and B into strips of up to 3
     * vectors first ({@code mulAddPackedAB}); narrower calls keep the unpacked blocks. Either way every element is
     * one fma chain over p in order (the bits of {@link Math#fma} chains and of the unpacked kernel row by row): in
     * full strips, last strips of 1, 2 or 3 vectors with or without a partial vector, panels cut short by the end of
     * the rows or of a row chunk ({@link VectorFloatKernels#ABM}), across the chunks of k
     * ({@link VectorFloatKernels#ABK}); columns past m and rows outside the range are not touched.
     */
    @Test
    void thePackedKernelIsOneFmaChainPerElement() {
        if (FloatKernels.VECTOR == null) {
            return; // checked by theVectorFloatKernelsRunInThisTestJvm
        }
        int L = VectorFloatKernels.L, R = VectorFloatKernels.PACK_MIN_ROWS, W = VectorFloatKernels.W;
        int PC = VectorFloatKernels.PACK_MIN_COLS;
        SplittableRandom rng = new SplittableRandom(29);
        for (int n : new int[] {R, R + 5, 2 * R + 3, VectorFloatKernels.ABM + 13}) {
            for (int k : new int[] {VectorFloatKernels.ABK + 3, 1, 100}) {
                for (int m : new int[] {3 * L, 3 * L + 1, 100, 127, PC - 1, PC, PC + 1, PC + L, PC + 2 * L - 3,
                        PC + W + 5, 400}) {
                    checkPackedProduct(n, k, m, 2, rng);
                }
            }
        }
        checkPackedProduct(R + 1, 2 * VectorFloatKernels.ABK + 1, PC + 2 * L + 1, 0, rng);
    }

    /**
     * Products whose C has at least {@link VectorFloatKernels#ROWS_OUTER_MIN_C} floats (x·W over all steps at C) run
     * the packed blocks with A's panels outer and B's strips inner: the same fma chain per element, from any row,
     * with short last panels and last strips of 1 to 3 vectors with a partial vector, across the chunks of k; also
     * with A read transposed, and just below the size, where the strips stay outer.
     */
    @Test
    void largeProductsRunPanelsOuterWithTheBitsOfTheFmaChains() {
        if (FloatKernels.VECTOR == null) {
            return; // checked by theVectorFloatKernelsRunInThisTestJvm
        }
        int L = VectorFloatKernels.L, W = VectorFloatKernels.W, PC = VectorFloatKernels.PACK_MIN_COLS;
        long big = VectorFloatKernels.ROWS_OUTER_MIN_C;
        SplittableRandom rng = new SplittableRandom(41);
        for (int m : new int[] {PC + 2 * L + 1, PC + W + 5, 4 * W + L}) {
            int rows = (int) ((big + m - 1) / m);           // the fewest rows that take the panels-outer order
            checkPackedProduct(rows + 3 + 5, 3, m, 3, rng);
            checkPackedProduct(rows + 2, VectorFloatKernels.ABK + 3, m, 2, rng);
            checkPackedProduct(rows + 1, 2, m, 2, rng);     // one row short: strips outer
            checkTransposedProduct(rows + 13, 5, m, 1, rng);
        }
    }

    /** C[r0..n) += Aᵀ·B by the Vector API kernel (A read transposed while packed), against fma chains. */
    private static void checkTransposedProduct(int n, int k, int m, int r0, SplittableRandom rng) {
        float[][] a = random(k, n + 2, rng), b = random(k, m + 5, rng), c0 = random(n, m + 3, rng);
        float[][] c = copy(c0);
        FloatKernels.VECTOR.mulAddTransA(a, b, c, r0, n, k, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m + 3; j++) {
                float e = c0[i][j];
                if (j < m && i >= r0) {
                    for (int p = 0; p < k; p++) {
                        e = Math.fma(a[p][i], b[p][j], e);
                    }
                }
                if (Float.floatToIntBits(e) != Float.floatToIntBits(c[i][j])) {
                    org.junit.jupiter.api.Assertions.fail("Aᵀ·B " + n + "×" + k + "×" + m + " from row " + r0
                            + ": element (" + i + "," + j + ") is " + c[i][j] + ", the fma chain gives " + e);
                }
            }
        }
    }

    /** C[r0..n) += A·B by the Vector API kernel, against fma chains and against the unpacked kernel row by row. */
    private static void checkPackedProduct(int n, int k, int m, int r0, SplittableRandom rng) {
        float[][] a = random(n, k, rng), b = random(k, m + 5, rng), c0 = random(n, m + 3, rng);
        float[][] c = copy(c0);
        FloatKernels.VECTOR.mulAdd(a, b, c, r0, n, k, m);
        float[][] rowByRow = copy(c0);
        for (int i = r0; i < n; i++) {
            FloatKernels.VECTOR.mulAdd(a, b, rowByRow, i, i + 1, k, m);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m + 3; j++) {
                float e = c0[i][j];
                if (j < m && i >= r0) {
                    for (int p = 0; p < k; p++) {
                        e = Math.fma(a[i][p], b[p][j], e);
                    }
                }
                if (Float.floatToIntBits(e) != Float.floatToIntBits(c[i][j])
                        || Float.floatToIntBits(e) != Float.floatToIntBits(rowByRow[i][j])) {
                    org.junit.jupiter.api.Assertions.fail(n + "×" + k + "×" + m + " from row " + r0 + ": element ("
                            + i + "," + j + ") is " + c[i][j] + " (row by row, unpacked: " + rowByRow[i][j]
                            + "), the fma chain gives " + e);
                }
            }
        }
    }

    /**
     * Calls of {@link VectorFloatKernels#PACK_MIN_ROWS} or more rows and {@link VectorFloatKernels#NARROW_MIN_COLS} to
     * {@link VectorFloatKernels#PACK_MIN_COLS} − 1 columns (∂x, the output layer) pack B per call into strips of 4
     * vectors and read A's rows ({@code mulAddNarrow}), B as given or read transposed (B: m×k,
     * {@code mulAddTransB}, which packs B's rows as Bᵀ's columns at every width): each element is the fma chain over
     * p in order, in 6-row blocks (the last rows of a call in the 6-row block with rows of zeros, calls of fewer
     * rows in 1-row blocks), row chunks of {@link VectorFloatKernels#NMC} cut anywhere, last strips of 1 to 4
     * vectors with and without a partial vector, across the chunks of k; rows outside the range and columns past m
     * untouched.
     */
    @Test
    void narrowProductsAreOneFmaChainPerElementWithBAsGivenOrTransposed() {
        if (FloatKernels.VECTOR == null) {
            return; // checked by theVectorFloatKernelsRunInThisTestJvm
        }
        int L = VectorFloatKernels.L, R = VectorFloatKernels.PACK_MIN_ROWS, NC = VectorFloatKernels.NARROW_MIN_COLS;
        int PC = VectorFloatKernels.PACK_MIN_COLS, KC = VectorFloatKernels.NKC, MC = VectorFloatKernels.NMC;
        assertTrue(VectorFloatKernels.narrow(R, NC) && VectorFloatKernels.narrow(R, PC - 1));
        assertTrue(!VectorFloatKernels.narrow(R - 1, 100) && !VectorFloatKernels.narrow(R, NC - 1)
                && !VectorFloatKernels.narrow(R, PC));
        assertTrue(FloatKernels.VECTOR.readsTransposedB(R, NC) && !FloatKernels.VECTOR.readsTransposedB(R - 1, NC)
                && !FloatKernels.VECTOR.readsTransposedB(R, NC - 1) && FloatKernels.VECTOR.readsTransposedB(R, 400));
        SplittableRandom rng = new SplittableRandom(43);
        int[] widths = {NC, NC + 1, 100, 6 * L, 127, 8 * L, 7 * L + 1, PC - 1};
        int[][] rowsK = {{R, 1}, {R + 1, 100}, {R + 5, KC + 3}, {2 * MC + 7, 2 * KC + 1}, {MC + 4, 33}};
        for (int[] rk : rowsK) {
            for (int m : widths) {
                checkNarrowProduct(rk[0], rk[1], m, rk[0] % 3, false, rng);
                checkNarrowProduct(rk[0], rk[1], m, rk[0] % 2, true, rng);
            }
        }
        // B read transposed at 192 columns or more: B's rows packed into the strips of mulAddPackedAB
        for (int m : new int[] {PC, PC + L + 3, 400}) {
            checkNarrowProduct(R + 3, KC + 5, m, 1, true, rng);
        }
        checkNarrowProduct(3, 100, 100, 0, true, rng);   // a part of a split product can have few rows
    }

    /** C[r0..n) += A·b by the Vector API kernel (b = Bᵀ through mulAddTransB if transB), against fma chains. */
    private static void checkNarrowProduct(int n, int k, int m, int r0, boolean transB, SplittableRandom rng) {
        float[][] a = random(n, k + 2, rng), b = transB ? random(m + 2, k + 3, rng) : random(k, m + 5, rng);
        float[][] c0 = random(n, m + 3, rng), c = copy(c0);
        if (transB) {
            FloatKernels.VECTOR.mulAddTransB(a, b, c, r0, n, k, m);
        } else {
            FloatKernels.VECTOR.mulAdd(a, b, c, r0, n, k, m);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m + 3; j++) {
                float e = c0[i][j];
                if (j < m && i >= r0) {
                    for (int p = 0; p < k; p++) {
                        e = Math.fma(a[i][p], transB ? b[j][p] : b[p][j], e);
                    }
                }
                if (Float.floatToIntBits(e) != Float.floatToIntBits(c[i][j])) {
                    org.junit.jupiter.api.Assertions.fail((transB ? "A·Bᵀ " : "A·B ") + n + "×" + k + "×" + m
                            + " from row " + r0 + ": element (" + i + "," + j + ") is " + c[i][j]
                            + ", the fma chain gives " + e);
                }
            }
        }
    }

    /**
     * {@link FloatKernels#mulTransB} and {@link FloatKernels#mulTransBAddRows} (∂x = δ·Wᵀ, the output layer's ∂h)
     * give the bits of transposing B and multiplying, with 1 and 2 threads, when they read B directly
     * ({@link FloatKernels#transposesB} false: the Vector API from 48 rows and 64 columns, or dot products for few
     * rows) and when they copy it; the plain kernels never read B transposed and say so if asked.
     */
    @Test
    void productsWithBTransposedGiveTheBitsOfMultiplyingByATransposedCopy() {
        SplittableRandom rng = new SplittableRandom(47);
        int saved = Kernels.threads();
        try {
            for (int[] s : new int[][] {{480, 400, 100}, {480, 127, 100}, {97, 100, 256}, {50, 33, 64}, {30, 100, 100},
                    {8, 100, 100}, {60, 40, 20}}) {
                int n = s[0], k = s[1], m = s[2];
                float[][] a = random(n, k, rng), b = random(m, k, rng), bt = new float[k][m];
                FloatKernels.transpose(b, bt, m, k);
                boolean direct = !FloatKernels.transposesB(n, k, m);
                assertEquals(FloatKernels.vectorised() && (n >= 48 && m >= 64 || FloatKernels.rowDotProducts(n, k, m)),
                        direct, n + "×" + k + "×" + m + ": transposesB");
                float[][] expected = new float[n][m];
                FloatKernels.mulAddRows(a, bt, expected, 0, n, n, k, m);
                for (int th = 1; th <= 2; th++) {
                    Kernels.setThreads(th);
                    float[][] c = random(n, m, rng), rows = new float[n][m];
                    FloatKernels.mulTransB(a, b, new float[k][m], c, n, k, m);
                    if (direct) {
                        int mid = n / 3;
                        FloatKernels.mulTransBAddRows(a, b, rows, 0, mid, n, k, m);
                        FloatKernels.mulTransBAddRows(a, b, rows, mid, n, n, k, m);
                    }
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < m; j++) {
                            // dot products sum in another order than mulAddRows: within the tolerance, not bit for bit
                            boolean bits = !FloatKernels.rowDotProducts(n, k, m);
                            if (bits && (Float.floatToIntBits(expected[i][j]) != Float.floatToIntBits(c[i][j])
                                    || direct && Float.floatToIntBits(expected[i][j])
                                    != Float.floatToIntBits(rows[i][j]))) {
                                org.junit.jupiter.api.Assertions.fail(n + "×" + k + "×" + m + ", " + th
                                        + " thread(s), element (" + i + "," + j + "): mulTransB " + c[i][j]
                                        + ", mulTransBAddRows " + rows[i][j] + ", on a transposed copy "
                                        + expected[i][j]);
                            }
                        }
                    }
                    assertProduct(a, bt, new float[n][m], c, 0, n, k, m, "mulTransB " + n + "×" + k + "×" + m);
                }
            }
        } finally {
            Kernels.setThreads(saved);
        }
        assertTrue(!FloatKernels.PLAIN.readsTransposedB(1000, 1000));
        UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(
                UnsupportedOperationException.class,
                () -> FloatKernels.PLAIN.mulAddTransB(new float[1][1], new float[1][1], new float[1][1], 0, 1, 1, 1));
        assertTrue(e.getMessage().contains("transpose B first"), e.getMessage());
    }

    /**
     * C += Aᵀ·B with A read transposed while it is packed ({@code mulAddTransA}, no transposed copy): each element
     * is the fma chain over p of A[p][i]·B[p][j], on row ranges starting anywhere (the panels then start at an
     * unaligned column of A), row counts that leave short panels, widths with short strips and partial vectors,
     * across the chunks of k; rows outside the range and columns past m untouched.
     */
    @Test
    void aTransposedIsReadWhilePackingWithTheBitsOfTheFmaChains() {
        if (FloatKernels.VECTOR == null) {
            return; // checked by theVectorFloatKernelsRunInThisTestJvm
        }
        int L = VectorFloatKernels.L, R = VectorFloatKernels.PACK_MIN_ROWS;
        assertTrue(FloatKernels.VECTOR.readsTransposedA(R));
        assertTrue(!FloatKernels.VECTOR.readsTransposedA(R - 1));
        SplittableRandom rng = new SplittableRandom(37);
        int[][] cases = {{R, 100, 400, 0}, {R + 7, 15, 127, 0}, {100, 480, 100, 5}, {100, 1, 3 * L + 1, 3},
                {VectorFloatKernels.ABM + 13, VectorFloatKernels.ABK + 3, 2 * L - 1, 0}, {61, 33, L - 3, 2},
                {R + 3, 2 * VectorFloatKernels.ABK + 5, 7 * L + 2, 1}};
        for (int[] cs : cases) {
            int n = cs[0], k = cs[1], m = cs[2], r0 = cs[3];
            float[][] a = random(k, n + 2, rng), b = random(k, m + 5, rng), c0 = random(n, m + 3, rng);
            float[][] c = copy(c0);
            FloatKernels.VECTOR.mulAddTransA(a, b, c, r0, n, k, m);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m + 3; j++) {
                    float e = c0[i][j];
                    if (j < m && i >= r0) {
                        for (int p = 0; p < k; p++) {
                            e = Math.fma(a[p][i], b[p][j], e);
                        }
                    }
                    if (Float.floatToIntBits(e) != Float.floatToIntBits(c[i][j])) {
                        org.junit.jupiter.api.Assertions.fail("Aᵀ·B " + n + "×" + k + "×" + m + " from row " + r0
                                + ": element (" + i + "," + j + ") is " + c[i][j] + ", the fma chain gives " + e);
                    }
                }
            }
        }
    }

    /**
     * {@link FloatKernels#mulTransAAdd} and {@link FloatKernels#mulTransAAddInto} give the bits of transposing A and
     * multiplying, with 1 and 2 threads, whether the parts are wide enough to read A transposed or are transposed
     * first (few rows), and with the plain kernels, which never read A transposed and say so if asked.
     */
    @Test
    void weightGradientsWithoutTheTransposedCopyGiveTheBitsOfTransposingFirst() {
        SplittableRandom rng = new SplittableRandom(41);
        int saved = Kernels.threads();
        try {
            for (int[] s : new int[][] {{480, 100, 400}, {480, 100, 127}, {60, 40, 100}, {200, 90, 33},
                    {3, 100, 64}}) {
                int n = s[0], k = s[1], m = s[2];
                float[][] a = random(n, k, rng), b = random(n, m, rng), c0 = random(k, m, rng);
                float[][] at = new float[k][n];
                FloatKernels.transpose(a, at, n, k);
                for (int th = 1; th <= 2; th++) {
                    Kernels.setThreads(th);
                    float[][] expected = copy(c0), c = copy(c0);
                    FloatKernels.mulAdd(at, b, expected, k, n, m);
                    FloatKernels.mulTransAAdd(a, b, c, n, k, m);
                    Matrix into = new Matrix(k, m), intoExpected = new Matrix(k, m);
                    FloatKernels.mulTransAAddInto(a, b, random(k, m, rng), into, n, k, m);
                    float[][] g = new float[k][m];
                    FloatKernels.mulAdd(at, b, g, k, n, m);
                    FloatKernels.addTo(g, intoExpected);
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < m; j++) {
                            if (Float.floatToIntBits(expected[i][j]) != Float.floatToIntBits(c[i][j])
                                    || Double.doubleToLongBits(intoExpected.data[i][j])
                                    != Double.doubleToLongBits(into.data[i][j])) {
                                org.junit.jupiter.api.Assertions.fail(n + "×" + k + "×" + m + ", " + th
                                        + " thread(s), element (" + i + "," + j + "): mulTransAAdd " + c[i][j]
                                        + " (transposing first: " + expected[i][j] + "), mulTransAAddInto "
                                        + into.data[i][j] + " (" + intoExpected.data[i][j] + ")");
                            }
                        }
                    }
                    assertProduct(at, b, c0, c, 0, k, n, m, "mulTransAAdd " + n + "×" + k + "×" + m);
                }
            }
        } finally {
            Kernels.setThreads(saved);
        }
        assertTrue(!FloatKernels.PLAIN.readsTransposedA(1000));
        UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(
                UnsupportedOperationException.class,
                () -> FloatKernels.PLAIN.mulAddTransA(new float[1][1], new float[1][1], new float[1][1], 0, 1, 1, 1));
        assertTrue(e.getMessage().contains("transpose A first"), e.getMessage());
    }

    @Test
    void theVectorKernelIsOneFmaChainPerElementInTheLastColumnsToo() {
        if (FloatKernels.VECTOR == null) {
            return; // checked by theVectorFloatKernelsRunInThisTestJvm
        }
        int L = VectorFloatKernels.L;
        SplittableRandom rng = new SplittableRandom(23);
        for (int n : new int[] {1, 3, 4, 7, 8, 13, 20}) {
            for (int k : new int[] {1, 7, 100, 300}) {
                for (int m : new int[] {L - 1, L, L + 1, 2 * L - 1, 3 * L - 1, 3 * L + 1, 3 * L + L / 2, 100, 127}) {
                    float[][] a = random(n, k, rng), b = random(k, m + 5, rng), c0 = random(n, m + 3, rng);
                    float[][] c = copy(c0);
                    int lo = n / 3;
                    FloatKernels.VECTOR.mulAdd(a, b, c, 0, lo, k, m);
                    FloatKernels.VECTOR.mulAdd(a, b, c, lo, n, k, m);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < m + 3; j++) {
                            float e = c0[i][j];
                            if (j < m) {
                                for (int p = 0; p < k; p++) {
                                    e = Math.fma(a[i][p], b[p][j], e);
                                }
                            }
                            assertEquals(Float.floatToIntBits(e), Float.floatToIntBits(c[i][j]), n + "×" + k + "×" + m
                                    + ": element (" + i + "," + j + ") is " + c[i][j] + ", the fma chain gives " + e);
                        }
                    }
                }
            }
        }
    }

    /**
     * The weight-gradient product added into a double matrix ({@link FloatKernels#mulTransAAddInto}, 8 float rows at a
     * time on one thread) gives the bits of zeroing a float matrix, {@code mulTransAAdd} into it and {@code addTo},
     * with 1 and 2 threads, on odd sizes and on one large enough to be split between the threads.
     */
    @Test
    void weightGradientsAddedIntoDoubleGiveTheBitsOfTheFloatMatrixAddedAfterwards() {
        SplittableRandom rng = new SplittableRandom(31);
        int saved = Kernels.threads();
        try {
            for (int[] s : new int[][] {{15, 100, 400}, {15, 3, 16}, {7, 9, 13}, {15, 127, 100}, {1, 17, 33},
                    {480, 100, 400}}) {
                int n = s[0], k = s[1], m = s[2];
                float[][] a = random(n, k, rng), b = random(n, m, rng);
                Matrix c0 = new Matrix(k, m);
                Init.uniform(c0, 1.0, rng);
                Matrix expected = c0.copy();
                float[][] g = random(k, m, rng);           // garbage: must not matter
                for (float[] row : g) {
                    java.util.Arrays.fill(row, 0f);
                }
                FloatKernels.mulTransAAdd(a, b, g, n, k, m);
                FloatKernels.addTo(g, expected);
                for (int th = 1; th <= 2; th++) {
                    Kernels.setThreads(th);
                    Matrix c = c0.copy();
                    FloatKernels.mulTransAAddInto(a, b, random(k, m, rng), c, n, k, m);
                    assertTrue(c.approxEquals(expected, 0.0), "mulTransAAddInto " + n + "×" + k + "×" + m + " with "
                            + th + " thread(s)");
                }
            }
        } finally {
            Kernels.setThreads(saved);
        }
    }

    /**
     * The inputs of the weight gradients that share one δ, for the two tests below: δ (b, n×m), for each product t an
     * A (n×ks[t]), a float scratch gs[t] filled with garbage (it must not matter) and the double gradient c0[t] it is
     * added into. From s = {n, m, ks…}.
     */
    private static final class OneDelta {
        final int n, m, count;
        final int[] ks;
        final float[][] b;
        final float[][][] as, gs;
        final Matrix[] c0;

        private OneDelta(int[] s, SplittableRandom rng) {
            n = s[0];
            m = s[1];
            count = s.length - 2;
            ks = java.util.Arrays.copyOfRange(s, 2, s.length);
            b = random(n, m, rng);
            as = new float[count][][];
            gs = new float[count][][];
            c0 = new Matrix[count];
            for (int t = 0; t < count; t++) {
                as[t] = random(n, ks[t], rng);
                gs[t] = random(ks[t], m, rng);             // garbage: must not matter
                c0[t] = new Matrix(ks[t], m);
                Init.uniform(c0[t], 1.0, rng);
            }
        }

        static OneDelta of(int[] s, SplittableRandom rng) {
            return new OneDelta(s, rng);
        }

        /** Fresh copies of the double gradients to add into. */
        Matrix[] gradients() {
            Matrix[] c = new Matrix[count];
            for (int t = 0; t < count; t++) {
                c[t] = c0[t].copy();
            }
            return c;
        }

        /** Element (i, j) of gradient t: its start plus the one float fma chain over δ's rows p = 0, 1, … */
        double expected(int t, int i, int j) {
            float e = 0f;
            for (int p = 0; p < n; p++) {
                e = Math.fma(as[t][p][i], b[p][j], e);
            }
            return c0[t].data[i][j] + e;
        }
    }

    /**
     * The weight gradients that share one δ ({@link FloatKernels#mulTransAAddInto(float[][][], int[], float[][][],
     * Matrix[], int, float[][], int, int, boolean)}: one pass packing each chunk of δ once when the Vector API runs
     * them on one thread) give, for every element, one float fma chain over the rows in order from zero, added into
     * the double gradient: the bits of one call per gradient. Sizes with edge tiles (rows of C not a multiple of 8,
     * columns not of 3 vectors, more than one block of 256 rows, n not a multiple of the 128-row chunks), some too
     * narrow to read A transposed (then the calls run one by one), with 1 and 2 threads, the helper said busy or not.
     */
    @Test
    void weightGradientsOfOneDeltaInOnePassAreOneFmaChainPerElement() {
        SplittableRandom rng = new SplittableRandom(53);
        int saved = Kernels.threads();
        try {
            for (int[] s : new int[][] {{300, 400, 100, 260, 64}, {300, 127, 64, 49}, {200, 1024, 56, 48, 8},
                    {130, 300, 100, 20}}) {
                OneDelta f = OneDelta.of(s, rng);
                int m = f.m;
                for (int th = 1; th <= 2; th++) {
                    for (boolean thisThread : new boolean[] {false, true}) {
                        Kernels.setThreads(th);
                        Matrix[] c = f.gradients();
                        FloatKernels.mulTransAAddInto(f.as, f.ks, f.gs, c, f.count, f.b, f.n, m, thisThread);
                        for (int t = 0; t < f.count; t++) {
                            for (int i = 0; i < f.ks[t]; i++) {
                                for (int j = 0; j < m; j++) {
                                    double expected = f.expected(t, i, j);
                                    if (FloatKernels.vectorised() && Double.doubleToLongBits(expected)
                                            != Double.doubleToLongBits(c[t].data[i][j])) {
                                        org.junit.jupiter.api.Assertions.fail(java.util.Arrays.toString(s) + ", "
                                                + th + " thread(s), helper busy " + thisThread + ", product " + t
                                                + ", element (" + i + "," + j + "): " + c[t].data[i][j]
                                                + ", the fma chain gives " + expected);
                                    }
                                    assertEquals(expected, c[t].data[i][j], 1e-3 * (1 + Math.abs(expected)));
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            Kernels.setThreads(saved);
        }
    }

    /**
     * The weight gradients of one δ by ranges of their rows counted one after the other (two threads take a part
     * each at C and B32, session 12): every element is the fma chain over δ's rows, added into the double gradient
     * once, wherever the ranges are cut (inside a product, at a product's end, not at a multiple of 8), and rows
     * outside a range are untouched.
     */
    @Test
    void weightGradientsByRangesOfTheirRowsAreOneFmaChainPerElement() {
        if (FloatKernels.VECTOR == null) {
            return;
        }
        SplittableRandom rng = new SplittableRandom(59);
        for (int[] s : new int[][] {{300, 400, 100, 100}, {200, 1024, 56, 48}, {130, 300, 64, 100, 52}}) {
            OneDelta f = OneDelta.of(s, rng);
            int n = f.n, m = f.m, count = f.count;
            int[] ks = f.ks;
            float[][][] as = f.as, gs = f.gs;
            Matrix[] c0 = f.c0;
            assertTrue(FloatKernels.fusesByRows(ks, count, n, m), java.util.Arrays.toString(s));
            int rows = 0;
            for (int k : ks) {
                rows += k;
            }
            for (int cut : new int[] {0, 8, 13, ks[0], ks[0] + 5, (rows + 8) / 16 * 8, rows}) {
                Matrix[] c = f.gradients();
                FloatKernels.mulTransAAddIntoRows(as, ks, gs, c, count, f.b, n, m, cut, rows);   // the helper's part
                for (int t = 0, r0 = 0; t < count; r0 += ks[t], t++) {     // rows below the cut: untouched so far
                    for (int i = 0; i < ks[t] && r0 + i < cut; i++) {
                        assertTrue(java.util.Arrays.equals(c0[t].data[i], c[t].data[i]), java.util.Arrays.toString(s)
                                + ": cut " + cut + ", product " + t + " row " + i + " changed by the upper part");
                    }
                }
                FloatKernels.mulTransAAddIntoRows(as, ks, gs, c, count, f.b, n, m, 0, cut);
                for (int t = 0; t < count; t++) {
                    for (int i = 0; i < ks[t]; i++) {
                        for (int j = 0; j < m; j++) {
                            double expected = f.expected(t, i, j);
                            if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(c[t].data[i][j])) {
                                org.junit.jupiter.api.Assertions.fail(java.util.Arrays.toString(s) + ", cut " + cut
                                        + ", product " + t + ", element (" + i + "," + j + "): " + c[t].data[i][j]
                                        + ", the fma chain gives " + expected);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void transposedProductsAndTheTwoThreadSplitAgree() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 96, k = 70, m = 130;
        float[][] a = random(n, k, rng), b = random(n, m, rng), c0 = random(k, m, rng);
        // C += Aᵀ·B against the double product of the transposed A
        float[][] at = new float[k][n];
        FloatKernels.transpose(a, at, n, k);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                assertEquals(a[i][p], at[p][i]);
            }
        }
        float[][] c1 = copy(c0);
        FloatKernels.mulTransAAdd(a, b, c1, n, k, m);
        assertProduct(at, b, c0, c1, 0, k, n, m, "mulTransAAdd");
        // 1 and 2 threads: the same bits (a product big enough to be split)
        float[][] x = random(300, 200, rng), w = random(200, 400, rng);
        float[][][] out = new float[2][300][400];
        int saved = Kernels.threads();
        try {
            for (int th = 1; th <= 2; th++) {
                Kernels.setThreads(th);
                FloatKernels.mul(x, w, out[th - 1], 300, 200, 400);
            }
        } finally {
            Kernels.setThreads(saved);
        }
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < 400; j++) {
                assertEquals(Float.floatToIntBits(out[0][i][j]), Float.floatToIntBits(out[1][i][j]),
                        "element (" + i + "," + j + ") with 1 and 2 threads");
            }
        }
        float[][] zeros = new float[300][400];
        assertProduct(x, w, zeros, out[0], 0, 300, 200, 400, "mul (overwrite)");
    }

    @Test
    void floatGateActivationsAgreeWithTheDoubleOnes() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 4001;
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) (i < 200 ? rng.nextDouble(-0.2, 0.2) : rng.nextDouble(-30, 30));
        }
        z[0] = 0f;
        z[1] = 1e-6f;
        z[2] = -0.125f;
        z[3] = 0.124999f;
        for (FloatKernels.Impl impl : impls()) {
            float[] s = new float[n], t = new float[n];
            impl.sigmoid(z, s, 0, n);
            impl.tanh(z, t, 0, n);
            for (int i = 0; i < n; i++) {
                double es = Activation.SIGMOID.apply(z[i]), et = Math.tanh(z[i]);
                assertTrue(Math.abs(s[i] - es) <= 4 * Math.ulp((float) es), impl.name() + ": sigmoid(" + z[i] + ") = "
                        + s[i] + ", double " + es);
                assertTrue(Math.abs(t[i] - et) <= 4 * Math.ulp((float) et) + 1e-45, impl.name() + ": tanh(" + z[i]
                        + ") = " + t[i] + ", double " + et);
            }
            float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 200f, -200f};
            float[] ss = new float[special.length], ts = new float[special.length];
            impl.sigmoid(special, ss, 0, special.length);
            impl.tanh(special, ts, 0, special.length);
            assertTrue(Float.isNaN(ss[0]) && Float.isNaN(ts[0]), impl.name() + ": NaN in, NaN out");
            assertEquals(1f, ss[1], impl.name());
            assertTrue(ss[2] >= 0 && ss[2] < 1e-30, impl.name() + ": sigmoid(-inf) ≈ 0, got " + ss[2]);
            assertEquals(1f, ts[1], impl.name());
            assertEquals(-1f, ts[2], impl.name());
            assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(ts[3]), impl.name() + ": tanh(-0)");
            assertEquals(1f, ss[4], impl.name());
            assertEquals(-1f, ts[5], impl.name());
        }
    }

    /**
     * Every range [from, to), whatever its length and start, gives each value the bits of the scalar twin: whole
     * vectors, the last 2 … L−1 values computed as one vector through a scratch row, a last single value by the
     * scalar code; values outside the range untouched; in place (out = z) too.
     */
    @Test
    void floatGateActivationTailsHaveTheScalarTwinsBitsForEveryRange() {
        org.junit.jupiter.api.Assumptions.assumeTrue(FloatKernels.VECTOR != null, "needs the Vector API kernels");
        FloatKernels.Impl impl = FloatKernels.VECTOR;
        SplittableRandom rng = new SplittableRandom(6);
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 200f, -200f, 1e-40f,
                0.125f, -0.125f};
        // array lengths below, at and past one and two vectors: a tail is read in place from its start, in place
        // ending at the array's end, or through the scratch row when the array is shorter than L
        for (int rep = 0; rep < 10; rep++) for (int n : KernelImplementationsTest.tailLengths(VectorFloatKernels.L)) {
            float[] z = new float[n];
            for (int i = 0; i < n; i++) {
                z[i] = rng.nextInt(6) == 0 ? special[rng.nextInt(special.length)]
                        : (float) ((rng.nextDouble() * 2 - 1) * Math.pow(10, rng.nextInt(-4, 2)));
            }
            for (int from = 0; from <= Math.min(17, n); from++) {
                for (int to = from; to <= n; to++) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        for (boolean sig : new boolean[] {false, true}) {
                            float[] out = new float[n];
                            java.util.Arrays.fill(out, 42f);
                            float[] src = z.clone();
                            if (inPlace) {
                                out = src;
                            }
                            if (sig) {
                                impl.sigmoid(src, out, from, to);
                            } else {
                                impl.tanh(src, out, from, to);
                            }
                            for (int i = 0; i < n; i++) {
                                float want = i < from || i >= to ? (inPlace ? z[i] : 42f)
                                        : sig ? VectorFloatKernels.sigmoidScalar(z[i]) : VectorFloatKernels.tanhScalar(z[i]);
                                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(out[i]),
                                        (sig ? "sigmoid" : "tanh") + " of " + z[i] + " at " + i + " in [" + from
                                        + ", " + to + ") of " + n + (inPlace ? " in place" : ""));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void withoutTheModuleThePlainFloatKernelsRunAndAreCorrect() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                FloatPlainPathMain.class.getName());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        assertEquals(0, code, "child JVM without jdk.incubator.vector failed:\n" + out);
        assertTrue(out.contains("plain Java") && out.contains("OK"), "expected the plain float kernels without the "
                + "module, got:\n" + out);
    }
}
