package rnnlab.reference;

import rnnlab.models.Network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import rnnlab.cells.RecurrentLayer;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.models.SequenceModel;

/**
 * The fast layers of {@code rnnlab.cells} against the reference cells, on the whole gradient-check grid: every cell ×
 * {uni, bidirectional} × {1, 2 layers} × {many-to-many, many-to-one} × {unpadded, padded} × {exact, truncated
 * BPTT}, always from NON-ZERO initial states. The reference runs each sequence of the batch alone and unpadded, so
 * the same test also says that padding never changes a result, with or without truncation (issue 10, point 15).
 * Outputs, input gradients, initial-state gradients and every parameter gradient agree to {@link #TOL} (relative
 * to max(1, |value|)).
 */
class FastAgreesWithReferenceTest {
    /** Agreement of two double computations in a different summation order (FMA, blocking): a few ulp, amplified. */
    static final double TOL = 1e-12;
    static final int IN = 3, HIDDEN = 4, T = 6;

    static Stream<Arguments> grid() {
        List<Arguments> list = new ArrayList<>();
        for (Network.Cell arch : Network.Cell.recurrent()) {
            if (arch == Network.Cell.CLOCKWORK || arch == Network.Cell.SCRN) {
                continue; // the p.38 cells (issue 14) have no reference twin yet; GradientCheckTest covers them
            }
            for (boolean bi : new boolean[] {false, true}) {
                for (int layers : new int[] {1, 2}) {
                    for (SequenceModel.Kind kind : SequenceModel.Kind.values()) {
                        for (boolean padded : new boolean[] {false, true}) {
                            for (int truncation : new int[] {0, 2, 4}) {
                                list.add(Arguments.of(arch, bi, layers, kind, padded, truncation));
                            }
                        }
                    }
                }
            }
        }
        return list.stream();
    }

    static Matrix random(int rows, int cols, double scale, SplittableRandom rng) {
        Matrix m = new Matrix(rows, cols);
        Init.uniform(m, scale, rng);
        return m;
    }

    static Matrix[] copies(Matrix[] ms) {
        Matrix[] c = new Matrix[ms.length];
        for (int t = 0; t < ms.length; t++) {
            c[t] = ms[t].copy();
        }
        return c;
    }

    static void assertClose(String what, Matrix expected, Matrix actual) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int r = 0; r < expected.rows; r++) {
            for (int c = 0; c < expected.cols; c++) {
                double e = expected.get(r, c), a = actual.get(r, c);
                assertTrue(Math.abs(e - a) <= TOL * Math.max(1, Math.abs(e)),
                        what + "[" + r + "," + c + "]: reference " + e + ", fast " + a + " (differ by "
                                + Math.abs(e - a) + ")");
            }
        }
    }

    static Matrix row(Matrix m, int r) {
        return Matrix.of(m.data[r]);
    }

    @ParameterizedTest(name = "{0} bi={1} layers={2} {3} padded={4} bptt={5}")
    @MethodSource("grid")
    void fastLayersAgreeWithTheReferenceCells(Network.Cell arch, boolean bi, int layers, SequenceModel.Kind kind,
                                              boolean padded, int truncation) {
        SplittableRandom rng = new SplittableRandom(arch.ordinal() * 100 + layers * 10 + (bi ? 1 : 0));
        RecurrentLayer fast = Network.builder().cell(arch).embedding(0).inputs(IN).hidden(HIDDEN).layers(layers).bidirectional(bi).seed(7).build().body();
        for (Param p : fast.params()) {
            Init.uniform(p.value, 1.0, rng); // ±1: every entry carries a gradient worth comparing
        }
        fast.setTruncation(truncation);
        int B = 3;
        int[] lengths = padded ? new int[] {T, 2, 5} : null;
        Matrix[] xs = new Matrix[T];
        for (int t = 0; t < T; t++) {
            xs[t] = random(B, IN, 1.0, rng);
        }
        fast.forward(xs, lengths);                 // creates the initial states …
        for (Param p : fast.initialState()) {
            Init.uniform(p.value, 0.8, rng);       // … which we make non-zero
        }
        int m = fast.outputSize();
        Matrix[] out = copies(fast.forward(xs, lengths));
        Matrix[] dOut = new Matrix[T];
        for (int t = 0; t < T; t++) {
            dOut[t] = new Matrix(B, m);
        }
        if (kind == SequenceModel.Kind.MANY_TO_MANY) {
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    if (lengths == null || t < lengths[b]) {   // a masked loss: nothing at padding steps
                        Init.uniform(Matrix.ofRows(new double[][] {dOut[t].data[b]}), 1.0, rng);
                    }
                }
            }
        } else {
            fast.scatterLast(random(B, m, 1.0, rng), lengths, dOut); // the summary vector's gradient only
        }
        fast.params().zeroGrad();
        Matrix[] dXs = copies(fast.backward(dOut));
        Map<String, Matrix> fastInitGrads = new HashMap<>();
        for (Param p : fast.initialState()) {
            fastInitGrads.put(p.name, p.grad.copy());
        }

        SequenceLayer ref = Reference.of(fast);
        ref.setTruncation(truncation);
        ref.params().zeroGrad();
        for (int b = 0; b < B; b++) {              // each sequence alone, unpadded: gradients ADD over the runs
            int len = lengths == null ? T : lengths[b];
            Matrix[] xb = new Matrix[len], db = new Matrix[len];
            for (int t = 0; t < len; t++) {
                xb[t] = row(xs[t], b);
                db[t] = row(dOut[t], b);
            }
            Reference.copyInitialState(fast, ref, b);
            Matrix[] rOut = ref.forward(xb);
            Matrix[] rdx = ref.backward(db);
            for (int t = 0; t < T; t++) {
                String at = "sequence " + b + " step " + (t + 1);
                if (t < len) {
                    assertClose("output, " + at, rOut[t], row(out[t], b));
                    assertClose("∂x, " + at, rdx[t], row(dXs[t], b));
                } else {
                    assertClose("∂x at a padding step, " + at, new Matrix(1, IN), row(dXs[t], b));
                }
            }
            for (Param p : ref.initialState()) {
                assertClose("∂" + p.name + ", sequence " + b, p.grad, row(fastInitGrads.get(p.name), b));
            }
        }
        assertEquals(ref.params().names(), fast.params().names());
        for (Param p : ref.params()) {
            assertClose("∂" + p.name, p.grad, fast.params().get(p.name).grad);
        }
    }
}
