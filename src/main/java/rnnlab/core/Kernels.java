package rnnlab.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The matrix kernels every layer uses. Each product ADDS into its output argument (the only argument it modifies),
 * because backpropagation through time sums over steps; zero the output first for a plain product.
 *
 * <p>Shapes: {@code A} is n×k, {@code B} k×m, {@code C} n×m for {@link #mulAdd}. Every product here has a textbook
 * twin in {@link NaiveKernels}; {@code KernelsTest} checks that they agree on random shapes, for each
 * implementation.
 *
 * <h2>Implementations (chosen once, when this class loads)</h2>
 * <ul>
 *   <li><b>Vector API</b> ({@code VectorKernels}): register-blocked fused multiply-adds, used when the JVM runs
 *       with {@code --add-modules jdk.incubator.vector}, as the notebook kernel, {@code bin/rnnlab} and the tests
 *       do. The class is loaded reflectively, so nothing changes where the module is absent.</li>
 *   <li><b>plain Java</b> ({@code PlainKernels}): i-k-j loops that HotSpot auto-vectorises. Used where the module
 *       is not on (a plain {@code java -cp lib/rnnlab.jar} or jshell without it), when
 *       {@code -Drnnlab.kernels=plain} is given, and for products too small for the vector kernels.</li>
 * </ul>
 * {@link #implementation()} says which one runs. The measurements behind these choices are in
 * {@code docs/design-notes.md}, "Storage layout and kernels (measured)".
 *
 * <h2>Threads</h2>
 * Products of at least {@value #PARALLEL_MIN_WORK} multiply-adds are split by rows of C between the calling thread
 * and one helper thread when {@link #threads()} is 2 (the default on a machine with 2 or more cores). Each element
 * of C is computed by the same operations in the same order whichever thread computes it, so results are
 * bit-identical for any thread count. Larger independent pieces of work (the two directions of a bidirectional
 * layer, the two halves of a batch in a recurrent layer's time loop) run on the two threads through
 * {@link #inParallel}, with {@link #mulAddRows} for the products of each part.
 */
public final class Kernels {
    private Kernels() {}

    /** A product implementation working on a range of rows of C, so that a product can be split by rows. */
    interface Impl {
        /** A readable description. */
        String name();

        /** C[i][0..m) += Σ_{p<k} A[i][p]·B[p][0..m), for the rows i0 ≤ i &lt; i1. */
        void mulAdd(double[][] A, double[][] B, double[][] C, int i0, int i1, int k, int m);

        /**
         * C[i][0..m) = Σ_{p<k} A[i][p]·B[p][0..m) for the rows i0 ≤ i &lt; i1 (overwrites them): the bits of zeroing
         * those rows and then {@link #mulAdd}, which is what this default does.
         */
        default void mul(double[][] A, double[][] B, double[][] C, int i0, int i1, int k, int m) {
            zeroRows(C, i0, i1, m);
            mulAdd(A, B, C, i0, i1, k, m);
        }

        /** C[p][0..m) += Σ_{i<n} A[i][p]·B[i][0..m), for the rows p0 ≤ p &lt; p1. */
        void mulTransAAdd(double[][] A, double[][] B, double[][] C, int p0, int p1, int n, int m);

        /** out[c] = σ(z[c]) for c in [from, to). */
        default void sigmoid(double[] z, double[] out, int from, int to) {
            for (int c = from; c < to; c++) {
                out[c] = Activation.SIGMOID.apply(z[c]);
            }
        }

        /** out[c] = tanh(z[c]) for c in [from, to). */
        default void tanh(double[] z, double[] out, int from, int to) {
            for (int c = from; c < to; c++) {
                out[c] = Kernels.tanh(z[c]);
            }
        }

        /** How many strips of m columns {@link #pack} copies (0: this implementation reads B's rows as stored). */
        default int packedStrips(int m) {
            return 0;
        }

        /** Copies the first {@code strips} strips of B (k rows) into P, in the layout {@link #mulAddPacked} reads. */
        default void pack(double[][] B, int k, int strips, double[] P) {
        }

        /** As {@link #mulAdd}, with the first {@code strips} strips of B packed in P by {@link #pack}. */
        default void mulAddPacked(double[][] A, double[] P, int strips, double[][] B, double[][] C, int i0, int i1,
                                  int k, int m) {
            mulAdd(A, B, C, i0, i1, k, m);
        }

        /**
         * True if {@link #mulTransAAdd} packs A's columns itself for a call of this many rows of C (the register-
         * blocked product on Aᵀ without a transposed copy of A); otherwise {@link Kernels#mulTransAAdd} transposes A
         * first where that pays. The bits are the same either way.
         */
        default boolean readsTransposedA(int rows) {
            return false;
        }

        /**
         * Cs[t][i][0..m) += Σ_{p<k} As[t][p][i]·B[p][0..m) for lo[t] ≤ i &lt; hi[t] and every t &lt; count, each
         * chunk of B packed once for all of them (the bits of {@link #mulTransAAdd} on each A alone); false (and
         * nothing done) if this implementation has no such product.
         */
        default boolean mulTransAAddMulti(double[][][] As, double[][][] Cs, int[] lo, int[] hi, int count,
                                          double[][] B, int k, int m) {
            return false;
        }

        /** True if {@link #mulTransBAdd} is the row dot-product kernel (Vector API), worth using for few rows. */
        default boolean dotProducts() {
            return false;
        }

        /**
         * C[i][0..m) += Σ_{p<k} A[i][p]·B[j][p] for the rows i0 ≤ i &lt; i1 (A·Bᵀ with B m×k, read along its rows).
         * This default is one scalar fma chain per element; the Vector API implementation uses dot products of rows.
         */
        default void mulTransBAdd(double[][] A, double[][] B, double[][] C, int i0, int i1, int k, int m) {
            for (int i = i0; i < i1; i++) {
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(A[i][p], B[j][p], s);
                    }
                    C[i][j] += s;
                }
            }
        }
    }

    /** The plain-Java loops (always available). */
    static final Impl PLAIN = new PlainKernels();
    /** The Vector API kernels, or null when the module is not enabled. */
    static final Impl VECTOR = loadVector();
    /** What the public methods use. */
    static final Impl IMPL = VECTOR != null && !"plain".equals(System.getProperty("rnnlab.kernels")) ? VECTOR : PLAIN;
    /** Products with fewer columns than this use the plain loops (a vector would be mostly empty). */
    static final int VECTOR_MIN_COLS = 8;
    /** Products with fewer multiply-adds than this use the plain loops. */
    static final long VECTOR_MIN_WORK = 4096;

    private static Impl loadVector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            Class<?> c = Class.forName("rnnlab.core.VectorKernels");
            if (!(Boolean) c.getDeclaredMethod("usable").invoke(null)) {
                return null;
            }
            return (Impl) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null; // fall back to the plain loops
        }
    }

    /** Which implementation runs the products, e.g. "plain Java (auto-vectorised i-k-j loops)". */
    public static String implementation() {
        return IMPL.name();
    }

    /** True if the Vector API kernels are in use. */
    public static boolean vectorised() {
        return IMPL == VECTOR;
    }

    // ---- threads ------------------------------------------------------------------------------------------------

    /** Products smaller than this many multiply-adds stay on the calling thread (handing over costs microseconds). */
    public static final long PARALLEL_MIN_WORK = 1L << 18;
    private static volatile int threads = defaultThreads();

    /** 2 on a machine with at least 2 cores, else 1. */
    public static int defaultThreads() {
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    /** Number of threads large products use (1 or 2). */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads large products use: 1 (only the calling thread) or 2 (plus one helper thread).
     * Results are bit-identical either way.
     */
    public static void setThreads(int n) {
        if (n < 1 || n > 2) {
            throw new IllegalArgumentException("Kernels.setThreads: 1 or 2 threads are supported, got " + n);
        }
        threads = n;
    }

    /**
     * Runs {@code a} on the calling thread and {@code b} on the helper thread at the same time, and returns when both
     * have finished; runs them one after the other (a, then b) when {@link #threads()} is 1 or the helper is busy.
     * The two tasks must not share anything they write (e.g. the two directions of a bidirectional layer); products
     * inside them stay on their own thread. An exception of {@code a}, else of {@code b}, is rethrown after both
     * have finished. Allocates nothing when the tasks are kept in fields.
     */
    public static void inParallel(Runnable a, Runnable b) {
        if (!tryInParallel(a, b)) {
            a.run();
            b.run();
        }
    }

    /**
     * As {@link #inParallel}, but runs nothing and returns false when the two tasks would run one after the other
     * ({@link #threads()} is 1, or the helper is in use: e.g. inside a task of an outer {@code inParallel}, such as a
     * direction of a bidirectional layer or a weight-gradient side). A caller that split its work in two halves only
     * to share it then does it whole instead: one product over all rows packs its operands once, where two halves
     * one after the other pack them twice (float32 products, the batch halves of a time loop).
     */
    public static boolean tryInParallel(Runnable a, Runnable b) {
        return threads >= 2 && Helper.runPair(a, b);
    }

    /**
     * Keeps the helper thread awake until the matching {@link #releaseHelper()}: between hand-overs it spins (up to
     * {@value Helper#HOLD_SPIN_NANOS} ns at a time) instead of parking after {@value Helper#SPIN_NANOS} ns, and a
     * parked helper is woken now, so that the hand-overs of one training step (each product split between the
     * threads, each pass in halves of the batch) do not each pay a wake-up. A training step's serial parts (softmax,
     * conversions, the optimiser) often last longer than the short spin: without a hold the helper parked before most
     * hand-overs of a B32 step and woke too late to take its part (measured in docs/design-notes.md, issue 17
     * section). {@code SequenceModel} holds the helper for each forward and backward pass. Holds nest; call
     * {@code releaseHelper()} in a {@code finally}. Allocates nothing; does nothing with 1 thread.
     */
    public static void holdHelper() {
        Helper.HOLDS.incrementAndGet();
        if (threads > 1) {
            Helper h = Helper.instance;
            if (h != null) {
                LockSupport.unpark(h.thread);   // a parked helper wakes while the caller does the step's serial start
            }
        }
    }

    /** Ends a {@link #holdHelper()}: the helper parks again after a short spin once no hold is left. */
    public static void releaseHelper() {
        if (Helper.HOLDS.decrementAndGet() < 0) {
            Helper.HOLDS.incrementAndGet();
            throw new IllegalStateException("Kernels.releaseHelper: called more often than holdHelper");
        }
    }

    // ---- products -----------------------------------------------------------------------------------------------

    /** C += A·B. A: n×k, B: k×m, C: n×m. */
    public static void mulAdd(Matrix a, Matrix b, Matrix c) {
        if (a.cols != b.rows || c.rows != a.rows || c.cols != b.cols) {
            throw shapeError("mulAdd (C += A·B)", a, b, c);
        }
        mulAdd(a.data, b.data, c.data, a.rows, a.cols, b.cols);
    }

    /**
     * C = A·B (overwrites C). Each thread writes its own rows of C: the Vector API kernels start the blocks of the
     * first inner chunk from zero instead of zeroing C in a pass of its own and reading it back (the plain loops zero
     * the thread's rows just before adding into them); the result has the same bits as
     * {@code c.zero(); mulAdd(a, b, c)}.
     */
    public static void mul(Matrix a, Matrix b, Matrix c) {
        if (a.cols != b.rows || c.rows != a.rows || c.cols != b.cols) {
            throw shapeError("mul (C = A·B)", a, b, c);
        }
        mulInto(a.data, b.data, c.data, a.rows, a.cols, b.cols, true);
    }

    /**
     * Fails unless the rows r0 … r1−1 (r1 excluded) lie inside the rows of {@code m}, the operand {@code name} of
     * {@code op}: the check of the row-range products, which run part of a product a caller split between threads.
     */
    private static void requireRowRange(String op, int r0, int r1, Matrix m, String name) {
        if (r0 < 0 || r1 > m.rows || r0 > r1) {
            throw new IllegalArgumentException(op + ": rows " + r0 + " … " + r1 + " (end excluded) are not inside the "
                    + m.rows + " rows of " + name + " " + m.shape());
        }
    }

    /**
     * C[r0..r1) += A[r0..r1)·B, on the calling thread only: for work a caller has already split between the threads,
     * e.g. the two halves of a batch in a recurrent layer's time loop. The implementation is chosen from the whole
     * product's shape, so each row comes out bit-identical to the same row of {@link #mulAdd(Matrix, Matrix,
     * Matrix)}.
     */
    public static void mulAddRows(Matrix a, Matrix b, Matrix c, int r0, int r1) {
        if (a.cols != b.rows || c.rows != a.rows || c.cols != b.cols) {
            throw shapeError("mulAddRows (C += A·B on rows " + r0 + "…" + (r1 - 1) + ")", a, b, c);
        }
        requireRowRange("mulAddRows", r0, r1, a, "A");
        implFor(a.rows, a.cols, b.cols).mulAdd(a.data, b.data, c.data, r0, r1, a.cols, b.cols);
    }

    /**
     * C[r0..r1) = A[r0..r1)·B (overwrites those rows) on the calling thread only, for work a caller has already split
     * between the threads: the bits of zeroing the rows and then {@link #mulAddRows(Matrix, Matrix, Matrix, int, int)},
     * without a pass of zeros where the implementation can start its blocks from zero.
     */
    public static void mulRows(Matrix a, Matrix b, Matrix c, int r0, int r1) {
        if (a.cols != b.rows || c.rows != a.rows || c.cols != b.cols) {
            throw shapeError("mulRows (C = A·B on rows " + r0 + "…" + (r1 - 1) + ")", a, b, c);
        }
        requireRowRange("mulRows", r0, r1, a, "A");
        implFor(a.rows, a.cols, b.cols).mul(a.data, b.data, c.data, r0, r1, a.cols, b.cols);
    }

    /**
     * A matrix B copied once into the layout the Vector API kernels read fastest (contiguous strips of 3 vectors
     * over all its rows), for a product that multiplies by the same B many times: a recurrent weight at every step of
     * a pass. Call {@link #pack} whenever B has changed (at the start of each pass) and until the next {@code pack}
     * do not change B; {@link #mulAddRows(Matrix, Packed, Matrix, int, int)} then reads the copy (and B's rows for
     * the columns after the last full strip). The products have the bits of the same products on B itself. With the
     * plain kernels nothing is copied. The buffer grows when B does, so packing allocates nothing after the first
     * pass; both kernel threads may read one packed matrix at the same time.
     */
    public static final class Packed {
        private double[] data = new double[0];
        private Matrix src;
        private int strips;

        /** Copies B (which this then stands for) into the packed layout. */
        public void pack(Matrix b) {
            src = b;
            strips = IMPL.packedStrips(b.cols);
            int size = b.rows * b.cols;      // at least strips·k·W
            if (strips > 0) {
                if (data.length < size) {
                    data = new double[size];
                }
                IMPL.pack(b.data, b.rows, strips, data);
            }
        }

        /** The matrix last packed (null before the first {@link #pack}). */
        public Matrix matrix() {
            return src;
        }
    }

    /**
     * C[r0..r1) += A[r0..r1)·B on the calling thread, B given {@link Packed packed}: the bits of {@link
     * #mulAddRows(Matrix, Matrix, Matrix, int, int)} on the matrix last packed.
     */
    public static void mulAddRows(Matrix a, Packed b, Matrix c, int r0, int r1) {
        Matrix m = b.src;
        if (m == null) {
            throw new IllegalStateException("mulAddRows: the Packed matrix is empty; call pack(B) first");
        }
        if (a.cols != m.rows || c.rows != a.rows || c.cols != m.cols) {
            throw shapeError("mulAddRows (C += A·B on rows " + r0 + "…" + (r1 - 1) + ", B packed)", a, m, c);
        }
        requireRowRange("mulAddRows", r0, r1, a, "A");
        Impl impl = implFor(a.rows, a.cols, m.cols);
        if (impl == IMPL && b.strips > 0) {
            impl.mulAddPacked(a.data, b.data, b.strips, m.data, c.data, r0, r1, a.cols, m.cols);
        } else {
            impl.mulAdd(a.data, m.data, c.data, r0, r1, a.cols, m.cols);
        }
    }

    /**
     * Where a batch of {@code n} rows is split between the two threads ({@link #threads()} is 2): about half,
     * rounded up to a multiple of 4 so both halves use whole register blocks.
     */
    /**
     * Products C += A·Bᵀ whose A has at most this many rows (a batch of one sequence: one row per step, T rows over
     * all steps) run as dot products of rows with the Vector API ({@code VectorDotKernels}), reading B as stored:
     * the register-blocked kernels would need Bᵀ, i.e. a transposition of the weights at every pass, as many moves
     * as the whole product has multiply-adds when A has one row.
     */
    public static final int DOT_MAX_ROWS = 16;

    /**
     * True if C += A·Bᵀ (A: n×k, B: m×k) runs as row dot products with the Vector API ({@link #mulTransBAddRows}): at
     * most {@link #DOT_MAX_ROWS} rows, and not tiny (as for the other products, tiny ones stay in plain Java, which
     * the JIT compiles at once). A layer then needs no transposed copy of B.
     */
    public static boolean rowDotProducts(int n, int k, int m) {
        return n <= DOT_MAX_ROWS && k >= VECTOR_MIN_COLS && (long) n * k * m >= VECTOR_MIN_WORK && IMPL.dotProducts();
    }

    /**
     * C[r0..r1) += A[r0..r1)·Bᵀ on the calling thread (A: n×k, B: m×k, C: n×m), as dot products of rows of A and B.
     * The implementation is chosen from the whole product's shape ({@link #rowDotProducts}; otherwise one scalar fma
     * chain per element), and each element is computed by the same operations wherever its row range starts, so
     * splitting the rows between threads cannot change a bit.
     */
    public static void mulTransBAddRows(Matrix a, Matrix b, Matrix c, int r0, int r1) {
        if (a.cols != b.cols || c.rows != a.rows || c.cols != b.rows) {
            throw shapeError("mulTransBAddRows (C += A·Bᵀ on rows " + r0 + "…" + (r1 - 1) + ")", a, b, c);
        }
        requireRowRange("mulTransBAddRows", r0, r1, a, "A");
        (rowDotProducts(a.rows, a.cols, b.rows) ? IMPL : PLAIN).mulTransBAdd(a.data, b.data, c.data, r0, r1, a.cols,
                b.rows);
    }

    public static int splitRows(int n) {
        return split(n);
    }

    /**
     * The implementation for a product of n·k·m multiply-adds with m columns: the plain loops for narrow or tiny
     * products (a vector would be mostly empty, or the call costs more than the arithmetic), else {@link #IMPL}.
     */
    static Impl implFor(long n, long k, int m) {
        return m >= VECTOR_MIN_COLS && n * k * m >= VECTOR_MIN_WORK ? IMPL : PLAIN;
    }

    private static void mulAdd(double[][] A, double[][] B, double[][] C, int n, int k, int m) {
        mulInto(A, B, C, n, k, m, false);
    }

    /** C (+)= A·B: first zeroes C's rows (each thread its own) when {@code overwrite}. */
    private static void mulInto(double[][] A, double[][] B, double[][] C, int n, int k, int m, boolean overwrite) {
        Impl impl = implFor(n, k, m);
        if (n >= 8 && (long) n * k * m >= PARALLEL_MIN_WORK && threads > 1
                && Helper.run(overwrite ? Helper.MUL_OVERWRITE : Helper.MUL, impl, A, B, C, split(n), n, k, m)) {
            return;
        }
        if (overwrite) {
            impl.mul(A, B, C, 0, n, k, m);
        } else {
            impl.mulAdd(A, B, C, 0, n, k, m);
        }
    }

    /** C[i][0..m) = 0 for r0 ≤ i &lt; r1. */
    private static void zeroRows(double[][] C, int r0, int r1, int m) {
        for (int i = r0; i < r1; i++) {
            java.util.Arrays.fill(C[i], 0, m, 0.0);
        }
    }

    /** C += Aᵀ·B. A: n×k, B: n×m, C: k×m (the weight-gradient product xᵀ·δ). */
    public static void mulTransAAdd(Matrix a, Matrix b, Matrix c) {
        if (a.rows != b.rows || c.rows != a.cols || c.cols != b.cols) {
            throw shapeError("mulTransAAdd (C += Aᵀ·B)", a, b, c);
        }
        final int n = a.rows, k = a.cols, m = b.cols;
        Impl impl = implFor(n, k, m);
        boolean split = k >= 8 && (long) n * k * m >= PARALLEL_MIN_WORK && threads > 1;
        if (impl.readsTransposedA(split ? Math.min(split(k), k - split(k)) : k)) {
            // every part packs its columns of A straight into the register blocks' panels: no transposed copy
            if (split && Helper.run(Helper.MUL_TRANS_A, impl, a.data, b.data, c.data, split(k), k, n, m)) {
                return;
            }
            impl.mulTransAAdd(a.data, b.data, c.data, 0, k, n, m);
            return;
        }
        if (impl == VECTOR && n >= TRANSPOSE_A_MIN_ROWS) {
            // Aᵀ·B as (Aᵀ)·B: the register-blocked product then reads A's elements along rows and keeps a strip
            // of B in cache; transposing costs n·k moves against n·k·m multiply-adds. With 2 threads each one
            // transposes and multiplies its own rows of Aᵀ (= columns of A), so the transposition is split too.
            double[][] at = scratch(1, k, n);
            if (k >= 8 && (long) n * k * m >= PARALLEL_MIN_WORK && threads > 1
                    && Helper.run(Helper.TRANSPOSED_MUL, impl, a.data, b.data, c.data, at, split(k), k, n, m)) {
                return;
            }
            transpose(a.data, at, n, k);
            mulAdd(at, b.data, c.data, k, n, m);
            return;
        }
        if (k >= 8 && (long) n * k * m >= PARALLEL_MIN_WORK && threads > 1
                && Helper.run(Helper.MUL_TRANS_A, impl, a.data, b.data, c.data, split(k), k, n, m)) {
            return;
        }
        impl.mulTransAAdd(a.data, b.data, c.data, 0, k, n, m);
    }

    /**
     * Rows p0 … p1−1 of C += Aᵀ·B (A: n×k, B: n×m, C: k×m) on the calling thread only, for work a caller has already
     * split between the threads (an output layer's ∂W beside its ∂x): the bits of {@link #mulTransAAdd(Matrix,
     * Matrix, Matrix)} on those rows (every path of it computes each element by the same chain over the n rows).
     */
    public static void mulTransAAddRows(Matrix a, Matrix b, Matrix c, int p0, int p1) {
        if (a.rows != b.rows || c.rows != a.cols || c.cols != b.cols) {
            throw shapeError("mulTransAAddRows (C += Aᵀ·B on rows " + p0 + "…" + (p1 - 1) + ")", a, b, c);
        }
        requireRowRange("mulTransAAddRows", p0, p1, c, "C");
        implFor(a.rows, a.cols, b.cols).mulTransAAdd(a.data, b.data, c.data, p0, p1, a.rows, b.cols);
    }

    /**
     * The weight gradients that share one δ: cs[t] += as[t]ᵀ·b for t &lt; count (as[t]: n×kₜ, b: n×m, cs[t]: kₜ×m),
     * with the bits of {@code mulTransAAdd(as[t], b, cs[t])} for each t. When each of those would run as the Vector
     * API product reading A transposed (split between the two threads in the same way for all of them, or on one
     * thread), each thread packs each chunk of b once for its rows of all the products instead of once per product.
     * Otherwise the products run one by one. Allocates nothing (the arrays are the caller's).
     */
    public static void mulTransAAdd(Matrix[] as, Matrix b, Matrix[] cs, int count) {
        mulTransAAdd(as, b, cs, count, null);
    }

    /**
     * As {@link #mulTransAAdd(Matrix[], Matrix, Matrix[], int)}, and runs {@code beside} (e.g. the bias gradient
     * Σ rows of δ, which writes nothing the products read or write) on the helper thread after its rows of the
     * products when the rows are split between the two threads (the helper's part has the fewer rows: {@link #split}
     * rounds the caller's up), else on the calling thread after all of them: one hand-over for both, and no serial
     * pass after it. Null: nothing. {@code beside} must compute the same bits on either thread.
     */
    public static void mulTransAAdd(Matrix[] as, Matrix b, Matrix[] cs, int count, Runnable beside) {
        final int n = b.rows, m = b.cols;
        for (int t = 0; t < count; t++) {
            if (as[t].rows != n || cs[t].rows != as[t].cols || cs[t].cols != m) {
                throw shapeError("mulTransAAdd (C += Aᵀ·B)", as[t], b, cs[t]);
            }
        }
        boolean fused = count > 1 && IMPL == VECTOR, split = threads > 1;
        for (int t = 0; t < count && (fused || split); t++) {
            int k = as[t].cols;
            split &= k >= 8 && (long) n * k * m >= PARALLEL_MIN_WORK;
        }
        for (int t = 0; t < count && fused; t++) {
            int k = as[t].cols;
            fused = implFor(n, k, m) == VECTOR && VECTOR.readsTransposedA(split ? Math.min(split(k), k - split(k)) : k)
                    && (split || !(k >= 8 && (long) n * k * m >= PARALLEL_MIN_WORK && threads > 1));
        }
        if (!fused) {
            for (int t = 0; t < count; t++) {
                mulTransAAdd(as[t], b, cs[t]);
            }
            if (beside != null) {
                beside.run();
            }
            return;
        }
        MultiSplit s = MULTI_SPLIT.get();
        s.set(as, b, cs, count, split);
        s.beside = beside;
        try {
            if (!split || !tryInParallel(s.lo, s.hi)) {
                s.whole();           // one thread, or the helper busy: every row here, δ packed once
                if (beside != null) {
                    beside.run();
                }
            }
        } finally {
            s.clear();
        }
    }

    /** The arguments of {@link #mulTransAAdd(Matrix[], Matrix, Matrix[], int)} per calling thread (no allocation). */
    private static final class MultiSplit {
        double[][][] A = new double[4][][], C = new double[4][][];
        int[] zero = new int[4], mid = new int[4], end = new int[4];
        double[][] B;
        int count, n, m;
        /** Run by the helper after its rows ({@link Kernels#mulTransAAdd(Matrix[], Matrix, Matrix[], int, Runnable)}). */
        Runnable beside;
        final Runnable lo = () -> VECTOR.mulTransAAddMulti(A, C, zero, mid, count, B, n, m);
        final Runnable hi = () -> {
            VECTOR.mulTransAAddMulti(A, C, mid, end, count, B, n, m);
            if (beside != null) {
                beside.run();
            }
        };

        void set(Matrix[] as, Matrix b, Matrix[] cs, int count, boolean split) {
            if (A.length < count) {
                A = new double[count][][];
                C = new double[count][][];
                zero = new int[count];
                mid = new int[count];
                end = new int[count];
            }
            for (int t = 0; t < count; t++) {
                A[t] = as[t].data;
                C[t] = cs[t].data;
                end[t] = as[t].cols;
                mid[t] = split ? split(end[t]) : end[t];
            }
            B = b.data;
            this.count = count;
            n = b.rows;
            m = b.cols;
        }

        void whole() {
            VECTOR.mulTransAAddMulti(A, C, zero, end, count, B, n, m);
        }

        void clear() {
            java.util.Arrays.fill(A, null);
            java.util.Arrays.fill(C, null);
            B = null;
            beside = null;
        }
    }

    private static final ThreadLocal<MultiSplit> MULTI_SPLIT = ThreadLocal.withInitial(MultiSplit::new);

    /** Rows below which {@link #mulTransBAdd} uses dot products instead of transposing B first. */
    static final int TRANSPOSE_MIN_ROWS = 4;
    /** Rows from which the Vector API path computes Aᵀ·B by transposing A first. */
    static final int TRANSPOSE_A_MIN_ROWS = 32;
    /** Per-thread transposition buffers (slot 0: Bᵀ of mulTransBAdd, slot 1: Aᵀ of mulTransAAdd); they only grow. */
    private static final ThreadLocal<double[][][]> SCRATCH = ThreadLocal.withInitial(() -> new double[2][][]);

    /** A buffer of at least rows×cols from the calling thread's slot, grown (never shrunk) when too small. */
    private static double[][] scratch(int slot, int rows, int cols) {
        double[][][] holder = SCRATCH.get();
        double[][] s = holder[slot];
        if (s == null || s.length < rows || s[0].length < cols) {
            int r = Math.max(rows, s == null ? 0 : s.length), c = Math.max(cols, s == null ? 0 : s[0].length);
            s = new double[r][c];
            holder[slot] = s;
        }
        return s;
    }

    /**
     * C += A·Bᵀ. A: n×m, B: k×m, C: n×k (the input-gradient product δ·Wᵀ). For 4 or more rows, B is first
     * transposed into a reused per-thread buffer and the product runs as {@link #mulAdd}; a cell that multiplies by
     * the same Bᵀ at every step should call {@link #transpose} once and {@link #mulAdd} instead.
     */
    public static void mulTransBAdd(Matrix a, Matrix b, Matrix c) {
        if (a.cols != b.cols || c.rows != a.rows || c.cols != b.rows) {
            throw shapeError("mulTransBAdd (C += A·Bᵀ)", a, b, c);
        }
        mulTransBInto(a, b, c, false);
    }

    /** C = A·Bᵀ (overwrites C), with the bits of {@code c.zero(); mulTransBAdd(a, b, c)}; see {@link #mul}. */
    public static void mulTransB(Matrix a, Matrix b, Matrix c) {
        if (a.cols != b.cols || c.rows != a.rows || c.cols != b.rows) {
            throw shapeError("mulTransB (C = A·Bᵀ)", a, b, c);
        }
        mulTransBInto(a, b, c, true);
    }

    private static void mulTransBInto(Matrix a, Matrix b, Matrix c, boolean overwrite) {
        final int n = a.rows, k = b.rows, m = a.cols;
        final double[][] A = a.data, B = b.data, C = c.data;
        if (rowDotProducts(n, m, k)) {           // few rows: dot products of rows, no transposition of B
            if (overwrite) {
                zeroRows(C, 0, n, k);
            }
            IMPL.mulTransBAdd(A, B, C, 0, n, m, k);
            return;
        }
        if (n >= TRANSPOSE_MIN_ROWS) {
            double[][] bt = scratch(0, m, k);
            transpose(B, bt, k, m);
            mulInto(A, bt, C, n, m, k, overwrite);
            return;
        }
        if (overwrite) {
            zeroRows(C, 0, n, k);
        }
        for (int i = 0; i < n; i++) {
            final double[] ai = A[i];
            final double[] ci = C[i];
            for (int p = 0; p < k; p++) {
                final double[] bp = B[p];
                // four partial sums break the dependency chain of one running sum
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int j = 0;
                for (; j + 3 < m; j += 4) {
                    s0 += ai[j] * bp[j];
                    s1 += ai[j + 1] * bp[j + 1];
                    s2 += ai[j + 2] * bp[j + 2];
                    s3 += ai[j + 3] * bp[j + 3];
                }
                for (; j < m; j++) {
                    s0 += ai[j] * bp[j];
                }
                ci[p] += (s0 + s1) + (s2 + s3);
            }
        }
    }

    /** dst = srcᵀ. src: r×c, dst: c×r. */
    public static void transpose(Matrix src, Matrix dst) {
        if (dst.rows != src.cols || dst.cols != src.rows) {
            throw new IllegalArgumentException("transpose: the transpose of " + src.shape() + " is "
                    + src.cols + "×" + src.rows + " but the target is " + dst.shape());
        }
        transpose(src.data, dst.data, src.rows, src.cols);
    }

    /** dst[j][i] = src[i][j] for i &lt; r, j &lt; c, in 8×8 tiles so both sides are read and written in cache. */
    private static void transpose(double[][] src, double[][] dst, int r, int c) {
        final int TILE = 8;
        for (int i0 = 0; i0 < r; i0 += TILE) {
            int i1 = Math.min(r, i0 + TILE);
            for (int j0 = 0; j0 < c; j0 += TILE) {
                int j1 = Math.min(c, j0 + TILE);
                for (int i = i0; i < i1; i++) {
                    double[] s = src[i];
                    for (int j = j0; j < j1; j++) {
                        dst[j][i] = s[j];
                    }
                }
            }
        }
    }

    /** dst[j][i] = src[i][j] for i &lt; r and the columns c0 ≤ j &lt; c1 of src (rows c0 … c1−1 of dst), in tiles. */
    private static void transposeCols(double[][] src, double[][] dst, int r, int c0, int c1) {
        final int TILE = 8;
        for (int i0 = 0; i0 < r; i0 += TILE) {
            int i1 = Math.min(r, i0 + TILE);
            for (int j0 = c0; j0 < c1; j0 += TILE) {
                int j1 = Math.min(c1, j0 + TILE);
                for (int i = i0; i < i1; i++) {
                    double[] s = src[i];
                    for (int j = j0; j < j1; j++) {
                        dst[j][i] = s[j];
                    }
                }
            }
        }
    }

    /** Adds the 1×m row vector {@code b} to every row of the n×m matrix {@code c}. */
    public static void addRowVector(Matrix c, Matrix b) {
        if (b.rows != 1 || b.cols != c.cols) {
            throw new IllegalArgumentException("addRowVector: bias must be 1×" + c.cols + " but is " + b.shape());
        }
        final double[] bv = b.data[0];
        for (double[] row : c.data) {
            for (int j = 0; j < bv.length; j++) {
                row[j] += bv[j];
            }
        }
    }

    /** b += the sum of the rows of {@code a} (the bias gradient). a: n×m, b: 1×m. */
    public static void sumRowsAdd(Matrix a, Matrix b) {
        if (b.rows != 1 || b.cols != a.cols) {
            throw new IllegalArgumentException("sumRowsAdd: target must be 1×" + a.cols + " but is " + b.shape());
        }
        final double[] bv = b.data[0];
        for (double[] row : a.data) {
            for (int j = 0; j < bv.length; j++) {
                bv[j] += row[j];
            }
        }
    }

    // ---- element-wise -------------------------------------------------------------------------------------------

    /**
     * tanh(x) from one {@link Math#exp} (a compiler intrinsic, about 5 ns) instead of {@link Math#tanh} (a native
     * call on JDK 17, 60–140 ns measured here). Within a few ulp of Math.tanh: a Taylor polynomial for |x| &lt;
     * 1/8 (where 1 − e^(−2|x|) would cancel), (1 − e)/(1 + e) with e = e^(−2|x|) elsewhere.
     */
    public static double tanh(double x) {
        double ax = Math.abs(x);
        if (ax < 0.125) {
            if (x == 0) {
                return x; // keeps the sign of −0.0
            }
            double x2 = x * x;
            // x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835 − 1382x¹¹/155925 + 21844x¹³/6081075
            return x + x * x2 * (-1.0 / 3 + x2 * (2.0 / 15 + x2 * (-17.0 / 315 + x2 * (62.0 / 2835
                    + x2 * (-1382.0 / 155925 + x2 * (21844.0 / 6081075))))));
        }
        double e = Math.exp(-2 * ax);
        return Math.copySign((1 - e) / (1 + e), x);
    }

    /**
     * out[c] = tanh(z[c]) for c in [from, to): with the Vector API kernels, on whole vectors by a polynomial e^x
     * (within a few ulp of {@link #tanh(double)}; the same bits for a value wherever it sits in the array), else
     * with {@link #tanh(double)}.
     */
    public static void tanh(double[] z, double[] out, int from, int to) {
        IMPL.tanh(z, out, from, to);
    }

    /**
     * out[c] = σ(z[c]) = 1/(1 + e^(−z[c])) for c in [from, to): with the Vector API kernels on whole vectors (within
     * a few ulp of {@link Activation#SIGMOID}), else with {@link Activation#SIGMOID}'s scalar formula.
     */
    public static void sigmoid(double[] z, double[] out, int from, int to) {
        IMPL.sigmoid(z, out, from, to);
    }

    // ---- the helper thread --------------------------------------------------------------------------------------

    /** Split point of n rows: about half, rounded to a multiple of 4 so both halves use whole register blocks. */
    static int split(int n) {
        int mid = (n / 2 + 3) & ~3;
        return Math.min(mid, n);
    }

    /**
     * One daemon thread that computes rows [mid, n) of a product while the caller computes [0, mid). Handing over
     * allocates nothing: the task is written into fields, published by a volatile counter, and the helper spins
     * briefly before parking so back-to-back products of a training step do not pay a wake-up each.
     */
    static final class Helper implements Runnable {
        static final int MUL = 0, MUL_TRANS_A = 1, TASK = 2, TRANSPOSED_MUL = 3, MUL_OVERWRITE = 4;
        static final long SPIN_NANOS = 200_000;
        /** While held ({@link Kernels#holdHelper}), the longest the helper spins before parking anyway. */
        static final long HOLD_SPIN_NANOS = 5_000_000;
        /**
         * A gap this long between two turns of the spin loop means the helper was stopped (taken off its core, or
         * paused with every Java thread by a collection): the machine may have more runnable threads than cores,
         * where a spinning helper only takes time from the others (and is descheduled when its part arrives); it
         * then parks after the short spin, held or not, for ...
         */
        static final long OFF_CPU_NANOS = 500_000;
        /**
         * ... this long after the last such gap. Under a lasting overload the next spin after it is stopped again
         * within a time slice, so the helper spins for at most a few milliseconds in each quarter of a second. It was
         * 2 s before session 11: longer than a benchmark row's 1.8 s of measurement, so one pause or burst of JIT
         * compilation near the end of the row's warm-up left the helper parking between the hand-overs of the whole
         * row on an otherwise quiet machine.
         */
        static final long OFF_CPU_BACKOFF_NANOS = 250_000_000L;
        /** Open holds ({@link Kernels#holdHelper}). */
        static final java.util.concurrent.atomic.AtomicInteger HOLDS = new java.util.concurrent.atomic.AtomicInteger();
        private static final AtomicBoolean BUSY = new AtomicBoolean();
        private static volatile Helper instance;

        private final Thread thread;
        private volatile long posted, finished;
        /**
         * The last ticket whose second part someone took: the helper when it wakes, or the caller when it finishes
         * its own part first (then it runs the second part itself instead of waiting for a helper that is still
         * asleep or descheduled). Whoever moves it from ticket − 1 to ticket runs that part; so a late helper never
         * makes a hand-over slower than one thread.
         */
        private final java.util.concurrent.atomic.AtomicLong claimed = new java.util.concurrent.atomic.AtomicLong();
        private int op, from, to, d1, d2;
        private Impl impl;
        private Runnable task;
        private double[][] A, B, C, At;
        private Throwable error;

        private Helper() {
            thread = new Thread(this, "rnnlab-kernels-helper");
            thread.setDaemon(true);
            thread.start();
        }

        /**
         * Runs rows [0, mid) here and [mid, rows) on the helper. Returns false (nothing done) when the helper is
         * in use by another caller thread, so the caller computes the product alone.
         */
        static boolean run(int op, Impl impl, double[][] A, double[][] B, double[][] C, int mid, int rows, int d1,
                           int d2) {
            return run(op, impl, A, B, C, null, mid, rows, d1, d2);
        }

        /**
         * As {@link #run(int, Impl, double[][], double[][], double[][], int, int, int, int)}; {@code At} is the
         * shared buffer of {@link #TRANSPOSED_MUL} (C += Aᵀ·B where each side first writes its rows of Aᵀ), else null.
         */
        static boolean run(int op, Impl impl, double[][] A, double[][] B, double[][] C, double[][] At, int mid,
                           int rows, int d1, int d2) {
            if (!BUSY.compareAndSet(false, true)) {
                return false;
            }
            try {
                Helper h = instance();
                h.op = op;
                h.impl = impl;
                h.A = A;
                h.B = B;
                h.C = C;
                h.At = At;
                h.from = mid;
                h.to = rows;
                h.d1 = d1;
                h.d2 = d2;
                h.error = null;
                long ticket = h.posted + 1;
                h.posted = ticket; // publishes the fields above
                LockSupport.unpark(h.thread);
                boolean mine = false;
                try {
                    exec(op, impl, A, B, C, At, 0, mid, d1, d2);
                    // the helper's half is still unclaimed (it has not woken up yet): do it here instead of waiting
                    mine = h.claimed.compareAndSet(ticket - 1, ticket);
                    if (mine) {
                        exec(op, impl, A, B, C, At, mid, rows, d1, d2);
                    }
                } finally {
                    if (!mine && !h.claimed.compareAndSet(ticket - 1, ticket)) {
                        h.await(ticket); // the helper runs it: never leave it writing into C after returning
                    }
                }
                h.A = h.B = h.C = h.At = null;
                if (h.error != null) {
                    throw new IllegalStateException("Kernels: the helper thread failed", h.error);
                }
                return true;
            } finally {
                BUSY.set(false);
            }
        }

        /** Runs a here and b on the helper; false (nothing run) when the helper is in use. */
        static boolean runPair(Runnable a, Runnable b) {
            if (!BUSY.compareAndSet(false, true)) {
                return false;
            }
            try {
                Helper h = instance();
                h.op = TASK;
                h.task = b;
                h.error = null;
                long ticket = h.posted + 1;
                h.posted = ticket;
                LockSupport.unpark(h.thread);
                Throwable mine = null;
                try {
                    a.run();
                } catch (RuntimeException | Error e) {
                    mine = e;
                }
                if (h.claimed.compareAndSet(ticket - 1, ticket)) {
                    // the helper has not woken up yet: run b here rather than wait for it (as with 1 thread, b is
                    // skipped when a failed)
                    h.task = null;
                    if (mine == null) {
                        b.run();
                    }
                } else {
                    h.await(ticket);
                }
                h.task = null;
                Throwable theirs = h.error;
                Throwable first = mine != null ? mine : theirs;
                if (first instanceof RuntimeException re) {
                    throw re;
                }
                if (first instanceof Error err) {
                    throw err;
                }
                if (first != null) {
                    throw new IllegalStateException("Kernels.inParallel: the helper thread failed", first);
                }
                return true;
            } finally {
                BUSY.set(false);
            }
        }

        private static Helper instance() {
            Helper h = instance;
            if (h == null) {
                synchronized (Helper.class) {
                    if (instance == null) {
                        instance = new Helper();
                    }
                    h = instance;
                }
            }
            return h;
        }

        private void await(long ticket) {
            int spins = 0;
            while (finished != ticket) {
                if (++spins < 1 << 14) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        private static void exec(int op, Impl impl, double[][] A, double[][] B, double[][] C, double[][] At,
                                 int from, int to, int d1, int d2) {
            if (op == MUL) {
                impl.mulAdd(A, B, C, from, to, d1, d2);
            } else if (op == MUL_OVERWRITE) {
                impl.mul(A, B, C, from, to, d1, d2);
            } else if (op == TRANSPOSED_MUL) {
                transposeCols(A, At, d1, from, to);  // rows from … to−1 of Aᵀ (A is d1 × rows)
                impl.mulAdd(At, B, C, from, to, d1, d2);
            } else {
                impl.mulTransAAdd(A, B, C, from, to, d1, d2);
            }
        }

        @Override
        public void run() {
            long seen = 0, offCpuAt = System.nanoTime() - OFF_CPU_BACKOFF_NANOS - 1;
            while (true) {
                long idleSince = System.nanoTime(), last = idleSince;
                while (posted == seen) {
                    long now = System.nanoTime(), idle = now - idleSince;
                    if (now - last > OFF_CPU_NANOS) {
                        offCpuAt = now;      // this spin was descheduled: other threads want the cores
                    }
                    last = now;
                    if (idle < SPIN_NANOS
                            || idle < HOLD_SPIN_NANOS && HOLDS.get() > 0 && now - offCpuAt > OFF_CPU_BACKOFF_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                        idleSince = last = System.nanoTime();   // woken (a hand-over, a hold, or a stale permit): spin again
                    }
                }
                seen = posted;
                if (claimed.compareAndSet(seen - 1, seen)) {   // else the caller has done this part itself
                    try {
                        if (op == TASK) {
                            task.run();
                        } else {
                            exec(op, impl, A, B, C, At, from, to, d1, d2);
                        }
                    } catch (Throwable t) {
                        error = t;
                    }
                }
                finished = seen;
            }
        }
    }

    static IllegalArgumentException shapeError(String op, Matrix a, Matrix b, Matrix c) {
        return new IllegalArgumentException(op + ": incompatible shapes A " + a.shape() + ", B " + b.shape()
                + ", C " + c.shape());
    }
}
