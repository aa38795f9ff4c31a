package rnnlab.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked products on the JDK's incubating Vector API ({@code --add-modules jdk.incubator.vector}).
 * {@link Kernels} loads this class reflectively, and only when that module is in the boot layer; everywhere else
 * (jshell, notebooks, the CLI, plain {@code java -jar}) the {@link PlainKernels} run.
 *
 * <h2>The micro-kernel</h2>
 * A block of 4 rows × 3 vectors of C (4 × 24 doubles with AVX-512) lives in 12 vector registers while the loop
 * runs over the inner dimension p: per p, 3 loads of a row of B, 4 broadcasts of A's elements and 12 fused
 * multiply-adds. Column strips are the outer loop so a strip of B (k × 24 doubles) stays in cache while every
 * block of rows passes over it.
 *
 * <p>Every element of C is one chain of fused multiply-adds {@code c = fma(a[p], b[p], c)} for p = 0, 1, … in
 * order, in the big blocks, the narrow blocks and the scalar tails alike ({@link Math#fma} rounds the same way).
 * So the result does not depend on where a block or a thread's range of rows starts, and is the same in the
 * interpreter and in compiled code.
 */
final class VectorKernels implements Kernels.Impl {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** True when the hardware has vectors of at least 4 doubles (else the plain loops are as good). */
    static boolean usable() {
        return L >= 4;
    }

    @Override
    public String name() {
        return "Vector API, " + L + " doubles per vector (register-blocked 4×" + (3 * L) + ")";
    }

    @Override
    public void mulAdd(double[][] A, double[][] B, double[][] C, int i0, int i1, int k, int m) {
        int j = 0;
        for (; j + 3 * L <= m; j += 3 * L) {
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                block4x3(A[i], A[i + 1], A[i + 2], A[i + 3], B, C[i], C[i + 1], C[i + 2], C[i + 3], j, k);
            }
            for (; i < i1; i++) {
                block1x3(A[i], B, C[i], j, k);
            }
        }
        for (; j + L <= m; j += L) {
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                block4x1(A[i], A[i + 1], A[i + 2], A[i + 3], B, C[i], C[i + 1], C[i + 2], C[i + 3], j, k);
            }
            for (; i < i1; i++) {
                block1x1(A[i], B, C[i], j, k);
            }
        }
        for (; j < m; j++) {
            for (int i = i0; i < i1; i++) {
                double[] ai = A[i];
                double s = C[i][j];
                for (int p = 0; p < k; p++) {
                    s = Math.fma(ai[p], B[p][j], s);
                }
                C[i][j] = s;
            }
        }
    }

    private static void block4x3(double[] a0, double[] a1, double[] a2, double[] a3, double[][] B,
                                 double[] c0, double[] c1, double[] c2, double[] c3, int j, int k) {
        final int j1 = j + L, j2 = j + 2 * L;
        DoubleVector s00 = DoubleVector.fromArray(S, c0, j), s01 = DoubleVector.fromArray(S, c0, j1),
                s02 = DoubleVector.fromArray(S, c0, j2);
        DoubleVector s10 = DoubleVector.fromArray(S, c1, j), s11 = DoubleVector.fromArray(S, c1, j1),
                s12 = DoubleVector.fromArray(S, c1, j2);
        DoubleVector s20 = DoubleVector.fromArray(S, c2, j), s21 = DoubleVector.fromArray(S, c2, j1),
                s22 = DoubleVector.fromArray(S, c2, j2);
        DoubleVector s30 = DoubleVector.fromArray(S, c3, j), s31 = DoubleVector.fromArray(S, c3, j1),
                s32 = DoubleVector.fromArray(S, c3, j2);
        for (int p = 0; p < k; p++) {
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

    private static void block1x3(double[] a0, double[][] B, double[] c0, int j, int k) {
        final int j1 = j + L, j2 = j + 2 * L;
        DoubleVector s0 = DoubleVector.fromArray(S, c0, j), s1 = DoubleVector.fromArray(S, c0, j1),
                s2 = DoubleVector.fromArray(S, c0, j2);
        for (int p = 0; p < k; p++) {
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
                                 double[] c0, double[] c1, double[] c2, double[] c3, int j, int k) {
        DoubleVector s0 = DoubleVector.fromArray(S, c0, j), s1 = DoubleVector.fromArray(S, c1, j),
                s2 = DoubleVector.fromArray(S, c2, j), s3 = DoubleVector.fromArray(S, c3, j);
        for (int p = 0; p < k; p++) {
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

    private static void block1x1(double[] a0, double[][] B, double[] c0, int j, int k) {
        DoubleVector s0 = DoubleVector.fromArray(S, c0, j);
        for (int p = 0; p < k; p++) {
            s0 = DoubleVector.fromArray(S, B[p], j).fma(DoubleVector.broadcast(S, a0[p]), s0);
        }
        s0.intoArray(c0, j);
    }

    @Override
    public void mulTransAAdd(double[][] A, double[][] B, double[][] C, int p0, int p1, int n, int m) {
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
}
