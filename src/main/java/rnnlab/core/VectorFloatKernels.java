package rnnlab.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 twin of {@link VectorKernels}: the same register-blocked micro-kernels (8 rows × 3 vectors of C in
 * 24 registers, two 4-row blocks on 16-register machines, edges in smaller blocks) on {@code FloatVector} of the
 * preferred species, so an AVX-512 vector
 * holds 16 values instead of 8. Calls of at least {@link #PACK_MIN_ROWS} rows (the products over all steps) copy A
 * into panels of 8 rows and B into strips first and run the 8×3 block on the two packed arrays
 * ({@code mulAddPackedAB}; Aᵀ is packed straight from A); calls of 64 to 191 columns pack only B, in strips of 4
 * vectors, and run 6-row blocks on A's rows ({@code mulAddNarrow}; Bᵀ may be packed straight from B).
 * {@link FloatKernels} loads it reflectively when the module is on. As in the double
 * kernels, every element of C is one chain of fused multiply-adds over p in order, so the result does not depend
 * on where a block or a thread's rows start.
 *
 * <p>The gate activations use e^x as a polynomial on whole vectors (Cody–Waite reduction, a degree-7 Taylor
 * polynomial on |r| ≤ ln2/2, about 1 ulp in float), with a scalar twin by the same operations for the tail of an
 * array.
 */
final class VectorFloatKernels implements FloatKernels.Impl {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
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
    /** The exact class of this species' vectors (Float256Vector, Float512Vector, …): see VectorKernels.EXACT. */
    @SuppressWarnings("unchecked")
    static final Class<FloatVector> EXACT = (Class<FloatVector>) S.vectorType();
    @SuppressWarnings("unchecked")
    static final Class<IntVector> EXACT_INTS = (Class<IntVector>) S.withLanes(int.class).vectorType();
    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[L]);

    /** True when the hardware has vectors of at least 8 floats. */
    static boolean usable() {
        return L >= 8;
    }

    @Override
    public String name() {
        return "Vector API, " + L + " floats per vector (register-blocked " + (HALF_PANELS ? 4 : 8) + "×" + (3 * L) + ")";
    }

    static final int KC = 256;
    /** Row chunk: the rows of A that pass over one strip of B (MC × KC floats) stay in the second-level cache. */
    static final int MC = 64;

    /** Width of a packed strip of B: the 3 vectors of the main micro-kernel. */
    static final int W = 3 * L;
    /**
     * Rows of a call from which both operands are first copied into packed panels ({@link #mulAddPackedAB}): enough
     * rows that the copies (n·k + k·m moves) are paid back by the micro-kernel reading two contiguous arrays.
     */
    static final int PACK_MIN_ROWS = 48;
    /**
     * Columns from which a call of A as stored packs A as well: the copy of A (n·k moves, scalar) is paid back only
     * when each panel serves several strips of B; with 2–3 strips (m = 100 or 127 at B32: ∂x, the output layer)
     * packing measured slower than the unpacked blocks. Aᵀ is packed at any width, since it would be copied anyway.
     */
    static final int PACK_MIN_COLS = 4 * W;

    @Override
    public void mulAdd(float[][] A, float[][] B, float[][] C, int i0, int i1, int k, int m) {
        if (i1 - i0 >= PACK_MIN_ROWS && m >= PACK_MIN_COLS) {
            mulAddPackedAB(A, false, B, C, i0, i1, k, m);
            return;
        }
        if (narrow(i1 - i0, m)) {
            mulAddNarrow(A, B, false, C, i0, i1, k, m);
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

    // ---- B packed in strips ----------------------------------------------------------------------------------------
    //
    // B's rows are separate arrays; a strip of 3 vectors of each of KC rows is scattered over KC arrays (rows of 1024
    // floats are 4 KB apart and fall into the same sets of the first-level cache), and every p loads a new row
    // reference. Packed, strip s (columns s·W … s·W+W−1) is one run of k·W floats, p after p, read sequentially.
    // The same fma chains run in the same order, so packed and unpacked products give the same bits.

    @Override
    public int packedStrips(int m) {
        return packedNarrow(m) ? (m + W - 1) / W : m / W;
    }

    @Override
    public int packedLength(int k, int m) {
        return packedNarrow(m) ? packedStrips(m) * k * W : (m / W * W + tailVectors(m) * L) * k;
    }

    /**
     * Whole vectors after the last full strip of a B of m ≥ {@link #PACK_MIN_COLS} columns that {@link #pack} copies
     * too, into a narrower strip after the full ones (at C: the last 16 of h·U's 1024 columns and of δ·Uᵀ's 256).
     * Read from B's rows instead, those columns took 17% of h·U's time in a C-LSTM step: 4 rows per block, and the
     * 256 rows of U 4 KB apart share the sets of the first-level cache, so each block fetched them again.
     */
    static int tailVectors(int m) {
        return (m - m / W * W) / L;
    }

    @Override
    public void pack(float[][] B, boolean transB, int k, int m, int strips, float[] P) {
        if (packedNarrow(m)) {
            packNarrow(B, transB, 0, k, m, W, P);     // every column, the last strip 1–3 vectors, zero-padded
        } else if (transB) {
            throw new UnsupportedOperationException("B is packed from its transpose only at 64 to 191 columns");
        } else {
            packInto(B, k, strips, P);
            packTail(B, k, strips, tailVectors(m), P);
        }
    }

    @Override
    public boolean packedAlone(int k, int m) {
        return packedNarrow(m);
    }

    /**
     * True if a {@link FloatKernels.Packed} B of m columns is packed whole (every column, the last strip zero-padded)
     * and its products run {@link #mulAddPackedNarrow} for any number of rows, reading only the packed copy.
     */
    static boolean packedNarrow(int m) {
        return m >= NARROW_MIN_COLS && m < PACK_MIN_COLS;
    }

    // ---- A and B packed per call (the products over all steps) ----------------------------------------------------
    //
    // For a call of at least PACK_MIN_ROWS rows both operands are copied first, per chunk of ABK inner indices: B into
    // strips of up to 3 vectors (columns j … j+3L−1 of rows p0 … p1−1, p after p, the last strip as wide as the
    // columns left, rounded up to whole vectors and padded with zeros), and A, ABM rows at a time, into panels of 8
    // rows (A[i][p] for the 8 rows i of the panel, p after p, padded with zero rows). The micro-kernel then reads
    // both operands sequentially from two arrays (8 broadcasts and 3 vector loads per 24 fmas) instead of 8 row
    // arrays of A and a new row array of B per p. Blocks whose rows or columns go past C's are computed in a small
    // tile and copied back. A may be read transposed while it is packed, so Aᵀ·B (weight gradients) needs no
    // transposed copy. Each element of C is still one fma chain over p = 0, 1, … in order starting from
    // its stored value: the bits of the unpacked blocks.

    /** Rows of a packed panel of A. */
    static final int MR = 8;
    /** As {@link VectorKernels#HALF_PANELS} (one decision for both precisions): two 4-row blocks per 8-row panel. */
    static final boolean HALF_PANELS = VectorKernels.HALF_PANELS;
    /** Inner-dimension chunk of the packed products: a strip of B (ABK · 3L floats, 24 KB) stays in L1. */
    static final int ABK = 128;
    /** Rows of A packed at a time (ABM · ABK floats, 128 KB, stay in the second-level cache). */
    static final int ABM = 256;

    /** Per-thread packing buffers (they only grow) and the edge tile. */
    private static final class AB {
        float[] a = new float[0], b = new float[0];
        final float[][] tile = new float[MR][NW];
        /** Row views of A for the last rows of a narrow call, and a row of zeros (never written) for the missing. */
        final float[][] rows = new float[MR][];
        float[] zeros = new float[0];
    }

    private static final ThreadLocal<AB> AB_BUFFERS = ThreadLocal.withInitial(AB::new);

    /**
     * C[i][0..m) += Σ_{p<k} a(i, p)·B[p][0..m) for i0 ≤ i &lt; i1, where a(i, p) = A[p][i] if transA else
     * A[i][p]; any number of rows, any m ≥ 1.
     */
    static void mulAddPackedAB(float[][] A, boolean transA, float[][] B, float[][] C, int i0, int i1, int k, int m) {
        mulAddPackedAB(A, transA, B, false, C, i0, i1, k, m);
    }

    /** As {@link #mulAddPackedAB(float[][], boolean, float[][], float[][], int, int, int, int)}, B: m×k if transB. */
    static void mulAddPackedAB(float[][] A, boolean transA, float[][] B, boolean transB, float[][] C, int i0, int i1,
                               int k, int m) {
        final AB buf = AB_BUFFERS.get();
        final int ns = (m + W - 1) / W;
        for (int p0 = 0; p0 < k; p0 += ABK) {
            final int p1 = Math.min(k, p0 + ABK), kc = p1 - p0;
            if (buf.b.length < ns * kc * W) {
                buf.b = new float[ns * kc * W];
            }
            final float[] Bp = buf.b;
            if (transB) {
                packNarrow(B, true, p0, p1, m, W, Bp);
            } else {
                packStrips(B, p0, p1, m, Bp);
            }
            panelsChunk(A, transA, C, i0, i1, p0, p1, Bp, m, buf);
        }
    }

    /**
     * C[i0..i1) += Σ_{p0≤p<p1} a(i, p)·B[p][0..m) with B's rows p0 … p1−1 packed in Bp (a(i, p) = A[p][i] if transA,
     * else A[i][p]): A's rows packed {@value #ABM} at a time into 8-row panels, each panel times each strip of Bp
     * (panels outer for a large C, see {@link #ROWS_OUTER_MIN_C}). The loop of every packed A·B and Aᵀ·B.
     */
    private static void panelsChunk(float[][] A, boolean transA, float[][] C, int i0, int i1, int p0, int p1,
                                    float[] Bp, int m, AB buf) {
        final int kc = p1 - p0, ns = (m + W - 1) / W;
        final boolean byRows = (long) (i1 - i0) * m >= ROWS_OUTER_MIN_C;
        for (int r0 = i0; r0 < i1; r0 += ABM) {
            final int r1 = Math.min(i1, r0 + ABM), np = (r1 - r0 + MR - 1) / MR;
            if (buf.a.length < np * kc * MR) {
                buf.a = new float[np * kc * MR];
            }
            final float[] Ap = buf.a;
            packPanels(A, transA, r0, r1, p0, p1, Ap);
            if (byRows) {
                for (int q = 0; q < np; q++) {
                    for (int s = 0; s < ns; s++) {
                        panelByStrip(Ap, q, r0, r1, kc, Bp, s, C, m, buf);
                    }
                }
            } else {
                for (int s = 0; s < ns; s++) {
                    for (int q = 0; q < np; q++) {
                        panelByStrip(Ap, q, r0, r1, kc, Bp, s, C, m, buf);
                    }
                }
            }
        }
    }

    /**
     * Products whose C has at least this many floats (4 MB, twice the second-level cache: x·W over all steps at C,
     * 3200×1024) take the packed panels of A in the outer loop and B's strips in the inner one, so that each block
     * row of C is walked left to right (8 rows, the strips one after the other: sequential lines the hardware
     * prefetches) instead of jumping to 8 new rows of a C that lies in memory at every block. Smaller products keep
     * the strip of B (in the first-level cache) outer and the panels of A inner. The order of the blocks does not
     * change any element's fma chain.
     */
    static final long ROWS_OUTER_MIN_C = 1 << 20;

    /**
     * Panel q of Ap (rows r0 + 8q …, kc inner indices) times strip s of Bp (columns 3L·s …, kc·W floats per strip,
     * nr vectors per p) into C; a block whose rows pass r1 or whose columns pass m runs on the tile (its padded rows
     * and lanes are zeros and never stored).
     */
    private static void panelByStrip(float[] Ap, int q, int r0, int r1, int kc, float[] Bp, int s, float[][] C, int m,
                                     AB buf) {
        final int j = s * W, nr = Math.min(3, (m - j + L - 1) / L), bo = s * kc * W;
        final int i = r0 + q * MR, ao = q * kc * MR;
        if (j + nr * L <= m && i + MR <= r1) {
            abBlock(nr, Ap, ao, Bp, bo, kc, C[i], C[i + 1], C[i + 2], C[i + 3], C[i + 4], C[i + 5], C[i + 6],
                    C[i + 7], j);
        } else {
            // rows past r1 or columns past m: computed in the tile, only C's own copied back
            final float[][] t = buf.tile;
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

    /**
     * Bp = the strips of B[p][j] for p0 ≤ p &lt; p1 and all m columns: strip s (columns s·W …) at s·kc·W, nr·L
     * floats per p (nr = 3, or fewer for the last strip), zeros past m.
     */
    private static void packStrips(float[][] B, int p0, int p1, int m, float[] Bp) {
        final int kc = p1 - p0;
        for (int s = 0, j = 0; j < m; s++, j += W) {
            final int nr = Math.min(3, (m - j + L - 1) / L), width = nr * L, w = Math.min(width, m - j);
            final int o = s * kc * W;
            if (w == W) {
                // a full strip: three vector moves per p (a call of System.arraycopy per p cost more)
                for (int p = p0, d = o; p < p1; p++, d += W) {
                    final float[] bp = B[p];
                    FloatVector.fromArray(S, bp, j).intoArray(Bp, d);
                    FloatVector.fromArray(S, bp, j + L).intoArray(Bp, d + L);
                    FloatVector.fromArray(S, bp, j + 2 * L).intoArray(Bp, d + 2 * L);
                }
                continue;
            }
            for (int p = p0, d = o; p < p1; p++, d += width) {
                System.arraycopy(B[p], j, Bp, d, w);
                if (w < width) {
                    java.util.Arrays.fill(Bp, d + w, d + width, 0f);
                }
            }
        }
    }

    /**
     * Ap = the panels of a(i, p) for r0 ≤ i &lt; r1, p0 ≤ p &lt; p1: panel q (rows r0 + 8q …) at q·kc·8, 8 floats per
     * p, zeros for rows past r1.
     */
    private static void packPanels(float[][] A, boolean transA, int r0, int r1, int p0, int p1, float[] Ap) {
        final int kc = p1 - p0, np = (r1 - r0 + MR - 1) / MR;
        if (!transA) {
            for (int q = 0; q < np; q++) {
                final int base = q * kc * MR;
                for (int r = 0; r < MR; r++) {
                    final int i = r0 + q * MR + r;
                    if (i < r1) {
                        final float[] ai = A[i];
                        for (int p = p0, d = base + r; p < p1; p++, d += MR) {
                            Ap[d] = ai[p];
                        }
                    } else {
                        for (int p = p0, d = base + r; p < p1; p++, d += MR) {
                            Ap[d] = 0f;
                        }
                    }
                }
            }
        } else {
            packPanelsT(A, r0, r1, p0, p1, Ap);       // the same layout, written panel after panel
        }
    }

    private static void abBlock(int nr, float[] Ap, int ao, float[] Bp, int bo, int kc, float[] c0, float[] c1,
                                float[] c2, float[] c3, float[] c4, float[] c5, float[] c6, float[] c7, int j) {
        switch (nr) {
            case 3 -> ab8x3(Ap, ao, Bp, bo, kc, c0, c1, c2, c3, c4, c5, c6, c7, j);
            case 2 -> ab8x2(Ap, ao, Bp, bo, kc, c0, c1, c2, c3, c4, c5, c6, c7, j);
            default -> ab8x1(Ap, ao, Bp, bo, kc, c0, c1, c2, c3, c4, c5, c6, c7, j);
        }
    }

    private static void ab8x3(float[] Ap, int ao, float[] Bp, int bo, int kc, float[] c0, float[] c1, float[] c2, float[] c3, float[] c4, float[] c5, float[] c6, float[] c7, int j) {
        if (HALF_PANELS) {           // 16 registers: two 4-row blocks, the same fma chains (the same bits)
            ab4x3h(Ap, ao, Bp, bo, kc, c0, c1, c2, c3, j);
            ab4x3h(Ap, ao + 4, Bp, bo, kc, c4, c5, c6, c7, j);
            return;
        }
        FloatVector s00 = FloatVector.fromArray(S, c0, j), s01 = FloatVector.fromArray(S, c0, j + L), s02 = FloatVector.fromArray(S, c0, j + 2 * L);
        FloatVector s10 = FloatVector.fromArray(S, c1, j), s11 = FloatVector.fromArray(S, c1, j + L), s12 = FloatVector.fromArray(S, c1, j + 2 * L);
        FloatVector s20 = FloatVector.fromArray(S, c2, j), s21 = FloatVector.fromArray(S, c2, j + L), s22 = FloatVector.fromArray(S, c2, j + 2 * L);
        FloatVector s30 = FloatVector.fromArray(S, c3, j), s31 = FloatVector.fromArray(S, c3, j + L), s32 = FloatVector.fromArray(S, c3, j + 2 * L);
        FloatVector s40 = FloatVector.fromArray(S, c4, j), s41 = FloatVector.fromArray(S, c4, j + L), s42 = FloatVector.fromArray(S, c4, j + 2 * L);
        FloatVector s50 = FloatVector.fromArray(S, c5, j), s51 = FloatVector.fromArray(S, c5, j + L), s52 = FloatVector.fromArray(S, c5, j + 2 * L);
        FloatVector s60 = FloatVector.fromArray(S, c6, j), s61 = FloatVector.fromArray(S, c6, j + L), s62 = FloatVector.fromArray(S, c6, j + 2 * L);
        FloatVector s70 = FloatVector.fromArray(S, c7, j), s71 = FloatVector.fromArray(S, c7, j + L), s72 = FloatVector.fromArray(S, c7, j + 2 * L);
        for (int p = 0, a = ao, b = bo; p < kc; p++, a += 8, b += 3 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b), b1 = FloatVector.fromArray(S, Bp, b + L), b2 = FloatVector.fromArray(S, Bp, b + 2 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, Ap[a]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = FloatVector.broadcast(S, Ap[a + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = FloatVector.broadcast(S, Ap[a + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = FloatVector.broadcast(S, Ap[a + 3]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
            x = FloatVector.broadcast(S, Ap[a + 4]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            s42 = b2.fma(x, s42);
            x = FloatVector.broadcast(S, Ap[a + 5]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            s52 = b2.fma(x, s52);
            x = FloatVector.broadcast(S, Ap[a + 6]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            s62 = b2.fma(x, s62);
            x = FloatVector.broadcast(S, Ap[a + 7]);
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

    private static void ab8x2(float[] Ap, int ao, float[] Bp, int bo, int kc, float[] c0, float[] c1, float[] c2, float[] c3, float[] c4, float[] c5, float[] c6, float[] c7, int j) {
        if (HALF_PANELS) {           // 16 registers: two 4-row blocks, the same fma chains (the same bits)
            ab4x2h(Ap, ao, Bp, bo, kc, c0, c1, c2, c3, j);
            ab4x2h(Ap, ao + 4, Bp, bo, kc, c4, c5, c6, c7, j);
            return;
        }
        FloatVector s00 = FloatVector.fromArray(S, c0, j), s01 = FloatVector.fromArray(S, c0, j + L);
        FloatVector s10 = FloatVector.fromArray(S, c1, j), s11 = FloatVector.fromArray(S, c1, j + L);
        FloatVector s20 = FloatVector.fromArray(S, c2, j), s21 = FloatVector.fromArray(S, c2, j + L);
        FloatVector s30 = FloatVector.fromArray(S, c3, j), s31 = FloatVector.fromArray(S, c3, j + L);
        FloatVector s40 = FloatVector.fromArray(S, c4, j), s41 = FloatVector.fromArray(S, c4, j + L);
        FloatVector s50 = FloatVector.fromArray(S, c5, j), s51 = FloatVector.fromArray(S, c5, j + L);
        FloatVector s60 = FloatVector.fromArray(S, c6, j), s61 = FloatVector.fromArray(S, c6, j + L);
        FloatVector s70 = FloatVector.fromArray(S, c7, j), s71 = FloatVector.fromArray(S, c7, j + L);
        for (int p = 0, a = ao, b = bo; p < kc; p++, a += 8, b += 2 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b), b1 = FloatVector.fromArray(S, Bp, b + L);
            FloatVector x;
            x = FloatVector.broadcast(S, Ap[a]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = FloatVector.broadcast(S, Ap[a + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = FloatVector.broadcast(S, Ap[a + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = FloatVector.broadcast(S, Ap[a + 3]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = FloatVector.broadcast(S, Ap[a + 4]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = FloatVector.broadcast(S, Ap[a + 5]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = FloatVector.broadcast(S, Ap[a + 6]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = FloatVector.broadcast(S, Ap[a + 7]);
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
    private static void ab4x3h(float[] Ap, int ao, float[] Bp, int bo, int kc, float[] c0, float[] c1, float[] c2, float[] c3, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j), s01 = FloatVector.fromArray(S, c0, j + L), s02 = FloatVector.fromArray(S, c0, j + 2 * L);
        FloatVector s10 = FloatVector.fromArray(S, c1, j), s11 = FloatVector.fromArray(S, c1, j + L), s12 = FloatVector.fromArray(S, c1, j + 2 * L);
        FloatVector s20 = FloatVector.fromArray(S, c2, j), s21 = FloatVector.fromArray(S, c2, j + L), s22 = FloatVector.fromArray(S, c2, j + 2 * L);
        FloatVector s30 = FloatVector.fromArray(S, c3, j), s31 = FloatVector.fromArray(S, c3, j + L), s32 = FloatVector.fromArray(S, c3, j + 2 * L);
        for (int p = 0, a = ao, b = bo; p < kc; p++, a += 8, b += 3 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b), b1 = FloatVector.fromArray(S, Bp, b + L), b2 = FloatVector.fromArray(S, Bp, b + 2 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, Ap[a]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = FloatVector.broadcast(S, Ap[a + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = FloatVector.broadcast(S, Ap[a + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = FloatVector.broadcast(S, Ap[a + 3]);
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
    private static void ab4x2h(float[] Ap, int ao, float[] Bp, int bo, int kc, float[] c0, float[] c1, float[] c2, float[] c3, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j), s01 = FloatVector.fromArray(S, c0, j + L);
        FloatVector s10 = FloatVector.fromArray(S, c1, j), s11 = FloatVector.fromArray(S, c1, j + L);
        FloatVector s20 = FloatVector.fromArray(S, c2, j), s21 = FloatVector.fromArray(S, c2, j + L);
        FloatVector s30 = FloatVector.fromArray(S, c3, j), s31 = FloatVector.fromArray(S, c3, j + L);
        for (int p = 0, a = ao, b = bo; p < kc; p++, a += 8, b += 2 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b), b1 = FloatVector.fromArray(S, Bp, b + L);
            FloatVector x;
            x = FloatVector.broadcast(S, Ap[a]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = FloatVector.broadcast(S, Ap[a + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = FloatVector.broadcast(S, Ap[a + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = FloatVector.broadcast(S, Ap[a + 3]);
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

    private static void ab8x1(float[] Ap, int ao, float[] Bp, int bo, int kc, float[] c0, float[] c1, float[] c2, float[] c3, float[] c4, float[] c5, float[] c6, float[] c7, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j);
        FloatVector s10 = FloatVector.fromArray(S, c1, j);
        FloatVector s20 = FloatVector.fromArray(S, c2, j);
        FloatVector s30 = FloatVector.fromArray(S, c3, j);
        FloatVector s40 = FloatVector.fromArray(S, c4, j);
        FloatVector s50 = FloatVector.fromArray(S, c5, j);
        FloatVector s60 = FloatVector.fromArray(S, c6, j);
        FloatVector s70 = FloatVector.fromArray(S, c7, j);
        for (int p = 0, a = ao, b = bo; p < kc; p++, a += 8, b += L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b);
            FloatVector x;
            x = FloatVector.broadcast(S, Ap[a]);
            s00 = b0.fma(x, s00);
            x = FloatVector.broadcast(S, Ap[a + 1]);
            s10 = b0.fma(x, s10);
            x = FloatVector.broadcast(S, Ap[a + 2]);
            s20 = b0.fma(x, s20);
            x = FloatVector.broadcast(S, Ap[a + 3]);
            s30 = b0.fma(x, s30);
            x = FloatVector.broadcast(S, Ap[a + 4]);
            s40 = b0.fma(x, s40);
            x = FloatVector.broadcast(S, Ap[a + 5]);
            s50 = b0.fma(x, s50);
            x = FloatVector.broadcast(S, Ap[a + 6]);
            s60 = b0.fma(x, s60);
            x = FloatVector.broadcast(S, Ap[a + 7]);
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

    // ---- narrow products: B packed per call, A read from its rows -------------------------------------------------
    //
    // Calls of at least PACK_MIN_ROWS rows and fewer than PACK_MIN_COLS columns (at B32: ∂x = δ·Wᵀ with 100 columns,
    // the output layer's y = h·V with 127 and its ∂h = δy·Vᵀ with 100; at C the output layer's y with 100): with only
    // two or three strips per panel, a copy of A (n·k moves) is not paid back, but a copy of B (k·m moves against
    // n·k·m fmas) is. Per chunk of NKC inner indices, B is packed into strips of NW = 4 vectors (the last strip 1–4
    // vectors, zero-padded), so the 100 or 127 columns take 7 or 8 vectors with no blended tail, and blocks of 6 rows
    // × up to 4 vectors (24 accumulators, as 8×3, but 6 row arrays of A to broadcast from instead of 8) read A's rows
    // as stored. B may be read transposed while it is packed (δ·Wᵀ from W as stored: no transposed copy). Blocks whose
    // columns pass C's end run on the per-thread tile. Each element is still one fma chain over p in order from its
    // stored value: the bits of the unpacked blocks.

    /** Width of a strip of B in the narrow products: 4 vectors. */
    static final int NW = 4 * L;
    /** Rows per block of the narrow products (6 × 4 vectors = 24 accumulators). */
    static final int NMR = 6;
    /** Inner-dimension chunk of the narrow products (a strip of B, NKC · NW floats = 32 KB, stays in L1). */
    static final int NKC = 128;
    /** Row chunk of the narrow products, a multiple of NMR: these rows' NKC values of A stay in L2 across strips. */
    static final int NMC = 60;
    /** Columns from which a call of at least PACK_MIN_ROWS rows (and fewer than PACK_MIN_COLS) is narrow. */
    static final int NARROW_MIN_COLS = 4 * L;

    /** True if a call of this many rows and columns takes {@link #mulAddNarrow}. */
    static boolean narrow(int rows, int m) {
        return rows >= PACK_MIN_ROWS && m >= NARROW_MIN_COLS && m < PACK_MIN_COLS;
    }

    /**
     * C[i][0..m) += Σ_{p<k} A[i][p]·b(p, j) for i0 ≤ i &lt; i1, where b(p, j) = B[j][p] if transB (B: m×k) else
     * B[p][j]; any number of rows, any m ≥ 1.
     */
    static void mulAddNarrow(float[][] A, float[][] B, boolean transB, float[][] C, int i0, int i1, int k, int m) {
        final AB buf = AB_BUFFERS.get();
        final int ns = (m + NW - 1) / NW;
        for (int p0 = 0; p0 < k; p0 += NKC) {
            final int p1 = Math.min(k, p0 + NKC), kc = p1 - p0;
            if (buf.b.length < ns * kc * NW) {
                buf.b = new float[ns * kc * NW];
            }
            final float[] Bp = buf.b;
            packNarrow(B, transB, p0, p1, m, NW, Bp);
            for (int r0 = i0; r0 < i1; r0 += NMC) {
                final int r1 = Math.min(i1, r0 + NMC);
                for (int s = 0, j = 0; s < ns; s++, j += NW) {
                    final int nr = Math.min(4, (m - j + L - 1) / L);
                    stripRows(NMR, A, Bp, s * kc * NW, nr, C, r0, r1, p0, p1, j, Math.min(nr * L, m - j),
                            i1 - i0 < NMR, buf);
                }
            }
        }
    }

    /**
     * Bp = the strips of sw columns (sw = NW, or W for {@link #mulAddPackedAB}) of b(p, j) for p0 ≤ p &lt; p1 and all
     * m columns: strip s (columns s·sw …) at s·kc·sw, nr·L floats per p (nr = sw / L, or fewer for the last strip),
     * zeros past m; b(p, j) = B[j][p] if transB.
     */
    private static void packNarrow(float[][] B, boolean transB, int p0, int p1, int m, int sw, float[] Bp) {
        final int kc = p1 - p0;
        for (int s = 0, j = 0; j < m; s++, j += sw) {
            final int nr = Math.min(sw / L, (m - j + L - 1) / L), width = nr * L, w = Math.min(width, m - j);
            final int o = s * kc * sw;
            if (!transB) {
                for (int p = p0, d = o; p < p1; p++, d += width) {
                    System.arraycopy(B[p], j, Bp, d, w);
                }
            } else {
                for (int c = 0; c < w; c++) {
                    final float[] bj = B[j + c];          // b(p, j + c) = B[j + c][p]: a row of B is a column here
                    for (int p = p0, d = o + c; p < p1; p++, d += width) {
                        Bp[d] = bj[p];
                    }
                }
            }
            if (w < width) {
                for (int d = o; d < o + kc * width; d += width) {
                    java.util.Arrays.fill(Bp, d + w, d + width, 0f);
                }
            }
        }
    }

    /**
     * Rows r0 … r1−1 of C, columns j … j+w−1, over one packed strip of nr vectors at bo (p0 at bo), in blocks of mr
     * rows (6 or 8); when the strip is wider than the w columns left, each block runs on the tile. The last rows
     * (fewer than mr) run in the same mr-row block on the tile, with rows of zeros for A's missing rows, so that
     * calls of any row count use the same few blocks: a block called only a few times per training step (a 4- or
     * 1-row block for the last rows of a C output layer) stayed in the C1 compiler for many steps and boxed every
     * vector there (58 MB per C-LSTM step after 30 s). Only a call with fewer rows than mr in all ({@code few}: a
     * small batch, or a thin part of a split) uses 1-row blocks.
     */
    private static void stripRows(int mr, float[][] A, float[] Bp, int bo, int nr, float[][] C, int r0, int r1,
                                  int p0, int p1, int j, int w, boolean few, AB buf) {
        int i = r0;
        if (few) {
            for (; i < r1; i++) {
                rowsBlock(1, nr, A, i, Bp, bo, p0, p1, C, j, w, buf.tile);
            }
            return;
        }
        for (; i + mr <= r1; i += mr) {
            rowsBlock(mr, nr, A, i, Bp, bo, p0, p1, C, j, w, buf.tile);
        }
        if (i < r1) {
            final int rows = r1 - i;
            final float[][] a = buf.rows, t = buf.tile;
            if (buf.zeros.length < p1) {
                buf.zeros = new float[p1];
            }
            for (int r = 0; r < mr; r++) {
                a[r] = r < rows ? A[i + r] : buf.zeros;
            }
            for (int r = 0; r < rows; r++) {
                System.arraycopy(C[i + r], j, t[r], 0, w);
            }
            rpBlock(mr, nr, a, 0, Bp, bo, p0, p1, t, 0, 0);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(t[r], 0, C[i + r], j, w);
            }
            java.util.Arrays.fill(a, null);
        }
    }

    /** One mr × nr block at rows i, columns j … j+w−1 (on the tile t, copied in and back, if w &lt; nr·L). */
    private static void rowsBlock(int mr, int nr, float[][] A, int i, float[] Bp, int bo, int p0, int p1,
                                  float[][] C, int j, int w, float[][] t) {
        if (w == nr * L) {
            rpBlock(mr, nr, A, i, Bp, bo, p0, p1, C, i, j);
            return;
        }
        for (int r = 0; r < mr; r++) {
            System.arraycopy(C[i + r], j, t[r], 0, w);
        }
        rpBlock(mr, nr, A, i, Bp, bo, p0, p1, t, 0, 0);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(t[r], 0, C[i + r], j, w);
        }
    }

    /** The block of mr rows (8, 6 or 1) × nr vectors (1–4; 8 rows: 1–3) at rows i of A and ci of C. */
    private static void rpBlock(int mr, int nr, float[][] A, int i, float[] Bp, int bo, int p0, int p1,
                                float[][] C, int ci, int j) {
        switch (mr * 10 + nr) {
            case 81 -> rp8x1(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], A[i + 6], A[i + 7], Bp, bo, p0, p1, C[ci], C[ci + 1], C[ci + 2], C[ci + 3], C[ci + 4], C[ci + 5], C[ci + 6], C[ci + 7], j);
            case 82 -> rp8x2(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], A[i + 6], A[i + 7], Bp, bo, p0, p1, C[ci], C[ci + 1], C[ci + 2], C[ci + 3], C[ci + 4], C[ci + 5], C[ci + 6], C[ci + 7], j);
            case 83 -> rp8x3(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], A[i + 6], A[i + 7], Bp, bo, p0, p1, C[ci], C[ci + 1], C[ci + 2], C[ci + 3], C[ci + 4], C[ci + 5], C[ci + 6], C[ci + 7], j);
            case 61 -> rp6x1(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], Bp, bo, p0, p1, C[ci], C[ci + 1], C[ci + 2], C[ci + 3], C[ci + 4], C[ci + 5], j);
            case 62 -> rp6x2(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], Bp, bo, p0, p1, C[ci], C[ci + 1], C[ci + 2], C[ci + 3], C[ci + 4], C[ci + 5], j);
            case 63 -> rp6x3(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], Bp, bo, p0, p1, C[ci], C[ci + 1], C[ci + 2], C[ci + 3], C[ci + 4], C[ci + 5], j);
            case 64 -> rp6x4(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], Bp, bo, p0, p1, C[ci], C[ci + 1], C[ci + 2], C[ci + 3], C[ci + 4], C[ci + 5], j);
            case 11 -> rp1x1(A[i], Bp, bo, p0, p1, C[ci], j);
            case 12 -> rp1x2(A[i], Bp, bo, p0, p1, C[ci], j);
            case 13 -> rp1x3(A[i], Bp, bo, p0, p1, C[ci], j);
            case 14 -> rp1x4(A[i], Bp, bo, p0, p1, C[ci], j);
            default -> throw new IllegalArgumentException("no " + mr + "×" + nr + " block");
        }
    }

    private static void rp8x1(float[] a0, float[] a1, float[] a2, float[] a3, float[] a4, float[] a5, float[] a6, float[] a7, float[] Bp, int bo, int p0, int p1, float[] c0, float[] c1, float[] c2, float[] c3, float[] c4, float[] c5, float[] c6, float[] c7, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j + 0 * L);
        FloatVector s10 = FloatVector.fromArray(S, c1, j + 0 * L);
        FloatVector s20 = FloatVector.fromArray(S, c2, j + 0 * L);
        FloatVector s30 = FloatVector.fromArray(S, c3, j + 0 * L);
        FloatVector s40 = FloatVector.fromArray(S, c4, j + 0 * L);
        FloatVector s50 = FloatVector.fromArray(S, c5, j + 0 * L);
        FloatVector s60 = FloatVector.fromArray(S, c6, j + 0 * L);
        FloatVector s70 = FloatVector.fromArray(S, c7, j + 0 * L);
        for (int p = p0, b = bo; p < p1; p++, b += 1 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b + 0 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            x = FloatVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            x = FloatVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            x = FloatVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            x = FloatVector.broadcast(S, a4[p]);
            s40 = b0.fma(x, s40);
            x = FloatVector.broadcast(S, a5[p]);
            s50 = b0.fma(x, s50);
            x = FloatVector.broadcast(S, a6[p]);
            s60 = b0.fma(x, s60);
            x = FloatVector.broadcast(S, a7[p]);
            s70 = b0.fma(x, s70);
        }
        s00.intoArray(c0, j + 0 * L);
        s10.intoArray(c1, j + 0 * L);
        s20.intoArray(c2, j + 0 * L);
        s30.intoArray(c3, j + 0 * L);
        s40.intoArray(c4, j + 0 * L);
        s50.intoArray(c5, j + 0 * L);
        s60.intoArray(c6, j + 0 * L);
        s70.intoArray(c7, j + 0 * L);
    }

    private static void rp8x2(float[] a0, float[] a1, float[] a2, float[] a3, float[] a4, float[] a5, float[] a6, float[] a7, float[] Bp, int bo, int p0, int p1, float[] c0, float[] c1, float[] c2, float[] c3, float[] c4, float[] c5, float[] c6, float[] c7, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j + 0 * L), s01 = FloatVector.fromArray(S, c0, j + 1 * L);
        FloatVector s10 = FloatVector.fromArray(S, c1, j + 0 * L), s11 = FloatVector.fromArray(S, c1, j + 1 * L);
        FloatVector s20 = FloatVector.fromArray(S, c2, j + 0 * L), s21 = FloatVector.fromArray(S, c2, j + 1 * L);
        FloatVector s30 = FloatVector.fromArray(S, c3, j + 0 * L), s31 = FloatVector.fromArray(S, c3, j + 1 * L);
        FloatVector s40 = FloatVector.fromArray(S, c4, j + 0 * L), s41 = FloatVector.fromArray(S, c4, j + 1 * L);
        FloatVector s50 = FloatVector.fromArray(S, c5, j + 0 * L), s51 = FloatVector.fromArray(S, c5, j + 1 * L);
        FloatVector s60 = FloatVector.fromArray(S, c6, j + 0 * L), s61 = FloatVector.fromArray(S, c6, j + 1 * L);
        FloatVector s70 = FloatVector.fromArray(S, c7, j + 0 * L), s71 = FloatVector.fromArray(S, c7, j + 1 * L);
        for (int p = p0, b = bo; p < p1; p++, b += 2 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b + 0 * L), b1 = FloatVector.fromArray(S, Bp, b + 1 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = FloatVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = FloatVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = FloatVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = FloatVector.broadcast(S, a4[p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = FloatVector.broadcast(S, a5[p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = FloatVector.broadcast(S, a6[p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = FloatVector.broadcast(S, a7[p]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c0, j + 0 * L);
        s01.intoArray(c0, j + 1 * L);
        s10.intoArray(c1, j + 0 * L);
        s11.intoArray(c1, j + 1 * L);
        s20.intoArray(c2, j + 0 * L);
        s21.intoArray(c2, j + 1 * L);
        s30.intoArray(c3, j + 0 * L);
        s31.intoArray(c3, j + 1 * L);
        s40.intoArray(c4, j + 0 * L);
        s41.intoArray(c4, j + 1 * L);
        s50.intoArray(c5, j + 0 * L);
        s51.intoArray(c5, j + 1 * L);
        s60.intoArray(c6, j + 0 * L);
        s61.intoArray(c6, j + 1 * L);
        s70.intoArray(c7, j + 0 * L);
        s71.intoArray(c7, j + 1 * L);
    }

    private static void rp8x3(float[] a0, float[] a1, float[] a2, float[] a3, float[] a4, float[] a5, float[] a6, float[] a7, float[] Bp, int bo, int p0, int p1, float[] c0, float[] c1, float[] c2, float[] c3, float[] c4, float[] c5, float[] c6, float[] c7, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j + 0 * L), s01 = FloatVector.fromArray(S, c0, j + 1 * L), s02 = FloatVector.fromArray(S, c0, j + 2 * L);
        FloatVector s10 = FloatVector.fromArray(S, c1, j + 0 * L), s11 = FloatVector.fromArray(S, c1, j + 1 * L), s12 = FloatVector.fromArray(S, c1, j + 2 * L);
        FloatVector s20 = FloatVector.fromArray(S, c2, j + 0 * L), s21 = FloatVector.fromArray(S, c2, j + 1 * L), s22 = FloatVector.fromArray(S, c2, j + 2 * L);
        FloatVector s30 = FloatVector.fromArray(S, c3, j + 0 * L), s31 = FloatVector.fromArray(S, c3, j + 1 * L), s32 = FloatVector.fromArray(S, c3, j + 2 * L);
        FloatVector s40 = FloatVector.fromArray(S, c4, j + 0 * L), s41 = FloatVector.fromArray(S, c4, j + 1 * L), s42 = FloatVector.fromArray(S, c4, j + 2 * L);
        FloatVector s50 = FloatVector.fromArray(S, c5, j + 0 * L), s51 = FloatVector.fromArray(S, c5, j + 1 * L), s52 = FloatVector.fromArray(S, c5, j + 2 * L);
        FloatVector s60 = FloatVector.fromArray(S, c6, j + 0 * L), s61 = FloatVector.fromArray(S, c6, j + 1 * L), s62 = FloatVector.fromArray(S, c6, j + 2 * L);
        FloatVector s70 = FloatVector.fromArray(S, c7, j + 0 * L), s71 = FloatVector.fromArray(S, c7, j + 1 * L), s72 = FloatVector.fromArray(S, c7, j + 2 * L);
        for (int p = p0, b = bo; p < p1; p++, b += 3 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b + 0 * L), b1 = FloatVector.fromArray(S, Bp, b + 1 * L), b2 = FloatVector.fromArray(S, Bp, b + 2 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = FloatVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = FloatVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = FloatVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
            x = FloatVector.broadcast(S, a4[p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            s42 = b2.fma(x, s42);
            x = FloatVector.broadcast(S, a5[p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            s52 = b2.fma(x, s52);
            x = FloatVector.broadcast(S, a6[p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            s62 = b2.fma(x, s62);
            x = FloatVector.broadcast(S, a7[p]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
            s72 = b2.fma(x, s72);
        }
        s00.intoArray(c0, j + 0 * L);
        s01.intoArray(c0, j + 1 * L);
        s02.intoArray(c0, j + 2 * L);
        s10.intoArray(c1, j + 0 * L);
        s11.intoArray(c1, j + 1 * L);
        s12.intoArray(c1, j + 2 * L);
        s20.intoArray(c2, j + 0 * L);
        s21.intoArray(c2, j + 1 * L);
        s22.intoArray(c2, j + 2 * L);
        s30.intoArray(c3, j + 0 * L);
        s31.intoArray(c3, j + 1 * L);
        s32.intoArray(c3, j + 2 * L);
        s40.intoArray(c4, j + 0 * L);
        s41.intoArray(c4, j + 1 * L);
        s42.intoArray(c4, j + 2 * L);
        s50.intoArray(c5, j + 0 * L);
        s51.intoArray(c5, j + 1 * L);
        s52.intoArray(c5, j + 2 * L);
        s60.intoArray(c6, j + 0 * L);
        s61.intoArray(c6, j + 1 * L);
        s62.intoArray(c6, j + 2 * L);
        s70.intoArray(c7, j + 0 * L);
        s71.intoArray(c7, j + 1 * L);
        s72.intoArray(c7, j + 2 * L);
    }

    private static void rp6x1(float[] a0, float[] a1, float[] a2, float[] a3, float[] a4, float[] a5, float[] Bp, int bo, int p0, int p1, float[] c0, float[] c1, float[] c2, float[] c3, float[] c4, float[] c5, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j + 0 * L);
        FloatVector s10 = FloatVector.fromArray(S, c1, j + 0 * L);
        FloatVector s20 = FloatVector.fromArray(S, c2, j + 0 * L);
        FloatVector s30 = FloatVector.fromArray(S, c3, j + 0 * L);
        FloatVector s40 = FloatVector.fromArray(S, c4, j + 0 * L);
        FloatVector s50 = FloatVector.fromArray(S, c5, j + 0 * L);
        for (int p = p0, b = bo; p < p1; p++, b += 1 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b + 0 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            x = FloatVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            x = FloatVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            x = FloatVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            x = FloatVector.broadcast(S, a4[p]);
            s40 = b0.fma(x, s40);
            x = FloatVector.broadcast(S, a5[p]);
            s50 = b0.fma(x, s50);
        }
        s00.intoArray(c0, j + 0 * L);
        s10.intoArray(c1, j + 0 * L);
        s20.intoArray(c2, j + 0 * L);
        s30.intoArray(c3, j + 0 * L);
        s40.intoArray(c4, j + 0 * L);
        s50.intoArray(c5, j + 0 * L);
    }

    private static void rp6x2(float[] a0, float[] a1, float[] a2, float[] a3, float[] a4, float[] a5, float[] Bp, int bo, int p0, int p1, float[] c0, float[] c1, float[] c2, float[] c3, float[] c4, float[] c5, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j + 0 * L), s01 = FloatVector.fromArray(S, c0, j + 1 * L);
        FloatVector s10 = FloatVector.fromArray(S, c1, j + 0 * L), s11 = FloatVector.fromArray(S, c1, j + 1 * L);
        FloatVector s20 = FloatVector.fromArray(S, c2, j + 0 * L), s21 = FloatVector.fromArray(S, c2, j + 1 * L);
        FloatVector s30 = FloatVector.fromArray(S, c3, j + 0 * L), s31 = FloatVector.fromArray(S, c3, j + 1 * L);
        FloatVector s40 = FloatVector.fromArray(S, c4, j + 0 * L), s41 = FloatVector.fromArray(S, c4, j + 1 * L);
        FloatVector s50 = FloatVector.fromArray(S, c5, j + 0 * L), s51 = FloatVector.fromArray(S, c5, j + 1 * L);
        for (int p = p0, b = bo; p < p1; p++, b += 2 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b + 0 * L), b1 = FloatVector.fromArray(S, Bp, b + 1 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = FloatVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = FloatVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = FloatVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = FloatVector.broadcast(S, a4[p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = FloatVector.broadcast(S, a5[p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
        }
        s00.intoArray(c0, j + 0 * L);
        s01.intoArray(c0, j + 1 * L);
        s10.intoArray(c1, j + 0 * L);
        s11.intoArray(c1, j + 1 * L);
        s20.intoArray(c2, j + 0 * L);
        s21.intoArray(c2, j + 1 * L);
        s30.intoArray(c3, j + 0 * L);
        s31.intoArray(c3, j + 1 * L);
        s40.intoArray(c4, j + 0 * L);
        s41.intoArray(c4, j + 1 * L);
        s50.intoArray(c5, j + 0 * L);
        s51.intoArray(c5, j + 1 * L);
    }

    private static void rp6x3(float[] a0, float[] a1, float[] a2, float[] a3, float[] a4, float[] a5, float[] Bp, int bo, int p0, int p1, float[] c0, float[] c1, float[] c2, float[] c3, float[] c4, float[] c5, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j + 0 * L), s01 = FloatVector.fromArray(S, c0, j + 1 * L), s02 = FloatVector.fromArray(S, c0, j + 2 * L);
        FloatVector s10 = FloatVector.fromArray(S, c1, j + 0 * L), s11 = FloatVector.fromArray(S, c1, j + 1 * L), s12 = FloatVector.fromArray(S, c1, j + 2 * L);
        FloatVector s20 = FloatVector.fromArray(S, c2, j + 0 * L), s21 = FloatVector.fromArray(S, c2, j + 1 * L), s22 = FloatVector.fromArray(S, c2, j + 2 * L);
        FloatVector s30 = FloatVector.fromArray(S, c3, j + 0 * L), s31 = FloatVector.fromArray(S, c3, j + 1 * L), s32 = FloatVector.fromArray(S, c3, j + 2 * L);
        FloatVector s40 = FloatVector.fromArray(S, c4, j + 0 * L), s41 = FloatVector.fromArray(S, c4, j + 1 * L), s42 = FloatVector.fromArray(S, c4, j + 2 * L);
        FloatVector s50 = FloatVector.fromArray(S, c5, j + 0 * L), s51 = FloatVector.fromArray(S, c5, j + 1 * L), s52 = FloatVector.fromArray(S, c5, j + 2 * L);
        for (int p = p0, b = bo; p < p1; p++, b += 3 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b + 0 * L), b1 = FloatVector.fromArray(S, Bp, b + 1 * L), b2 = FloatVector.fromArray(S, Bp, b + 2 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = FloatVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = FloatVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = FloatVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
            x = FloatVector.broadcast(S, a4[p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            s42 = b2.fma(x, s42);
            x = FloatVector.broadcast(S, a5[p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            s52 = b2.fma(x, s52);
        }
        s00.intoArray(c0, j + 0 * L);
        s01.intoArray(c0, j + 1 * L);
        s02.intoArray(c0, j + 2 * L);
        s10.intoArray(c1, j + 0 * L);
        s11.intoArray(c1, j + 1 * L);
        s12.intoArray(c1, j + 2 * L);
        s20.intoArray(c2, j + 0 * L);
        s21.intoArray(c2, j + 1 * L);
        s22.intoArray(c2, j + 2 * L);
        s30.intoArray(c3, j + 0 * L);
        s31.intoArray(c3, j + 1 * L);
        s32.intoArray(c3, j + 2 * L);
        s40.intoArray(c4, j + 0 * L);
        s41.intoArray(c4, j + 1 * L);
        s42.intoArray(c4, j + 2 * L);
        s50.intoArray(c5, j + 0 * L);
        s51.intoArray(c5, j + 1 * L);
        s52.intoArray(c5, j + 2 * L);
    }

    private static void rp6x4(float[] a0, float[] a1, float[] a2, float[] a3, float[] a4, float[] a5, float[] Bp, int bo, int p0, int p1, float[] c0, float[] c1, float[] c2, float[] c3, float[] c4, float[] c5, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j + 0 * L), s01 = FloatVector.fromArray(S, c0, j + 1 * L), s02 = FloatVector.fromArray(S, c0, j + 2 * L), s03 = FloatVector.fromArray(S, c0, j + 3 * L);
        FloatVector s10 = FloatVector.fromArray(S, c1, j + 0 * L), s11 = FloatVector.fromArray(S, c1, j + 1 * L), s12 = FloatVector.fromArray(S, c1, j + 2 * L), s13 = FloatVector.fromArray(S, c1, j + 3 * L);
        FloatVector s20 = FloatVector.fromArray(S, c2, j + 0 * L), s21 = FloatVector.fromArray(S, c2, j + 1 * L), s22 = FloatVector.fromArray(S, c2, j + 2 * L), s23 = FloatVector.fromArray(S, c2, j + 3 * L);
        FloatVector s30 = FloatVector.fromArray(S, c3, j + 0 * L), s31 = FloatVector.fromArray(S, c3, j + 1 * L), s32 = FloatVector.fromArray(S, c3, j + 2 * L), s33 = FloatVector.fromArray(S, c3, j + 3 * L);
        FloatVector s40 = FloatVector.fromArray(S, c4, j + 0 * L), s41 = FloatVector.fromArray(S, c4, j + 1 * L), s42 = FloatVector.fromArray(S, c4, j + 2 * L), s43 = FloatVector.fromArray(S, c4, j + 3 * L);
        FloatVector s50 = FloatVector.fromArray(S, c5, j + 0 * L), s51 = FloatVector.fromArray(S, c5, j + 1 * L), s52 = FloatVector.fromArray(S, c5, j + 2 * L), s53 = FloatVector.fromArray(S, c5, j + 3 * L);
        for (int p = p0, b = bo; p < p1; p++, b += 4 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b + 0 * L), b1 = FloatVector.fromArray(S, Bp, b + 1 * L), b2 = FloatVector.fromArray(S, Bp, b + 2 * L), b3 = FloatVector.fromArray(S, Bp, b + 3 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            s03 = b3.fma(x, s03);
            x = FloatVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            s13 = b3.fma(x, s13);
            x = FloatVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            s23 = b3.fma(x, s23);
            x = FloatVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
            s33 = b3.fma(x, s33);
            x = FloatVector.broadcast(S, a4[p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            s42 = b2.fma(x, s42);
            s43 = b3.fma(x, s43);
            x = FloatVector.broadcast(S, a5[p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            s52 = b2.fma(x, s52);
            s53 = b3.fma(x, s53);
        }
        s00.intoArray(c0, j + 0 * L);
        s01.intoArray(c0, j + 1 * L);
        s02.intoArray(c0, j + 2 * L);
        s03.intoArray(c0, j + 3 * L);
        s10.intoArray(c1, j + 0 * L);
        s11.intoArray(c1, j + 1 * L);
        s12.intoArray(c1, j + 2 * L);
        s13.intoArray(c1, j + 3 * L);
        s20.intoArray(c2, j + 0 * L);
        s21.intoArray(c2, j + 1 * L);
        s22.intoArray(c2, j + 2 * L);
        s23.intoArray(c2, j + 3 * L);
        s30.intoArray(c3, j + 0 * L);
        s31.intoArray(c3, j + 1 * L);
        s32.intoArray(c3, j + 2 * L);
        s33.intoArray(c3, j + 3 * L);
        s40.intoArray(c4, j + 0 * L);
        s41.intoArray(c4, j + 1 * L);
        s42.intoArray(c4, j + 2 * L);
        s43.intoArray(c4, j + 3 * L);
        s50.intoArray(c5, j + 0 * L);
        s51.intoArray(c5, j + 1 * L);
        s52.intoArray(c5, j + 2 * L);
        s53.intoArray(c5, j + 3 * L);
    }

    private static void rp1x1(float[] a0, float[] Bp, int bo, int p0, int p1, float[] c0, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j + 0 * L);
        for (int p = p0, b = bo; p < p1; p++, b += 1 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b + 0 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
        }
        s00.intoArray(c0, j + 0 * L);
    }

    private static void rp1x2(float[] a0, float[] Bp, int bo, int p0, int p1, float[] c0, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j + 0 * L), s01 = FloatVector.fromArray(S, c0, j + 1 * L);
        for (int p = p0, b = bo; p < p1; p++, b += 2 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b + 0 * L), b1 = FloatVector.fromArray(S, Bp, b + 1 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
        }
        s00.intoArray(c0, j + 0 * L);
        s01.intoArray(c0, j + 1 * L);
    }

    private static void rp1x3(float[] a0, float[] Bp, int bo, int p0, int p1, float[] c0, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j + 0 * L), s01 = FloatVector.fromArray(S, c0, j + 1 * L), s02 = FloatVector.fromArray(S, c0, j + 2 * L);
        for (int p = p0, b = bo; p < p1; p++, b += 3 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b + 0 * L), b1 = FloatVector.fromArray(S, Bp, b + 1 * L), b2 = FloatVector.fromArray(S, Bp, b + 2 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
        }
        s00.intoArray(c0, j + 0 * L);
        s01.intoArray(c0, j + 1 * L);
        s02.intoArray(c0, j + 2 * L);
    }

    private static void rp1x4(float[] a0, float[] Bp, int bo, int p0, int p1, float[] c0, int j) {
        FloatVector s00 = FloatVector.fromArray(S, c0, j + 0 * L), s01 = FloatVector.fromArray(S, c0, j + 1 * L), s02 = FloatVector.fromArray(S, c0, j + 2 * L), s03 = FloatVector.fromArray(S, c0, j + 3 * L);
        for (int p = p0, b = bo; p < p1; p++, b += 4 * L) {
            final FloatVector b0 = FloatVector.fromArray(S, Bp, b + 0 * L), b1 = FloatVector.fromArray(S, Bp, b + 1 * L), b2 = FloatVector.fromArray(S, Bp, b + 2 * L), b3 = FloatVector.fromArray(S, Bp, b + 3 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            s03 = b3.fma(x, s03);
        }
        s00.intoArray(c0, j + 0 * L);
        s01.intoArray(c0, j + 1 * L);
        s02.intoArray(c0, j + 2 * L);
        s03.intoArray(c0, j + 3 * L);
    }
    /** Calls of fewer rows than this keep the unpacked blocks (1–3 rows: the 1×8 block; 4–7: no 8-row block). */
    static final int PACKED_MIN_ROWS = 8;

    @Override
    public void mulAddPacked(float[][] A, float[] P, int strips, float[][] B, float[][] C, int i0, int i1, int k, int m) {
        if (packedNarrow(m) && strips == (m + W - 1) / W) {
            mulAddPackedNarrow(A, P, C, i0, i1, k, m, strips);
        } else if (i1 - i0 < PACKED_MIN_ROWS || strips != m / W) {
            mulAdd(A, B, C, i0, i1, k, m);
        } else if (i1 - i0 >= PACKED_A_MIN_ROWS) {
            mulAddPackedA(A, P, B, C, i0, i1, k, m, strips);
        } else {
            mulAddPacked(A, P, B, C, i0, i1, k, m, strips);
        }
    }

    /** P[s·k·W + p·W + c] = B[p][s·W + c] for the first {@code ns} strips (c &lt; W). */
    static void packInto(float[][] B, int k, int ns, float[] P) {
        for (int p = 0; p < k; p++) {
            final float[] bp = B[p];
            for (int s = 0, o = p * W; s < ns; s++, o += k * W) {
                final int j = s * W;
                FloatVector.fromArray(S, bp, j).intoArray(P, o);
                FloatVector.fromArray(S, bp, j + L).intoArray(P, o + L);
                FloatVector.fromArray(S, bp, j + 2 * L).intoArray(P, o + 2 * L);
            }
        }
    }

    /** P[ns·k·W + p·tv·L + c] = B[p][ns·W + c] for c &lt; tv·L: the tail strip of tv whole vectors. */
    static void packTail(float[][] B, int k, int ns, int tv, float[] P) {
        final int j = ns * W, tw = tv * L;
        for (int p = 0, o = ns * k * W; p < k && tw > 0; p++, o += tw) {
            System.arraycopy(B[p], j, P, o, tw);
        }
    }

    /** Inner-dimension chunk of the packed products: as the unpacked kernels (128 measured no faster in float). */
    static final int PKC = 256;

    /**
     * Rows of a call on a packed B from which A's full 8-row groups are packed too (per call: n·k moves against
     * n·k·m fmas), so the 8×3 block reads two contiguous arrays ({@link #ab8x3}); the rows after the last full group
     * keep the 4- and 1-row blocks on A's rows.
     */
    static final int PACKED_A_MIN_ROWS = 16;

    /** As {@link #mulAddPacked(float[][], float[], float[][], float[][], int, int, int, int, int)}, A packed too. */
    private static void mulAddPackedA(float[][] A, float[] P, float[][] B, float[][] C, int i0, int i1, int k, int m,
                                      int ns) {
        final AB buf = AB_BUFFERS.get();
        final int e8 = i0 + (i1 - i0) / MR * MR;
        for (int p0 = 0; p0 < k; p0 += PKC) {
            final int p1 = Math.min(k, p0 + PKC), kc = p1 - p0;
            if (buf.a.length < (e8 - i0) * kc) {
                buf.a = new float[(e8 - i0) * kc];
            }
            final float[] Ap = buf.a;
            packPanels(A, false, i0, e8, p0, p1, Ap);
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

    /** Inner-dimension chunk of the products on a whole packed B of 64–191 columns (k = 400 at B32 in one piece). */
    static final int NPKC = 512;

    /**
     * C[i0..i1) += A·B with all of B packed in P (ns strips, the last 1–3 vectors, zero-padded: 64 to 191 columns, e.g.
     * δ·Uᵀ at B32): 8-row blocks on A's rows (packing A per step measured slower at 100 columns), the last
     * strip's partial vector on the tile; B's rows are never read, so B may have been packed from its transpose.
     */
    private static void mulAddPackedNarrow(float[][] A, float[] P, float[][] C, int i0, int i1, int k, int m, int ns) {
        final AB buf = AB_BUFFERS.get();
        for (int p0 = 0; p0 < k; p0 += NPKC) {
            final int p1 = Math.min(k, p0 + NPKC);
            for (int r0 = i0; r0 < i1; r0 += MC) {
                final int r1 = Math.min(i1, r0 + MC);
                for (int s = 0, j = 0; s < ns; s++, j += W) {
                    final int nr = Math.min(3, (m - j + L - 1) / L);
                    stripRows(MR, A, P, s * k * W + p0 * nr * L, nr, C, r0, r1, p0, p1, j, Math.min(nr * L, m - j),
                            i1 - i0 < MR, buf);
                }
            }
        }
    }

    private static void mulAddPacked(float[][] A, float[] P, float[][] B, float[][] C, int i0, int i1, int k, int m,
                                     int ns) {
        for (int p0 = 0; p0 < k; p0 += PKC) {
            final int p1 = Math.min(k, p0 + PKC);
            for (int r0 = i0; r0 < i1; r0 += MC) {
                final int r1 = Math.min(i1, r0 + MC);
                for (int s = 0; s < ns; s++) {
                    final int off = s * k * W, j = s * W;
                    int i = r0;
                    for (; i + 8 <= r1; i += 8) {
                        packed8x3(A[i], A[i + 1], A[i + 2], A[i + 3], A[i + 4], A[i + 5], A[i + 6], A[i + 7], P, off,
                                C[i], C[i + 1], C[i + 2], C[i + 3], C[i + 4], C[i + 5], C[i + 6], C[i + 7], j, p0, p1);
                    }
                    for (; i + 4 <= r1; i += 4) {
                        packed4x3(A[i], A[i + 1], A[i + 2], A[i + 3], P, off, C[i], C[i + 1], C[i + 2], C[i + 3], j,
                                p0, p1);
                    }
                    for (; i < r1; i++) {
                        packed1x3(A[i], P, off, C[i], j, p0, p1);
                    }
                }
                if (ns * W < m) {
                    mulAddPanel(A, B, C, r0, r1, p0, p1, m, ns * W);
                }
            }
        }
    }

    private static void packed8x3(float[] a0, float[] a1, float[] a2, float[] a3, float[] a4, float[] a5,
            float[] a6, float[] a7, float[] P, int off, float[] c0, float[] c1, float[] c2, float[] c3,
            float[] c4, float[] c5, float[] c6, float[] c7, int j, int p0, int p1) {
        if (HALF_PANELS) {           // 16 registers: two 4-row blocks, the same fma chains (the same bits)
            packed4x3(a0, a1, a2, a3, P, off, c0, c1, c2, c3, j, p0, p1);
            packed4x3(a4, a5, a6, a7, P, off, c4, c5, c6, c7, j, p0, p1);
            return;
        }
        final int j1 = j + L, j2 = j + 2 * L;
        FloatVector s00 = FloatVector.fromArray(S, c0, j), s01 = FloatVector.fromArray(S, c0, j1), s02 = FloatVector.fromArray(S, c0, j2);
        FloatVector s10 = FloatVector.fromArray(S, c1, j), s11 = FloatVector.fromArray(S, c1, j1), s12 = FloatVector.fromArray(S, c1, j2);
        FloatVector s20 = FloatVector.fromArray(S, c2, j), s21 = FloatVector.fromArray(S, c2, j1), s22 = FloatVector.fromArray(S, c2, j2);
        FloatVector s30 = FloatVector.fromArray(S, c3, j), s31 = FloatVector.fromArray(S, c3, j1), s32 = FloatVector.fromArray(S, c3, j2);
        FloatVector s40 = FloatVector.fromArray(S, c4, j), s41 = FloatVector.fromArray(S, c4, j1), s42 = FloatVector.fromArray(S, c4, j2);
        FloatVector s50 = FloatVector.fromArray(S, c5, j), s51 = FloatVector.fromArray(S, c5, j1), s52 = FloatVector.fromArray(S, c5, j2);
        FloatVector s60 = FloatVector.fromArray(S, c6, j), s61 = FloatVector.fromArray(S, c6, j1), s62 = FloatVector.fromArray(S, c6, j2);
        FloatVector s70 = FloatVector.fromArray(S, c7, j), s71 = FloatVector.fromArray(S, c7, j1), s72 = FloatVector.fromArray(S, c7, j2);
        for (int p = p0, o = off + p0 * W; p < p1; p++, o += W) {
            final FloatVector b0 = FloatVector.fromArray(S, P, o), b1 = FloatVector.fromArray(S, P, o + L),
                    b2 = FloatVector.fromArray(S, P, o + 2 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = FloatVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = FloatVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = FloatVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
            x = FloatVector.broadcast(S, a4[p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            s42 = b2.fma(x, s42);
            x = FloatVector.broadcast(S, a5[p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            s52 = b2.fma(x, s52);
            x = FloatVector.broadcast(S, a6[p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            s62 = b2.fma(x, s62);
            x = FloatVector.broadcast(S, a7[p]);
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

    private static void packed4x3(float[] a0, float[] a1, float[] a2, float[] a3, float[] P, int off,
            float[] c0, float[] c1, float[] c2, float[] c3, int j, int p0, int p1) {
        final int j1 = j + L, j2 = j + 2 * L;
        FloatVector s00 = FloatVector.fromArray(S, c0, j), s01 = FloatVector.fromArray(S, c0, j1), s02 = FloatVector.fromArray(S, c0, j2);
        FloatVector s10 = FloatVector.fromArray(S, c1, j), s11 = FloatVector.fromArray(S, c1, j1), s12 = FloatVector.fromArray(S, c1, j2);
        FloatVector s20 = FloatVector.fromArray(S, c2, j), s21 = FloatVector.fromArray(S, c2, j1), s22 = FloatVector.fromArray(S, c2, j2);
        FloatVector s30 = FloatVector.fromArray(S, c3, j), s31 = FloatVector.fromArray(S, c3, j1), s32 = FloatVector.fromArray(S, c3, j2);
        for (int p = p0, o = off + p0 * W; p < p1; p++, o += W) {
            final FloatVector b0 = FloatVector.fromArray(S, P, o), b1 = FloatVector.fromArray(S, P, o + L),
                    b2 = FloatVector.fromArray(S, P, o + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = FloatVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = FloatVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = FloatVector.broadcast(S, a3[p]);
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

    private static void packed1x3(float[] a0, float[] P, int off, float[] c0, int j, int p0, int p1) {
        final int j1 = j + L, j2 = j + 2 * L;
        FloatVector s0 = FloatVector.fromArray(S, c0, j), s1 = FloatVector.fromArray(S, c0, j1),
                s2 = FloatVector.fromArray(S, c0, j2);
        for (int p = p0, o = off + p0 * W; p < p1; p++, o += W) {
            final FloatVector x = FloatVector.broadcast(S, a0[p]);
            s0 = FloatVector.fromArray(S, P, o).fma(x, s0);
            s1 = FloatVector.fromArray(S, P, o + L).fma(x, s1);
            s2 = FloatVector.fromArray(S, P, o + 2 * L).fma(x, s2);
        }
        s0.intoArray(c0, j);
        s1.intoArray(c0, j1);
        s2.intoArray(c0, j2);
    }

    /** The columns jStart … m−1 of rows i0 … i1−1, inner indices p0 … p1−1, from B's rows. */
    private static void mulAddPanel(float[][] A, float[][] B, float[][] C, int i0, int i1, int p0, int p1, int m,
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
            final float[] ai = A[i], ci = C[i];
            int jj = j;
            for (; jj + 4 <= m; jj += 4) {
                float s0 = ci[jj], s1 = ci[jj + 1], s2 = ci[jj + 2], s3 = ci[jj + 3];
                for (int p = p0; p < p1; p++) {
                    final float aip = ai[p];
                    final float[] bp = B[p];
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
                float s0 = ci[jj];
                for (int p = p0; p < p1; p++) {
                    s0 = Math.fma(ai[p], B[p][jj], s0);
                }
                ci[jj] = s0;
            }
        }
    }

    /** 0, 1, …, L−1: the lane numbers, for the mask of the last columns. */
    private static final float[] IOTA = new float[L];

    static {
        for (int l = 0; l < L; l++) {
            IOTA[l] = l;
        }
    }

    private static void tail8(float[] a0, float[] a1, float[] a2, float[] a3, float[] a4, float[] a5, float[] a6, float[] a7, float[][] B, float[] c0, float[] c1, float[] c2, float[] c3, float[] c4, float[] c5, float[] c6, float[] c7, int jt, int skip, int p0, int p1) {
        FloatVector s0 = FloatVector.fromArray(S, c0, jt);
        FloatVector s1 = FloatVector.fromArray(S, c1, jt);
        FloatVector s2 = FloatVector.fromArray(S, c2, jt);
        FloatVector s3 = FloatVector.fromArray(S, c3, jt);
        FloatVector s4 = FloatVector.fromArray(S, c4, jt);
        FloatVector s5 = FloatVector.fromArray(S, c5, jt);
        FloatVector s6 = FloatVector.fromArray(S, c6, jt);
        FloatVector s7 = FloatVector.fromArray(S, c7, jt);
        for (int p = p0; p < p1; p++) {
            final FloatVector b = FloatVector.fromArray(S, B[p], jt);
            s0 = b.fma(FloatVector.broadcast(S, a0[p]), s0);
            s1 = b.fma(FloatVector.broadcast(S, a1[p]), s1);
            s2 = b.fma(FloatVector.broadcast(S, a2[p]), s2);
            s3 = b.fma(FloatVector.broadcast(S, a3[p]), s3);
            s4 = b.fma(FloatVector.broadcast(S, a4[p]), s4);
            s5 = b.fma(FloatVector.broadcast(S, a5[p]), s5);
            s6 = b.fma(FloatVector.broadcast(S, a6[p]), s6);
            s7 = b.fma(FloatVector.broadcast(S, a7[p]), s7);
        }
        // lanes below skip hold columns already done: keep what is stored there
        final VectorMask<Float> mine = FloatVector.fromArray(S, IOTA, 0).compare(VectorOperators.GE, (float) skip);
        FloatVector.fromArray(S, c0, jt).blend(s0, mine).intoArray(c0, jt);
        FloatVector.fromArray(S, c1, jt).blend(s1, mine).intoArray(c1, jt);
        FloatVector.fromArray(S, c2, jt).blend(s2, mine).intoArray(c2, jt);
        FloatVector.fromArray(S, c3, jt).blend(s3, mine).intoArray(c3, jt);
        FloatVector.fromArray(S, c4, jt).blend(s4, mine).intoArray(c4, jt);
        FloatVector.fromArray(S, c5, jt).blend(s5, mine).intoArray(c5, jt);
        FloatVector.fromArray(S, c6, jt).blend(s6, mine).intoArray(c6, jt);
        FloatVector.fromArray(S, c7, jt).blend(s7, mine).intoArray(c7, jt);
    }

    private static void tail4(float[] a0, float[] a1, float[] a2, float[] a3, float[][] B, float[] c0, float[] c1, float[] c2, float[] c3, int jt, int skip, int p0, int p1) {
        FloatVector s0 = FloatVector.fromArray(S, c0, jt);
        FloatVector s1 = FloatVector.fromArray(S, c1, jt);
        FloatVector s2 = FloatVector.fromArray(S, c2, jt);
        FloatVector s3 = FloatVector.fromArray(S, c3, jt);
        for (int p = p0; p < p1; p++) {
            final FloatVector b = FloatVector.fromArray(S, B[p], jt);
            s0 = b.fma(FloatVector.broadcast(S, a0[p]), s0);
            s1 = b.fma(FloatVector.broadcast(S, a1[p]), s1);
            s2 = b.fma(FloatVector.broadcast(S, a2[p]), s2);
            s3 = b.fma(FloatVector.broadcast(S, a3[p]), s3);
        }
        // lanes below skip hold columns already done: keep what is stored there
        final VectorMask<Float> mine = FloatVector.fromArray(S, IOTA, 0).compare(VectorOperators.GE, (float) skip);
        FloatVector.fromArray(S, c0, jt).blend(s0, mine).intoArray(c0, jt);
        FloatVector.fromArray(S, c1, jt).blend(s1, mine).intoArray(c1, jt);
        FloatVector.fromArray(S, c2, jt).blend(s2, mine).intoArray(c2, jt);
        FloatVector.fromArray(S, c3, jt).blend(s3, mine).intoArray(c3, jt);
    }

    private static void tail1(float[] a0, float[][] B, float[] c0, int jt, int skip, int p0, int p1) {
        FloatVector s0 = FloatVector.fromArray(S, c0, jt);
        for (int p = p0; p < p1; p++) {
            final FloatVector b = FloatVector.fromArray(S, B[p], jt);
            s0 = b.fma(FloatVector.broadcast(S, a0[p]), s0);
        }
        // lanes below skip hold columns already done: keep what is stored there
        final VectorMask<Float> mine = FloatVector.fromArray(S, IOTA, 0).compare(VectorOperators.GE, (float) skip);
        FloatVector.fromArray(S, c0, jt).blend(s0, mine).intoArray(c0, jt);
    }

    /**
     * One row × 8 vectors: for a product with 1–3 rows (a batch of 1 at one time step) a 3-vector block would
     * leave the FMA units waiting on the latency of its 3 accumulator chains; 8 independent chains keep them busy.
     */
    private static void block1x8(float[] a0, float[][] B,
            float[] c0, int j, int p0, int p1) {
        final int j1 = j + 1 * L;
        final int j2 = j + 2 * L;
        final int j3 = j + 3 * L;
        final int j4 = j + 4 * L;
        final int j5 = j + 5 * L;
        final int j6 = j + 6 * L;
        final int j7 = j + 7 * L;
        FloatVector s00 = FloatVector.fromArray(S, c0, j), s01 = FloatVector.fromArray(S, c0, j1), s02 = FloatVector.fromArray(S, c0, j2), s03 = FloatVector.fromArray(S, c0, j3), s04 = FloatVector.fromArray(S, c0, j4), s05 = FloatVector.fromArray(S, c0, j5), s06 = FloatVector.fromArray(S, c0, j6), s07 = FloatVector.fromArray(S, c0, j7);
        for (int p = p0; p < p1; p++) {
            final float[] bp = B[p];
            FloatVector b0 = FloatVector.fromArray(S, bp, j), b1 = FloatVector.fromArray(S, bp, j1), b2 = FloatVector.fromArray(S, bp, j2), b3 = FloatVector.fromArray(S, bp, j3), b4 = FloatVector.fromArray(S, bp, j4), b5 = FloatVector.fromArray(S, bp, j5), b6 = FloatVector.fromArray(S, bp, j6), b7 = FloatVector.fromArray(S, bp, j7);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
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
    private static void block8x3(float[] a0, float[] a1, float[] a2, float[] a3, float[] a4, float[] a5, float[] a6, float[] a7, float[][] B,
            float[] c0, float[] c1, float[] c2, float[] c3, float[] c4, float[] c5, float[] c6, float[] c7, int j, int p0, int p1) {
        if (HALF_PANELS) {           // 16 registers: two 4-row blocks, the same fma chains (the same bits)
            block4x3(a0, a1, a2, a3, B, c0, c1, c2, c3, j, p0, p1);
            block4x3(a4, a5, a6, a7, B, c4, c5, c6, c7, j, p0, p1);
            return;
        }
        final int j1 = j + 1 * L;
        final int j2 = j + 2 * L;
        FloatVector s00 = FloatVector.fromArray(S, c0, j), s01 = FloatVector.fromArray(S, c0, j1), s02 = FloatVector.fromArray(S, c0, j2);
        FloatVector s10 = FloatVector.fromArray(S, c1, j), s11 = FloatVector.fromArray(S, c1, j1), s12 = FloatVector.fromArray(S, c1, j2);
        FloatVector s20 = FloatVector.fromArray(S, c2, j), s21 = FloatVector.fromArray(S, c2, j1), s22 = FloatVector.fromArray(S, c2, j2);
        FloatVector s30 = FloatVector.fromArray(S, c3, j), s31 = FloatVector.fromArray(S, c3, j1), s32 = FloatVector.fromArray(S, c3, j2);
        FloatVector s40 = FloatVector.fromArray(S, c4, j), s41 = FloatVector.fromArray(S, c4, j1), s42 = FloatVector.fromArray(S, c4, j2);
        FloatVector s50 = FloatVector.fromArray(S, c5, j), s51 = FloatVector.fromArray(S, c5, j1), s52 = FloatVector.fromArray(S, c5, j2);
        FloatVector s60 = FloatVector.fromArray(S, c6, j), s61 = FloatVector.fromArray(S, c6, j1), s62 = FloatVector.fromArray(S, c6, j2);
        FloatVector s70 = FloatVector.fromArray(S, c7, j), s71 = FloatVector.fromArray(S, c7, j1), s72 = FloatVector.fromArray(S, c7, j2);
        for (int p = p0; p < p1; p++) {
            final float[] bp = B[p];
            FloatVector b0 = FloatVector.fromArray(S, bp, j), b1 = FloatVector.fromArray(S, bp, j1), b2 = FloatVector.fromArray(S, bp, j2);
            FloatVector x;
            x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = FloatVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = FloatVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = FloatVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
            x = FloatVector.broadcast(S, a4[p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            s42 = b2.fma(x, s42);
            x = FloatVector.broadcast(S, a5[p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            s52 = b2.fma(x, s52);
            x = FloatVector.broadcast(S, a6[p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            s62 = b2.fma(x, s62);
            x = FloatVector.broadcast(S, a7[p]);
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


    private static void block4x3(float[] a0, float[] a1, float[] a2, float[] a3, float[][] B,
                                 float[] c0, float[] c1, float[] c2, float[] c3, int j, int p0, int p1) {
        final int j1 = j + L, j2 = j + 2 * L;
        FloatVector s00 = FloatVector.fromArray(S, c0, j), s01 = FloatVector.fromArray(S, c0, j1),
                s02 = FloatVector.fromArray(S, c0, j2);
        FloatVector s10 = FloatVector.fromArray(S, c1, j), s11 = FloatVector.fromArray(S, c1, j1),
                s12 = FloatVector.fromArray(S, c1, j2);
        FloatVector s20 = FloatVector.fromArray(S, c2, j), s21 = FloatVector.fromArray(S, c2, j1),
                s22 = FloatVector.fromArray(S, c2, j2);
        FloatVector s30 = FloatVector.fromArray(S, c3, j), s31 = FloatVector.fromArray(S, c3, j1),
                s32 = FloatVector.fromArray(S, c3, j2);
        for (int p = p0; p < p1; p++) {
            final float[] bp = B[p];
            FloatVector b0 = FloatVector.fromArray(S, bp, j), b1 = FloatVector.fromArray(S, bp, j1),
                    b2 = FloatVector.fromArray(S, bp, j2);
            FloatVector x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = FloatVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = FloatVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = FloatVector.broadcast(S, a3[p]);
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

    private static void block1x3(float[] a0, float[][] B, float[] c0, int j, int p0, int p1) {
        final int j1 = j + L, j2 = j + 2 * L;
        FloatVector s0 = FloatVector.fromArray(S, c0, j), s1 = FloatVector.fromArray(S, c0, j1),
                s2 = FloatVector.fromArray(S, c0, j2);
        for (int p = p0; p < p1; p++) {
            final float[] bp = B[p];
            FloatVector x = FloatVector.broadcast(S, a0[p]);
            s0 = FloatVector.fromArray(S, bp, j).fma(x, s0);
            s1 = FloatVector.fromArray(S, bp, j1).fma(x, s1);
            s2 = FloatVector.fromArray(S, bp, j2).fma(x, s2);
        }
        s0.intoArray(c0, j);
        s1.intoArray(c0, j1);
        s2.intoArray(c0, j2);
    }

    private static void block4x1(float[] a0, float[] a1, float[] a2, float[] a3, float[][] B,
                                 float[] c0, float[] c1, float[] c2, float[] c3, int j, int p0, int p1) {
        FloatVector s0 = FloatVector.fromArray(S, c0, j), s1 = FloatVector.fromArray(S, c1, j),
                s2 = FloatVector.fromArray(S, c2, j), s3 = FloatVector.fromArray(S, c3, j);
        for (int p = p0; p < p1; p++) {
            FloatVector b = FloatVector.fromArray(S, B[p], j);
            s0 = b.fma(FloatVector.broadcast(S, a0[p]), s0);
            s1 = b.fma(FloatVector.broadcast(S, a1[p]), s1);
            s2 = b.fma(FloatVector.broadcast(S, a2[p]), s2);
            s3 = b.fma(FloatVector.broadcast(S, a3[p]), s3);
        }
        s0.intoArray(c0, j);
        s1.intoArray(c1, j);
        s2.intoArray(c2, j);
        s3.intoArray(c3, j);
    }

    private static void block1x1(float[] a0, float[][] B, float[] c0, int j, int p0, int p1) {
        FloatVector s0 = FloatVector.fromArray(S, c0, j);
        for (int p = p0; p < p1; p++) {
            s0 = FloatVector.fromArray(S, B[p], j).fma(FloatVector.broadcast(S, a0[p]), s0);
        }
        s0.intoArray(c0, j);
    }


    // ---- gate activations ----------------------------------------------------------------------------------------

    private static final float LOG2E = 1.44269504f;
    private static final float SHIFTER = 0x1.8p23f;                  // x + 1.5·2²³ rounds x to an integer
    private static final float LN2_HI = 0.693359375f;                // ln 2 = LN2_HI + LN2_LO (Cody–Waite)
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float EXP_MIN = -86f, EXP_MAX = 86f;        // 2^k stays a normal number
    /** 1/n! for n = 7 … 0. */
    private static final float[] TAYLOR = {1f / 5040, 1f / 720, 1f / 120, 1f / 24, 1f / 6, 0.5f, 1f, 1f};

    /** e^x per lane, x clamped to [−86, 86]; NaN stays NaN. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, SHIFTER));
        FloatVector k = t.sub(SHIFTER);                              // round(x·log₂e), exactly
        FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);             // x − k·ln2
        FloatVector p = FloatVector.broadcast(S, TAYLOR[0]);
        for (int i = 1; i < TAYLOR.length; i++) {
            p = p.fma(r, FloatVector.broadcast(S, TAYLOR[i]));
        }
        IntVector scale = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23);
        FloatVector e = p.reinterpretAsInts().add(scale).reinterpretAsFloats();
        return e.blend(x, x.compare(VectorOperators.NE, x));          // NaN in, NaN out
    }

    /** The scalar twin of {@link #exp(FloatVector)}: the same operations on one value. */
    static float expScalar(float x) {
        if (x != x) {
            return x;
        }
        float xc = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(xc, LOG2E, SHIFTER);
        float k = t - SHIFTER;
        float r = Math.fma(k, -LN2_HI, xc);
        r = Math.fma(k, -LN2_LO, r);
        float p = TAYLOR[0];
        for (int i = 1; i < TAYLOR.length; i++) {
            p = Math.fma(p, r, TAYLOR[i]);
        }
        int scale = Float.floatToRawIntBits(t) << 23;
        return Float.intBitsToFloat(Float.floatToRawIntBits(p) + scale);
    }

    /** σ(z) per lane: 1/(1 + e^(−z)) for z ≥ 0, e^z/(1 + e^z) below. */
    static FloatVector sigmoid(FloatVector z) {
        FloatVector e = exp(z.abs().neg());
        FloatVector onePlus = e.add(1f);
        FloatVector pos = FloatVector.broadcast(S, 1f).div(onePlus), neg = e.div(onePlus);
        return pos.blend(neg, z.compare(VectorOperators.LT, 0f));
    }

    static float sigmoidScalar(float z) {
        float e = expScalar(-Math.abs(z));
        float onePlus = e + 1f;
        return z < 0 ? e / onePlus : 1f / onePlus;
    }

    /** tanh per lane: x − x³/3 + 2x⁵/15 − 17x⁷/315 below |x| = 1/8, (1 − e)/(1 + e) with e = e^(−2|x|) above. */
    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector e = exp(ax.mul(-2f));
        FloatVector big = FloatVector.broadcast(S, 1f).sub(e).div(e.add(1f));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector x2 = x.mul(x);
        FloatVector poly = x2.mul(-17f / 315).add(2f / 15).mul(x2).add(-1f / 3);
        FloatVector small = x.add(x.mul(x2).mul(poly));
        VectorMask<Float> isSmall = ax.compare(VectorOperators.LT, 0.125f);
        FloatVector r = big.blend(small, isSmall.or(x.compare(VectorOperators.NE, x)));
        return r.blend(x, x.compare(VectorOperators.EQ, 0f));        // ±0 stays ±0
    }

    static float tanhScalar(float x) {
        if (x == 0) {
            return x;
        }
        float ax = Math.abs(x);
        float x2 = x * x;
        if (ax < 0.125f || x != x) {
            float poly = (x2 * (-17f / 315) + 2f / 15) * x2 + -1f / 3;
            return x + x * x2 * poly;
        }
        float e = expScalar(ax * -2f);
        float big = (1f - e) / (e + 1f);
        return x < 0 ? -big : big;
    }

    // The array methods below write the vector code of sigmoid(FloatVector), tanh(FloatVector) and exp(FloatVector)
    // out instead of calling them: a vector passed to or returned from one of our methods that C2 does not inline is
    // boxed, one object per call. Whether C2 inlined exp into sigmoid and tanh differed between runs (e.g. when exp
    // had already been compiled on its own, "already compiled into a big method"): a B1-BiLSTM float32 step then
    // allocated about 170 kB. Here no vector crosses a method of ours, so nothing depends on those decisions
    // (VectorBoxingTest runs the training steps with none of these methods inlined). Same operations, same bits.

    @Override
    public void sigmoid(float[] z, float[] out, int from, int to) {
        int c = from;
        float[] src = z;
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
            FloatVector zv = EXACT.cast(FloatVector.fromArray(S, src, at));
            FloatVector x = zv.abs().neg();
            // e = exp(x), the operations of exp(FloatVector)
            FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
            FloatVector t = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, SHIFTER));
            FloatVector k = t.sub(SHIFTER);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = FloatVector.broadcast(S, TAYLOR[0]);
            for (int i = 1; i < TAYLOR.length; i++) {
                p = EXACT.cast(p).fma(r, FloatVector.broadcast(S, TAYLOR[i]));
            }
            p = EXACT.cast(p);                     // the vectors live across the loop: see VectorKernels.EXACT
            t = EXACT.cast(t);
            x = EXACT.cast(x);
            IntVector scale = EXACT_INTS.cast(t.reinterpretAsInts()).lanewise(VectorOperators.LSHL, 23);
            FloatVector e = EXACT.cast(EXACT_INTS.cast(p.reinterpretAsInts()).add(scale).reinterpretAsFloats());
            e = e.blend(x, x.compare(VectorOperators.NE, x));
            zv = EXACT.cast(zv);
            // σ, the operations of sigmoid(FloatVector)
            // (1 or e, by the sign of z)/(1 + e): one division, each lane the quotient sigmoid(FloatVector) keeps
            FloatVector onePlus = e.add(1f);
            FloatVector num = EXACT.cast(FloatVector.broadcast(S, 1f)).blend(e, zv.compare(VectorOperators.LT, 0f));
            FloatVector resSigmoid = num.div(onePlus);
            if (last) {                          // only the range's lanes reach out, through the scratch row
                float[] row = TAIL.get();
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
    public void tanh(float[] z, float[] out, int from, int to) {
        int c = from;
        float[] src = z;
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
            FloatVector xv = EXACT.cast(FloatVector.fromArray(S, src, at));
            FloatVector ax = xv.abs();
            FloatVector x = ax.mul(-2f);
            // e = exp(x), the operations of exp(FloatVector)
            FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
            FloatVector t = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, SHIFTER));
            FloatVector k = t.sub(SHIFTER);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = FloatVector.broadcast(S, TAYLOR[0]);
            for (int i = 1; i < TAYLOR.length; i++) {
                p = EXACT.cast(p).fma(r, FloatVector.broadcast(S, TAYLOR[i]));
            }
            p = EXACT.cast(p);                     // the vectors live across the loop: see VectorKernels.EXACT
            t = EXACT.cast(t);
            x = EXACT.cast(x);
            IntVector scale = EXACT_INTS.cast(t.reinterpretAsInts()).lanewise(VectorOperators.LSHL, 23);
            FloatVector e = EXACT.cast(EXACT_INTS.cast(p.reinterpretAsInts()).add(scale).reinterpretAsFloats());
            e = e.blend(x, x.compare(VectorOperators.NE, x));
            xv = EXACT.cast(xv);
            ax = EXACT.cast(ax);
            // tanh, the operations of tanh(FloatVector)
            FloatVector big = EXACT.cast(FloatVector.broadcast(S, 1f)).sub(e).div(e.add(1f));
            big = big.blend(big.neg(), xv.compare(VectorOperators.LT, 0f));
            FloatVector x2 = xv.mul(xv);
            FloatVector poly = x2.mul(-17f / 315).add(2f / 15).mul(x2).add(-1f / 3);
            FloatVector small = xv.add(xv.mul(x2).mul(poly));
            VectorMask<Float> isSmall = ax.compare(VectorOperators.LT, 0.125f);
            FloatVector res = big.blend(small, isSmall.or(xv.compare(VectorOperators.NE, xv)));
            FloatVector resTanh = res.blend(xv, xv.compare(VectorOperators.EQ, 0f));
            if (last) {                          // only the range's lanes reach out, through the scratch row
                float[] row = TAIL.get();
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

    // ---- softmax rows ----------------------------------------------------------------------------------------------

    // The lanes of a vector are added (or compared) one by one through the scratch array, as in VectorDotKernels: no
    // reduceLanes (on this JDK a MAX reduction of 512-bit doubles ran as the allocating Java fallback, session 9).

    @Override
    public float max(float[] z, int k, float[] lanes) {
        float m = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (k >= L) {
            FloatVector mv = FloatVector.fromArray(S, z, 0);
            for (j = L; j + L <= k; j += L) {
                mv = mv.max(FloatVector.fromArray(S, z, j));
            }
            mv.intoArray(lanes, 0);
            for (int i = 0; i < L; i++) {
                m = Math.max(m, lanes[i]);
            }
        }
        for (; j < k; j++) {
            m = Math.max(m, z[j]);
        }
        return m;
    }

    @Override
    public float expShiftedSum(float[] z, float shift, float[] out, int k, float[] lanes) {
        float sum = 0f;
        int j = 0;
        if (k >= L) {
            FloatVector acc = FloatVector.zero(S);
            for (; j + L <= k; j += L) {
                FloatVector x = FloatVector.fromArray(S, z, j).sub(shift);
                // e = exp(x), the operations of exp(FloatVector), written out (see the gate activations above)
                FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
                FloatVector t = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, SHIFTER));
                FloatVector kk = t.sub(SHIFTER);
                FloatVector r = kk.fma(FloatVector.broadcast(S, -LN2_HI), xc);
                r = kk.fma(FloatVector.broadcast(S, -LN2_LO), r);
                FloatVector p = FloatVector.broadcast(S, TAYLOR[0]);
                for (int i = 1; i < TAYLOR.length; i++) {
                    p = p.fma(r, FloatVector.broadcast(S, TAYLOR[i]));
                }
                IntVector scale = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23);
                FloatVector e = p.reinterpretAsInts().add(scale).reinterpretAsFloats();
                e = e.blend(x, x.compare(VectorOperators.NE, x));
                e.intoArray(out, j);
                acc = acc.add(e);
            }
            acc.intoArray(lanes, 0);
            for (int i = 0; i < L; i++) {
                sum += lanes[i];
            }
        }
        for (; j < k; j++) {
            float e = expScalar(z[j] - shift);
            out[j] = e;
            sum += e;
        }
        return sum;
    }

    @Override
    public boolean readsTransposedA(int rows) {
        return rows >= PACK_MIN_ROWS;
    }

    @Override
    public void mulAddTransA(float[][] A, float[][] B, float[][] C, int i0, int i1, int k, int m) {
        mulAddTransAPanels(A, B, C, i0, i1, k, m);
    }

    // ---- the weight gradients Aᵀ·B of one δ (issue 17, session 11) ------------------------------------------------
    //
    // A layer's weight gradients ∂U = Hᵀ·δ, ∂W = Xᵀ·δ (and ∂P = Cᵀ·δ with peepholes) all multiply by the same δ over
    // all steps (B: n×m, n = T·B rows, m = the gate columns). mulAddTransAMulti packs each chunk of δ once and applies it
    // to the panels of every A in turn, instead of one call per gradient each packing all of δ (13 MB in float at C).
    // Each element of every C is still one fma chain over p = 0, 1, … in order from its stored value: the bits of
    // mulAddTransA on each A alone.

    /**
     * Ap = the panels of Aᵀ: A[p][i] for r0 ≤ i &lt; r1, p0 ≤ p &lt; p1, panel q (rows r0 + 8q …) at q·kc·8, 8 floats
     * per p, zeros past r1 (the layout of packPanels with transA). Written panel after panel, each one sequentially:
     * going p after p instead (reading A's rows left to right) writes the panels 8·kc floats apart, a multiple of
     * 4 KB at kc = 128, so that every store of a row fell into the same set of the first-level cache.
     */
    private static void packPanelsT(float[][] A, int r0, int r1, int p0, int p1, float[] Ap) {
        final int kc = p1 - p0, np = (r1 - r0 + MR - 1) / MR, full = (r1 - r0) / MR;
        int q = 0;
        for (int i = r0; q < full; q++, i += MR) {
            for (int p = p0, d = q * kc * MR; p < p1; p++, d += MR) {
                final float[] ap = A[p];
                Ap[d] = ap[i];
                Ap[d + 1] = ap[i + 1];
                Ap[d + 2] = ap[i + 2];
                Ap[d + 3] = ap[i + 3];
                Ap[d + 4] = ap[i + 4];
                Ap[d + 5] = ap[i + 5];
                Ap[d + 6] = ap[i + 6];
                Ap[d + 7] = ap[i + 7];
            }
        }
        for (; q < np; q++) {
            final int i = r0 + q * MR, w = Math.min(MR, r1 - i);
            for (int p = p0, d = q * kc * MR; p < p1; p++, d += MR) {
                System.arraycopy(A[p], i, Ap, d, w);
                java.util.Arrays.fill(Ap, d + w, d + MR, 0f);
            }
        }
    }

    @Override
    public boolean mulAddTransAMulti(float[][][] As, float[][][] Cs, int[] rows, int count, float[][] B, int k, int m) {
        return mulAddTransAMulti(As, Cs, rows, count, B, k, m, 0, Integer.MAX_VALUE);
    }

    /**
     * Rows lo … hi−1 of the products' rows counted one after the other: at 2 threads (session 12) each thread takes
     * a part (at C: 208 and 176 of the 384 rows of ∂U and ∂W, the second thread also ∂b, where ∂U alone on one
     * thread and ∂W on the other left the second waiting), each packing δ for its own rows.
     */
    @Override
    public boolean mulAddTransAMulti(float[][][] As, float[][][] Cs, int[] rows, int count, float[][] B, int k, int m,
                                     int lo, int hi) {
        final AB buf = AB_BUFFERS.get();
        for (int p0 = 0; p0 < k; p0 += ABK) {
            final int p1 = Math.min(k, p0 + ABK);
            final float[] Bp = packChunk(B, p0, p1, m, buf);      // this chunk of δ, once for every A
            for (int t = 0, r0 = 0; t < count; r0 += rows[t], t++) {
                final int i0 = Math.max(lo, r0) - r0, i1 = Math.min(hi, r0 + rows[t]) - r0;
                if (i0 < i1) {
                    transAChunk(As[t], Cs[t], i0, i1, p0, p1, Bp, m, buf);
                }
            }
        }
        return true;
    }

    /** C[i0..i1) += Aᵀ·B as {@link #mulAddPackedAB} with transA computes it, Aᵀ packed by {@link #packPanelsT}. */
    private static void mulAddTransAPanels(float[][] A, float[][] B, float[][] C, int i0, int i1, int k, int m) {
        final AB buf = AB_BUFFERS.get();
        for (int p0 = 0; p0 < k; p0 += ABK) {
            final int p1 = Math.min(k, p0 + ABK);
            transAChunk(A, C, i0, i1, p0, p1, packChunk(B, p0, p1, m, buf), m, buf);
        }
    }

    /** Rows p0 … p1−1 of B packed into strips (in the buffer's b, grown if needed), which it returns. */
    private static float[] packChunk(float[][] B, int p0, int p1, int m, AB buf) {
        final int ns = (m + W - 1) / W, kc = p1 - p0;
        if (buf.b.length < ns * kc * W) {
            buf.b = new float[ns * kc * W];
        }
        packStrips(B, p0, p1, m, buf.b);
        return buf.b;
    }

    /**
     * C[i0..i1) += Σ_{p0≤p<p1} A[p][i]·B[p][0..m) with B's rows p0 … p1−1 packed in Bp: the rows of Aᵀ packed
     * {@value #ABM} at a time and multiplied in the block order of {@link #mulAddPackedAB}.
     */
    private static void transAChunk(float[][] A, float[][] C, int i0, int i1, int p0, int p1, float[] Bp, int m,
                                    AB buf) {
        panelsChunk(A, true, C, i0, i1, p0, p1, Bp, m, buf);   // packPanels with transA: packPanelsT
    }

    @Override
    public boolean readsTransposedB(int rows, int m) {
        return rows >= PACK_MIN_ROWS && m >= NARROW_MIN_COLS;
    }

    @Override
    public void mulAddTransB(float[][] A, float[][] B, float[][] C, int i0, int i1, int k, int m) {
        if (m >= PACK_MIN_COLS) {
            mulAddPackedAB(A, false, B, true, C, i0, i1, k, m);
        } else {
            mulAddNarrow(A, B, true, C, i0, i1, k, m);
        }
    }

    @Override
    public boolean dotProducts() {
        return true;
    }

    @Override
    public void mulTransBAdd(float[][] A, float[][] B, float[][] C, int i0, int i1, int k, int m) {
        VectorDotKernels.mulTransBAdd(A, B, C, i0, i1, k, m);
    }
}
