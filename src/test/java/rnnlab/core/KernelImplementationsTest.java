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
 * Both product implementations (plain Java, Vector API when the module is enabled, as in this build's test JVM)
 * against the naive twins, on whole products and on row ranges; the two-thread split against one thread, bit for
 * bit; the fast tanh against Math.tanh; and the selection of the plain loops in a JVM without the module.
 */
class KernelImplementationsTest {
    static final double TOL = 1e-12;
    /** Kernels.tanh is within this many units in the last place of Math.tanh. */
    static final double TANH_ULPS = 16;

    static Matrix random(int r, int c, SplittableRandom rng) {
        Matrix m = new Matrix(r, c);
        Init.uniform(m, 1.0, rng);
        return m;
    }

    static List<Kernels.Impl> impls() {
        List<Kernels.Impl> l = new ArrayList<>(List.of(Kernels.PLAIN));
        if (Kernels.VECTOR != null) {
            l.add(Kernels.VECTOR);
        }
        return l;
    }

    @Test
    void theVectorKernelsRunInThisTestJvm() {
        // the build's surefire configuration adds jdk.incubator.vector so the fast path is tested here
        assertNotNull(Kernels.VECTOR, "Kernels.VECTOR: expected the Vector API kernels with --add-modules "
                + "jdk.incubator.vector; implementation is " + Kernels.implementation());
        assertTrue(Kernels.vectorised(), Kernels.implementation());
    }

    @Test
    void everyImplementationAgreesWithTheNaiveTwinsOnWholeProductsAndRowRanges() {
        SplittableRandom rng = new SplittableRandom(11);
        int[] sizes = {1, 3, 4, 5, 9, 30};
        int[] widths = {1, 7, 8, 16, 23, 24, 25, 49, 100};
        for (Kernels.Impl impl : impls()) {
            for (int n : sizes) {
                for (int k : sizes) {
                    for (int m : widths) {
                        Matrix a = random(n, k, rng), b = random(k, m, rng);
                        Matrix c1 = random(n, m, rng), c2 = c1.copy();
                        int lo = n / 3, hi = n - n / 4;
                        impl.mulAdd(a.data, b.data, c1.data, 0, lo, k, m);
                        impl.mulAdd(a.data, b.data, c1.data, lo, hi, k, m);
                        impl.mulAdd(a.data, b.data, c1.data, hi, n, k, m);
                        NaiveKernels.mulAdd(a, b, c2);
                        assertClose(c2, c1, impl.name() + " mulAdd " + n + "×" + k + "×" + m);

                        Matrix at = random(n, k, rng), bt = random(n, m, rng);
                        Matrix d1 = random(k, m, rng), d2 = d1.copy();
                        int plo = k / 2;
                        impl.mulTransAAdd(at.data, bt.data, d1.data, 0, plo, n, m);
                        impl.mulTransAAdd(at.data, bt.data, d1.data, plo, k, n, m);
                        NaiveKernels.mulTransAAdd(at, bt, d2);
                        assertClose(d2, d1, impl.name() + " mulTransAAdd " + n + "×" + k + "×" + m);
                    }
                }
            }
        }
    }

    /**
     * The Vector API kernel computes every element as one chain of fused multiply-adds over p in order, also in the
     * last columns (fewer than a vector, done with a vector over the last L columns whose first lanes are not
     * stored): bit for bit the scalar {@link Math#fma} chain, on widths around every multiple of the vector length,
     * inner dimensions across the chunk of 256, and rows longer than m, whose extra columns must stay untouched.
     */
    /**
     * A product that overwrites C ({@code Impl.mul}, {@link Kernels#mul}, {@link Kernels#mulRows}; the Vector API
     * kernels start the 8-row blocks of the first inner chunk from zero vectors and zero only what the other blocks
     * add into) gives the bits of zeroing C and then adding the product, for every implementation: C filled with
     * garbage (so a block that read it, or a column or row left unzeroed, shows), rows from 0 and from 3 (8-row
     * groups, the 4- and 1-row blocks after them, panels of 64 rows), k across the inner chunk of 128 and 0, widths
     * around the strips (the columns after the last strip: none, a partial vector, whole vectors); rows outside the
     * range and columns past m stay untouched; 1 and 2 threads.
     */
    @Test
    void aProductThatOverwritesGivesTheBitsOfZeroingFirst() {
        SplittableRandom rng = new SplittableRandom(53);
        int L = Kernels.VECTOR == null ? 8 : VectorKernels.L;
        int[] rows = {5, 48, 61, 77, 200};
        int[] inner = {0, 1, 100, 128, 129, 300};
        int[] widths = {7, 3 * L, 3 * L + 4, 3 * L + L, 100, 256, 1024 + 2 * L + 3};
        for (Kernels.Impl impl : impls()) {
            for (int n : rows) {
                for (int k : inner) {
                    for (int m : widths) {
                        Matrix a = random(n, k, rng), b = random(k, m, rng);
                        Matrix garbage = random(n, m + 3, rng);      // 3 columns past m must stay
                        for (int i0 : new int[] {0, 3}) {
                            Matrix expected = garbage.copy(), got = garbage.copy();
                            for (int i = i0; i < n; i++) {
                                java.util.Arrays.fill(expected.data[i], 0, m, 0.0);
                            }
                            impl.mulAdd(a.data, b.data, expected.data, i0, n, k, m);
                            impl.mul(a.data, b.data, got.data, i0, n, k, m);
                            assertSameBits(expected, got, impl.name() + " mul rows " + i0 + "…" + n + ", " + n
                                    + "×" + k + "×" + m);
                        }
                    }
                }
            }
        }
        int threads = Kernels.threads();
        try {
            for (int t = 1; t <= 2; t++) {
                Kernels.setThreads(t);
                for (int[] shape : new int[][] {{400, 128, 256}, {401, 100, 256}, {333, 256, 100}, {520, 64, 1027}}) {
                    int n = shape[0], k = shape[1], m = shape[2];
                    Matrix a = random(n, k, rng), b = random(k, m, rng), c = random(n, m, rng);
                    Matrix expected = new Matrix(n, m), got = c.copy(), rowsGot = c.copy();
                    Kernels.mulAdd(a, b, expected);
                    Kernels.mul(a, b, got);
                    int mid = Kernels.splitRows(n);
                    Kernels.mulRows(a, b, rowsGot, mid, n);
                    Kernels.mulRows(a, b, rowsGot, 0, mid);
                    assertSameBits(expected, got, t + " threads: Kernels.mul " + n + "×" + k + "×" + m);
                    assertSameBits(expected, rowsGot, t + " threads: Kernels.mulRows " + n + "×" + k + "×" + m);
                }
            }
        } finally {
            Kernels.setThreads(threads);
        }
    }

    private static void assertSameBits(Matrix expected, Matrix got, String what) {
        for (int i = 0; i < expected.rows; i++) {
            for (int j = 0; j < expected.cols; j++) {
                if (Double.doubleToRawLongBits(expected.data[i][j]) != Double.doubleToRawLongBits(got.data[i][j])) {
                    assertEquals(expected.data[i][j], got.data[i][j], what + ": element (" + i + "," + j + ")");
                    assertEquals(Double.doubleToRawLongBits(expected.data[i][j]),
                            Double.doubleToRawLongBits(got.data[i][j]), what + ": element (" + i + "," + j + ")");
                }
            }
        }
    }

    /**
     * A matrix packed once ({@link Kernels.Packed}) gives the bits of the product on the matrix itself, for any rows
     * (1 to 70, so the small-row blocks, the packed blocks, A's 8-row groups packed per call from 16 rows and
     * {@link VectorKernels#PACKED_A_MIN_COLS} columns, and row ranges split anywhere), widths around the strips and across the chunk of k; packing again after B changed uses the new values; with nothing packed it refuses.
     */
    @Test
    void aPackedMatrixGivesTheBitsOfTheProductOnTheMatrix() {
        SplittableRandom rng = new SplittableRandom(37);
        int L = Kernels.VECTOR == null ? 8 : VectorKernels.L;
        Kernels.Packed packed = new Kernels.Packed();
        for (int n : new int[] {1, 3, 8, 16, 21, 27, 32, 64, 70}) {
            for (int k : new int[] {5, 100, 300}) {
                for (int m : new int[] {7, 3 * L, 3 * L + 5, 100, 127, 400, VectorKernels.PACKED_A_MIN_COLS - 1,
                        VectorKernels.PACKED_A_MIN_COLS + 3 * L + 5, 1024}) {
                    Matrix a = random(n, k, rng), b = random(k, m, rng), c0 = random(n, m, rng);
                    for (int round = 0; round < 2; round++) {
                        packed.pack(b);
                        Matrix expected = c0.copy(), got = c0.copy();
                        Kernels.mulAddRows(a, b, expected, 0, n);
                        int mid = n / 3;
                        Kernels.mulAddRows(a, packed, got, 0, mid);
                        Kernels.mulAddRows(a, packed, got, mid, n);
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j < m; j++) {
                                assertEquals(Double.doubleToLongBits(expected.data[i][j]),
                                        Double.doubleToLongBits(got.data[i][j]), n + "×" + k + "×" + m + " round "
                                        + round + ": element (" + i + "," + j + ")");
                            }
                        }
                        b.data[k / 2][m - 1] += 1.0;    // B changes: the next pack must see it
                    }
                }
            }
        }
        Matrix a = random(2, 3, rng), c = new Matrix(2, 4);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Kernels.mulAddRows(a, new Kernels.Packed(), c, 0, 2));
        assertTrue(e.getMessage().contains("pack(B) first"), e.getMessage());
    }

    /**
     * The whole vectors after the last full strip of a packed B (C's h·U: the last 16 of 1024 columns) are packed too
     * and run under A's packed 8-row groups ({@code VectorKernels.tailVectors}, calls of at least
     * {@link VectorKernels#PACKED_A_MIN_COLS} columns); the last partial vector and the rows after the last 8-row
     * group still read B's rows. Every element is one fma chain over p in order from its stored value: tails of 0, 1
     * and 2 vectors with and without a partial vector, rows 16 to 70 from row 0 and row 3, k across the inner chunk
     * of 128 (narrower B packed in between leave no stale tail).
     */
    @Test
    void theTailAfterTheFullStripsIsPackedWithTheBitsOfTheFmaChains() {
        if (Kernels.VECTOR == null) {
            return; // the plain kernels pack nothing
        }
        int L = VectorKernels.L, W = VectorKernels.W, M = VectorKernels.PACKED_A_MIN_COLS / W * W + W;
        assertEquals(0, VectorKernels.tailVectors(M + L - 1));
        assertEquals(1, VectorKernels.tailVectors(M + L));
        assertEquals(2, VectorKernels.tailVectors(M + 2 * L + 3));
        SplittableRandom rng = new SplittableRandom(73);
        Kernels.Packed packed = new Kernels.Packed();
        for (int m : new int[] {1024, M + 2 * L, M + 2 * L + 3, 100, M + L + 5, M + 5, M}) {
            for (int k : new int[] {300, 7}) {
                Matrix b = random(k, m, rng);
                packed.pack(b);
                for (int[] rows : new int[][] {{0, 16}, {0, 21}, {3, 64}, {0, 70}}) {
                    int r0 = rows[0], n = rows[1];
                    Matrix a = random(n, k, rng), c0 = random(n, m, rng), c = c0.copy();
                    Kernels.mulAddRows(a, packed, c, r0, n);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < m; j++) {
                            double e = c0.data[i][j];
                            if (i >= r0) {
                                for (int p = 0; p < k; p++) {
                                    e = Math.fma(a.data[i][p], b.data[p][j], e);
                                }
                            }
                            if (Double.doubleToLongBits(e) != Double.doubleToLongBits(c.data[i][j])) {
                                org.junit.jupiter.api.Assertions.fail("rows " + r0 + "…" + (n - 1) + " × " + k + " × "
                                        + m + ": element (" + i + "," + j + ") is " + c.data[i][j] + ", the fma chain "
                                        + e);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Calls of {@link VectorKernels#PACK_MIN_ROWS} or more rows copy B's 3-vector strips into one contiguous array
     * first: every element is still one fma chain over p in order (the bits of the unpacked kernel and of
     * {@link Math#fma} chains), in the packed strips, the columns after them and across the chunks of k; rows of C
     * beyond m are not touched; a second, smaller B in the same thread's buffer leaves no stale strips.
     */
    @Test
    void thePackedKernelIsOneFmaChainPerElement() {
        if (Kernels.VECTOR == null) {
            return; // checked by theVectorKernelsRunInThisTestJvm
        }
        int L = VectorKernels.L, R = VectorKernels.PACK_MIN_ROWS;
        SplittableRandom rng = new SplittableRandom(29);
        for (int n : new int[] {R, R + 5, 2 * R + 3}) {
            for (int k : new int[] {300, 1, 100}) {
                for (int m : new int[] {3 * L, 3 * L + 1, 6 * L - 1, 100, 127, 400}) {
                    Matrix a = random(n, k, rng), b = random(k, m + 5, rng), c0 = random(n, m + 3, rng);
                    Matrix c = c0.copy();
                    Kernels.VECTOR.mulAdd(a.data, b.data, c.data, 0, n, k, m);
                    Matrix rowByRow = c0.copy();
                    for (int i = 0; i < n; i++) {
                        Kernels.VECTOR.mulAdd(a.data, b.data, rowByRow.data, i, i + 1, k, m);
                    }
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < m + 3; j++) {
                            double e = c0.data[i][j];
                            if (j < m) {
                                for (int p = 0; p < k; p++) {
                                    e = Math.fma(a.data[i][p], b.data[p][j], e);
                                }
                            }
                            String where = n + "×" + k + "×" + m + ": element (" + i + "," + j + ") is " + c.data[i][j]
                                    + ", the fma chain gives " + e;
                            assertEquals(Double.doubleToLongBits(e), Double.doubleToLongBits(c.data[i][j]), where);
                            assertEquals(Double.doubleToLongBits(e), Double.doubleToLongBits(rowByRow.data[i][j]),
                                    where + " (row by row, unpacked)");
                        }
                    }
                }
            }
        }
    }

    /**
     * Products whose C has at least {@link VectorKernels#ROWS_OUTER_MIN_C} doubles (x·W over all steps at C) run A's
     * 8-row groups outer and B's packed strips inner: every element still the fma chain over p in order, in the
     * 8-, 4- and 1-row groups of the last row chunk, the columns after the strips and across the chunks of k; just
     * below the size the strips stay outer.
     */
    @Test
    void largeProductsRunRowGroupsOuterWithTheBitsOfTheFmaChains() {
        if (Kernels.VECTOR == null) {
            return; // checked by theVectorKernelsRunInThisTestJvm
        }
        int L = VectorKernels.L;
        long big = VectorKernels.ROWS_OUTER_MIN_C;
        SplittableRandom rng = new SplittableRandom(47);
        for (int m : new int[] {3 * L + 1, 6 * L - 1, 400}) {
            int rows = (int) ((big + m - 1) / m);           // the fewest rows that take the row groups outer
            int n = rows + Math.floorMod(13 - rows, VectorKernels.MC);   // last row chunk: 8 + 4 + 1 rows
            for (int[] nk : new int[][] {{n, 3}, {n, VectorKernels.PKC + 3}, {rows - 1, 2}}) {
                int nn = nk[0], k = nk[1];
                Matrix a = random(nn, k, rng), b = random(k, m + 5, rng), c0 = random(nn, m + 3, rng);
                Matrix c = c0.copy();
                Kernels.VECTOR.mulAdd(a.data, b.data, c.data, 0, nn, k, m);
                for (int i = 0; i < nn; i++) {
                    for (int j = 0; j < m + 3; j++) {
                        double e = c0.data[i][j];
                        if (j < m) {
                            for (int p = 0; p < k; p++) {
                                e = Math.fma(a.data[i][p], b.data[p][j], e);
                            }
                        }
                        if (Double.doubleToLongBits(e) != Double.doubleToLongBits(c.data[i][j])) {
                            org.junit.jupiter.api.Assertions.fail(nn + "×" + k + "×" + m + ": element (" + i + ","
                                    + j + ") is " + c.data[i][j] + ", the fma chain gives " + e);
                        }
                    }
                }
            }
        }
    }

    /**
     * C += Aᵀ·B with A's columns packed straight into panels ({@code mulTransAAdd} of the Vector API kernels for
     * {@link VectorKernels#PACK_MIN_ROWS} or more rows of C, no transposed copy): each element is the fma chain over
     * i of A[i][p]·B[i][j], on row ranges starting anywhere (the panels then start at an unaligned column of A), row
     * counts that leave short panels, widths with short strips and partial vectors, across the chunks of the inner
     * dimension; rows outside the range and columns past m untouched.
     */
    @Test
    void aTransposedIsReadWhilePackingWithTheBitsOfTheFmaChains() {
        if (Kernels.VECTOR == null) {
            return; // checked by theVectorKernelsRunInThisTestJvm
        }
        int L = VectorKernels.L, R = VectorKernels.PACK_MIN_ROWS;
        assertTrue(Kernels.VECTOR.readsTransposedA(R));
        assertTrue(!Kernels.VECTOR.readsTransposedA(R - 1));
        assertTrue(!Kernels.PLAIN.readsTransposedA(1000));
        SplittableRandom rng = new SplittableRandom(43);
        // {rows of C, inner dimension, columns, first row}
        int[][] cases = {{R, 100, 400, 0}, {R + 7, 15, 127, 0}, {100, 480, 100, 5}, {100, 1, 3 * L + 1, 3},
                {VectorKernels.ABM + 13, VectorKernels.ABK + 3, 2 * L - 1, 0}, {61, 33, L - 3, 2},
                {R + 3, 2 * VectorKernels.ABK + 5, 7 * L + 2, 1}, {R - 1, 50, 100, 0}};
        for (int[] cs : cases) {
            int rows = cs[0], n = cs[1], m = cs[2], r0 = cs[3];
            Matrix a = random(n, rows + 2, rng), b = random(n, m + 5, rng), c0 = random(rows, m + 3, rng);
            Matrix c = c0.copy();
            Kernels.VECTOR.mulTransAAdd(a.data, b.data, c.data, r0, rows, n, m);
            for (int p = 0; p < rows; p++) {
                for (int j = 0; j < m + 3; j++) {
                    double e = c0.data[p][j];
                    if (j < m && p >= r0) {
                        for (int i = 0; i < n; i++) {
                            e = Math.fma(a.data[i][p], b.data[i][j], e);
                        }
                    }
                    if (Double.doubleToLongBits(e) != Double.doubleToLongBits(c.data[p][j])) {
                        org.junit.jupiter.api.Assertions.fail("Aᵀ·B " + rows + "×" + n + "×" + m + " from row " + r0
                                + ": element (" + p + "," + j + ") is " + c.data[p][j] + ", the fma chain gives " + e);
                    }
                }
            }
        }
    }

    /**
     * {@link Kernels#mulTransAAdd} gives the bits of transposing A and multiplying, with 1 and 2 threads, whether the
     * parts are wide enough to read A's columns while packing or A is transposed first (few rows), on both
     * implementations.
     */
    @Test
    void weightGradientsWithoutTheTransposedCopyGiveTheBitsOfTransposingFirst() {
        SplittableRandom rng = new SplittableRandom(41);
        int saved = Kernels.threads();
        try {
            for (int[] s : new int[][] {{480, 100, 400}, {480, 100, 127}, {3200, 128, 100}, {60, 40, 100},
                    {200, 90, 33}, {15, 100, 400}, {3, 100, 64}}) {
                int n = s[0], k = s[1], m = s[2];
                Matrix a = random(n, k, rng), b = random(n, m, rng), c0 = random(k, m, rng);
                Matrix at = new Matrix(k, n);
                Kernels.transpose(a, at);
                for (int th = 1; th <= 2; th++) {
                    Kernels.setThreads(th);
                    Matrix expected = c0.copy(), c = c0.copy();
                    Kernels.mulAdd(at, b, expected);
                    Kernels.mulTransAAdd(a, b, c);
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < m; j++) {
                            if (Double.doubleToLongBits(expected.data[i][j]) != Double.doubleToLongBits(c.data[i][j])) {
                                org.junit.jupiter.api.Assertions.fail(n + "×" + k + "×" + m + ", " + th
                                        + " thread(s), element (" + i + "," + j + "): mulTransAAdd " + c.data[i][j]
                                        + ", transposing first " + expected.data[i][j]);
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
    void theVectorKernelIsOneFmaChainPerElementInTheLastColumnsToo() {
        if (Kernels.VECTOR == null) {
            return; // checked by theVectorKernelsRunInThisTestJvm
        }
        int L = VectorKernels.L;
        SplittableRandom rng = new SplittableRandom(23);
        for (int n : new int[] {1, 3, 4, 7, 8, 13, 20}) {
            for (int k : new int[] {1, 7, 100, 300}) {
                for (int m : new int[] {L - 1, L, L + 1, 2 * L - 1, 3 * L - 1, 3 * L + 1, 3 * L + L / 2, 100, 127}) {
                    Matrix a = random(n, k, rng), b = random(k, m + 5, rng), c0 = random(n, m + 3, rng);
                    Matrix c = c0.copy();
                    int lo = n / 3;
                    Kernels.VECTOR.mulAdd(a.data, b.data, c.data, 0, lo, k, m);
                    Kernels.VECTOR.mulAdd(a.data, b.data, c.data, lo, n, k, m);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < m + 3; j++) {
                            double e = c0.data[i][j];
                            if (j < m) {
                                for (int p = 0; p < k; p++) {
                                    e = Math.fma(a.data[i][p], b.data[p][j], e);
                                }
                            }
                            assertEquals(Double.doubleToLongBits(e), Double.doubleToLongBits(c.data[i][j]), n + "×" + k
                                    + "×" + m + ": element (" + i + "," + j + ") is " + c.data[i][j]
                                    + ", the fma chain gives " + e);
                        }
                    }
                }
            }
        }
    }

    /**
     * A hand-over's second part is run by the helper, or by the caller when it finishes its own part before the
     * helper has woken up (it takes the part instead of waiting): either way exactly once, and its exception reaches
     * the caller. Pauses of 1 ms let the helper park now and then, so both ways are taken.
     */
    @Test
    void everyHandOverRunsBothPartsExactlyOnceWhicheverThreadTakesTheSecond() throws InterruptedException {
        int before = Kernels.threads();
        try {
            Kernels.setThreads(2);
            java.util.concurrent.atomic.AtomicInteger a = new java.util.concurrent.atomic.AtomicInteger(),
                    b = new java.util.concurrent.atomic.AtomicInteger(), bHere = new java.util.concurrent.atomic.AtomicInteger();
            Thread me = Thread.currentThread();
            for (int i = 0; i < 4000; i++) {
                if (i % 200 == 0) {
                    Thread.sleep(1);
                }
                Kernels.inParallel(a::incrementAndGet, () -> {
                    b.incrementAndGet();
                    if (Thread.currentThread() == me) {
                        bHere.incrementAndGet();
                    }
                });
                assertEquals(i + 1, a.get(), "first part after hand-over " + i);
                assertEquals(i + 1, b.get(), "second part after hand-over " + i);
            }
            assertTrue(bHere.get() > 0, "the caller never took the second part");
            for (int i = 0; i < 50; i++) {
                IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                        () -> Kernels.inParallel(() -> { }, () -> {
                            throw new IllegalStateException("second part failed");
                        }));
                assertEquals("second part failed", e.getMessage());
            }
        } finally {
            Kernels.setThreads(before);
        }
    }

    @Test
    void twoThreadsGiveBitIdenticalResultsToOne() {
        SplittableRandom rng = new SplittableRandom(5);
        // n·k·m is above Kernels.PARALLEL_MIN_WORK; k above the Vector kernels' chunk of 256; odd sizes hit every tail
        int n = 70, k = 300, m = 101;
        assertTrue((long) n * k * m >= Kernels.PARALLEL_MIN_WORK);
        Matrix a = random(n, k, rng), b = random(k, m, rng), c0 = random(n, m, rng);
        Matrix at = random(n, k, rng), bt = random(n, m, rng), d0 = random(k, m, rng);
        Matrix x = random(n, m, rng), y = random(k, m, rng), e0 = random(n, k, rng);
        int before = Kernels.threads();
        try {
            Matrix[] one = new Matrix[3], two = new Matrix[3];
            for (int th = 1; th <= 2; th++) {
                Kernels.setThreads(th);
                Matrix c = c0.copy(), d = d0.copy(), e = e0.copy();
                Kernels.mulAdd(a, b, c);
                Kernels.mulTransAAdd(at, bt, d);
                Kernels.mulTransBAdd(x, y, e);
                (th == 1 ? one : two)[0] = c;
                (th == 1 ? one : two)[1] = d;
                (th == 1 ? one : two)[2] = e;
            }
            String[] names = {"mulAdd", "mulTransAAdd", "mulTransBAdd"};
            for (int i = 0; i < 3; i++) {
                assertTrue(one[i].approxEquals(two[i], 0.0), names[i] + ": 2 threads differ from 1");
            }
            Matrix ref = c0.copy();
            NaiveKernels.mulAdd(a, b, ref);
            assertClose(ref, two[0], "mulAdd with 2 threads");
            ref = d0.copy();
            NaiveKernels.mulTransAAdd(at, bt, ref);
            assertClose(ref, two[1], "mulTransAAdd with 2 threads");
            ref = e0.copy();
            NaiveKernels.mulTransBAdd(x, y, ref);
            assertClose(ref, two[2], "mulTransBAdd with 2 threads");
        } finally {
            Kernels.setThreads(before);
        }
    }

    @Test
    void transposeSwapsRowsAndColumns() {
        SplittableRandom rng = new SplittableRandom(3);
        Matrix a = random(13, 21, rng), t = new Matrix(21, 13);
        Kernels.transpose(a, t);
        for (int i = 0; i < 13; i++) {
            for (int j = 0; j < 21; j++) {
                assertEquals(a.get(i, j), t.get(j, i), "transpose at " + i + "," + j);
            }
        }
    }

    @Test
    void fastTanhIsWithinAFewUlpOfMathTanh() {
        SplittableRandom rng = new SplittableRandom(9);
        double worst = 0, worstX = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = (rng.nextDouble() * 2 - 1) * Math.pow(10, rng.nextInt(-12, 3));
            double ulps = Math.abs(Kernels.tanh(x) - Math.tanh(x)) / Math.ulp(Math.tanh(x));
            if (ulps > worst) {
                worst = ulps;
                worstX = x;
            }
        }
        assertTrue(worst <= TANH_ULPS, "Kernels.tanh(" + worstX + ") = " + Kernels.tanh(worstX) + " but Math.tanh = "
                + Math.tanh(worstX) + ": " + worst + " ulp apart (allowed " + TANH_ULPS + ")");
        assertEquals(1.0, Kernels.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Kernels.tanh(-800));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(Kernels.tanh(-0.0)));
        assertTrue(Double.isNaN(Kernels.tanh(Double.NaN)));
    }

    /** Ulp distance of a from b, measured in ulps of b. */
    static double ulps(double a, double b) {
        return Math.abs(a - b) / Math.ulp(b);
    }

    @Test
    void gateActivationsOnArraysAreWithinAFewUlpAndTheSameWhereverAValueSits() {
        SplittableRandom rng = new SplittableRandom(21);
        int n = 4099; // not a multiple of the vector length: the last values take the scalar twin
        double[] z = new double[n], s = new double[n], t = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (rng.nextDouble() * 2 - 1) * Math.pow(10, rng.nextInt(-10, 3)) * (rng.nextInt(8) == 0 ? 7 : 1);
        }
        Kernels.sigmoid(z, s, 0, n);
        Kernels.tanh(z, t, 0, n);
        double worstS = 0, worstT = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(z[i]) < 700) {
                worstS = Math.max(worstS, ulps(s[i], Activation.SIGMOID.apply(z[i])));
            }
            worstT = Math.max(worstT, ulps(t[i], Math.tanh(z[i])));
        }
        assertTrue(worstS <= 4, "Kernels.sigmoid is " + worstS + " ulp from the scalar sigmoid (allowed 4)");
        assertTrue(worstT <= TANH_ULPS, "Kernels.tanh on arrays is " + worstT + " ulp from Math.tanh (allowed "
                + TANH_ULPS + ")");
        // one value at every position (vector lanes and scalar tail alike) gives one result, bit for bit
        for (double v : new double[] {-3.7, -0.01, 0.3, 12.5, -740}) {
            double[] same = new double[19], outS = new double[19], outT = new double[19];
            java.util.Arrays.fill(same, v);
            Kernels.sigmoid(same, outS, 0, 19);
            Kernels.tanh(same, outT, 0, 19);
            for (int i = 1; i < 19; i++) {
                assertEquals(Double.doubleToLongBits(outS[0]), Double.doubleToLongBits(outS[i]), "sigmoid(" + v
                        + ") at position " + i);
                assertEquals(Double.doubleToLongBits(outT[0]), Double.doubleToLongBits(outT[i]), "tanh(" + v
                        + ") at position " + i);
            }
        }
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 800, -800, 1e-300};
        double[] ss = new double[special.length], ts = new double[special.length];
        Kernels.sigmoid(special, ss, 0, special.length);
        Kernels.tanh(special, ts, 0, special.length);
        assertEquals(0.5, ss[0]);
        assertEquals(0.5, ss[1]);
        assertTrue(Double.isNaN(ss[2]) && Double.isNaN(ts[2]), "NaN in, NaN out");
        assertEquals(1.0, ss[3]);
        assertTrue(ss[4] >= 0 && ss[4] < 1e-300, "sigmoid(-inf) ≈ 0, got " + ss[4]);
        assertEquals(1.0, ss[5]);
        assertTrue(ss[6] >= 0 && ss[6] < 1e-300, "sigmoid(-800) ≈ 0, got " + ss[6]);
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(ts[1]), "tanh keeps the sign of -0.0");
        assertEquals(1.0, ts[3]);
        assertEquals(-1.0, ts[4]);
        assertEquals(1e-300, ts[7]);
    }

    /**
     * Every range [from, to), whatever its length and start, gives each value the bits of the scalar twin: whole
     * vectors, the last 2 … L−1 values computed as one vector (read in place or, from an array shorter than a
     * vector, through a scratch row), a last single value by the scalar code; values outside the range untouched;
     * in place (out = z) too; on arrays shorter than, as long as and longer than one or two vectors.
     */
    @Test
    void gateActivationTailsHaveTheScalarTwinsBitsForEveryRange() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kernels.vectorised(), "needs the Vector API kernels");
        SplittableRandom rng = new SplittableRandom(5);
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 800, -800,
                1e-300, 0.125, -0.125};
        // array lengths below, at and past one and two vectors: a tail is read in place from its start, in place
        // ending at the array's end, or through the scratch row when the array is shorter than L
        for (int rep = 0; rep < 20; rep++) for (int n : tailLengths(VectorKernels.L)) {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = rng.nextInt(6) == 0 ? special[rng.nextInt(special.length)]
                        : (rng.nextDouble() * 2 - 1) * Math.pow(10, rng.nextInt(-4, 3));
            }
            for (int from = 0; from <= Math.min(9, n); from++) {
                for (int to = from; to <= n; to++) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        for (boolean sig : new boolean[] {false, true}) {
                            double[] out = new double[n];
                            java.util.Arrays.fill(out, 42.0);
                            double[] src = z.clone();
                            if (inPlace) {
                                out = src;
                            }
                            if (sig) {
                                Kernels.sigmoid(src, out, from, to);
                            } else {
                                Kernels.tanh(src, out, from, to);
                            }
                            for (int i = 0; i < n; i++) {
                                double want = i < from || i >= to ? (inPlace ? z[i] : 42.0)
                                        : sig ? VectorKernels.sigmoidScalar(z[i]) : VectorKernels.tanhScalar(z[i]);
                                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(out[i]),
                                        (sig ? "sigmoid" : "tanh") + " of " + z[i] + " at " + i + " in [" + from
                                        + ", " + to + ") of " + n + (inPlace ? " in place" : ""));
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Array lengths for the gate activations' tails with vectors of {@code lanes} values: 2 and 3, below, at and past
     * one vector (L − 1, L, L + 1, L + 3) and two (2L − 1, 2L, 2L + 1), and a longer one (5L).
     */
    static int[] tailLengths(int lanes) {
        return java.util.stream.IntStream.of(2, 3, lanes - 1, lanes, lanes + 1, lanes + 3, 2 * lanes - 1, 2 * lanes,
                2 * lanes + 1, 5 * lanes).filter(n -> n >= 2).distinct().sorted().toArray();
    }

    @Test
    void plainNarrowProductsHaveTheBitsOfTheIkjLoop() {
        // PlainKernels.mulAdd takes another loop below NARROW columns (the lecture's 3 and 4): each element must
        // still get c += a·b in the i-k-j order, zeros of A skipped, whatever the row range and column count
        SplittableRandom rng = new SplittableRandom(11);
        for (int m = 1; m <= PlainKernels.NARROW + 1; m++) {
            for (int k : new int[] {1, 3, 4, 9}) {
                int n = 5;
                double[][] A = new double[n][k], B = new double[k][m], C = new double[n][m];
                for (double[] r : A) for (int p = 0; p < k; p++) r[p] = rng.nextInt(4) == 0 ? 0.0 : rng.nextDouble() * 2 - 1;
                for (double[] r : B) for (int j = 0; j < m; j++) r[j] = rng.nextDouble() * 2 - 1;
                for (double[] r : C) for (int j = 0; j < m; j++) r[j] = rng.nextDouble();
                double[][] want = new double[n][];
                for (int i = 0; i < n; i++) {
                    want[i] = C[i].clone();
                    if (i < 1 || i >= 4) continue;
                    for (int p = 0; p < k; p++) {
                        if (A[i][p] == 0.0) continue;
                        for (int j = 0; j < m; j++) want[i][j] += A[i][p] * B[p][j];
                    }
                }
                Kernels.PLAIN.mulAdd(A, B, C, 1, 4, k, m);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < m; j++) {
                        assertEquals(Double.doubleToRawLongBits(want[i][j]), Double.doubleToRawLongBits(C[i][j]),
                                "C[" + i + "][" + j + "] of rows [1, 4) at k=" + k + ", m=" + m);
                    }
                }
            }
        }
    }

    @Test
    void withoutTheModuleThePlainKernelsRunAndAgreeWithTheNaiveTwins() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                PlainPathMain.class.getName());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        assertEquals(0, code, "child JVM without jdk.incubator.vector failed:\n" + out);
        assertTrue(out.contains("plain Java"), "expected the plain kernels without the module, got:\n" + out);
    }

    static void assertClose(Matrix expected, Matrix actual, String what) {
        for (int i = 0; i < expected.rows; i++) {
            for (int j = 0; j < expected.cols; j++) {
                double e = expected.get(i, j), a = actual.get(i, j);
                assertTrue(Math.abs(e - a) <= TOL, what + ": element (" + i + "," + j + ") is " + a + ", naive twin "
                        + e);
            }
        }
    }
}
