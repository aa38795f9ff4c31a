package rnnlab.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked products on the JDK's incubating Vector API ({@code --add-modules jdk.incubator.vector}).
 * {@link Kernels} loads this class reflectively, and only when that module is in the boot layer (the notebook
 * kernel, {@code bin/rnnlab} and the tests turn it on); everywhere else (jshell, plain {@code java -jar}) the
 * {@link PlainKernels} run.
 *
 * <h2>The micro-kernel</h2>
 * A block of 8 rows × 3 vectors of C (8 × 24 doubles with AVX-512) lives in 24 vector registers while the loop
 * runs over the inner dimension p: per p, 3 loads of a row of B, 8 broadcasts of A's elements and 24 fused
 * multiply-adds (blocks of 4 and 1 rows and 1-vector strips finish the edges; the last m mod L columns run as one
 * vector over the last L columns, whose lanes already done are blended back unchanged). The inner dimension is
 * taken in chunks of {@value #KC} and the rows in panels of {@value #MC}, column strips inside, so a strip of B
 * (KC × 24 doubles) stays in cache while a panel of rows passes over it. Measured (docs/design-notes.md): 4×3
 * blocks about 30 GFLOP/s per core, 8×3 with these chunks about 40–45.
 *
 * <h2>B packed in strips</h2>
 * Calls of {@value #PACK_MIN_ROWS} or more rows first copy B's full 3-vector strips into one contiguous per-thread
 * array (strip after strip, p after p), and {@link Kernels.Packed} keeps such a copy of a weight for all the steps of a
 * pass; the packed blocks read B sequentially instead of from k separate rows (which for 1024 columns alias in the
 * first-level cache), in inner chunks of {@value #PKC}. Measured 50–65% of the FP64 peak against 30–50% unpacked.
 * The weight gradients Aᵀ·B ({@link #mulTransAAdd}, {@value #PACK_MIN_ROWS} or more rows of C) pack A's columns
 * straight into 8-row panels beside B's strips ({@code mulAddPackedAB}), so no transposed copy of A is made; the
 * per-step products on a packed weight with at least {@value #PACKED_A_MIN_ROWS} rows and
 * {@value #PACKED_A_MIN_COLS} columns pack A's 8-row groups too. On machines of 16 vector registers (vectors of at
 * most 256 bits, AVX2) the 8-row blocks run as two 4-row blocks ({@link #HALF_PANELS}), with the same bits.
 *
 * <p>Every element of C is one chain of fused multiply-adds {@code c = fma(a[p], b[p], c)} for p = 0, 1, … in
 * order, in the big blocks, the narrow blocks and the scalar tails alike ({@link Math#fma} rounds the same way).
 * So the result does not depend on where a block or a thread's range of rows starts, and is the same in the
 * interpreter and in compiled code.
 */
final class VectorKernels implements Kernels.Impl {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /**
     * The gate activations compute the last 2 … L−1 values of a range as one vector instead of one value at a time:
     * each lane's operations are those of the scalar twin, so the same bits, in a fraction of the scalar polynomial's
     * latency (a row of 4 or 100 gate values leaves a tail of 4). The vector is read in place where the array holds L
     * values from the tail's start, or L values that end where the range ends (the other lanes compute values nobody
     * keeps); only an array shorter than a vector is copied into the per-thread scratch row ({@link #TAIL}) first. The
     * result reaches the output through that row, so nothing outside the range is written.
     */
    static final int TAIL_MIN = 2;
    /** The exact class of this species' vectors (Double256Vector, Double512Vector, …): see "Exact classes" below. */
    @SuppressWarnings("unchecked")
    static final Class<DoubleVector> EXACT = (Class<DoubleVector>) S.vectorType();
    @SuppressWarnings("unchecked")
    static final Class<LongVector> EXACT_LONGS = (Class<LongVector>) S.withLanes(long.class).vectorType();
    private static final ThreadLocal<double[]> TAIL = ThreadLocal.withInitial(() -> new double[L]);

    /** True when the hardware has vectors of at least 4 doubles (else the plain loops are as good). */
    static boolean usable() {
        return L >= 4;
    }

    @Override
    public String name() {
        return "Vector API, " + L + " doubles per vector (register-blocked " + (HALF_PANELS ? 4 : 8) + "×" + (3 * L) + ")";
    }

    /** Inner-dimension chunk: a strip of B (KC × 3L doubles, 48 KB) stays in the first two cache levels. */
    static final int KC = 256;
    /** Row chunk: the rows of A that pass over one strip of B (MC × KC doubles) stay in the second-level cache. */
    static final int MC = 64;

    /** Width of a packed strip of B: the 3 vectors of the main micro-kernel. */
    static final int W = 3 * L;
    /**
     * Rows of a call from which B's full {@link #W}-wide strips are first copied into one contiguous array
     * ({@link #pack}): enough rows that the copy (k·m moves) is paid back by the faster micro-kernel.
     */
    static final int PACK_MIN_ROWS = 48;

    @Override
    public void mulAdd(double[][] A, double[][] B, double[][] C, int i0, int i1, int k, int m) {
        final int ns = m / W;
        if (i1 - i0 >= PACK_MIN_ROWS && ns > 0) {
            double[] P = packBuffer(ns * k * W);
            packInto(B, k, ns, P);
            mulAddPacked(A, P, B, C, i0, i1, k, m, ns, false);
            return;
        }
        // chunks of the inner dimension are taken in order, so each C element is still one fma chain p = 0, 1, …
        for (int p0 = 0; p0 < k; p0 += KC) {
            final int p1 = Math.min(k, p0 + KC);
            for (int r0 = i0; r0 < i1; r0 += MC) {
                mulAddPanel(A, B, C, r0, Math.min(i1, r0 + MC), p0, p1, m, 0);
            }
        }
    }


    /**
     * C = A·B on the rows i0 … i1−1 (overwrites them), with the bits of zeroing them and then {@link #mulAdd}: on the
     * packed path the 8-row blocks of the first inner chunk start from zero vectors ({@link #packed8x3Zero}), so C is
     * neither zeroed in a pass of its own nor read back before its first chunk; only what the other blocks add into
     * (the columns after the last strip, the rows after the last 8-row group) is zeroed, per panel of rows, just
     * before. Each element is one fma chain over p = 0, 1, … from +0.0 either way.
     */
    @Override
    public void mul(double[][] A, double[][] B, double[][] C, int i0, int i1, int k, int m) {
        final int ns = m / W;
        if (i1 - i0 >= PACK_MIN_ROWS && ns > 0 && k > 0) {
            double[] P = packBuffer(ns * k * W);
            packInto(B, k, ns, P);
            mulAddPacked(A, P, B, C, i0, i1, k, m, ns, true);
            return;
        }
        Kernels.Impl.super.mul(A, B, C, i0, i1, k, m);
    }

    // ---- A and B packed per call (the products over all steps) ----------------------------------------------------
    //
    // For Aᵀ·B (the weight gradients) with at least PACK_MIN_ROWS rows of C, as in VectorFloatKernels, both operands
    // are copied first, per chunk of ABK inner indices: B into strips of up to 3 vectors (columns j … j+3L−1 of rows
    // p0 … p1−1, p after p; the last strip as wide as the columns left, rounded up to whole vectors and padded with
    // zeros), and A, ABM rows at a time, into panels of 8 rows (A[i][p] for the 8 rows of the panel, p after p, zero
    // rows past the end). The 8×3 block then reads two contiguous arrays (8 broadcasts and 3 vector loads per 24 fmas)
    // instead of 8 row arrays of A and a new row array of B per p. Blocks whose rows or columns pass C's end run on a
    // small tile and only C's own elements are copied back. A is read down its columns while it is packed, so Aᵀ·B
    // needs no transposed copy. (A as stored is not packed per call in double: measured 0.92–0.94× at 480×100×400 and
    // 3200×128×1024, where B's packed strips and A's rows already feed the 8×3 block.) Each element of C is still one fma chain over p = 0, 1, … in order
    // from its stored value: the bits of the unpacked blocks.

    /** Rows of a packed panel of A. */
    static final int MR = 8;
    /**
     * True on machines whose vectors are at most 256 bits (AVX2: 16 vector registers, not AVX-512's 32): the 8-row
     * blocks of the packed products then run as two 4-row blocks on the same panel (12 accumulators instead of 24,
     * which spilled), each element's fma chain unchanged. {@code -Drnnlab.halfPanels=true|false} overrides it.
     */
    static final boolean HALF_PANELS = Boolean.parseBoolean(
            System.getProperty("rnnlab.halfPanels", String.valueOf(S.vectorBitSize() <= 256)));
    /** Inner-dimension chunk of the products with both operands packed: a strip (ABK · 3L doubles, 24 KB) stays in L1. */
    static final int ABK = 128;
    /** Rows of A packed at a time (ABM · ABK doubles, 256 KB, stay in the second-level cache). */
    static final int ABM = 256;

    /** Per-thread packing buffers (they only grow) and the edge tile. */
    private static final class AB {
        double[] a = new double[0], b = new double[0];
        final double[][] tile = new double[MR][W];
    }

    private static final ThreadLocal<AB> AB_BUFFERS = ThreadLocal.withInitial(AB::new);

    @Override
    public boolean readsTransposedA(int rows) {
        return rows >= PACK_MIN_ROWS;
    }

    /**
     * C[i][0..m) += Σ_{p<k} A[p][i]·B[p][0..m) for i0 ≤ i &lt; i1 (C += Aᵀ·B, A: k×n); any number of rows, any
     * m ≥ 1.
     */
    static void mulAddPackedAB(double[][] A, double[][] B, double[][] C, int i0, int i1, int k, int m) {
        final AB buf = AB_BUFFERS.get();
        for (int p0 = 0; p0 < k; p0 += ABK) {
            final int p1 = Math.min(k, p0 + ABK);
            transAChunk(A, C, i0, i1, p0, p1, packChunk(B, p0, p1, m, buf), m, buf);
        }
    }

    /**
     * The weight gradients of one δ (issue 17, session 11): Cs[t][i][0..m) += Σ_{p<k} As[t][p][i]·B[p][0..m) for
     * lo[t] ≤ i &lt; hi[t], every t &lt; count, each chunk of B packed once for all of them: the bits of
     * {@link #mulAddPackedAB} on each A alone.
     */
    @Override
    public boolean mulTransAAddMulti(double[][][] As, double[][][] Cs, int[] lo, int[] hi, int count, double[][] B,
                                     int k, int m) {
        final AB buf = AB_BUFFERS.get();
        for (int p0 = 0; p0 < k; p0 += ABK) {
            final int p1 = Math.min(k, p0 + ABK);
            final double[] Bp = packChunk(B, p0, p1, m, buf);     // this chunk of δ, once for every A
            for (int t = 0; t < count; t++) {
                transAChunk(As[t], Cs[t], lo[t], hi[t], p0, p1, Bp, m, buf);
            }
        }
        return true;
    }

    private static void copy8(double[] x, int i, double[] Ap, int d) {
        Ap[d] = x[i];
        Ap[d + 1] = x[i + 1];
        Ap[d + 2] = x[i + 2];
        Ap[d + 3] = x[i + 3];
        Ap[d + 4] = x[i + 4];
        Ap[d + 5] = x[i + 5];
        Ap[d + 6] = x[i + 6];
        Ap[d + 7] = x[i + 7];
    }

    /** Rows p0 … p1−1 of B packed into strips (in the buffer's b, grown if needed), which it returns. */
    private static double[] packChunk(double[][] B, int p0, int p1, int m, AB buf) {
        final int ns = (m + W - 1) / W, kc = p1 - p0;
        if (buf.b.length < ns * kc * W) {
            buf.b = new double[ns * kc * W];
        }
        packStrips(B, p0, p1, m, buf.b);
        return buf.b;
    }

    /** C[i0..i1) += Σ_{p0≤p<p1} A[p][i]·B[p][0..m) with B's rows p0 … p1−1 packed in Bp. */
    private static void transAChunk(double[][] A, double[][] C, int i0, int i1, int p0, int p1, double[] Bp, int m,
                                    AB buf) {
        final int kc = p1 - p0, ns = (m + W - 1) / W;
        for (int r0 = i0; r0 < i1; r0 += ABM) {
            final int r1 = Math.min(i1, r0 + ABM), np = (r1 - r0 + MR - 1) / MR;
            if (buf.a.length < np * kc * MR) {
                buf.a = new double[np * kc * MR];
            }
            final double[] Ap = buf.a;
            packPanelsT(A, r0, r1, p0, p1, Ap);
            for (int s = 0; s < ns; s++) {
                final int j = s * W, nr = Math.min(3, (m - j + L - 1) / L), bo = s * kc * W;
                final boolean allCols = j + nr * L <= m;
                for (int q = 0; q < np; q++) {
                    final int i = r0 + q * MR, ao = q * kc * MR;
                    if (allCols && i + MR <= r1) {
                        abBlock(nr, Ap, ao, Bp, bo, kc, C[i], C[i + 1], C[i + 2], C[i + 3], C[i + 4], C[i + 5],
                                C[i + 6], C[i + 7], j);
                    } else {
                        // rows past r1 or columns past m: computed in the tile, only C's own copied back
                        final double[][] t = buf.tile;
                        final int w = Math.min(nr * L, m - j), rows = Math.min(MR, r1 - i);
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(C[i + r], j, t[r], 0, w);
                        }
                        abBlock(nr, Ap, ao, Bp, bo, kc, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], 0);
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(t[r], 0, C[i + r], j, w);
                        }
                    }
                }
            }
        }
    }

    /**
     * Ap = the panels of Aᵀ: A[p][i] for r0 ≤ i &lt; r1, p0 ≤ p &lt; p1, panel q (rows r0 + 8q …) at q·kc·8, 8
     * doubles per p, zeros past r1. The full panels are written from 8 rows of A at a time, panel after panel: the
     * 8 rows are read left to right together (8 streams the prefetcher follows) and each panel gets 64 contiguous
     * doubles. (One row at a time wrote the panels 8·kc doubles apart, a multiple of 4 KB, so every store of a row
     * fell into one L1 set; one panel at a time over all kc rows read 64 bytes of each row in turn, a miss per row
     * per panel: 2× slower at 3,200 × 256, issue 17, session 14.)
     */
    private static void packPanelsT(double[][] A, int r0, int r1, int p0, int p1, double[] Ap) {
        final int kc = p1 - p0, np = (r1 - r0 + MR - 1) / MR, full = (r1 - r0) / MR;
        int p = p0;
        for (; p + MR <= p1; p += MR) {
            final double[] x0 = A[p], x1 = A[p + 1], x2 = A[p + 2], x3 = A[p + 3], x4 = A[p + 4], x5 = A[p + 5],
                    x6 = A[p + 6], x7 = A[p + 7];
            for (int q = 0, i = r0, d = (p - p0) * MR; q < full; q++, i += MR, d += kc * MR) {
                copy8(x0, i, Ap, d);
                copy8(x1, i, Ap, d + MR);
                copy8(x2, i, Ap, d + 2 * MR);
                copy8(x3, i, Ap, d + 3 * MR);
                copy8(x4, i, Ap, d + 4 * MR);
                copy8(x5, i, Ap, d + 5 * MR);
                copy8(x6, i, Ap, d + 6 * MR);
                copy8(x7, i, Ap, d + 7 * MR);
            }
        }
        for (; p < p1; p++) {
            final double[] x = A[p];
            for (int q = 0, i = r0, d = (p - p0) * MR; q < full; q++, i += MR, d += kc * MR) {
                copy8(x, i, Ap, d);
            }
        }
        for (int q = full; q < np; q++) {
            // the last, partial panel: its rows, then zeros for the rows past r1
            final int i = r0 + q * MR, w = Math.min(MR, r1 - i);
            for (int pp = p0, d = q * kc * MR; pp < p1; pp++, d += MR) {
                System.arraycopy(A[pp], i, Ap, d, w);
                java.util.Arrays.fill(Ap, d + w, d + MR, 0.0);
            }
        }
    }

    /**
     * Bp = the strips of B[p][j] for p0 ≤ p &lt; p1 and all m columns: strip s (columns s·W …) at s·kc·W, nr·L
     * doubles per p (nr = 3, or fewer for the last strip), zeros past m.
     */
    private static void packStrips(double[][] B, int p0, int p1, int m, double[] Bp) {
        final int kc = p1 - p0;
        for (int s = 0, j = 0; j < m; s++, j += W) {
            final int nr = Math.min(3, (m - j + L - 1) / L), width = nr * L, w = Math.min(width, m - j);
            final int o = s * kc * W;
            if (w == W) {
                // a full strip: three vector moves per p (a call of System.arraycopy per p cost more)
                for (int p = p0, d = o; p < p1; p++, d += W) {
                    final double[] bp = B[p];
                    DoubleVector.fromArray(S, bp, j).intoArray(Bp, d);
                    DoubleVector.fromArray(S, bp, j + L).intoArray(Bp, d + L);
                    DoubleVector.fromArray(S, bp, j + 2 * L).intoArray(Bp, d + 2 * L);
                }
                continue;
            }
            for (int p = p0, d = o; p < p1; p++, d += width) {
                System.arraycopy(B[p], j, Bp, d, w);
                if (w < width) {
                    java.util.Arrays.fill(Bp, d + w, d + width, 0.0);
                }
            }
        }
    }

    /**
     * Ap = the panels of A: A[i][p] for r0 ≤ i &lt; r1, p0 ≤ p &lt; p1, panel q (rows r0 + 8q …) at q·kc·8, 8
     * doubles per p, zeros for rows past r1. (Aᵀ's panels: {@link #packPanelsT}.) A full panel is written
     * sequentially, p after p, from its 8 rows at once: row after row (each row's values 8 doubles apart) wrote
     * every cache line of the panel 8 times, and cost 2.6 % of a C-LSTM double step on one thread (δ·Uᵀ packs
     * 64 × 1024 per step); measured 1.7× faster per call at 64 × 1024 and 64 × 256 (issue 17, session 13).
     */
    private static void packPanels(double[][] A, int r0, int r1, int p0, int p1, double[] Ap) {
        final int kc = p1 - p0, full = (r1 - r0) / MR, np = (r1 - r0 + MR - 1) / MR;
        int q = 0;
        for (int i = r0; q < full; q++, i += MR) {
            final double[] a0 = A[i], a1 = A[i + 1], a2 = A[i + 2], a3 = A[i + 3], a4 = A[i + 4], a5 = A[i + 5],
                    a6 = A[i + 6], a7 = A[i + 7];
            for (int p = p0, d = q * kc * MR; p < p1; p++, d += MR) {
                Ap[d] = a0[p];
                Ap[d + 1] = a1[p];
                Ap[d + 2] = a2[p];
                Ap[d + 3] = a3[p];
                Ap[d + 4] = a4[p];
                Ap[d + 5] = a5[p];
                Ap[d + 6] = a6[p];
                Ap[d + 7] = a7[p];
            }
        }
        for (; q < np; q++) {
            // the last, partial panel: its rows, then zeros for the rows past r1
            final int base = q * kc * MR;
            for (int r = 0; r < MR; r++) {
                final int i = r0 + q * MR + r;
                if (i < r1) {
                    final double[] ai = A[i];
                    for (int p = p0, d = base + r; p < p1; p++, d += MR) {
                        Ap[d] = ai[p];
                    }
                } else {
                    for (int p = p0, d = base + r; p < p1; p++, d += MR) {
                        Ap[d] = 0.0;
                    }
                }
            }
        }
    }

    private static void abBlock(int nr, double[] Ap, int ao, double[] Bp, int bo, int kc, double[] c0, double[] c1,
                                double[] c2, double[] c3, double[] c4, double[] c5, double[] c6, double[] c7, int j) {
        switch (nr) {
            case 3 -> ab8x3(Ap, ao, Bp, bo, kc, c0, c1, c2, c3, c4, c5, c6, c7, j);
            case 2 -> ab8x2(Ap, ao, Bp, bo, kc, c0, c1, c2, c3, c4, c5, c6, c7, j);
            default -> ab8x1(Ap, ao, Bp, bo, kc, c0, c1, c2, c3, c4, c5, c6, c7, j);
        }
    }

    private static void ab8x3(double[] Ap, int ao, double[] Bp, int bo, int kc, double[] c0, double[] c1, double[] c2, double[] c3, double[] c4, double[] c5, double[] c6, double[] c7, int j) {
        if (HALF_PANELS) {           // 16 registers: two 4-row blocks, the same fma chains (the same bits)
            ab4x3h(Ap, ao, Bp, bo, kc, c0, c1, c2, c3, j);
            ab4x3h(Ap, ao + 4, Bp, bo, kc, c4, c5, c6, c7, j);
            return;
        }
        DoubleVector s00 = DoubleVector.fromArray(S, c0, j), s01 = DoubleVector.fromArray(S, c0, j + L), s02 = DoubleVector.fromArray(S, c0, j + 2 * L);
        DoubleVector s10 = DoubleVector.fromArray(S, c1, j), s11 = DoubleVector.fromArray(S, c1, j + L), s12 = DoubleVector.fromArray(S, c1, j + 2 * L);
        DoubleVector s20 = DoubleVector.fromArray(S, c2, j), s21 = DoubleVector.fromArray(S, c2, j + L), s22 = DoubleVector.fromArray(S, c2, j + 2 * L);
        DoubleVector s30 = DoubleVector.fromArray(S, c3, j), s31 = DoubleVector.fromArray(S, c3, j + L), s32 = DoubleVector.fromArray(S, c3, j + 2 * L);
        DoubleVector s40 = DoubleVector.fromArray(S, c4, j), s41 = DoubleVector.fromArray(S, c4, j + L), s42 = DoubleVector.fromArray(S, c4, j + 2 * L);
        DoubleVector s50 = DoubleVector.fromArray(S, c5, j), s51 = DoubleVector.fromArray(S, c5, j + L), s52 = DoubleVector.fromArray(S, c5, j + 2 * L);
        DoubleVector s60 = DoubleVector.fromArray(S, c6, j), s61 = DoubleVector.fromArray(S, c6, j + L), s62 = DoubleVector.fromArray(S, c6, j + 2 * L);
        DoubleVector s70 = DoubleVector.fromArray(S, c7, j), s71 = DoubleVector.fromArray(S, c7, j + L), s72 = DoubleVector.fromArray(S, c7, j + 2 * L);
        for (int p = 0, a = ao, b = bo; p < kc; p++, a += 8, b += 3 * L) {
            final DoubleVector b0 = DoubleVector.fromArray(S, Bp, b), b1 = DoubleVector.fromArray(S, Bp, b + L), b2 = DoubleVector.fromArray(S, Bp, b + 2 * L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, Ap[a]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = DoubleVector.broadcast(S, Ap[a + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = DoubleVector.broadcast(S, Ap[a + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = DoubleVector.broadcast(S, Ap[a + 3]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
            x = DoubleVector.broadcast(S, Ap[a + 4]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            s42 = b2.fma(x, s42);
            x = DoubleVector.broadcast(S, Ap[a + 5]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            s52 = b2.fma(x, s52);
            x = DoubleVector.broadcast(S, Ap[a + 6]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            s62 = b2.fma(x, s62);
            x = DoubleVector.broadcast(S, Ap[a + 7]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
            s72 = b2.fma(x, s72);
        }
        s00.intoArray(c0, j);
        s01.intoArray(c0, j + L);
        s02.intoArray(c0, j + 2 * L);
        s10.intoArray(c1, j);
        s11.intoArray(c1, j + L);
        s12.intoArray(c1, j + 2 * L);
        s20.intoArray(c2, j);
        s21.intoArray(c2, j + L);
        s22.intoArray(c2, j + 2 * L);
        s30.intoArray(c3, j);
        s31.intoArray(c3, j + L);
        s32.intoArray(c3, j + 2 * L);
        s40.intoArray(c4, j);
        s41.intoArray(c4, j + L);
        s42.intoArray(c4, j + 2 * L);
        s50.intoArray(c5, j);
        s51.intoArray(c5, j + L);
        s52.intoArray(c5, j + 2 * L);
        s60.intoArray(c6, j);
        s61.intoArray(c6, j + L);
        s62.intoArray(c6, j + 2 * L);
        s70.intoArray(c7, j);
        s71.intoArray(c7, j + L);
        s72.intoArray(c7, j + 2 * L);
    }

    private static void ab8x2(double[] Ap, int ao, double[] Bp, int bo, int kc, double[] c0, double[] c1, double[] c2, double[] c3, double[] c4, double[] c5, double[] c6, double[] c7, int j) {
        if (HALF_PANELS) {           // 16 registers: two 4-row blocks, the same fma chains (the same bits)
            ab4x2h(Ap, ao, Bp, bo, kc, c0, c1, c2, c3, j);
            ab4x2h(Ap, ao + 4, Bp, bo, kc, c4, c5, c6, c7, j);
            return;
        }
        DoubleVector s00 = DoubleVector.fromArray(S, c0, j), s01 = DoubleVector.fromArray(S, c0, j + L);
        DoubleVector s10 = DoubleVector.fromArray(S, c1, j), s11 = DoubleVector.fromArray(S, c1, j + L);
        DoubleVector s20 = DoubleVector.fromArray(S, c2, j), s21 = DoubleVector.fromArray(S, c2, j + L);
        DoubleVector s30 = DoubleVector.fromArray(S, c3, j), s31 = DoubleVector.fromArray(S, c3, j + L);
        DoubleVector s40 = DoubleVector.fromArray(S, c4, j), s41 = DoubleVector.fromArray(S, c4, j + L);
        DoubleVector s50 = DoubleVector.fromArray(S, c5, j), s51 = DoubleVector.fromArray(S, c5, j + L);
        DoubleVector s60 = DoubleVector.fromArray(S, c6, j), s61 = DoubleVector.fromArray(S, c6, j + L);
        DoubleVector s70 = DoubleVector.fromArray(S, c7, j), s71 = DoubleVector.fromArray(S, c7, j + L);
        for (int p = 0, a = ao, b = bo; p < kc; p++, a += 8, b += 2 * L) {
            final DoubleVector b0 = DoubleVector.fromArray(S, Bp, b), b1 = DoubleVector.fromArray(S, Bp, b + L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, Ap[a]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(S, Ap[a + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(S, Ap[a + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(S, Ap[a + 3]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = DoubleVector.broadcast(S, Ap[a + 4]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = DoubleVector.broadcast(S, Ap[a + 5]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = DoubleVector.broadcast(S, Ap[a + 6]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = DoubleVector.broadcast(S, Ap[a + 7]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c0, j);
        s01.intoArray(c0, j + L);
        s10.intoArray(c1, j);
        s11.intoArray(c1, j + L);
        s20.intoArray(c2, j);
        s21.intoArray(c2, j + L);
        s30.intoArray(c3, j);
        s31.intoArray(c3, j + L);
        s40.intoArray(c4, j);
        s41.intoArray(c4, j + L);
        s50.intoArray(c5, j);
        s51.intoArray(c5, j + L);
        s60.intoArray(c6, j);
        s61.intoArray(c6, j + L);
        s70.intoArray(c7, j);
        s71.intoArray(c7, j + L);
    }

    /** Rows of an 8-row panel (a … a+3 of each group of 8) × 3 vectors: the block for 16-register machines. */
    private static void ab4x3h(double[] Ap, int ao, double[] Bp, int bo, int kc, double[] c0, double[] c1, double[] c2, double[] c3, int j) {
        DoubleVector s00 = DoubleVector.fromArray(S, c0, j), s01 = DoubleVector.fromArray(S, c0, j + L), s02 = DoubleVector.fromArray(S, c0, j + 2 * L);
        DoubleVector s10 = DoubleVector.fromArray(S, c1, j), s11 = DoubleVector.fromArray(S, c1, j + L), s12 = DoubleVector.fromArray(S, c1, j + 2 * L);
        DoubleVector s20 = DoubleVector.fromArray(S, c2, j), s21 = DoubleVector.fromArray(S, c2, j + L), s22 = DoubleVector.fromArray(S, c2, j + 2 * L);
        DoubleVector s30 = DoubleVector.fromArray(S, c3, j), s31 = DoubleVector.fromArray(S, c3, j + L), s32 = DoubleVector.fromArray(S, c3, j + 2 * L);
        for (int p = 0, a = ao, b = bo; p < kc; p++, a += 8, b += 3 * L) {
            final DoubleVector b0 = DoubleVector.fromArray(S, Bp, b), b1 = DoubleVector.fromArray(S, Bp, b + L), b2 = DoubleVector.fromArray(S, Bp, b + 2 * L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, Ap[a]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = DoubleVector.broadcast(S, Ap[a + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = DoubleVector.broadcast(S, Ap[a + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = DoubleVector.broadcast(S, Ap[a + 3]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
        }
        s00.intoArray(c0, j);
        s01.intoArray(c0, j + L);
        s02.intoArray(c0, j + 2 * L);
        s10.intoArray(c1, j);
        s11.intoArray(c1, j + L);
        s12.intoArray(c1, j + 2 * L);
        s20.intoArray(c2, j);
        s21.intoArray(c2, j + L);
        s22.intoArray(c2, j + 2 * L);
        s30.intoArray(c3, j);
        s31.intoArray(c3, j + L);
        s32.intoArray(c3, j + 2 * L);
    }

    /** Rows of an 8-row panel (a … a+3 of each group of 8) × 2 vectors: the block for 16-register machines. */
    private static void ab4x2h(double[] Ap, int ao, double[] Bp, int bo, int kc, double[] c0, double[] c1, double[] c2, double[] c3, int j) {
        DoubleVector s00 = DoubleVector.fromArray(S, c0, j), s01 = DoubleVector.fromArray(S, c0, j + L);
        DoubleVector s10 = DoubleVector.fromArray(S, c1, j), s11 = DoubleVector.fromArray(S, c1, j + L);
        DoubleVector s20 = DoubleVector.fromArray(S, c2, j), s21 = DoubleVector.fromArray(S, c2, j + L);
        DoubleVector s30 = DoubleVector.fromArray(S, c3, j), s31 = DoubleVector.fromArray(S, c3, j + L);
        for (int p = 0, a = ao, b = bo; p < kc; p++, a += 8, b += 2 * L) {
            final DoubleVector b0 = DoubleVector.fromArray(S, Bp, b), b1 = DoubleVector.fromArray(S, Bp, b + L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, Ap[a]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(S, Ap[a + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(S, Ap[a + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(S, Ap[a + 3]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
        }
        s00.intoArray(c0, j);
        s01.intoArray(c0, j + L);
        s10.intoArray(c1, j);
        s11.intoArray(c1, j + L);
        s20.intoArray(c2, j);
        s21.intoArray(c2, j + L);
        s30.intoArray(c3, j);
        s31.intoArray(c3, j + L);
    }

    private static void ab8x1(double[] Ap, int ao, double[] Bp, int bo, int kc, double[] c0, double[] c1, double[] c2, double[] c3, double[] c4, double[] c5, double[] c6, double[] c7, int j) {
        DoubleVector s00 = DoubleVector.fromArray(S, c0, j);
        DoubleVector s10 = DoubleVector.fromArray(S, c1, j);
        DoubleVector s20 = DoubleVector.fromArray(S, c2, j);
        DoubleVector s30 = DoubleVector.fromArray(S, c3, j);
        DoubleVector s40 = DoubleVector.fromArray(S, c4, j);
        DoubleVector s50 = DoubleVector.fromArray(S, c5, j);
        DoubleVector s60 = DoubleVector.fromArray(S, c6, j);
        DoubleVector s70 = DoubleVector.fromArray(S, c7, j);
        for (int p = 0, a = ao, b = bo; p < kc; p++, a += 8, b += L) {
            final DoubleVector b0 = DoubleVector.fromArray(S, Bp, b);
            DoubleVector x;
            x = DoubleVector.broadcast(S, Ap[a]);
            s00 = b0.fma(x, s00);
            x = DoubleVector.broadcast(S, Ap[a + 1]);
            s10 = b0.fma(x, s10);
            x = DoubleVector.broadcast(S, Ap[a + 2]);
            s20 = b0.fma(x, s20);
            x = DoubleVector.broadcast(S, Ap[a + 3]);
            s30 = b0.fma(x, s30);
            x = DoubleVector.broadcast(S, Ap[a + 4]);
            s40 = b0.fma(x, s40);
            x = DoubleVector.broadcast(S, Ap[a + 5]);
            s50 = b0.fma(x, s50);
            x = DoubleVector.broadcast(S, Ap[a + 6]);
            s60 = b0.fma(x, s60);
            x = DoubleVector.broadcast(S, Ap[a + 7]);
            s70 = b0.fma(x, s70);
        }
        s00.intoArray(c0, j);
        s10.intoArray(c1, j);
        s20.intoArray(c2, j);
        s30.intoArray(c3, j);
        s40.intoArray(c4, j);
        s50.intoArray(c5, j);
        s60.intoArray(c6, j);
        s70.intoArray(c7, j);
    }

    // ---- B packed in strips ----------------------------------------------------------------------------------------
    //
    // B's rows are separate arrays; a strip of 3 vectors of each of KC rows is scattered over KC arrays (rows of 1024
    // doubles are 8 KB apart and fall into the same sets of the first-level cache), and every p loads a new row
    // reference. Packed, strip s (columns s·W … s·W+W−1) is one run of k·W doubles, p after p, read sequentially.
    // The same fma chains run in the same order, so packed and unpacked products give the same bits.

    @Override
    public int packedStrips(int m) {
        return m / W;
    }

    /**
     * Copies the first {@code strips} strips of B and, after them, its whole vectors of columns left ({@link
     * #tailVectors}; B's rows are m = B[0].length long, as {@link Kernels.Packed} passes a matrix's rows). The buffer
     * holds k·m doubles, enough for both.
     */
    @Override
    public void pack(double[][] B, int k, int strips, double[] P) {
        packInto(B, k, strips, P);
        if (k > 0) {
            packTail(B, k, strips, tailVectors(B[0].length), P);
        }
    }

    /**
     * Whole vectors after the last full strip of a B of m columns, packed too into a narrower strip after the full
     * ones (C's h·U: the last 16 of 1024 columns): read from B's rows by 4-row blocks, the rows of U 8 KB apart
     * share the sets of the first-level cache, so every block fetched them again.
     */
    static int tailVectors(int m) {
        return (m - m / W * W) / L;
    }

    /** P[ns·k·W + p·tv·L + c] = B[p][ns·W + c] for c &lt; tv·L: the tail strip of tv whole vectors. */
    static void packTail(double[][] B, int k, int ns, int tv, double[] P) {
        final int j = ns * W, tw = tv * L;
        for (int p = 0, o = ns * k * W; p < k && tw > 0; p++, o += tw) {
            System.arraycopy(B[p], j, P, o, tw);
        }
    }

    /** Calls of fewer rows than this keep the unpacked blocks (1–3 rows: the 1×8 block; 4–7: no 8-row block). */
    static final int PACKED_MIN_ROWS = 8;

    @Override
    public void mulAddPacked(double[][] A, double[] P, int strips, double[][] B, double[][] C, int i0, int i1, int k, int m) {
        if (i1 - i0 < PACKED_MIN_ROWS || strips != m / W) {
            mulAdd(A, B, C, i0, i1, k, m);
        } else if (i1 - i0 >= PACKED_A_MIN_ROWS && m >= PACKED_A_MIN_COLS) {
            mulAddPackedA(A, P, B, C, i0, i1, k, m, strips);
        } else {
            mulAddPacked(A, P, B, C, i0, i1, k, m, strips, false);
        }
    }

    /** Per-thread buffer for the packed strips of a call; it only grows. */
    private static final ThreadLocal<double[][]> PACK = ThreadLocal.withInitial(() -> new double[1][0]);

    private static double[] packBuffer(int size) {
        double[][] h = PACK.get();
        if (h[0].length < size) {
            h[0] = new double[size];
        }
        return h[0];
    }

    /** P[s·k·W + p·W + c] = B[p][s·W + c] for the first {@code ns} strips (c &lt; W). */
    static void packInto(double[][] B, int k, int ns, double[] P) {
        for (int p = 0; p < k; p++) {
            final double[] bp = B[p];
            for (int s = 0, o = p * W; s < ns; s++, o += k * W) {
                final int j = s * W;
                DoubleVector.fromArray(S, bp, j).intoArray(P, o);
                DoubleVector.fromArray(S, bp, j + L).intoArray(P, o + L);
                DoubleVector.fromArray(S, bp, j + 2 * L).intoArray(P, o + 2 * L);
            }
        }
    }

    /** C[i0..i1) += A·B with B's first ns strips packed in P; the columns after them from B's rows. */
    /**
     * Inner-dimension chunk of the packed products: a strip of 128 × 3 vectors (24 KB) and 8 rows of A (8 KB) stay in
     * the first-level cache (48 KB); measured 15–29% faster than 256 at the C and B32 weight-gradient shapes.
     */
    static final int PKC = 128;

    /**
     * Rows of a call on a packed B from which A's full 8-row groups are packed too (per call: n·k moves against
     * n·k·m fmas), so the 8×3 block reads two contiguous arrays ({@link #ab8x3}); the rows after the last full group
     * keep the 4- and 1-row blocks on A's rows.
     */
    static final int PACKED_A_MIN_ROWS = 16;
    /**
     * ... and columns: the copy of A pays only when each 8-row group serves many strips (measured 1.03–1.08× at C's
     * h·U, 64 or 32 × 256 × 1024; 0.99–1.01× at 400 columns, 0.90× at 100). Lowered from 512 (session 11) once the
     * last whole vectors were packed too ({@link #tailVectors}): at 256 columns (δ·Uᵀ at C, h·U of C-Elman) they
     * are 16 of 256 and otherwise read from B's rows; whole steps on one thread, 256 against 512 in one JVM: C-LSTM
     * 0.956 (q1 0.913, q3 1.030), C-Elman 0.986, B32-LSTM (400 columns) 1.000.
     */
    static final int PACKED_A_MIN_COLS = 256;

    /** As {@link #mulAddPacked(double[][], double[], double[][], double[][], int, int, int, int, int)}, A packed too. */
    private static void mulAddPackedA(double[][] A, double[] P, double[][] B, double[][] C, int i0, int i1, int k,
                                      int m, int ns) {
        final AB buf = AB_BUFFERS.get();
        final int e8 = i0 + (i1 - i0) / MR * MR;
        for (int p0 = 0; p0 < k; p0 += PKC) {
            final int p1 = Math.min(k, p0 + PKC), kc = p1 - p0;
            if (buf.a.length < (e8 - i0) * kc) {
                buf.a = new double[(e8 - i0) * kc];
            }
            final double[] Ap = buf.a;
            packPanels(A, i0, e8, p0, p1, Ap);
            for (int s = 0; s < ns; s++) {
                final int off = s * k * W, j = s * W, bo = off + p0 * W;
                int i = i0;
                for (int ao = 0; i < e8; i += MR, ao += kc * MR) {
                    ab8x3(Ap, ao, P, bo, kc, C[i], C[i + 1], C[i + 2], C[i + 3], C[i + 4], C[i + 5], C[i + 6],
                            C[i + 7], j);
                }
                for (; i + 4 <= i1; i += 4) {
                    packed4x3(A[i], A[i + 1], A[i + 2], A[i + 3], P, off, C[i], C[i + 1], C[i + 2], C[i + 3], j,
                            p0, p1);
                }
                for (; i < i1; i++) {
                    packed1x3(A[i], P, off, C[i], j, p0, p1);
                }
            }
            final int tv = tailVectors(m), jt = ns * W, jr = jt + tv * L;
            if (tv > 0) {
                // the packed tail strip (1 or 2 vectors) under the same 8-row panels of A
                final int bo = ns * k * W + p0 * tv * L;
                for (int i = i0, ao = 0; i < e8; i += MR, ao += kc * MR) {
                    abBlock(tv, Ap, ao, P, bo, kc, C[i], C[i + 1], C[i + 2], C[i + 3], C[i + 4], C[i + 5], C[i + 6],
                            C[i + 7], jt);
                }
            }
            if (jr < m) {
                mulAddPanel(A, B, C, i0, e8, p0, p1, m, jr);    // the last < L columns
            }
            if (jt < m) {
                mulAddPanel(A, B, C, e8, i1, p0, p1, m, jt);    // the rows after the last 8-row group
            }
        }
    }

    /** C[i0..i1) (+)= A·B with B's first ns strips packed in P: {@code overwrite} as {@link #mul}, else as mulAdd. */
    private static void mulAddPacked(double[][] A, double[] P, double[][] B, double[][] C, int i0, int i1, int k, int m,
                                     int ns, boolean overwrite) {
        final boolean byRows = (long) (i1 - i0) * m >= ROWS_OUTER_MIN_C;
        for (int p0 = 0; p0 < k; p0 += PKC) {
            final int p1 = Math.min(k, p0 + PKC);
            final boolean zero = overwrite && p0 == 0;
            for (int r0 = i0; r0 < i1; r0 += MC) {
                final int r1 = Math.min(i1, r0 + MC);
                if (zero) {
                    zeroOutsideBlocks(C, r0, r1, ns * W, m);
                }
                if (byRows) {
                    rowsByStrips(A, P, C, r0, r1, k, ns, p0, p1, zero);
                } else {
                    stripsByRows(A, P, C, r0, r1, k, ns, p0, p1, zero);
                }
                if (ns * W < m) {
                    mulAddPanel(A, B, C, r0, r1, p0, p1, m, ns * W);
                }
            }
        }
    }

    /**
     * Before the first chunk of a product that overwrites C ({@link #mul}): zeroes what the 8-row zero-start blocks do
     * not write, the columns from {@code j} on of the rows in full 8-row groups and the whole rows after the last one.
     */
    private static void zeroOutsideBlocks(double[][] C, int r0, int r1, int j, int m) {
        final int e8 = r0 + (r1 - r0) / 8 * 8;
        for (int i = r0; i < r1; i++) {
            java.util.Arrays.fill(C[i], i < e8 ? j : 0, m, 0.0);
        }
    }

    /**
     * Products whose C has at least this many doubles (4 MB, twice the second-level cache: x·W over all steps at C,
     * 3200×1024) take A's 8-row groups outer and B's strips inner, so that each group's rows of C are walked left to
     * right instead of 8 new rows of a C in memory at every block; the order of the blocks changes no fma chain.
     */
    static final long ROWS_OUTER_MIN_C = 1 << 19;

    /** Rows r0 … r1−1 over the ns packed strips, inner indices p0 … p1−1: the row groups outer, the strips inner. */
    private static void rowsByStrips(double[][] A, double[] P, double[][] C, int r0, int r1, int k, int ns, int p0,
                                     int p1, boolean zero) {
        int i = r0;
        for (; i + 8 <= r1; i += 8) {
            for (int s = 0; s < ns; s++) {
                if (zero) {
                    packed8x3Zero(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], A[i + 6], A[i + 7], P,
                            s * k * W, C[i], C[i + 1], C[i + 2], C[i + 3], C[i + 4], C[i + 5], C[i + 6], C[i + 7],
                            s * W, p1);
                } else {
                    packed8x3(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], A[i + 6], A[i + 7], P,
                            s * k * W, C[i], C[i + 1], C[i + 2], C[i + 3], C[i + 4], C[i + 5], C[i + 6], C[i + 7],
                            s * W, p0, p1);
                }
            }
        }
        for (; i + 4 <= r1; i += 4) {
            for (int s = 0; s < ns; s++) {
                packed4x3(A[i], A[i + 1], A[i + 2], A[i + 3], P, s * k * W, C[i], C[i + 1], C[i + 2], C[i + 3],
                        s * W, p0, p1);
            }
        }
        for (; i < r1; i++) {
            for (int s = 0; s < ns; s++) {
                packed1x3(A[i], P, s * k * W, C[i], s * W, p0, p1);
            }
        }
    }

    /** Rows r0 … r1−1 over the ns packed strips, inner indices p0 … p1−1: the strips outer, the row groups inner. */
    private static void stripsByRows(double[][] A, double[] P, double[][] C, int r0, int r1, int k, int ns, int p0,
                                     int p1, boolean zero) {
        for (int s = 0; s < ns; s++) {
            final int off = s * k * W, j = s * W;
            int i = r0;
            for (; i + 8 <= r1; i += 8) {
                if (zero) {
                    packed8x3Zero(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], A[i + 6], A[i + 7], P, off,
                            C[i], C[i + 1], C[i + 2], C[i + 3], C[i + 4], C[i + 5], C[i + 6], C[i + 7], j, p1);
                } else {
                    packed8x3(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], A[i + 6], A[i + 7], P, off,
                            C[i], C[i + 1], C[i + 2], C[i + 3], C[i + 4], C[i + 5], C[i + 6], C[i + 7], j, p0, p1);
                }
            }
            for (; i + 4 <= r1; i += 4) {
                packed4x3(A[i], A[i + 1], A[i + 2], A[i + 3], P, off, C[i], C[i + 1], C[i + 2], C[i + 3], j, p0, p1);
            }
            for (; i < r1; i++) {
                packed1x3(A[i], P, off, C[i], j, p0, p1);
            }
        }
    }

    private static void packed8x3(double[] a0, double[] a1, double[] a2, double[] a3, double[] a4, double[] a5,
            double[] a6, double[] a7, double[] P, int off, double[] c0, double[] c1, double[] c2, double[] c3,
            double[] c4, double[] c5, double[] c6, double[] c7, int j, int p0, int p1) {
        if (HALF_PANELS) {           // 16 registers: two 4-row blocks, the same fma chains (the same bits)
            packed4x3(a0, a1, a2, a3, P, off, c0, c1, c2, c3, j, p0, p1);
            packed4x3(a4, a5, a6, a7, P, off, c4, c5, c6, c7, j, p0, p1);
            return;
        }
        final int j1 = j + L, j2 = j + 2 * L;
        DoubleVector s00 = DoubleVector.fromArray(S, c0, j), s01 = DoubleVector.fromArray(S, c0, j1), s02 = DoubleVector.fromArray(S, c0, j2);
        DoubleVector s10 = DoubleVector.fromArray(S, c1, j), s11 = DoubleVector.fromArray(S, c1, j1), s12 = DoubleVector.fromArray(S, c1, j2);
        DoubleVector s20 = DoubleVector.fromArray(S, c2, j), s21 = DoubleVector.fromArray(S, c2, j1), s22 = DoubleVector.fromArray(S, c2, j2);
        DoubleVector s30 = DoubleVector.fromArray(S, c3, j), s31 = DoubleVector.fromArray(S, c3, j1), s32 = DoubleVector.fromArray(S, c3, j2);
        DoubleVector s40 = DoubleVector.fromArray(S, c4, j), s41 = DoubleVector.fromArray(S, c4, j1), s42 = DoubleVector.fromArray(S, c4, j2);
        DoubleVector s50 = DoubleVector.fromArray(S, c5, j), s51 = DoubleVector.fromArray(S, c5, j1), s52 = DoubleVector.fromArray(S, c5, j2);
        DoubleVector s60 = DoubleVector.fromArray(S, c6, j), s61 = DoubleVector.fromArray(S, c6, j1), s62 = DoubleVector.fromArray(S, c6, j2);
        DoubleVector s70 = DoubleVector.fromArray(S, c7, j), s71 = DoubleVector.fromArray(S, c7, j1), s72 = DoubleVector.fromArray(S, c7, j2);
        for (int p = p0, o = off + p0 * W; p < p1; p++, o += W) {
            final DoubleVector b0 = DoubleVector.fromArray(S, P, o), b1 = DoubleVector.fromArray(S, P, o + L),
                    b2 = DoubleVector.fromArray(S, P, o + 2 * L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = DoubleVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = DoubleVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = DoubleVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
            x = DoubleVector.broadcast(S, a4[p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            s42 = b2.fma(x, s42);
            x = DoubleVector.broadcast(S, a5[p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            s52 = b2.fma(x, s52);
            x = DoubleVector.broadcast(S, a6[p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            s62 = b2.fma(x, s62);
            x = DoubleVector.broadcast(S, a7[p]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
            s72 = b2.fma(x, s72);
        }
        s00.intoArray(c0, j);
        s01.intoArray(c0, j1);
        s02.intoArray(c0, j2);
        s10.intoArray(c1, j);
        s11.intoArray(c1, j1);
        s12.intoArray(c1, j2);
        s20.intoArray(c2, j);
        s21.intoArray(c2, j1);
        s22.intoArray(c2, j2);
        s30.intoArray(c3, j);
        s31.intoArray(c3, j1);
        s32.intoArray(c3, j2);
        s40.intoArray(c4, j);
        s41.intoArray(c4, j1);
        s42.intoArray(c4, j2);
        s50.intoArray(c5, j);
        s51.intoArray(c5, j1);
        s52.intoArray(c5, j2);
        s60.intoArray(c6, j);
        s61.intoArray(c6, j1);
        s62.intoArray(c6, j2);
        s70.intoArray(c7, j);
        s71.intoArray(c7, j1);
        s72.intoArray(c7, j2);
    }

    /**
     * {@link #packed8x3} over the first inner indices 0 … p1−1 of a product that overwrites C ({@link #mul}): the
     * accumulators start at +0.0 instead of C's values, so C is neither zeroed first nor read; each element is the
     * same fma chain from +0.0 as after zeroing, so the same bits.
     */
    private static void packed8x3Zero(double[] a0, double[] a1, double[] a2, double[] a3, double[] a4, double[] a5,
            double[] a6, double[] a7, double[] P, int off, double[] c0, double[] c1, double[] c2, double[] c3,
            double[] c4, double[] c5, double[] c6, double[] c7, int j, int p1) {
        if (HALF_PANELS) {           // 16 registers: two 4-row blocks, the same fma chains (the same bits)
            packed4x3Zero(a0, a1, a2, a3, P, off, c0, c1, c2, c3, j, p1);
            packed4x3Zero(a4, a5, a6, a7, P, off, c4, c5, c6, c7, j, p1);
            return;
        }
        final int j1 = j + L, j2 = j + 2 * L;
        DoubleVector s00 = DoubleVector.zero(S), s01 = DoubleVector.zero(S), s02 = DoubleVector.zero(S);
        DoubleVector s10 = DoubleVector.zero(S), s11 = DoubleVector.zero(S), s12 = DoubleVector.zero(S);
        DoubleVector s20 = DoubleVector.zero(S), s21 = DoubleVector.zero(S), s22 = DoubleVector.zero(S);
        DoubleVector s30 = DoubleVector.zero(S), s31 = DoubleVector.zero(S), s32 = DoubleVector.zero(S);
        DoubleVector s40 = DoubleVector.zero(S), s41 = DoubleVector.zero(S), s42 = DoubleVector.zero(S);
        DoubleVector s50 = DoubleVector.zero(S), s51 = DoubleVector.zero(S), s52 = DoubleVector.zero(S);
        DoubleVector s60 = DoubleVector.zero(S), s61 = DoubleVector.zero(S), s62 = DoubleVector.zero(S);
        DoubleVector s70 = DoubleVector.zero(S), s71 = DoubleVector.zero(S), s72 = DoubleVector.zero(S);
        for (int p = 0, o = off; p < p1; p++, o += W) {
            final DoubleVector b0 = DoubleVector.fromArray(S, P, o), b1 = DoubleVector.fromArray(S, P, o + L),
                    b2 = DoubleVector.fromArray(S, P, o + 2 * L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = DoubleVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = DoubleVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = DoubleVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
            x = DoubleVector.broadcast(S, a4[p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            s42 = b2.fma(x, s42);
            x = DoubleVector.broadcast(S, a5[p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            s52 = b2.fma(x, s52);
            x = DoubleVector.broadcast(S, a6[p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            s62 = b2.fma(x, s62);
            x = DoubleVector.broadcast(S, a7[p]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
            s72 = b2.fma(x, s72);
        }
        s00.intoArray(c0, j);
        s01.intoArray(c0, j1);
        s02.intoArray(c0, j2);
        s10.intoArray(c1, j);
        s11.intoArray(c1, j1);
        s12.intoArray(c1, j2);
        s20.intoArray(c2, j);
        s21.intoArray(c2, j1);
        s22.intoArray(c2, j2);
        s30.intoArray(c3, j);
        s31.intoArray(c3, j1);
        s32.intoArray(c3, j2);
        s40.intoArray(c4, j);
        s41.intoArray(c4, j1);
        s42.intoArray(c4, j2);
        s50.intoArray(c5, j);
        s51.intoArray(c5, j1);
        s52.intoArray(c5, j2);
        s60.intoArray(c6, j);
        s61.intoArray(c6, j1);
        s62.intoArray(c6, j2);
        s70.intoArray(c7, j);
        s71.intoArray(c7, j1);
        s72.intoArray(c7, j2);
    }

    private static void packed4x3(double[] a0, double[] a1, double[] a2, double[] a3, double[] P, int off,
            double[] c0, double[] c1, double[] c2, double[] c3, int j, int p0, int p1) {
        final int j1 = j + L, j2 = j + 2 * L;
        DoubleVector s00 = DoubleVector.fromArray(S, c0, j), s01 = DoubleVector.fromArray(S, c0, j1), s02 = DoubleVector.fromArray(S, c0, j2);
        DoubleVector s10 = DoubleVector.fromArray(S, c1, j), s11 = DoubleVector.fromArray(S, c1, j1), s12 = DoubleVector.fromArray(S, c1, j2);
        DoubleVector s20 = DoubleVector.fromArray(S, c2, j), s21 = DoubleVector.fromArray(S, c2, j1), s22 = DoubleVector.fromArray(S, c2, j2);
        DoubleVector s30 = DoubleVector.fromArray(S, c3, j), s31 = DoubleVector.fromArray(S, c3, j1), s32 = DoubleVector.fromArray(S, c3, j2);
        for (int p = p0, o = off + p0 * W; p < p1; p++, o += W) {
            final DoubleVector b0 = DoubleVector.fromArray(S, P, o), b1 = DoubleVector.fromArray(S, P, o + L),
                    b2 = DoubleVector.fromArray(S, P, o + 2 * L);
            DoubleVector x = DoubleVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = DoubleVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = DoubleVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = DoubleVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
        }
        s00.intoArray(c0, j);
        s01.intoArray(c0, j1);
        s02.intoArray(c0, j2);
        s10.intoArray(c1, j);
        s11.intoArray(c1, j1);
        s12.intoArray(c1, j2);
        s20.intoArray(c2, j);
        s21.intoArray(c2, j1);
        s22.intoArray(c2, j2);
        s30.intoArray(c3, j);
        s31.intoArray(c3, j1);
        s32.intoArray(c3, j2);
    }

    /** {@link #packed4x3} from zero accumulators over the first chunk (inner indices 0 … p1−1): the half of {@link #packed8x3Zero}. */
    private static void packed4x3Zero(double[] a0, double[] a1, double[] a2, double[] a3, double[] P, int off,
            double[] c0, double[] c1, double[] c2, double[] c3, int j, int p1) {
        final int j1 = j + L, j2 = j + 2 * L;
        DoubleVector s00 = DoubleVector.zero(S), s01 = DoubleVector.zero(S), s02 = DoubleVector.zero(S);
        DoubleVector s10 = DoubleVector.zero(S), s11 = DoubleVector.zero(S), s12 = DoubleVector.zero(S);
        DoubleVector s20 = DoubleVector.zero(S), s21 = DoubleVector.zero(S), s22 = DoubleVector.zero(S);
        DoubleVector s30 = DoubleVector.zero(S), s31 = DoubleVector.zero(S), s32 = DoubleVector.zero(S);
        for (int p = 0, o = off; p < p1; p++, o += W) {
            final DoubleVector b0 = DoubleVector.fromArray(S, P, o), b1 = DoubleVector.fromArray(S, P, o + L),
                    b2 = DoubleVector.fromArray(S, P, o + 2 * L);
            DoubleVector x = DoubleVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = DoubleVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = DoubleVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = DoubleVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
        }
        s00.intoArray(c0, j);
        s01.intoArray(c0, j1);
        s02.intoArray(c0, j2);
        s10.intoArray(c1, j);
        s11.intoArray(c1, j1);
        s12.intoArray(c1, j2);
        s20.intoArray(c2, j);
        s21.intoArray(c2, j1);
        s22.intoArray(c2, j2);
        s30.intoArray(c3, j);
        s31.intoArray(c3, j1);
        s32.intoArray(c3, j2);
    }

    private static void packed1x3(double[] a0, double[] P, int off, double[] c0, int j, int p0, int p1) {
        final int j1 = j + L, j2 = j + 2 * L;
        DoubleVector s0 = DoubleVector.fromArray(S, c0, j), s1 = DoubleVector.fromArray(S, c0, j1),
                s2 = DoubleVector.fromArray(S, c0, j2);
        for (int p = p0, o = off + p0 * W; p < p1; p++, o += W) {
            final DoubleVector x = DoubleVector.broadcast(S, a0[p]);
            s0 = DoubleVector.fromArray(S, P, o).fma(x, s0);
            s1 = DoubleVector.fromArray(S, P, o + L).fma(x, s1);
            s2 = DoubleVector.fromArray(S, P, o + 2 * L).fma(x, s2);
        }
        s0.intoArray(c0, j);
        s1.intoArray(c0, j1);
        s2.intoArray(c0, j2);
    }

    /** The columns jStart … m−1 of rows i0 … i1−1, inner indices p0 … p1−1, from B's rows. */
    private static void mulAddPanel(double[][] A, double[][] B, double[][] C, int i0, int i1, int p0, int p1, int m,
                                    int jStart) {
        int j = jStart;
        if (i1 - i0 < 4) {
            for (; j + 8 * L <= m; j += 8 * L) {
                for (int i = i0; i < i1; i++) {
                    block1x8(A[i], B, C[i], j, p0, p1);
                }
            }
        }
        for (; j + 3 * L <= m; j += 3 * L) {
            int i = i0;
            for (; i + 8 <= i1; i += 8) {
                block8x3(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], A[i + 6], A[i + 7], B,
                        C[i], C[i + 1], C[i + 2], C[i + 3], C[i + 4], C[i + 5], C[i + 6], C[i + 7], j, p0, p1);
            }
            for (; i + 4 <= i1; i += 4) {
                block4x3(A[i], A[i + 1], A[i + 2], A[i + 3], B, C[i], C[i + 1], C[i + 2], C[i + 3], j, p0, p1);
            }
            for (; i < i1; i++) {
                block1x3(A[i], B, C[i], j, p0, p1);
            }
        }
        for (; j + L <= m; j += L) {
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                block4x1(A[i], A[i + 1], A[i + 2], A[i + 3], B, C[i], C[i + 1], C[i + 2], C[i + 3], j, p0, p1);
            }
            for (; i < i1; i++) {
                block1x1(A[i], B, C[i], j, p0, p1);
            }
        }
        // the last m − j (< L) columns: one vector over the last L columns m − L … m − 1, so these columns run at
        // vector speed too. Its first lanes repeat columns already done (by the same fma chain over p, so with the
        // same bits), and are not stored: the blend keeps the stored values there. Needs m ≥ L.
        if (j < m && m >= L) {
            final int jt = m - L, skip = j - jt;
            int i = i0;
            for (; i + 8 <= i1; i += 8) {
                tail8(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], A[i + 6], A[i + 7], B,
                        C[i], C[i + 1], C[i + 2], C[i + 3], C[i + 4], C[i + 5], C[i + 6], C[i + 7], jt, skip, p0, p1);
            }
            for (; i + 4 <= i1; i += 4) {
                tail4(A[i], A[i + 1], A[i + 2], A[i + 3], B, C[i], C[i + 1], C[i + 2], C[i + 3], jt, skip, p0, p1);
            }
            for (; i < i1; i++) {
                tail1(A[i], B, C[i], jt, skip, p0, p1);
            }
            return;
        }
        // (m < L) scalar fma chains kept in registers, 4 columns at a time so 4 independent
        // chains hide the FMA latency; each element is still one chain over p in order
        for (int i = i0; i < i1; i++) {
            final double[] ai = A[i], ci = C[i];
            int jj = j;
            for (; jj + 4 <= m; jj += 4) {
                double s0 = ci[jj], s1 = ci[jj + 1], s2 = ci[jj + 2], s3 = ci[jj + 3];
                for (int p = p0; p < p1; p++) {
                    final double aip = ai[p];
                    final double[] bp = B[p];
                    s0 = Math.fma(aip, bp[jj], s0);
                    s1 = Math.fma(aip, bp[jj + 1], s1);
                    s2 = Math.fma(aip, bp[jj + 2], s2);
                    s3 = Math.fma(aip, bp[jj + 3], s3);
                }
                ci[jj] = s0;
                ci[jj + 1] = s1;
                ci[jj + 2] = s2;
                ci[jj + 3] = s3;
            }
            for (; jj < m; jj++) {
                double s0 = ci[jj];
                for (int p = p0; p < p1; p++) {
                    s0 = Math.fma(ai[p], B[p][jj], s0);
                }
                ci[jj] = s0;
            }
        }
    }

    /** 0, 1, …, L−1: the lane numbers, for the mask of the last columns. */
    private static final double[] IOTA = new double[L];

    static {
        for (int l = 0; l < L; l++) {
            IOTA[l] = l;
        }
    }

    private static void tail8(double[] a0, double[] a1, double[] a2, double[] a3, double[] a4, double[] a5, double[] a6, double[] a7, double[][] B, double[] c0, double[] c1, double[] c2, double[] c3, double[] c4, double[] c5, double[] c6, double[] c7, int jt, int skip, int p0, int p1) {
        DoubleVector s0 = DoubleVector.fromArray(S, c0, jt);
        DoubleVector s1 = DoubleVector.fromArray(S, c1, jt);
        DoubleVector s2 = DoubleVector.fromArray(S, c2, jt);
        DoubleVector s3 = DoubleVector.fromArray(S, c3, jt);
        DoubleVector s4 = DoubleVector.fromArray(S, c4, jt);
        DoubleVector s5 = DoubleVector.fromArray(S, c5, jt);
        DoubleVector s6 = DoubleVector.fromArray(S, c6, jt);
        DoubleVector s7 = DoubleVector.fromArray(S, c7, jt);
        for (int p = p0; p < p1; p++) {
            final DoubleVector b = DoubleVector.fromArray(S, B[p], jt);
            s0 = b.fma(DoubleVector.broadcast(S, a0[p]), s0);
            s1 = b.fma(DoubleVector.broadcast(S, a1[p]), s1);
            s2 = b.fma(DoubleVector.broadcast(S, a2[p]), s2);
            s3 = b.fma(DoubleVector.broadcast(S, a3[p]), s3);
            s4 = b.fma(DoubleVector.broadcast(S, a4[p]), s4);
            s5 = b.fma(DoubleVector.broadcast(S, a5[p]), s5);
            s6 = b.fma(DoubleVector.broadcast(S, a6[p]), s6);
            s7 = b.fma(DoubleVector.broadcast(S, a7[p]), s7);
        }
        // lanes below skip hold columns already done: keep what is stored there
        final VectorMask<Double> mine = DoubleVector.fromArray(S, IOTA, 0).compare(VectorOperators.GE, (double) skip);
        DoubleVector.fromArray(S, c0, jt).blend(s0, mine).intoArray(c0, jt);
        DoubleVector.fromArray(S, c1, jt).blend(s1, mine).intoArray(c1, jt);
        DoubleVector.fromArray(S, c2, jt).blend(s2, mine).intoArray(c2, jt);
        DoubleVector.fromArray(S, c3, jt).blend(s3, mine).intoArray(c3, jt);
        DoubleVector.fromArray(S, c4, jt).blend(s4, mine).intoArray(c4, jt);
        DoubleVector.fromArray(S, c5, jt).blend(s5, mine).intoArray(c5, jt);
        DoubleVector.fromArray(S, c6, jt).blend(s6, mine).intoArray(c6, jt);
        DoubleVector.fromArray(S, c7, jt).blend(s7, mine).intoArray(c7, jt);
    }

    private static void tail4(double[] a0, double[] a1, double[] a2, double[] a3, double[][] B, double[] c0, double[] c1, double[] c2, double[] c3, int jt, int skip, int p0, int p1) {
        DoubleVector s0 = DoubleVector.fromArray(S, c0, jt);
        DoubleVector s1 = DoubleVector.fromArray(S, c1, jt);
        DoubleVector s2 = DoubleVector.fromArray(S, c2, jt);
        DoubleVector s3 = DoubleVector.fromArray(S, c3, jt);
        for (int p = p0; p < p1; p++) {
            final DoubleVector b = DoubleVector.fromArray(S, B[p], jt);
            s0 = b.fma(DoubleVector.broadcast(S, a0[p]), s0);
            s1 = b.fma(DoubleVector.broadcast(S, a1[p]), s1);
            s2 = b.fma(DoubleVector.broadcast(S, a2[p]), s2);
            s3 = b.fma(DoubleVector.broadcast(S, a3[p]), s3);
        }
        // lanes below skip hold columns already done: keep what is stored there
        final VectorMask<Double> mine = DoubleVector.fromArray(S, IOTA, 0).compare(VectorOperators.GE, (double) skip);
        DoubleVector.fromArray(S, c0, jt).blend(s0, mine).intoArray(c0, jt);
        DoubleVector.fromArray(S, c1, jt).blend(s1, mine).intoArray(c1, jt);
        DoubleVector.fromArray(S, c2, jt).blend(s2, mine).intoArray(c2, jt);
        DoubleVector.fromArray(S, c3, jt).blend(s3, mine).intoArray(c3, jt);
    }

    private static void tail1(double[] a0, double[][] B, double[] c0, int jt, int skip, int p0, int p1) {
        DoubleVector s0 = DoubleVector.fromArray(S, c0, jt);
        for (int p = p0; p < p1; p++) {
            final DoubleVector b = DoubleVector.fromArray(S, B[p], jt);
            s0 = b.fma(DoubleVector.broadcast(S, a0[p]), s0);
        }
        // lanes below skip hold columns already done: keep what is stored there
        final VectorMask<Double> mine = DoubleVector.fromArray(S, IOTA, 0).compare(VectorOperators.GE, (double) skip);
        DoubleVector.fromArray(S, c0, jt).blend(s0, mine).intoArray(c0, jt);
    }

    /**
     * One row × 8 vectors: for a product with 1–3 rows (a batch of 1 at one time step) a 3-vector block would
     * leave the FMA units waiting on the latency of its 3 accumulator chains; 8 independent chains keep them busy.
     */
    private static void block1x8(double[] a0, double[][] B,
            double[] c0, int j, int p0, int p1) {
        final int j1 = j + 1 * L;
        final int j2 = j + 2 * L;
        final int j3 = j + 3 * L;
        final int j4 = j + 4 * L;
        final int j5 = j + 5 * L;
        final int j6 = j + 6 * L;
        final int j7 = j + 7 * L;
        DoubleVector s00 = DoubleVector.fromArray(S, c0, j), s01 = DoubleVector.fromArray(S, c0, j1), s02 = DoubleVector.fromArray(S, c0, j2), s03 = DoubleVector.fromArray(S, c0, j3), s04 = DoubleVector.fromArray(S, c0, j4), s05 = DoubleVector.fromArray(S, c0, j5), s06 = DoubleVector.fromArray(S, c0, j6), s07 = DoubleVector.fromArray(S, c0, j7);
        for (int p = p0; p < p1; p++) {
            final double[] bp = B[p];
            DoubleVector b0 = DoubleVector.fromArray(S, bp, j), b1 = DoubleVector.fromArray(S, bp, j1), b2 = DoubleVector.fromArray(S, bp, j2), b3 = DoubleVector.fromArray(S, bp, j3), b4 = DoubleVector.fromArray(S, bp, j4), b5 = DoubleVector.fromArray(S, bp, j5), b6 = DoubleVector.fromArray(S, bp, j6), b7 = DoubleVector.fromArray(S, bp, j7);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            s03 = b3.fma(x, s03);
            s04 = b4.fma(x, s04);
            s05 = b5.fma(x, s05);
            s06 = b6.fma(x, s06);
            s07 = b7.fma(x, s07);
        }
        s00.intoArray(c0, j);
        s01.intoArray(c0, j1);
        s02.intoArray(c0, j2);
        s03.intoArray(c0, j3);
        s04.intoArray(c0, j4);
        s05.intoArray(c0, j5);
        s06.intoArray(c0, j6);
        s07.intoArray(c0, j7);
    }


    /** The main micro-kernel: 8 rows × 3 vectors of C in 24 registers (AVX-512 has 32). */
    private static void block8x3(double[] a0, double[] a1, double[] a2, double[] a3, double[] a4, double[] a5, double[] a6, double[] a7, double[][] B,
            double[] c0, double[] c1, double[] c2, double[] c3, double[] c4, double[] c5, double[] c6, double[] c7, int j, int p0, int p1) {
        if (HALF_PANELS) {           // 16 registers: two 4-row blocks, the same fma chains (the same bits)
            block4x3(a0, a1, a2, a3, B, c0, c1, c2, c3, j, p0, p1);
            block4x3(a4, a5, a6, a7, B, c4, c5, c6, c7, j, p0, p1);
            return;
        }
        final int j1 = j + 1 * L;
        final int j2 = j + 2 * L;
        DoubleVector s00 = DoubleVector.fromArray(S, c0, j), s01 = DoubleVector.fromArray(S, c0, j1), s02 = DoubleVector.fromArray(S, c0, j2);
        DoubleVector s10 = DoubleVector.fromArray(S, c1, j), s11 = DoubleVector.fromArray(S, c1, j1), s12 = DoubleVector.fromArray(S, c1, j2);
        DoubleVector s20 = DoubleVector.fromArray(S, c2, j), s21 = DoubleVector.fromArray(S, c2, j1), s22 = DoubleVector.fromArray(S, c2, j2);
        DoubleVector s30 = DoubleVector.fromArray(S, c3, j), s31 = DoubleVector.fromArray(S, c3, j1), s32 = DoubleVector.fromArray(S, c3, j2);
        DoubleVector s40 = DoubleVector.fromArray(S, c4, j), s41 = DoubleVector.fromArray(S, c4, j1), s42 = DoubleVector.fromArray(S, c4, j2);
        DoubleVector s50 = DoubleVector.fromArray(S, c5, j), s51 = DoubleVector.fromArray(S, c5, j1), s52 = DoubleVector.fromArray(S, c5, j2);
        DoubleVector s60 = DoubleVector.fromArray(S, c6, j), s61 = DoubleVector.fromArray(S, c6, j1), s62 = DoubleVector.fromArray(S, c6, j2);
        DoubleVector s70 = DoubleVector.fromArray(S, c7, j), s71 = DoubleVector.fromArray(S, c7, j1), s72 = DoubleVector.fromArray(S, c7, j2);
        for (int p = p0; p < p1; p++) {
            final double[] bp = B[p];
            DoubleVector b0 = DoubleVector.fromArray(S, bp, j), b1 = DoubleVector.fromArray(S, bp, j1), b2 = DoubleVector.fromArray(S, bp, j2);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = DoubleVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = DoubleVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = DoubleVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
            x = DoubleVector.broadcast(S, a4[p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            s42 = b2.fma(x, s42);
            x = DoubleVector.broadcast(S, a5[p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            s52 = b2.fma(x, s52);
            x = DoubleVector.broadcast(S, a6[p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            s62 = b2.fma(x, s62);
            x = DoubleVector.broadcast(S, a7[p]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
            s72 = b2.fma(x, s72);
        }
        s00.intoArray(c0, j);
        s01.intoArray(c0, j1);
        s02.intoArray(c0, j2);
        s10.intoArray(c1, j);
        s11.intoArray(c1, j1);
        s12.intoArray(c1, j2);
        s20.intoArray(c2, j);
        s21.intoArray(c2, j1);
        s22.intoArray(c2, j2);
        s30.intoArray(c3, j);
        s31.intoArray(c3, j1);
        s32.intoArray(c3, j2);
        s40.intoArray(c4, j);
        s41.intoArray(c4, j1);
        s42.intoArray(c4, j2);
        s50.intoArray(c5, j);
        s51.intoArray(c5, j1);
        s52.intoArray(c5, j2);
        s60.intoArray(c6, j);
        s61.intoArray(c6, j1);
        s62.intoArray(c6, j2);
        s70.intoArray(c7, j);
        s71.intoArray(c7, j1);
        s72.intoArray(c7, j2);
    }


    private static void block4x3(double[] a0, double[] a1, double[] a2, double[] a3, double[][] B,
                                 double[] c0, double[] c1, double[] c2, double[] c3, int j, int p0, int p1) {
        final int j1 = j + L, j2 = j + 2 * L;
        DoubleVector s00 = DoubleVector.fromArray(S, c0, j), s01 = DoubleVector.fromArray(S, c0, j1),
                s02 = DoubleVector.fromArray(S, c0, j2);
        DoubleVector s10 = DoubleVector.fromArray(S, c1, j), s11 = DoubleVector.fromArray(S, c1, j1),
                s12 = DoubleVector.fromArray(S, c1, j2);
        DoubleVector s20 = DoubleVector.fromArray(S, c2, j), s21 = DoubleVector.fromArray(S, c2, j1),
                s22 = DoubleVector.fromArray(S, c2, j2);
        DoubleVector s30 = DoubleVector.fromArray(S, c3, j), s31 = DoubleVector.fromArray(S, c3, j1),
                s32 = DoubleVector.fromArray(S, c3, j2);
        for (int p = p0; p < p1; p++) {
            final double[] bp = B[p];
            DoubleVector b0 = DoubleVector.fromArray(S, bp, j), b1 = DoubleVector.fromArray(S, bp, j1),
                    b2 = DoubleVector.fromArray(S, bp, j2);
            DoubleVector x = DoubleVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = DoubleVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = DoubleVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = DoubleVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
        }
        s00.intoArray(c0, j);
        s01.intoArray(c0, j1);
        s02.intoArray(c0, j2);
        s10.intoArray(c1, j);
        s11.intoArray(c1, j1);
        s12.intoArray(c1, j2);
        s20.intoArray(c2, j);
        s21.intoArray(c2, j1);
        s22.intoArray(c2, j2);
        s30.intoArray(c3, j);
        s31.intoArray(c3, j1);
        s32.intoArray(c3, j2);
    }

    private static void block1x3(double[] a0, double[][] B, double[] c0, int j, int p0, int p1) {
        final int j1 = j + L, j2 = j + 2 * L;
        DoubleVector s0 = DoubleVector.fromArray(S, c0, j), s1 = DoubleVector.fromArray(S, c0, j1),
                s2 = DoubleVector.fromArray(S, c0, j2);
        for (int p = p0; p < p1; p++) {
            final double[] bp = B[p];
            DoubleVector x = DoubleVector.broadcast(S, a0[p]);
            s0 = DoubleVector.fromArray(S, bp, j).fma(x, s0);
            s1 = DoubleVector.fromArray(S, bp, j1).fma(x, s1);
            s2 = DoubleVector.fromArray(S, bp, j2).fma(x, s2);
        }
        s0.intoArray(c0, j);
        s1.intoArray(c0, j1);
        s2.intoArray(c0, j2);
    }

    private static void block4x1(double[] a0, double[] a1, double[] a2, double[] a3, double[][] B,
                                 double[] c0, double[] c1, double[] c2, double[] c3, int j, int p0, int p1) {
        DoubleVector s0 = DoubleVector.fromArray(S, c0, j), s1 = DoubleVector.fromArray(S, c1, j),
                s2 = DoubleVector.fromArray(S, c2, j), s3 = DoubleVector.fromArray(S, c3, j);
        for (int p = p0; p < p1; p++) {
            DoubleVector b = DoubleVector.fromArray(S, B[p], j);
            s0 = b.fma(DoubleVector.broadcast(S, a0[p]), s0);
            s1 = b.fma(DoubleVector.broadcast(S, a1[p]), s1);
            s2 = b.fma(DoubleVector.broadcast(S, a2[p]), s2);
            s3 = b.fma(DoubleVector.broadcast(S, a3[p]), s3);
        }
        s0.intoArray(c0, j);
        s1.intoArray(c1, j);
        s2.intoArray(c2, j);
        s3.intoArray(c3, j);
    }

    private static void block1x1(double[] a0, double[][] B, double[] c0, int j, int p0, int p1) {
        DoubleVector s0 = DoubleVector.fromArray(S, c0, j);
        for (int p = p0; p < p1; p++) {
            s0 = DoubleVector.fromArray(S, B[p], j).fma(DoubleVector.broadcast(S, a0[p]), s0);
        }
        s0.intoArray(c0, j);
    }

    @Override
    public void mulTransAAdd(double[][] A, double[][] B, double[][] C, int p0, int p1, int n, int m) {
        if (readsTransposedA(p1 - p0)) {
            mulAddPackedAB(A, B, C, p0, p1, n, m);   // A's columns packed straight into panels
            return;
        }
        // C[p][j] += Σᵢ A[i][p]·B[i][j]: the same blocks with A read down its columns
        int j = 0;
        for (; j + 3 * L <= m; j += 3 * L) {
            int p = p0;
            for (; p + 4 <= p1; p += 4) {
                blockT4x3(A, B, C[p], C[p + 1], C[p + 2], C[p + 3], p, j, n);
            }
            for (; p < p1; p++) {
                blockT1x3(A, B, C[p], p, j, n);
            }
        }
        for (; j + L <= m; j += L) {
            for (int p = p0; p < p1; p++) {
                DoubleVector s = DoubleVector.fromArray(S, C[p], j);
                for (int i = 0; i < n; i++) {
                    s = DoubleVector.fromArray(S, B[i], j).fma(DoubleVector.broadcast(S, A[i][p]), s);
                }
                s.intoArray(C[p], j);
            }
        }
        for (; j < m; j++) {
            for (int p = p0; p < p1; p++) {
                double s = C[p][j];
                for (int i = 0; i < n; i++) {
                    s = Math.fma(A[i][p], B[i][j], s);
                }
                C[p][j] = s;
            }
        }
    }

    private static void blockT4x3(double[][] A, double[][] B, double[] c0, double[] c1, double[] c2, double[] c3,
                                  int p, int j, int n) {
        final int j1 = j + L, j2 = j + 2 * L;
        DoubleVector s00 = DoubleVector.fromArray(S, c0, j), s01 = DoubleVector.fromArray(S, c0, j1),
                s02 = DoubleVector.fromArray(S, c0, j2);
        DoubleVector s10 = DoubleVector.fromArray(S, c1, j), s11 = DoubleVector.fromArray(S, c1, j1),
                s12 = DoubleVector.fromArray(S, c1, j2);
        DoubleVector s20 = DoubleVector.fromArray(S, c2, j), s21 = DoubleVector.fromArray(S, c2, j1),
                s22 = DoubleVector.fromArray(S, c2, j2);
        DoubleVector s30 = DoubleVector.fromArray(S, c3, j), s31 = DoubleVector.fromArray(S, c3, j1),
                s32 = DoubleVector.fromArray(S, c3, j2);
        for (int i = 0; i < n; i++) {
            final double[] bi = B[i], ai = A[i];
            DoubleVector b0 = DoubleVector.fromArray(S, bi, j), b1 = DoubleVector.fromArray(S, bi, j1),
                    b2 = DoubleVector.fromArray(S, bi, j2);
            DoubleVector x = DoubleVector.broadcast(S, ai[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = DoubleVector.broadcast(S, ai[p + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = DoubleVector.broadcast(S, ai[p + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = DoubleVector.broadcast(S, ai[p + 3]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
        }
        s00.intoArray(c0, j);
        s01.intoArray(c0, j1);
        s02.intoArray(c0, j2);
        s10.intoArray(c1, j);
        s11.intoArray(c1, j1);
        s12.intoArray(c1, j2);
        s20.intoArray(c2, j);
        s21.intoArray(c2, j1);
        s22.intoArray(c2, j2);
        s30.intoArray(c3, j);
        s31.intoArray(c3, j1);
        s32.intoArray(c3, j2);
    }

    private static void blockT1x3(double[][] A, double[][] B, double[] c0, int p, int j, int n) {
        final int j1 = j + L, j2 = j + 2 * L;
        DoubleVector s0 = DoubleVector.fromArray(S, c0, j), s1 = DoubleVector.fromArray(S, c0, j1),
                s2 = DoubleVector.fromArray(S, c0, j2);
        for (int i = 0; i < n; i++) {
            final double[] bi = B[i];
            DoubleVector x = DoubleVector.broadcast(S, A[i][p]);
            s0 = DoubleVector.fromArray(S, bi, j).fma(x, s0);
            s1 = DoubleVector.fromArray(S, bi, j1).fma(x, s1);
            s2 = DoubleVector.fromArray(S, bi, j2).fma(x, s2);
        }
        s0.intoArray(c0, j);
        s1.intoArray(c0, j1);
        s2.intoArray(c0, j2);
    }

    // ---- gate activations ----------------------------------------------------------------------------------------
    //
    // e^x as a polynomial on whole vectors (Math.exp is one scalar call per value). Only fma, multiply, add,
    // divide, compare and bit operations are used, which round the same in the interpreter, in compiled code and in
    // the scalar twin expScalar, which computes the last values of an array (fewer than a vector) by the same
    // operations: every value is the same whichever path computes it. Within 2 ulp of Math.exp (tested).
    //
    // Exact classes. On JDK 17, C2 expands the Vector API's intrinsics (load, store, lanewise, …) only after it has
    // parsed the method, so while parsing it knows a vector's exact class (Double512Vector, …) only from a cast or a
    // type profile; a vector live across a loop's head is typed by its declared class too. A store whose vector's
    // class came from neither cannot be intrinsified, and the vector is boxed, one object per store. With profiles
    // that happened rarely (about 1 fresh JVM in 20 of the B1-BiLSTM benchmark on an AVX-512 machine: a compile made
    // while a profile was young, docs/design-notes.md). So the array methods below cast to EXACT where a vector
    // enters (a load, a broadcast that is a receiver, a reinterpretation, the end of the polynomial's loop) and
    // before each store; the cast is a class check that folds away once the intrinsics are expanded. VectorBoxingTest
    // runs them with no type profiles at all and checks that they allocate nothing.

    private static final double LOG2E = 1.4426950408889634;
    private static final double SHIFTER = 0x1.8p52;                 // x + 1.5·2⁵² rounds x to an integer
    private static final double LN2_HI = 0.6931471803691238;        // ln 2 = LN2_HI + LN2_LO (Cody–Waite)
    private static final double LN2_LO = 1.9082149292705877e-10;
    private static final double EXP_MIN = -708, EXP_MAX = 708;     // 2^k stays a normal number
    /** 1/n! for n = 13 … 0: e^r = Σ rⁿ/n! for |r| ≤ ln2/2 (the remainder is below 1e-17 relative). */
    private static final double[] TAYLOR = {1.0 / 6227020800L, 1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800,
            1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1, 1};

    /** e^x per lane, x clamped to [−708, 708]; NaN stays NaN. */
    static DoubleVector exp(DoubleVector x) {
        DoubleVector xc = x.max(EXP_MIN).min(EXP_MAX);
        DoubleVector t = xc.fma(DoubleVector.broadcast(S, LOG2E), DoubleVector.broadcast(S, SHIFTER));
        DoubleVector k = t.sub(SHIFTER);                            // round(x·log₂e), exactly
        DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), xc);
        r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);           // x − k·ln2
        DoubleVector p = DoubleVector.broadcast(S, TAYLOR[0]);
        for (int i = 1; i < TAYLOR.length; i++) {
            p = p.fma(r, DoubleVector.broadcast(S, TAYLOR[i]));
        }
        // 2^k: the low bits of t hold k; shifted into the exponent field and added to p's bits
        LongVector scale = t.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52);
        DoubleVector e = p.reinterpretAsLongs().add(scale).reinterpretAsDoubles();
        return e.blend(x, x.compare(VectorOperators.NE, x));         // NaN in, NaN out
    }

    /** The scalar twin of {@link #exp(DoubleVector)}: the same operations on one value, so the same bits. */
    static double expScalar(double x) {
        if (x != x) {
            return x;
        }
        double xc = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        double t = Math.fma(xc, LOG2E, SHIFTER);
        double k = t - SHIFTER;
        double r = Math.fma(k, -LN2_HI, xc);
        r = Math.fma(k, -LN2_LO, r);
        double p = TAYLOR[0];
        for (int i = 1; i < TAYLOR.length; i++) {
            p = Math.fma(p, r, TAYLOR[i]);
        }
        long scale = Double.doubleToRawLongBits(t) << 52;
        return Double.longBitsToDouble(Double.doubleToRawLongBits(p) + scale);
    }

    /** σ(z) per lane: 1/(1 + e^(−z)) for z ≥ 0, e^z/(1 + e^z) below (no overflow), as Activation.SIGMOID. */
    static DoubleVector sigmoid(DoubleVector z) {
        DoubleVector e = exp(z.abs().neg());
        DoubleVector onePlus = e.add(1.0);
        DoubleVector pos = DoubleVector.broadcast(S, 1.0).div(onePlus), neg = e.div(onePlus);
        return pos.blend(neg, z.compare(VectorOperators.LT, 0.0));
    }

    static double sigmoidScalar(double z) {
        double e = expScalar(-Math.abs(z));
        double onePlus = e + 1.0;
        return z < 0 ? e / onePlus : 1.0 / onePlus;
    }

    /** tanh per lane, as Kernels.tanh(double): a Taylor polynomial below |x| = 1/8, (1 − e)/(1 + e), e = e^(−2|x|), above. */
    static DoubleVector tanh(DoubleVector x) {
        DoubleVector ax = x.abs();
        DoubleVector e = exp(ax.mul(-2.0));
        DoubleVector big = DoubleVector.broadcast(S, 1.0).sub(e).div(e.add(1.0));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0.0));
        DoubleVector x2 = x.mul(x);
        DoubleVector poly = x2.mul(21844.0 / 6081075).add(-1382.0 / 155925).mul(x2).add(62.0 / 2835).mul(x2)
                .add(-17.0 / 315).mul(x2).add(2.0 / 15).mul(x2).add(-1.0 / 3);
        DoubleVector small = x.add(x.mul(x2).mul(poly));
        VectorMask<Double> isSmall = ax.compare(VectorOperators.LT, 0.125);
        DoubleVector r = big.blend(small, isSmall.or(x.compare(VectorOperators.NE, x))); // NaN: the (NaN) polynomial
        return r.blend(x, x.compare(VectorOperators.EQ, 0.0));      // ±0 stays ±0 (keeps the sign of −0.0)
    }

    static double tanhScalar(double x) {
        if (x == 0) {
            return x;
        }
        double ax = Math.abs(x);
        double x2 = x * x;
        if (ax < 0.125 || x != x) {
            double poly = ((((x2 * (21844.0 / 6081075) + -1382.0 / 155925) * x2 + 62.0 / 2835) * x2 + -17.0 / 315) * x2
                    + 2.0 / 15) * x2 + -1.0 / 3;
            return x + x * x2 * poly;
        }
        double e = expScalar(ax * -2.0);
        double big = (1.0 - e) / (e + 1.0);
        return x < 0 ? -big : big;
    }

    // The array methods below write the vector code of sigmoid(DoubleVector), tanh(DoubleVector) and exp(DoubleVector)
    // out instead of calling them: a vector passed to or returned from one of our methods that C2 does not inline is
    // boxed, one object per call, and whether C2 inlines exp differed between runs (see VectorFloatKernels, and
    // VectorBoxingTest, which runs training steps with none of these methods inlined). Same operations, same bits.

    @Override
    public void sigmoid(double[] z, double[] out, int from, int to) {
        int c = from;
        double[] src = z;
        int at = c, skip = 0;
        boolean last = false;
        while (true) {
            if (c + L <= to) {
                at = c;
            } else if (to - c >= TAIL_MIN) {       // the last 2 … L−1 values: one vector (see TAIL_MIN)
                last = true;
                if (c + L <= z.length) {            // the array goes on past the range: read L values from c
                    at = c;
                } else if (to >= L) {              // the array ends with the range: the L values that end at to
                    at = to - L;
                    skip = L - (to - c);
                } else {                           // an array shorter than a vector: through the scratch row
                    src = TAIL.get();
                    System.arraycopy(z, c, src, 0, to - c);
                    java.util.Arrays.fill(src, to - c, L, 0);
                    at = 0;
                }
            } else {
                break;
            }
            DoubleVector zv = EXACT.cast(DoubleVector.fromArray(S, src, at));
            DoubleVector x = zv.abs().neg();
            // e = exp(x), the operations of exp(DoubleVector)
            DoubleVector xc = x.max(EXP_MIN).min(EXP_MAX);
            DoubleVector t = xc.fma(DoubleVector.broadcast(S, LOG2E), DoubleVector.broadcast(S, SHIFTER));
            DoubleVector k = t.sub(SHIFTER);
            DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
            DoubleVector p = DoubleVector.broadcast(S, TAYLOR[0]);
            for (int i = 1; i < TAYLOR.length; i++) {
                p = EXACT.cast(p).fma(r, DoubleVector.broadcast(S, TAYLOR[i]));
            }
            p = EXACT.cast(p);                     // the vectors live across the loop: see "Exact classes"
            t = EXACT.cast(t);
            x = EXACT.cast(x);
            LongVector scale = EXACT_LONGS.cast(t.reinterpretAsLongs()).lanewise(VectorOperators.LSHL, 52);
            DoubleVector e = EXACT.cast(EXACT_LONGS.cast(p.reinterpretAsLongs()).add(scale).reinterpretAsDoubles());
            e = e.blend(x, x.compare(VectorOperators.NE, x));
            zv = EXACT.cast(zv);
            // σ, the operations of sigmoid(DoubleVector)
            // (1 or e, by the sign of z)/(1 + e): one division, each lane the quotient sigmoid(DoubleVector) keeps
            // (two divisions and a blend before session 18: 11 % slower per element, the same bits)
            DoubleVector onePlus = e.add(1.0);
            DoubleVector num = EXACT.cast(DoubleVector.broadcast(S, 1.0)).blend(e, zv.compare(VectorOperators.LT, 0.0));
            DoubleVector resSigmoid = EXACT.cast(num).div(onePlus);
            if (last) {                          // only the range's lanes reach out, through the scratch row
                double[] row = TAIL.get();
                EXACT.cast(resSigmoid).intoArray(row, 0);
                System.arraycopy(row, skip, out, c, to - c);
                c = to;
                break;
            }
            EXACT.cast(resSigmoid).intoArray(out, c);
            c += L;
        }
        for (; c < to; c++) {
            out[c] = sigmoidScalar(z[c]);
        }
    }

    @Override
    public void tanh(double[] z, double[] out, int from, int to) {
        int c = from;
        double[] src = z;
        int at = c, skip = 0;
        boolean last = false;
        while (true) {
            if (c + L <= to) {
                at = c;
            } else if (to - c >= TAIL_MIN) {       // the last 2 … L−1 values: one vector (see TAIL_MIN)
                last = true;
                if (c + L <= z.length) {            // the array goes on past the range: read L values from c
                    at = c;
                } else if (to >= L) {              // the array ends with the range: the L values that end at to
                    at = to - L;
                    skip = L - (to - c);
                } else {                           // an array shorter than a vector: through the scratch row
                    src = TAIL.get();
                    System.arraycopy(z, c, src, 0, to - c);
                    java.util.Arrays.fill(src, to - c, L, 0);
                    at = 0;
                }
            } else {
                break;
            }
            DoubleVector xv = EXACT.cast(DoubleVector.fromArray(S, src, at));
            DoubleVector ax = xv.abs();
            DoubleVector x = ax.mul(-2.0);
            // e = exp(x), the operations of exp(DoubleVector)
            DoubleVector xc = x.max(EXP_MIN).min(EXP_MAX);
            DoubleVector t = xc.fma(DoubleVector.broadcast(S, LOG2E), DoubleVector.broadcast(S, SHIFTER));
            DoubleVector k = t.sub(SHIFTER);
            DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
            DoubleVector p = DoubleVector.broadcast(S, TAYLOR[0]);
            for (int i = 1; i < TAYLOR.length; i++) {
                p = EXACT.cast(p).fma(r, DoubleVector.broadcast(S, TAYLOR[i]));
            }
            p = EXACT.cast(p);                     // the vectors live across the loop: see "Exact classes"
            t = EXACT.cast(t);
            x = EXACT.cast(x);
            LongVector scale = EXACT_LONGS.cast(t.reinterpretAsLongs()).lanewise(VectorOperators.LSHL, 52);
            DoubleVector e = EXACT.cast(EXACT_LONGS.cast(p.reinterpretAsLongs()).add(scale).reinterpretAsDoubles());
            e = e.blend(x, x.compare(VectorOperators.NE, x));
            xv = EXACT.cast(xv);
            ax = EXACT.cast(ax);
            // tanh, the operations of tanh(DoubleVector)
            DoubleVector big = EXACT.cast(DoubleVector.broadcast(S, 1.0)).sub(e).div(e.add(1.0));
            big = big.blend(big.neg(), xv.compare(VectorOperators.LT, 0.0));
            DoubleVector x2 = xv.mul(xv);
            DoubleVector poly = x2.mul(21844.0 / 6081075).add(-1382.0 / 155925).mul(x2).add(62.0 / 2835).mul(x2)
                    .add(-17.0 / 315).mul(x2).add(2.0 / 15).mul(x2).add(-1.0 / 3);
            DoubleVector small = xv.add(xv.mul(x2).mul(poly));
            VectorMask<Double> isSmall = ax.compare(VectorOperators.LT, 0.125);
            DoubleVector res = big.blend(small, isSmall.or(xv.compare(VectorOperators.NE, xv)));
            DoubleVector resTanh = res.blend(xv, xv.compare(VectorOperators.EQ, 0.0));
            if (last) {                          // only the range's lanes reach out, through the scratch row
                double[] row = TAIL.get();
                EXACT.cast(resTanh).intoArray(row, 0);
                System.arraycopy(row, skip, out, c, to - c);
                c = to;
                break;
            }
            EXACT.cast(resTanh).intoArray(out, c);
            c += L;
        }
        for (; c < to; c++) {
            out[c] = tanhScalar(z[c]);
        }
    }

    @Override
    public boolean dotProducts() {
        return true;
    }

    @Override
    public void mulTransBAdd(double[][] A, double[][] B, double[][] C, int i0, int i1, int k, int m) {
        VectorDotKernels.mulTransBAdd(A, B, C, i0, i1, k, m);
    }
}
