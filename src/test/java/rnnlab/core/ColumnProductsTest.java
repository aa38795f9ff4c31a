package rnnlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link Kernels#mulAddColumns}: the columns a thread owns when the step products are split by hidden units get the
 * bits of the same columns of the whole product C += A·B on the Vector API kernels (and of C += A·Bᵀ from B's rows), for groups of whole
 * strips, of a strip and a tail, of a tail alone, and for row counts with a partial 8-row group.
 */
class ColumnProductsTest {
    @Test
    void columnsOfBAndOfItsTransposeGetTheBitsOfTheWholeProduct() {
        assumeTrue(Kernels.columnsSupported(VectorKernels.L), "needs the Vector API kernels");
        int L = VectorKernels.L;
        SplittableRandom rng = new SplittableRandom(3);
        for (int rows : new int[] {1, 5, 8, 13, 64}) {
            for (int w : new int[] {L, 2 * L, 3 * L, 5 * L, 16 * L}) {
                for (int k : new int[] {7, 130, 300}) {
                    int m = 4 * w + 3 * L;
                    int[] from = {0, w + L, 2 * w + 3 * L};         // groups with gaps between them
                    Matrix a = new Matrix(rows + 3, k), b = new Matrix(k, m), c0 = new Matrix(rows, m);
                    Init.uniform(a, 1.0, rng);
                    Init.uniform(b, 1.0, rng);
                    Init.uniform(c0, 1.0, rng);
                    Matrix aRows = new Matrix(rows, k);
                    for (int i = 0; i < rows; i++) {
                        aRows.data[i] = a.data[i + 3].clone();
                    }
                    Matrix whole = c0.copy();
                    // the Vector API kernels' fma chains (the shapes the cells split are all above the plain loops')
                    Kernels.VECTOR.mulAdd(aRows.data, b.data, whole.data, 0, rows, k, m);
                    Kernels.PackedColumns p = new Kernels.PackedColumns();
                    p.pack(b, from, w, false);
                    Matrix cols = c0.copy();
                    Kernels.mulAddColumns(a, 3, p, cols);
                    Matrix bt = new Matrix(m, k);
                    Kernels.transpose(b, bt);
                    Kernels.PackedColumns pt = new Kernels.PackedColumns();
                    pt.pack(bt, from, w, true);
                    Matrix colsT = c0.copy();
                    Kernels.mulAddColumns(a, 3, pt, colsT);
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < m; j++) {
                            boolean owned = false;
                            for (int f : from) {
                                owned |= j >= f && j < f + w;
                            }
                            double want = owned ? whole.data[i][j] : c0.data[i][j];
                            String at = rows + "×" + k + "·" + k + "×" + m + ", w " + w + ", (" + i + ", " + j + ")";
                            assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(cols.data[i][j]), at);
                            assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(colsT.data[i][j]),
                                    "transposed " + at);
                        }
                    }
                }
            }
        }
    }
}
