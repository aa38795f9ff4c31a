package rnnlab.core;

/**
 * The float32 twins of {@link Kernels}, for the layers' float path ({@link Precision#FLOAT32}). Every product ADDS
 * into its output, as in Kernels; the arrays are plain {@code float[][]} (rows), shapes are passed explicitly.
 *
 * <h2>Implementations (chosen once, when this class loads, as in Kernels)</h2>
 * <ul>
 *   <li><b>Vector API</b> ({@code VectorFloatKernels}): register-blocked fused multiply-adds on
 *       {@code FloatVector} of the preferred species (16 floats per AVX-512 vector), when the JVM runs with
 *       {@code --add-modules jdk.incubator.vector}; loaded reflectively.</li>
 *   <li><b>plain Java</b> ({@code PlainFloatKernels}): i-k-j loops, used without the module, with
 *       {@code -Drnnlab.kernels=plain}, and for tiny products.</li>
 * </ul>
 * Large products ({@link #mul}, {@link #mulTransAAdd}) are split by rows between the two kernel threads through
 * {@link Kernels#inParallel}; each element is computed by the same operations in the same order on either thread.
 * Nothing here allocates once the per-thread buffers have grown to the shapes in use.
 */
public final class FloatKernels {
    private FloatKernels() {}

    /** A product implementation working on a range of rows of C. */
    interface Impl {
        String name();

        /** C[i][0..m) += Σ_{p<k} A[i][p]·B[p][0..m), for the rows i0 ≤ i &lt; i1. */
        void mulAdd(float[][] A, float[][] B, float[][] C, int i0, int i1, int k, int m);

        /** out[c] = σ(z[c]) for c in [from, to). */
        void sigmoid(float[] z, float[] out, int from, int to);

        /** out[c] = tanh(z[c]) for c in [from, to). */
        void tanh(float[] z, float[] out, int from, int to);

        /**
         * The largest of z[0..k) (NaN if one is NaN), for a softmax row; {@code lanes} is scratch of at least
         * {@link #LANES_MAX} floats. Here a scalar loop.
         */
        default float max(float[] z, int k, float[] lanes) {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                m = Math.max(m, z[j]);
            }
            return m;
        }

        /**
         * out[j] = e^(z[j] − shift) for j in [0, k) (out may be z) and returns their sum, added in an order fixed by
         * k alone; {@code lanes} is scratch of at least {@link #LANES_MAX} floats. Here the double exponential
         * rounded to float, summed left to right.
         */
        default float expShiftedSum(float[] z, float shift, float[] out, int k, float[] lanes) {
            float s = 0f;
            for (int j = 0; j < k; j++) {
                float e = (float) Math.exp(z[j] - shift);
                out[j] = e;
                s += e;
            }
            return s;
        }

        /** How many strips of m columns {@link #pack} copies (0: this implementation reads B's rows as stored). */
        default int packedStrips(int m) {
            return 0;
        }

        /** How many floats {@link #pack} writes for a k×m B. */
        default int packedLength(int k, int m) {
            return 0;
        }

        /**
         * Copies the first {@code strips} strips of b (k×m) into P, in the layout {@link #mulAddPacked} reads; b = Bᵀ
         * (B: m×k) if transB, which is only asked where {@link #packedAlone} said so.
         */
        default void pack(float[][] B, boolean transB, int k, int m, int strips, float[] P) {
        }

        /**
         * True if {@link #mulAddPacked} reads only the packed copy of a k×m B (never B's rows), for products of any
         * number of rows: then B may be packed from its transpose without making B.
         */
        default boolean packedAlone(int k, int m) {
            return false;
        }

        /** As {@link #mulAdd}, with the first {@code strips} strips of B packed in P by {@link #pack}. */
        default void mulAddPacked(float[][] A, float[] P, int strips, float[][] B, float[][] C, int i0, int i1,
                                  int k, int m) {
            mulAdd(A, B, C, i0, i1, k, m);
        }

        /**
         * True if {@link #mulAddTransA} reads A's columns itself for a call of this many rows of C, so that
         * Aᵀ·B needs no transposed copy of A.
         */
        default boolean readsTransposedA(int rows) {
            return false;
        }

        /**
         * C[i][0..m) += Σ_{p<k} A[p][i]·B[p][0..m) for the rows i0 ≤ i &lt; i1 of C (A: k×n, read transposed): the
         * bits of {@link #mulAdd} on Aᵀ. Only called where {@link #readsTransposedA} said so.
         */
        default void mulAddTransA(float[][] A, float[][] B, float[][] C, int i0, int i1, int k, int m) {
            throw new UnsupportedOperationException(name() + " does not read A transposed; transpose A first");
        }

        /**
         * True if {@link #mulAddTransB} reads B's rows as Bᵀ's columns itself for a product of this many rows (all of
         * them, before any split between threads) and m columns, so that A·Bᵀ needs no transposed copy of B.
         */
        default boolean readsTransposedB(int rows, int m) {
            return false;
        }

        /**
         * C[i][0..m) += Σ_{p<k} A[i][p]·B[j][p] for the rows i0 ≤ i &lt; i1 (B: m×k, read transposed), any number of
         * rows: the bits of {@link #mulAdd} on Bᵀ. Only called where {@link #readsTransposedB} said so.
         */
        default void mulAddTransB(float[][] A, float[][] B, float[][] C, int i0, int i1, int k, int m) {
            throw new UnsupportedOperationException(name() + " does not read B transposed; transpose B first");
        }

        /**
         * Cs[t][i][0..m) += Σ_{p<k} As[t][p][i]·B[p][0..m) for every t &lt; count and all rows[t] rows of Cs[t] (each
         * A read transposed), each chunk of B packed once for all of them: the bits of {@link #mulAddTransA} on each
         * A alone. Returns false (and does nothing) if this implementation has no such product.
         */
        default boolean mulAddTransAMulti(float[][][] As, float[][][] Cs, int[] rows, int count, float[][] B, int k,
                                          int m) {
            return false;
        }

        /**
         * As {@link #mulAddTransAMulti(float[][][], float[][][], int[], int, float[][], int, int)}, only the rows
         * lo ≤ r &lt; hi of the products' rows counted one after the other (product 0's rows[0] rows, then product
         * 1's, …): the bits of the whole call on those rows. Returns false (and does nothing) if this implementation
         * has no such product.
         */
        default boolean mulAddTransAMulti(float[][][] As, float[][][] Cs, int[] rows, int count, float[][] B, int k,
                                          int m, int lo, int hi) {
            return false;
        }

        /** True if {@link #mulTransBAdd} is the row dot-product kernel (Vector API), worth using for few rows. */
        default boolean dotProducts() {
            return false;
        }

        /** C[i][0..m) += Σ_{p<k} A[i][p]·B[j][p] for the rows i0 ≤ i &lt; i1 (B: m×k); here one fma chain each. */
        default void mulTransBAdd(float[][] A, float[][] B, float[][] C, int i0, int i1, int k, int m) {
            for (int i = i0; i < i1; i++) {
                for (int j = 0; j < m; j++) {
                    float s = 0;
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(A[i][p], B[j][p], s);
                    }
                    C[i][j] += s;
                }
            }
        }
    }

    static final Impl PLAIN = new PlainFloatKernels();
    static final Impl VECTOR = loadVector();
    static final Impl IMPL = VECTOR != null && !"plain".equals(System.getProperty("rnnlab.kernels")) ? VECTOR : PLAIN;
    /** Products with fewer columns than this, or fewer multiply-adds than VECTOR_MIN_WORK, use the plain loops. */
    static final int VECTOR_MIN_COLS = 8;
    static final long VECTOR_MIN_WORK = 4096;

    private static Impl loadVector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            Class<?> c = Class.forName("rnnlab.core.VectorFloatKernels");
            if (!(Boolean) c.getDeclaredMethod("usable").invoke(null)) {
                return null;
            }
            return (Impl) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null; // fall back to the plain loops
        }
    }

    /** Which implementation runs the float products, e.g. "Vector API, 16 floats per vector (…)". */
    public static String implementation() {
        return IMPL.name();
    }

    /** True if the Vector API float kernels are in use. */
    public static boolean vectorised() {
        return IMPL == VECTOR;
    }

    static Impl implFor(long n, long k, int m) {
        return m >= VECTOR_MIN_COLS && n * k * m >= VECTOR_MIN_WORK ? IMPL : PLAIN;
    }

    // ---- products -----------------------------------------------------------------------------------------------

    /**
     * C[r0..r1) += A[r0..r1)·B on the calling thread only (A: n×k, B: k×m), the implementation chosen from the
     * whole product's shape so each row has the bits of the same row of a whole product.
     */
    public static void mulAddRows(float[][] A, float[][] B, float[][] C, int r0, int r1, int n, int k, int m) {
        implFor(n, k, m).mulAdd(A, B, C, r0, r1, k, m);
    }

    /**
     * A k×m matrix B copied once into the layout the Vector API kernels read fastest, for a product that multiplies
     * by the same B at every step of a pass (a recurrent weight), as {@link Kernels.Packed}: call {@link #pack}
     * whenever B has changed and do not change B until the next {@code pack}; products through
     * {@link #mulAddRows(float[][], Packed, float[][], int, int, int)} have the bits of the same products on B.
     * Nothing is copied with the plain kernels; the buffer only grows.
     */
    public static final class Packed {
        private float[] data = new float[0];
        private float[][] src;
        private boolean packed;
        private int k, m, strips;

        /** Copies B (k×m, which this then stands for) into the packed layout. */
        public void pack(float[][] b, int k, int m) {
            if (b.length < k || k > 0 && b[0].length < m) {
                throw new IllegalArgumentException("FloatKernels.Packed.pack: B has " + b.length + " rows of "
                        + (b.length == 0 ? 0 : b[0].length) + ", smaller than the " + k + "×" + m + " given");
            }
            src = b;
            copy(b, false, k, m);
        }

        /**
         * Makes this stand for Uᵀ (m×k) of a k×m U: packed straight from U's rows when the kernels then read nothing
         * else ({@link Impl#packedAlone}: the Vector API at 64 to 191 columns, e.g. Uᵀ of the B32 backward pass),
         * otherwise U is transposed into {@code scratch} (at least m×k) first and that is packed. The same bits as
         * {@code transpose(u, scratch, k, m); pack(scratch, m, k)} either way.
         */
        public void packTransposed(float[][] u, int k, int m, float[][] scratch) {
            if (u.length < k || k > 0 && u[0].length < m || scratch.length < m || m > 0 && scratch[0].length < k) {
                throw new IllegalArgumentException("FloatKernels.Packed.packTransposed: U has " + u.length
                        + " rows of " + (u.length == 0 ? 0 : u[0].length) + " and the scratch " + scratch.length
                        + " rows of " + (scratch.length == 0 ? 0 : scratch[0].length) + "; U must be at least " + k
                        + "×" + m + " and the scratch " + m + "×" + k);
            }
            if (IMPL.packedAlone(m, k) && implFor(1, m, k) == IMPL) {   // every product on it takes IMPL's path
                src = null;
                copy(u, true, m, k);
            } else {
                transpose(u, scratch, k, m);
                pack(scratch, m, k);
            }
        }

        private void copy(float[][] b, boolean transB, int k, int m) {
            this.k = k;
            this.m = m;
            strips = IMPL.packedStrips(m);
            packed = true;
            if (strips > 0) {
                int size = IMPL.packedLength(k, m);
                if (data.length < size) {
                    data = new float[size];
                }
                IMPL.pack(b, transB, k, m, strips, data);
            }
        }
    }

    /**
     * C[r0..r1) += A[r0..r1)·B on the calling thread (A: n×k), B given {@link Packed packed}: the bits of
     * {@link #mulAddRows(float[][], float[][], float[][], int, int, int, int, int)} on the matrix last packed.
     */
    public static void mulAddRows(float[][] A, Packed B, float[][] C, int r0, int r1, int n) {
        if (!B.packed) {
            throw new IllegalStateException("FloatKernels.mulAddRows: the Packed matrix is empty; call pack(B) first");
        }
        Impl impl = implFor(n, B.k, B.m);
        if (impl == IMPL && B.strips > 0) {
            impl.mulAddPacked(A, B.data, B.strips, B.src, C, r0, r1, B.k, B.m);
        } else {
            impl.mulAdd(A, B.src, C, r0, r1, B.k, B.m);
        }
    }

    /** C = A·B (overwrites rows 0 … n−1 of C), split by rows between the two kernel threads when large. */
    public static void mul(float[][] A, float[][] B, float[][] C, int n, int k, int m) {
        product(A, B, C, n, k, m, true);
    }

    /** C += A·B, split by rows between the two kernel threads when large. */
    public static void mulAdd(float[][] A, float[][] B, float[][] C, int n, int k, int m) {
        product(A, B, C, n, k, m, false);
    }

    /**
     * C += Aᵀ·B (A: n×k, B: n×m, C: k×m; the weight-gradient product xᵀ·δ): the Vector API kernels read A's columns
     * while packing it when each part has at least 48 rows of C ({@link Impl#readsTransposedA}); otherwise A is
     * transposed into a per-thread buffer, then multiplied as (Aᵀ)·B. The same bits either way.
     */
    public static void mulTransAAdd(float[][] A, float[][] B, float[][] C, int n, int k, int m) {
        if (readsTransposed(k, n, m)) {
            product(A, true, B, false, C, k, n, m, false); // the Vector API packs Aᵀ from A's rows directly
            return;
        }
        float[][] at = scratch(k, n);
        transpose(A, at, n, k);
        product(at, B, C, k, n, m, false);
    }

    /**
     * True if the product C (rows×m) += Aᵀ·B over inner dimension k reads A transposed in every part it is split
     * into (see {@link #product}), so no transposed copy of A is made.
     */
    private static boolean readsTransposed(int rows, int k, int m) {
        Impl impl = implFor(rows, k, m);
        int part = splits(rows, k, m) ? Math.min(Kernels.splitRows(rows), rows - Kernels.splitRows(rows)) : rows;
        return impl.readsTransposedA(part);
    }

    /** True if {@link #product} splits a product of these sizes between the two kernel threads. */
    private static boolean splits(int n, int k, int m) {
        return n >= 8 && (long) n * k * m >= Kernels.PARALLEL_MIN_WORK && Kernels.threads() > 1;
    }

    /**
     * True if C += A·Bᵀ (A: n×k, B: m×k) runs as dot products of rows (Vector API, at most
     * {@link Kernels#DOT_MAX_ROWS} rows, not tiny): then no transposed copy of B is needed (see
     * {@link Kernels#rowDotProducts}).
     */
    public static boolean rowDotProducts(int n, int k, int m) {
        return n <= Kernels.DOT_MAX_ROWS && k >= VECTOR_MIN_COLS && (long) n * k * m >= VECTOR_MIN_WORK
                && IMPL.dotProducts();
    }

    /**
     * True if the Vector API kernels read B's rows as the columns of Bᵀ while packing them for C += A·Bᵀ of this
     * shape (A: n×k, B: m×k; at least 48 rows and 64 columns), with the bits of {@link #mulAddRows} on a transposed
     * copy of B: then neither a copy nor dot products are needed.
     */
    static boolean readsTransposedB(int n, int k, int m) {
        return implFor(n, k, m) == IMPL && IMPL.readsTransposedB(n, m);
    }

    /**
     * True if C += A·Bᵀ (A: n×k, B: m×k) by rows needs a transposed copy Bt of B (k×m) and
     * {@link #mulAddRows(float[][], float[][], float[][], int, int, int, int, int)} on it; false if
     * {@link #mulTransBAddRows} works on B itself (row dot products, {@link #rowDotProducts}, or the Vector API
     * reading Bᵀ while it packs it). The caller transposes only when this says so.
     */
    public static boolean transposesB(int n, int k, int m) {
        return !rowDotProducts(n, k, m) && !readsTransposedB(n, k, m);
    }

    /**
     * C[r0..r1) += A[r0..r1)·Bᵀ on the calling thread (A: n×k, B: m×k, C: n×m), the implementation chosen from the
     * whole product's shape: dot products of rows ({@link #rowDotProducts}), the Vector API reading Bᵀ while packing
     * it (when {@link #transposesB} is false for another reason: then the bits of {@code mulAddRows} on Bᵀ), or one
     * scalar fma chain per element from zero, then added; each element by the same operations wherever its row range
     * starts.
     */
    public static void mulTransBAddRows(float[][] A, float[][] B, float[][] C, int r0, int r1, int n, int k, int m) {
        if (rowDotProducts(n, k, m)) {
            IMPL.mulTransBAdd(A, B, C, r0, r1, k, m);
        } else if (readsTransposedB(n, k, m)) {
            IMPL.mulAddTransB(A, B, C, r0, r1, k, m);
        } else {
            PLAIN.mulTransBAdd(A, B, C, r0, r1, k, m);
        }
    }

    /**
     * C = A·Bᵀ (overwrites rows 0 … n−1; A: n×k, B: m×k): as row dot products when {@link #rowDotProducts}; with B
     * read transposed while packed when the Vector API does so ({@link #transposesB} false: the bits of multiplying
     * by a transposed copy); else B is transposed into {@code Bt} (k×m, scratch) and multiplied with {@link #mul}.
     */
    public static void mulTransB(float[][] A, float[][] B, float[][] Bt, float[][] C, int n, int k, int m) {
        if (rowDotProducts(n, k, m)) {
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(C[i], 0, m, 0f);
            }
            IMPL.mulTransBAdd(A, B, C, 0, n, k, m);
        } else if (readsTransposedB(n, k, m)) {
            product(A, false, B, true, C, n, k, m, true);   // Bᵀ packed from B's rows: no transposed copy
        } else {
            transpose(B, Bt, m, k);
            mul(A, Bt, C, n, k, m);
        }
    }

    /**
     * C += Aᵀ·B for a double C (A: n×k, B: n×m, C: k×m), the product summed in float from zero, then widened and
     * added: the bits of {@code zero(g); mulTransAAdd(A, B, g); addTo(g, C)} for a float k×m {@code g}, which is
     * what a float32 layer adds into its double weight gradient. On one thread the float rows are made 8 at a time
     * in a small per-thread block that stays in the first-level cache, instead of zeroing, filling and re-reading a
     * whole k×m float matrix. Each block reads all of B, so this is done only while B is small (at most
     * {@value #ROW_BLOCK_MAX_B} floats: a batch of one sequence); for larger B, and when the product is split between
     * the two kernel threads, {@code g} is that whole matrix and the panels of {@link #mul} read B a few times only.
     */
    public static void mulTransAAddInto(float[][] A, float[][] B, float[][] g, Matrix C, int n, int k, int m) {
        if ((long) n * m > ROW_BLOCK_MAX_B || splits(k, n, m)) {
            for (int i = 0; i < k; i++) {
                java.util.Arrays.fill(g[i], 0, m, 0f);
            }
            if (readsTransposed(k, n, m)) {
                product(A, true, B, false, g, k, n, m, false);
            } else {
                float[][] at = scratch(k, n);
                transpose(A, at, n, k);
                product(at, B, g, k, n, m, false);
            }
            addTo(g, C);
            return;
        }
        float[][] at = scratch(k, n);
        transpose(A, at, n, k);
        Impl impl = implFor(k, n, m);          // as product() chooses for the whole product: the same bits
        RowBlock blk = ROW_BLOCK.get();
        blk.size(m);
        for (int p0 = 0; p0 < k; p0 += RowBlock.ROWS) {
            int rb = Math.min(RowBlock.ROWS, k - p0);
            for (int r = 0; r < rb; r++) {
                blk.a[r] = at[p0 + r];
                java.util.Arrays.fill(blk.c[r], 0, m, 0f);
            }
            impl.mulAdd(blk.a, B, blk.c, 0, rb, n, m);
            for (int r = 0; r < rb; r++) {
                float[] s = blk.c[r];
                double[] d = C.data[p0 + r];
                for (int j = 0; j < m; j++) {
                    d[j] += s[j];
                }
            }
            java.util.Arrays.fill(blk.a, null);
        }
    }

    /**
     * The weight gradients that share one δ: Cs[t] += As[t]ᵀ·B for t &lt; count (As[t]: n×ks[t], B: n×m, Cs[t]: a
     * double ks[t]×m; gs[t]: float scratch of at least ks[t]×m), with the bits of
     * {@code mulTransAAddInto(As[t], B, gs[t], Cs[t], n, ks[t], m)} for each t in turn. When each of those would run
     * on the calling thread as the Vector API product on Aᵀ (one kernel thread, or a product too small to split),
     * one pass packs each chunk of B once and applies it to all the A's; otherwise the products run one by one.
     * {@code thisThread}: the caller knows the helper thread is busy (inside a task of {@link Kernels#inParallel}),
     * so a product that would split runs whole on the calling thread anyway and may be fused too.
     * The arrays are the caller's (nothing is allocated here).
     */
    public static void mulTransAAddInto(float[][][] As, int[] ks, float[][][] gs, Matrix[] Cs, int count,
                                        float[][] B, int n, int m, boolean thisThread) {
        boolean fused = count > 1 && IMPL == VECTOR && (long) n * m > ROW_BLOCK_MAX_B;
        for (int t = 0; t < count && fused; t++) {
            fused = implFor(ks[t], n, m) == IMPL && (thisThread || !splits(ks[t], n, m))
                    && IMPL.readsTransposedA(ks[t]);
        }
        if (fused) {
            for (int t = 0; t < count; t++) {
                for (int i = 0; i < ks[t]; i++) {
                    java.util.Arrays.fill(gs[t][i], 0, m, 0f);
                }
            }
            fused = IMPL.mulAddTransAMulti(As, gs, ks, count, B, n, m);
            if (fused) {
                for (int t = 0; t < count; t++) {
                    addTo(gs[t], Cs[t]);
                }
                return;
            }
        }
        for (int t = 0; t < count; t++) {
            mulTransAAddInto(As[t], B, gs[t], Cs[t], n, ks[t], m);
        }
    }

    /**
     * True if {@link #mulTransAAddIntoRows} computes these weight gradients of one δ (B: n×m): each product would run
     * as the Vector API's Aᵀ·B read transposed (the fused pass of
     * {@link #mulTransAAddInto(float[][][], int[], float[][][], Matrix[], int, float[][], int, int, boolean)}).
     */
    public static boolean fusesByRows(int[] ks, int count, int n, int m) {
        boolean fused = count > 0 && IMPL == VECTOR && (long) n * m > ROW_BLOCK_MAX_B;
        for (int t = 0; t < count && fused; t++) {
            fused = implFor(ks[t], n, m) == IMPL && IMPL.readsTransposedA(ks[t]);
        }
        return fused;
    }

    /**
     * The rows lo ≤ r &lt; hi of the weight gradients Cs[t] += As[t]ᵀ·B, the products' rows counted one after the
     * other (Cs[0]'s ks[0] rows, then Cs[1]'s, …), on the calling thread: each such row zeroed in gs[t], one pass
     * over B packing each chunk once for all of them, then added into Cs[t]. Only where {@link #fusesByRows} said
     * so. Every element is the one fma chain over B's rows of
     * {@link #mulTransAAddInto(float[][][], int[], float[][][], Matrix[], int, float[][], int, int, boolean)}, then
     * the same addition, so two threads taking a part each give the bits of one thread taking all.
     */
    public static void mulTransAAddIntoRows(float[][][] As, int[] ks, float[][][] gs, Matrix[] Cs, int count,
                                            float[][] B, int n, int m, int lo, int hi) {
        for (int t = 0, r0 = 0; t < count; r0 += ks[t], t++) {
            for (int i = Math.max(lo, r0) - r0, e = Math.min(hi, r0 + ks[t]) - r0; i < e; i++) {
                java.util.Arrays.fill(gs[t][i], 0, m, 0f);
            }
        }
        if (!IMPL.mulAddTransAMulti(As, gs, ks, count, B, n, m, lo, hi)) {
            throw new IllegalStateException("FloatKernels.mulTransAAddIntoRows: " + IMPL.name()
                    + " has no fused product (check fusesByRows first)");
        }
        for (int t = 0, r0 = 0; t < count; r0 += ks[t], t++) {
            Matrix C = Cs[t];
            for (int i = Math.max(lo, r0) - r0, e = Math.min(hi, r0 + ks[t]) - r0; i < e; i++) {
                float[] g = gs[t][i];
                double[] d = C.data[i];
                for (int j = 0; j < C.cols; j++) {
                    d[j] += g[j];
                }
            }
        }
    }

    /** B (n×m) of at most this many floats (128 kB) lets {@link #mulTransAAddInto} work 8 rows at a time. */
    static final long ROW_BLOCK_MAX_B = 32 * 1024;

    /** A few rows of Aᵀ (views) and their float results, per thread, for {@link #mulTransAAddInto}. */
    private static final class RowBlock {
        static final int ROWS = 8;
        final float[][] a = new float[ROWS][];
        float[][] c = new float[ROWS][0];

        void size(int m) {
            if (c[0].length < m) {
                c = new float[ROWS][m];
            }
        }
    }

    private static final ThreadLocal<RowBlock> ROW_BLOCK = ThreadLocal.withInitial(RowBlock::new);

    /** dst = srcᵀ for src r×c (dst c×r), in 8×8 tiles. */
    public static void transpose(float[][] src, float[][] dst, int r, int c) {
        final int TILE = 8;
        for (int i0 = 0; i0 < r; i0 += TILE) {
            int i1 = Math.min(r, i0 + TILE);
            for (int j0 = 0; j0 < c; j0 += TILE) {
                int j1 = Math.min(c, j0 + TILE);
                for (int i = i0; i < i1; i++) {
                    float[] s = src[i];
                    for (int j = j0; j < j1; j++) {
                        dst[j][i] = s[j];
                    }
                }
            }
        }
    }

    private static final ThreadLocal<float[][][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][][]);

    private static float[][] scratch(int rows, int cols) {
        float[][][] holder = SCRATCH.get();
        float[][] s = holder[0];
        if (s == null || s.length < rows || s[0].length < cols) {
            int r = Math.max(rows, s == null ? 0 : s.length), c = Math.max(cols, s == null ? 0 : s[0].length);
            s = new float[r][c];
            holder[0] = s;
        }
        return s;
    }

    /** The two halves of a large product, kept per calling thread so that handing them over allocates nothing. */
    private static final class Split {
        float[][] A, B, C;
        int mid, n, k, m;
        boolean overwrite, transA, transB;
        Impl impl;
        final Runnable lo = () -> rows(0, mid), hi = () -> rows(mid, n);

        void rows(int r0, int r1) {
            if (overwrite) {
                for (int i = r0; i < r1; i++) {
                    java.util.Arrays.fill(C[i], 0, m, 0f);
                }
            }
            if (transA) {
                impl.mulAddTransA(A, B, C, r0, r1, k, m);
            } else if (transB) {
                impl.mulAddTransB(A, B, C, r0, r1, k, m);
            } else {
                impl.mulAdd(A, B, C, r0, r1, k, m);
            }
        }
    }

    private static final ThreadLocal<Split> SPLIT = ThreadLocal.withInitial(Split::new);

    private static void product(float[][] A, float[][] B, float[][] C, int n, int k, int m, boolean overwrite) {
        product(A, false, B, false, C, n, k, m, overwrite);
    }

    /**
     * C (n×m) [+]= a·b over inner dimension k, a = Aᵀ (A: k×n) if transA, else A (n×k); b = Bᵀ (B: m×k) if transB,
     * else B (k×m).
     */
    private static void product(float[][] A, boolean transA, float[][] B, boolean transB, float[][] C, int n, int k,
                                int m, boolean overwrite) {
        Impl impl = implFor(n, k, m);
        Split s = SPLIT.get();
        s.transA = transA;
        s.transB = transB;
        s.A = A;
        s.B = B;
        s.C = C;
        s.n = n;
        s.k = k;
        s.m = m;
        s.overwrite = overwrite;
        s.impl = impl;
        try {
            s.mid = splits(n, k, m) ? Kernels.splitRows(n) : n;
            if (s.mid == n || !Kernels.tryInParallel(s.lo, s.hi)) {
                s.mid = n;          // one thread (or the helper busy, e.g. inside a weight-gradient side): one call
                s.lo.run();
            }
        } finally {
            s.A = s.B = s.C = null;
        }
    }

    // ---- element-wise -------------------------------------------------------------------------------------------

    /** out[c] = σ(z[c]) for c in [from, to), within a few float ulp of the double σ. */
    public static void sigmoid(float[] z, float[] out, int from, int to) {
        IMPL.sigmoid(z, out, from, to);
    }

    /** out[c] = tanh(z[c]) for c in [from, to), within a few float ulp of the double tanh. */
    public static void tanh(float[] z, float[] out, int from, int to) {
        IMPL.tanh(z, out, from, to);
    }

    /** out = a(z) on [from, to), for every {@link Activation}. */
    public static void apply(Activation a, float[] z, float[] out, int from, int to) {
        switch (a) {
            case LINEAR -> System.arraycopy(z, from, out, from, to - from);
            case TANH -> tanh(z, out, from, to);
            case SIGMOID -> sigmoid(z, out, from, to);
            case RELU -> {
                for (int c = from; c < to; c++) {
                    out[c] = z[c] > 0 ? z[c] : 0f;
                }
            }
            case STEP -> {
                for (int c = from; c < to; c++) {
                    out[c] = z[c] > 0 ? 1f : 0f;
                }
            }
        }
    }

    /** a'(z) given z and a = a(z), in float (the formulas of {@link Activation#derivative}). */
    public static float derivative(Activation a, float z, float y) {
        return switch (a) {
            case LINEAR -> 1f;
            case SIGMOID -> y * (1f - y);
            case TANH -> 1f - y * y;
            case RELU -> z > 0 ? 1f : 0f;
            case STEP -> 0f;
        };
    }

    /** Floats of scratch that {@link #max} and {@link #expShiftedSum} need (a vector of the widest species, 2048 bits). */
    public static final int LANES_MAX = 64;

    /** The largest of z[0..k), NaN if one is NaN ({@code lanes}: scratch of {@link #LANES_MAX} floats). */
    public static float max(float[] z, int k, float[] lanes) {
        return IMPL.max(z, k, lanes);
    }

    /**
     * out[j] = e^(z[j] − shift) for j in [0, k) (out may be z itself), and returns their sum; within a few float ulp
     * of the double e^x (the Vector API polynomial of the gate activations; shifts below −86 give e^−86). The sum is
     * added in an order fixed by k, so a row has the same bits on either kernel thread ({@code lanes}: scratch of
     * {@link #LANES_MAX} floats).
     */
    public static float expShiftedSum(float[] z, float shift, float[] out, int k, float[] lanes) {
        return IMPL.expShiftedSum(z, shift, out, k, lanes);
    }

    // ---- between double and float -------------------------------------------------------------------------------

    /** dst[i][j] = (float) src[i][j] for the rows × cols of src. */
    public static void toFloat(Matrix src, float[][] dst) {
        for (int i = 0; i < src.rows; i++) {
            double[] s = src.data[i];
            float[] d = dst[i];
            for (int j = 0; j < src.cols; j++) {
                d[j] = (float) s[j];
            }
        }
    }

    /** dst[i][j] += src[i][j] for the rows × cols of dst (a float gradient added into a double one). */
    public static void addTo(float[][] src, Matrix dst) {
        for (int i = 0; i < dst.rows; i++) {
            float[] s = src[i];
            double[] d = dst.data[i];
            for (int j = 0; j < dst.cols; j++) {
                d[j] += s[j];
            }
        }
    }

    /** dst[0..n) = src[0..n) widened to double. */
    public static void toDouble(float[] src, double[] dst, int n) {
        for (int j = 0; j < n; j++) {
            dst[j] = src[j];
        }
    }
}
