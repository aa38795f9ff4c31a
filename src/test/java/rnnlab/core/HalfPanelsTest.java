package rnnlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import rnnlab.models.Batch;
import rnnlab.models.Network;
import rnnlab.models.SequenceModel;
import rnnlab.testing.ChildJvm;

/**
 * The two block shapes of the packed products: on machines of 16 vector registers (vectors of at most 256 bits, AVX2)
 * the 8-row blocks run as two 4-row blocks ({@link VectorKernels#HALF_PANELS}), elsewhere as one. Each element of C is
 * the same fma chain either way, so the bits must not depend on the machine kind: a child JVM runs the products and
 * two training steps with the other shape ({@code -Drnnlab.halfPanels}) and must print the same bits as this JVM.
 * (This JVM's own shape is checked against the naive products by {@code KernelImplementationsTest} and {@code
 * FloatKernelsTest}; so the other shape is checked too.)
 */
class HalfPanelsTest {
    @Test
    void theHalfAndTheWholeEightRowBlocksGiveTheSameBits() throws IOException, InterruptedException {
        assumeTrue(Kernels.vectorised() && FloatKernels.vectorised(), "needs the Vector API kernels");
        String here = Digests.all();
        boolean other = !VectorKernels.HALF_PANELS;
        String out = ChildJvm.run(List.of("-Drnnlab.halfPanels=" + other), Digests.class);
        // the child really ran the other shape (else this test could not fail)
        assertEquals("half panels " + other + " " + other, out.lines().filter(l -> l.startsWith("half panels"))
                .findFirst().orElse("(no line)"), out);
        String there = out.lines().filter(l -> !l.startsWith("half panels") && !l.startsWith("kernels")
                        && !l.startsWith("WARNING"))
                .reduce("", (a, b) -> a + b + "\n");
        assertEquals(here, there, "bits with half panels " + VectorKernels.HALF_PANELS + " (here) and " + other
                + " (child)");
    }

    /** Prints (child) or returns (this JVM) one line per product or step: its name and a digest of its bits. */
    public static final class Digests {
        public static void main(String[] args) {
            System.out.println("kernels: " + Kernels.implementation() + " / " + FloatKernels.implementation());
            System.out.println("half panels " + VectorKernels.HALF_PANELS + " " + VectorFloatKernels.HALF_PANELS);
            System.out.print(all());
        }

        static String all() {
            StringBuilder s = new StringBuilder();
            SplittableRandom rng = new SplittableRandom(17);
            // Aᵀ·B with both operands packed: widths whose last strip is 1, 2 or 3 vectors, whole or cut, on 4-, 8-
            // and 16-lane vectors (8×3, 8×2 and 8×1 blocks, and the edge tile)
            for (int[] nkm : new int[][] {{300, 100, 208}, {257, 43, 200}, {96, 24, 40}}) {
                int n = nkm[0], k = nkm[1], m = nkm[2];
                Matrix a = random(n, k, rng), b = random(n, m, rng), c = random(k, m, rng);
                Kernels.mulTransAAdd(a, b, c);
                s.append("double Aᵀ·B ").append(n).append('×').append(k).append('×').append(m).append(' ')
                        .append(digest(c)).append('\n');
                float[][] af = toFloat(a), bf = toFloat(b), cf = toFloat(c);
                FloatKernels.mulTransAAdd(af, bf, cf, n, k, m);
                s.append("float Aᵀ·B ").append(digest(cf)).append('\n');
            }
            // A·B on a packed B (8×3 from zero, 8×3; the rows outer when C is large) and on B's rows (few rows)
            for (int[] nkm : new int[][] {{200, 130, 208}, {3000, 50, 200}, {40, 60, 100}, {53, 37, 77}}) {
                int n = nkm[0], k = nkm[1], m = nkm[2];
                Matrix a = random(n, k, rng), b = random(k, m, rng), c = random(n, m, rng), d = new Matrix(n, m);
                Kernels.mulAdd(a, b, c);
                Kernels.mul(a, b, d);
                s.append("double A·B ").append(n).append('×').append(k).append('×').append(m).append(' ')
                        .append(digest(c)).append(' ').append(digest(d)).append('\n');
                float[][] af = toFloat(a), bf = toFloat(b), cf = toFloat(c), df = new float[n][m];
                FloatKernels.mulAdd(af, bf, cf, n, k, m);
                FloatKernels.mul(af, bf, df, n, k, m);
                s.append("float A·B ").append(digest(cf)).append(' ').append(digest(df)).append('\n');
            }
            // a recurrent weight packed once, then h·U: with 64 rows A is packed too (8×3 on two packed arrays), with
            // 12 the 8×3 block reads A's rows (fewer than PACKED_A_MIN_ROWS)
            Matrix u = random(256, 300, rng);
            Kernels.Packed packed = new Kernels.Packed();
            packed.pack(u);
            float[][] uf = toFloat(u);
            FloatKernels.Packed fp = new FloatKernels.Packed();
            fp.pack(uf, 256, 300);
            for (int rows : new int[] {64, 12}) {
                Matrix h = random(rows, 256, rng), pre = random(rows, 300, rng);
                Kernels.mulAddRows(h, packed, pre, 0, rows);
                s.append("double h·U packed, ").append(rows).append(" rows ").append(digest(pre)).append('\n');
                float[][] hf = toFloat(h), pf = toFloat(pre);
                FloatKernels.mulAddRows(hf, fp, pf, 0, rows, 256);
                s.append("float h·U packed ").append(digest(pf)).append('\n');
            }
            // whole training steps, both precisions, both kernel threads
            for (Precision prec : Precision.values()) {
                for (boolean bi : new boolean[] {false, true}) {
                    SequenceModel model = Network.builder().cell(Network.Cell.LSTM).vocabulary(60).embedding(40)
                            .hidden(72).bidirectional(bi).classes(30).precision(prec).seed(5).build().model();
                    int B = 32, T = 9;
                    SplittableRandom r = new SplittableRandom(3);
                    int[][] ids = new int[B][T], labels = new int[B][T];
                    for (int i = 0; i < B; i++) {
                        for (int t = 0; t < T; t++) {
                            ids[i][t] = r.nextInt(60);
                            labels[i][t] = r.nextInt(30);
                        }
                    }
                    double loss = model.lossAndGradient(Batch.ofIds(ids, null, labels));
                    long g = Double.doubleToRawLongBits(loss);
                    for (Param p : model.params()) {
                        g = g * 31 + digest(p.grad);
                    }
                    s.append("step ").append(prec).append(bi ? " BiLSTM " : " LSTM ").append(g).append('\n');
                }
            }
            return s.toString();
        }

        static Matrix random(int r, int c, SplittableRandom rng) {
            Matrix m = new Matrix(r, c);
            for (double[] row : m.data) {
                for (int j = 0; j < c; j++) {
                    row[j] = rng.nextDouble(-1, 1);
                }
            }
            return m;
        }

        static float[][] toFloat(Matrix m) {
            float[][] f = new float[m.rows][m.cols];
            FloatKernels.toFloat(m, f);
            return f;
        }

        static long digest(Matrix m) {
            long h = 1;
            for (double[] row : m.data) {
                for (int j = 0; j < m.cols; j++) {
                    h = h * 1_000_003 + Double.doubleToRawLongBits(row[j]);
                }
            }
            return h;
        }

        static long digest(float[][] f) {
            long h = 1;
            for (float[] row : f) {
                for (float v : row) {
                    h = h * 1_000_003 + Float.floatToRawIntBits(v);
                }
            }
            return h;
        }
    }
}
