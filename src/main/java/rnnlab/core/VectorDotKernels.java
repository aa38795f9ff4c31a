package rnnlab.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C += A·Bᵀ as dot products of rows, for products with few rows of A (a batch of one sequence): the backward
 * step's ∂hᵗ⁻¹ = δ·Uᵀ (one row per step) and the input gradients ∂x = δ·Wᵀ over T steps. The register-blocked
 * kernels need Bᵀ in memory, which costs a transposition of the weights at every pass, as many moves as the
 * product has multiply-adds when A has one row; here B is read along its rows as stored.
 *
 * <p>Every element is computed by the same operations wherever it sits (block, thread, row range):
 * <pre>
 *   v = 0 (one vector);  v = fma(A[i][p:p+L], B[j][p:p+L], v) for the whole vectors of p in order
 *   s = v[0] + v[1] + … + v[L−1]  (lanes added one by one, in order)
 *   s = fma(A[i][p], B[j][p], s)  for the last k mod L values of p in order
 *   C[i][j] += s
 * </pre>
 * Only lane-wise fma, a store of the vector into a per-thread scratch array and scalar adds are used, which round the
 * same in the interpreter and in compiled code (no {@code reduceLanes}; {@code lane(i)} in a loop boxed the vectors). The blocks (4 rows of A × 4 rows of B, 1 × 8, 1 × 4, 1 × 1) only choose which
 * elements are computed together, to reuse each loaded vector and keep several independent fma chains going.
 * {@link Kernels} and {@link FloatKernels} load this class only with the Vector API module.
 */
final class VectorDotKernels {
    private VectorDotKernels() {}

    static final VectorSpecies<Double> SD = DoubleVector.SPECIES_PREFERRED;
    static final int LD = SD.length();
    static final VectorSpecies<Float> SF = FloatVector.SPECIES_PREFERRED;
    static final int LF = SF.length();

    // ---- double ---------------------------------------------------------------------------------------------------

    /** C[i][j] += Σ_p A[i][p]·B[j][p] for the rows i0 ≤ i &lt; i1 of A and C and all m rows of B (A: ·×k, B: m×k). */
    static void mulTransBAdd(double[][] A, double[][] B, double[][] C, int i0, int i1, int k, int m) {
        final int kv = k - k % LD;   // the whole vectors of p
        final double[] t = LANES_D.get();
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int j = 0;
            for (; j + 4 <= m; j += 4) {
                block4x4(A[i], A[i + 1], A[i + 2], A[i + 3], B[j], B[j + 1], B[j + 2], B[j + 3], C, i, j, kv, k,
                        t);
            }
            for (; j < m; j++) {
                for (int r = i; r < i + 4; r++) {
                    C[r][j] += dot(A[r], B[j], kv, k, t);
                }
            }
        }
        for (; i < i1; i++) {
            final double[] a = A[i], c = C[i];
            int j = 0;
            for (; j + 8 <= m; j += 8) {
                block1x8(a, B, c, j, kv, k, t);
            }
            for (; j + 4 <= m; j += 4) {
                block1x4(a, B[j], B[j + 1], B[j + 2], B[j + 3], c, j, kv, k, t);
            }
            for (; j < m; j++) {
                c[j] += dot(a, B[j], kv, k, t);
            }
        }
    }

    /**
     * Lane scratch per thread, room for 16 vectors: each kernel stores its accumulators there (at offsets 0, L, 2L …)
     * and adds their lanes one by one (no reduceLanes). The stores are written out in each kernel rather than done by
     * a method taking the vector: a vector passed to a method of ours that C2 does not inline is boxed, an object per
     * call (see VectorBoxingTest).
     */
    private static final ThreadLocal<double[]> LANES_D = ThreadLocal.withInitial(() -> new double[16 * LD]);
    private static final ThreadLocal<float[]> LANES_F = ThreadLocal.withInitial(() -> new float[16 * LF]);

    /** t[off] + t[off + 1] + … + t[off + L − 1], one by one in lane order (the lanes of a stored vector). */
    private static double sum(double[] t, int off) {
        double s = t[off];
        for (int l = 1; l < LD; l++) {
            s += t[off + l];
        }
        return s;
    }

    private static double dot(double[] a, double[] b, int kv, int k, double[] t) {
        DoubleVector v = DoubleVector.zero(SD);
        for (int p = 0; p < kv; p += LD) {
            v = DoubleVector.fromArray(SD, a, p).fma(DoubleVector.fromArray(SD, b, p), v);
        }
        v.intoArray(t, 0);
        double s = sum(t, 0);
        for (int p = kv; p < k; p++) {
            s = Math.fma(a[p], b[p], s);
        }
        return s;
    }

    private static void block1x4(double[] a, double[] b0, double[] b1, double[] b2, double[] b3, double[] c, int j,
                                 int kv, int k, double[] t) {
        DoubleVector v0 = DoubleVector.zero(SD), v1 = v0, v2 = v0, v3 = v0;
        for (int p = 0; p < kv; p += LD) {
            DoubleVector x = DoubleVector.fromArray(SD, a, p);
            v0 = x.fma(DoubleVector.fromArray(SD, b0, p), v0);
            v1 = x.fma(DoubleVector.fromArray(SD, b1, p), v1);
            v2 = x.fma(DoubleVector.fromArray(SD, b2, p), v2);
            v3 = x.fma(DoubleVector.fromArray(SD, b3, p), v3);
        }
        v0.intoArray(t, 0);
        v1.intoArray(t, LD);
        v2.intoArray(t, 2 * LD);
        v3.intoArray(t, 3 * LD);
        double s0 = sum(t, 0), s1 = sum(t, LD), s2 = sum(t, 2 * LD), s3 = sum(t, 3 * LD);
        for (int p = kv; p < k; p++) {
            double x = a[p];
            s0 = Math.fma(x, b0[p], s0);
            s1 = Math.fma(x, b1[p], s1);
            s2 = Math.fma(x, b2[p], s2);
            s3 = Math.fma(x, b3[p], s3);
        }
        c[j] += s0;
        c[j + 1] += s1;
        c[j + 2] += s2;
        c[j + 3] += s3;
    }

    private static void block1x8(double[] a, double[][] B, double[] c, int j, int kv, int k, double[] t) {
        final double[] b0 = B[j], b1 = B[j + 1], b2 = B[j + 2], b3 = B[j + 3], b4 = B[j + 4], b5 = B[j + 5],
                b6 = B[j + 6], b7 = B[j + 7];
        DoubleVector v0 = DoubleVector.zero(SD), v1 = v0, v2 = v0, v3 = v0, v4 = v0, v5 = v0, v6 = v0, v7 = v0;
        for (int p = 0; p < kv; p += LD) {
            DoubleVector x = DoubleVector.fromArray(SD, a, p);
            v0 = x.fma(DoubleVector.fromArray(SD, b0, p), v0);
            v1 = x.fma(DoubleVector.fromArray(SD, b1, p), v1);
            v2 = x.fma(DoubleVector.fromArray(SD, b2, p), v2);
            v3 = x.fma(DoubleVector.fromArray(SD, b3, p), v3);
            v4 = x.fma(DoubleVector.fromArray(SD, b4, p), v4);
            v5 = x.fma(DoubleVector.fromArray(SD, b5, p), v5);
            v6 = x.fma(DoubleVector.fromArray(SD, b6, p), v6);
            v7 = x.fma(DoubleVector.fromArray(SD, b7, p), v7);
        }
        v0.intoArray(t, 0);
        v1.intoArray(t, LD);
        v2.intoArray(t, 2 * LD);
        v3.intoArray(t, 3 * LD);
        v4.intoArray(t, 4 * LD);
        v5.intoArray(t, 5 * LD);
        v6.intoArray(t, 6 * LD);
        v7.intoArray(t, 7 * LD);
        double s0 = sum(t, 0), s1 = sum(t, LD), s2 = sum(t, 2 * LD), s3 = sum(t, 3 * LD), s4 = sum(t, 4 * LD), s5 = sum(t, 5 * LD),
                s6 = sum(t, 6 * LD), s7 = sum(t, 7 * LD);
        for (int p = kv; p < k; p++) {
            double x = a[p];
            s0 = Math.fma(x, b0[p], s0);
            s1 = Math.fma(x, b1[p], s1);
            s2 = Math.fma(x, b2[p], s2);
            s3 = Math.fma(x, b3[p], s3);
            s4 = Math.fma(x, b4[p], s4);
            s5 = Math.fma(x, b5[p], s5);
            s6 = Math.fma(x, b6[p], s6);
            s7 = Math.fma(x, b7[p], s7);
        }
        c[j] += s0;
        c[j + 1] += s1;
        c[j + 2] += s2;
        c[j + 3] += s3;
        c[j + 4] += s4;
        c[j + 5] += s5;
        c[j + 6] += s6;
        c[j + 7] += s7;
    }

    /** 4 rows of A × 4 rows of B: 16 accumulators, 8 loads per 16 fma. */
    private static void block4x4(double[] a0, double[] a1, double[] a2, double[] a3, double[] b0, double[] b1,
                                 double[] b2, double[] b3, double[][] C, int i, int j, int kv, int k, double[] t) {
        DoubleVector z = DoubleVector.zero(SD);
        DoubleVector v00 = z, v01 = z, v02 = z, v03 = z, v10 = z, v11 = z, v12 = z, v13 = z;
        DoubleVector v20 = z, v21 = z, v22 = z, v23 = z, v30 = z, v31 = z, v32 = z, v33 = z;
        for (int p = 0; p < kv; p += LD) {
            DoubleVector y0 = DoubleVector.fromArray(SD, b0, p), y1 = DoubleVector.fromArray(SD, b1, p),
                    y2 = DoubleVector.fromArray(SD, b2, p), y3 = DoubleVector.fromArray(SD, b3, p);
            DoubleVector x = DoubleVector.fromArray(SD, a0, p);
            v00 = x.fma(y0, v00);
            v01 = x.fma(y1, v01);
            v02 = x.fma(y2, v02);
            v03 = x.fma(y3, v03);
            x = DoubleVector.fromArray(SD, a1, p);
            v10 = x.fma(y0, v10);
            v11 = x.fma(y1, v11);
            v12 = x.fma(y2, v12);
            v13 = x.fma(y3, v13);
            x = DoubleVector.fromArray(SD, a2, p);
            v20 = x.fma(y0, v20);
            v21 = x.fma(y1, v21);
            v22 = x.fma(y2, v22);
            v23 = x.fma(y3, v23);
            x = DoubleVector.fromArray(SD, a3, p);
            v30 = x.fma(y0, v30);
            v31 = x.fma(y1, v31);
            v32 = x.fma(y2, v32);
            v33 = x.fma(y3, v33);
        }
        v00.intoArray(t, 0);
        v01.intoArray(t, LD);
        v02.intoArray(t, 2 * LD);
        v03.intoArray(t, 3 * LD);
        finish(a0, b0, b1, b2, b3, C[i], j, sum(t, 0), sum(t, LD), sum(t, 2 * LD), sum(t, 3 * LD), kv, k);
        v10.intoArray(t, 4 * LD);
        v11.intoArray(t, 5 * LD);
        v12.intoArray(t, 6 * LD);
        v13.intoArray(t, 7 * LD);
        finish(a1, b0, b1, b2, b3, C[i + 1], j, sum(t, 4 * LD), sum(t, 5 * LD), sum(t, 6 * LD), sum(t, 7 * LD), kv, k);
        v20.intoArray(t, 8 * LD);
        v21.intoArray(t, 9 * LD);
        v22.intoArray(t, 10 * LD);
        v23.intoArray(t, 11 * LD);
        finish(a2, b0, b1, b2, b3, C[i + 2], j, sum(t, 8 * LD), sum(t, 9 * LD), sum(t, 10 * LD), sum(t, 11 * LD), kv, k);
        v30.intoArray(t, 12 * LD);
        v31.intoArray(t, 13 * LD);
        v32.intoArray(t, 14 * LD);
        v33.intoArray(t, 15 * LD);
        finish(a3, b0, b1, b2, b3, C[i + 3], j, sum(t, 12 * LD), sum(t, 13 * LD), sum(t, 14 * LD), sum(t, 15 * LD), kv, k);
    }

    /** The scalar tail of four dot products of one row of A, then C[j…j+3] += them. */
    private static void finish(double[] a, double[] b0, double[] b1, double[] b2, double[] b3, double[] c, int j,
                               double s0, double s1, double s2, double s3, int kv, int k) {
        for (int p = kv; p < k; p++) {
            double x = a[p];
            s0 = Math.fma(x, b0[p], s0);
            s1 = Math.fma(x, b1[p], s1);
            s2 = Math.fma(x, b2[p], s2);
            s3 = Math.fma(x, b3[p], s3);
        }
        c[j] += s0;
        c[j + 1] += s1;
        c[j + 2] += s2;
        c[j + 3] += s3;
    }

    // ---- float (the same kernels on FloatVector, accumulating in float) ------------------------------------------

    /** C[i][j] += Σ_p A[i][p]·B[j][p] in float, for the rows i0 ≤ i &lt; i1 and all m rows of B (B: m×k). */
    static void mulTransBAdd(float[][] A, float[][] B, float[][] C, int i0, int i1, int k, int m) {
        final int kv = k - k % LF;
        final float[] t = LANES_F.get();
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int j = 0;
            for (; j + 4 <= m; j += 4) {
                block4x4(A[i], A[i + 1], A[i + 2], A[i + 3], B[j], B[j + 1], B[j + 2], B[j + 3], C, i, j, kv, k,
                        t);
            }
            for (; j < m; j++) {
                for (int r = i; r < i + 4; r++) {
                    C[r][j] += dot(A[r], B[j], kv, k, t);
                }
            }
        }
        for (; i < i1; i++) {
            final float[] a = A[i], c = C[i];
            int j = 0;
            for (; j + 8 <= m; j += 8) {
                block1x8(a, B, c, j, kv, k, t);
            }
            for (; j + 4 <= m; j += 4) {
                block1x4(a, B[j], B[j + 1], B[j + 2], B[j + 3], c, j, kv, k, t);
            }
            for (; j < m; j++) {
                c[j] += dot(a, B[j], kv, k, t);
            }
        }
    }

    private static float sum(float[] t, int off) {
        float s = t[off];
        for (int l = 1; l < LF; l++) {
            s += t[off + l];
        }
        return s;
    }

    private static float dot(float[] a, float[] b, int kv, int k, float[] t) {
        FloatVector v = FloatVector.zero(SF);
        for (int p = 0; p < kv; p += LF) {
            v = FloatVector.fromArray(SF, a, p).fma(FloatVector.fromArray(SF, b, p), v);
        }
        v.intoArray(t, 0);
        float s = sum(t, 0);
        for (int p = kv; p < k; p++) {
            s = Math.fma(a[p], b[p], s);
        }
        return s;
    }

    private static void block1x4(float[] a, float[] b0, float[] b1, float[] b2, float[] b3, float[] c, int j,
                                 int kv, int k, float[] t) {
        FloatVector v0 = FloatVector.zero(SF), v1 = v0, v2 = v0, v3 = v0;
        for (int p = 0; p < kv; p += LF) {
            FloatVector x = FloatVector.fromArray(SF, a, p);
            v0 = x.fma(FloatVector.fromArray(SF, b0, p), v0);
            v1 = x.fma(FloatVector.fromArray(SF, b1, p), v1);
            v2 = x.fma(FloatVector.fromArray(SF, b2, p), v2);
            v3 = x.fma(FloatVector.fromArray(SF, b3, p), v3);
        }
        v0.intoArray(t, 0);
        v1.intoArray(t, LF);
        v2.intoArray(t, 2 * LF);
        v3.intoArray(t, 3 * LF);
        float s0 = sum(t, 0), s1 = sum(t, LF), s2 = sum(t, 2 * LF), s3 = sum(t, 3 * LF);
        for (int p = kv; p < k; p++) {
            float x = a[p];
            s0 = Math.fma(x, b0[p], s0);
            s1 = Math.fma(x, b1[p], s1);
            s2 = Math.fma(x, b2[p], s2);
            s3 = Math.fma(x, b3[p], s3);
        }
        c[j] += s0;
        c[j + 1] += s1;
        c[j + 2] += s2;
        c[j + 3] += s3;
    }

    private static void block1x8(float[] a, float[][] B, float[] c, int j, int kv, int k, float[] t) {
        final float[] b0 = B[j], b1 = B[j + 1], b2 = B[j + 2], b3 = B[j + 3], b4 = B[j + 4], b5 = B[j + 5],
                b6 = B[j + 6], b7 = B[j + 7];
        FloatVector v0 = FloatVector.zero(SF), v1 = v0, v2 = v0, v3 = v0, v4 = v0, v5 = v0, v6 = v0, v7 = v0;
        for (int p = 0; p < kv; p += LF) {
            FloatVector x = FloatVector.fromArray(SF, a, p);
            v0 = x.fma(FloatVector.fromArray(SF, b0, p), v0);
            v1 = x.fma(FloatVector.fromArray(SF, b1, p), v1);
            v2 = x.fma(FloatVector.fromArray(SF, b2, p), v2);
            v3 = x.fma(FloatVector.fromArray(SF, b3, p), v3);
            v4 = x.fma(FloatVector.fromArray(SF, b4, p), v4);
            v5 = x.fma(FloatVector.fromArray(SF, b5, p), v5);
            v6 = x.fma(FloatVector.fromArray(SF, b6, p), v6);
            v7 = x.fma(FloatVector.fromArray(SF, b7, p), v7);
        }
        v0.intoArray(t, 0);
        v1.intoArray(t, LF);
        v2.intoArray(t, 2 * LF);
        v3.intoArray(t, 3 * LF);
        v4.intoArray(t, 4 * LF);
        v5.intoArray(t, 5 * LF);
        v6.intoArray(t, 6 * LF);
        v7.intoArray(t, 7 * LF);
        float s0 = sum(t, 0), s1 = sum(t, LF), s2 = sum(t, 2 * LF), s3 = sum(t, 3 * LF), s4 = sum(t, 4 * LF), s5 = sum(t, 5 * LF),
                s6 = sum(t, 6 * LF), s7 = sum(t, 7 * LF);
        for (int p = kv; p < k; p++) {
            float x = a[p];
            s0 = Math.fma(x, b0[p], s0);
            s1 = Math.fma(x, b1[p], s1);
            s2 = Math.fma(x, b2[p], s2);
            s3 = Math.fma(x, b3[p], s3);
            s4 = Math.fma(x, b4[p], s4);
            s5 = Math.fma(x, b5[p], s5);
            s6 = Math.fma(x, b6[p], s6);
            s7 = Math.fma(x, b7[p], s7);
        }
        c[j] += s0;
        c[j + 1] += s1;
        c[j + 2] += s2;
        c[j + 3] += s3;
        c[j + 4] += s4;
        c[j + 5] += s5;
        c[j + 6] += s6;
        c[j + 7] += s7;
    }

    private static void block4x4(float[] a0, float[] a1, float[] a2, float[] a3, float[] b0, float[] b1,
                                 float[] b2, float[] b3, float[][] C, int i, int j, int kv, int k, float[] t) {
        FloatVector z = FloatVector.zero(SF);
        FloatVector v00 = z, v01 = z, v02 = z, v03 = z, v10 = z, v11 = z, v12 = z, v13 = z;
        FloatVector v20 = z, v21 = z, v22 = z, v23 = z, v30 = z, v31 = z, v32 = z, v33 = z;
        for (int p = 0; p < kv; p += LF) {
            FloatVector y0 = FloatVector.fromArray(SF, b0, p), y1 = FloatVector.fromArray(SF, b1, p),
                    y2 = FloatVector.fromArray(SF, b2, p), y3 = FloatVector.fromArray(SF, b3, p);
            FloatVector x = FloatVector.fromArray(SF, a0, p);
            v00 = x.fma(y0, v00);
            v01 = x.fma(y1, v01);
            v02 = x.fma(y2, v02);
            v03 = x.fma(y3, v03);
            x = FloatVector.fromArray(SF, a1, p);
            v10 = x.fma(y0, v10);
            v11 = x.fma(y1, v11);
            v12 = x.fma(y2, v12);
            v13 = x.fma(y3, v13);
            x = FloatVector.fromArray(SF, a2, p);
            v20 = x.fma(y0, v20);
            v21 = x.fma(y1, v21);
            v22 = x.fma(y2, v22);
            v23 = x.fma(y3, v23);
            x = FloatVector.fromArray(SF, a3, p);
            v30 = x.fma(y0, v30);
            v31 = x.fma(y1, v31);
            v32 = x.fma(y2, v32);
            v33 = x.fma(y3, v33);
        }
        v00.intoArray(t, 0);
        v01.intoArray(t, LF);
        v02.intoArray(t, 2 * LF);
        v03.intoArray(t, 3 * LF);
        finish(a0, b0, b1, b2, b3, C[i], j, sum(t, 0), sum(t, LF), sum(t, 2 * LF), sum(t, 3 * LF), kv, k);
        v10.intoArray(t, 4 * LF);
        v11.intoArray(t, 5 * LF);
        v12.intoArray(t, 6 * LF);
        v13.intoArray(t, 7 * LF);
        finish(a1, b0, b1, b2, b3, C[i + 1], j, sum(t, 4 * LF), sum(t, 5 * LF), sum(t, 6 * LF), sum(t, 7 * LF), kv, k);
        v20.intoArray(t, 8 * LF);
        v21.intoArray(t, 9 * LF);
        v22.intoArray(t, 10 * LF);
        v23.intoArray(t, 11 * LF);
        finish(a2, b0, b1, b2, b3, C[i + 2], j, sum(t, 8 * LF), sum(t, 9 * LF), sum(t, 10 * LF), sum(t, 11 * LF), kv, k);
        v30.intoArray(t, 12 * LF);
        v31.intoArray(t, 13 * LF);
        v32.intoArray(t, 14 * LF);
        v33.intoArray(t, 15 * LF);
        finish(a3, b0, b1, b2, b3, C[i + 3], j, sum(t, 12 * LF), sum(t, 13 * LF), sum(t, 14 * LF), sum(t, 15 * LF), kv, k);
    }

    private static void finish(float[] a, float[] b0, float[] b1, float[] b2, float[] b3, float[] c, int j,
                               float s0, float s1, float s2, float s3, int kv, int k) {
        for (int p = kv; p < k; p++) {
            float x = a[p];
            s0 = Math.fma(x, b0[p], s0);
            s1 = Math.fma(x, b1[p], s1);
            s2 = Math.fma(x, b2[p], s2);
            s3 = Math.fma(x, b3[p], s3);
        }
        c[j] += s0;
        c[j + 1] += s1;
        c[j + 2] += s2;
        c[j + 3] += s3;
    }
}
