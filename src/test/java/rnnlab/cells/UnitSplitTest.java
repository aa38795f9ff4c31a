package rnnlab.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;

/**
 * The double LSTM time loops split by hidden units at 2 threads (SequenceBase#byUnits: each thread its half of U's
 * gate columns and of Uᵀ, the threads meeting once per step) give the bits of 1 thread: outputs, input gradients,
 * gradient norms and every parameter gradient, with padding and truncation, forwards and reversed, at batch sizes
 * with and without a partial 8-row group. H = 192 puts the layer above the size rule.
 */
class UnitSplitTest {
    private int threadsBefore;
    private String modeBefore;

    @BeforeEach
    void rememberThreads() {
        threadsBefore = Kernels.threads();
        modeBefore = SequenceBase.unitSplitMode;
        SequenceBase.unitSplitMode = "on";       // not left to the timing of passes (SplitChooser)
    }

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(threadsBefore);
        SequenceBase.unitSplitMode = modeBefore;
    }

    record Result(Matrix[] outs, Matrix[] dxs, double[] norms, java.util.List<Param> params, int unitPasses) {
    }

    private static Result run(int threads, boolean reverse, int B, int T, int[] lengths, int truncation,
                              Matrix[] xs, Matrix[] dOut) {
        Kernels.setThreads(threads);
        LSTM l = new LSTM(LSTM.Config.of(xs[0].cols, 192), reverse, new SplittableRandom(7));
        l.setTruncation(truncation);
        for (int pass = 0; pass < 2; pass++) {          // the first pass sizes the buffers
            l.params().zeroGrad();
            l.forward(xs, lengths);
            l.backward(dOut);
        }
        l.params().zeroGrad();
        Matrix[] outs = copies(l.forward(xs, lengths));
        Matrix[] dxs = copies(l.backward(dOut));
        return new Result(outs, dxs, l.hiddenGradientNorms(), l.params().list(), l.unitPasses);
    }

    private static Matrix[] copies(Matrix[] m) {
        Matrix[] c = new Matrix[m.length];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].copy();
        }
        return c;
    }

    @Test
    void unitHalvesGiveTheBitsOfOneThread() {
        assumeTrue(Kernels.columnsSupported(96), "the split needs the Vector API kernels");
        for (boolean reverse : new boolean[] {false, true}) {
            for (int B : new int[] {32, 37}) {
                for (int truncation : new int[] {0, 3}) {
                    int T = 7, n = 40;
                    SplittableRandom rng = new SplittableRandom(B * 31L + truncation);
                    Matrix[] xs = new Matrix[T], dOut = new Matrix[T];
                    for (int t = 0; t < T; t++) {
                        xs[t] = new Matrix(B, n);
                        Init.uniform(xs[t], 1.0, rng);
                        dOut[t] = new Matrix(B, 192);
                        Init.uniform(dOut[t], 1.0, rng);
                    }
                    int[] lengths = new int[B];
                    for (int b = 0; b < B; b++) {
                        lengths[b] = b == 5 ? T : 1 + rng.nextInt(T);
                    }
                    Result one = run(1, reverse, B, T, lengths, truncation, xs, dOut);
                    Result two = run(2, reverse, B, T, lengths, truncation, xs, dOut);
                    String what = (reverse ? "reversed, " : "") + "B = " + B + ", truncation " + truncation;
                    assertEquals(0, one.unitPasses(), what + ": 1 thread split by units");
                    assertEquals(6, two.unitPasses(), what + ": 2 threads did not split the 3 passes by units");
                    for (int t = 0; t < T; t++) {
                        assertTrue(one.outs()[t].approxEquals(two.outs()[t], 0.0), what + ": output at t = " + t);
                        assertTrue(one.dxs()[t].approxEquals(two.dxs()[t], 0.0), what + ": ∂x at t = " + t);
                        assertEquals(Double.doubleToLongBits(one.norms()[t]), Double.doubleToLongBits(two.norms()[t]),
                                what + ": gradient norm at t = " + t);
                    }
                    for (int i = 0; i < one.params().size(); i++) {
                        Param p1 = one.params().get(i), p2 = two.params().get(i);
                        assertTrue(p1.grad.maxAbs() > 0, what + ": gradient of " + p1.name + " is zero");
                        assertTrue(p1.grad.approxEquals(p2.grad, 0.0), what + ": gradient of " + p1.name);
                    }
                }
            }
        }
    }
}
