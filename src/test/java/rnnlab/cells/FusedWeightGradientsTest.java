package rnnlab.cells;

import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import rnnlab.core.GradCheck;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Objective;

/**
 * The weight gradients that share one δ run as one product over δ ({@link Kernels#mulTransAAdd(Matrix[], Matrix,
 * Matrix[], int)} in double, {@code FloatKernels.mulTransAAddInto(As, …)} in float32) only where the Vector API
 * kernels read Aᵀ packed: at least 48 rows in each gradient, and in float32 more than 32,768 elements of δ and one
 * kernel thread. The cells' other tests are smaller, so here each cell that fuses them is checked at such a size:
 * SCRN (∂R, ∂P and ∂A on δ) and Clockwork (Σ hᵗ⁻¹ᵀ·δ, masked afterwards, with ∂Wi), and the float32 Jordan network
 * (∂Wh with ∂Wi, session 13). The double gradients against finite differences (sampled entries), the float32 path
 * against the double one.
 */
public class FusedWeightGradientsTest {
    /** Loss Σₜ gᵗ·yᵗ of a layer's outputs, and its gradients by the layer's backward pass. */
    private static Objective linearLoss(RecurrentLayer l, Matrix[] xs, Matrix[] g) {
        return new Objective() {
            @Override
            public double loss() {
                Matrix[] out = l.forward(xs, null);
                double s = 0;
                for (int t = 0; t < out.length; t++) {
                    for (int r = 0; r < out[t].rows; r++) {
                        for (int j = 0; j < out[t].cols; j++) {
                            s += g[t].get(r, j) * out[t].get(r, j);
                        }
                    }
                }
                return s;
            }

            @Override
            public double gradients() {
                l.params().zeroGrad();
                double v = loss();
                l.backward(g);
                return v;
            }
        };
    }

    private static void checkDouble(RecurrentLayer l, int T, int B, int n) {
        Matrix[] xs = Float32LayerTest.inputs(T, B, n, 7), g = Float32LayerTest.inputs(T, B, l.outputSize(), 8);
        GradCheck.check(linearLoss(l, xs, g), l.params().list(), GradCheck.Options.sampled(12, 3))
                .assertBelow(GradCheck.SEQUENCE_TOLERANCE);
    }

    /** On one kernel thread: the float path fuses only products it would not split between two threads. */
    private static void checkFloat(Supplier<RecurrentLayer> make, int T, int B, int n, String what) {
        int threads = Kernels.threads();
        Kernels.setThreads(1);
        try {
            Float32LayerTest.assertFloatAgreesWithDouble(make, T, B, n, null, what);
        } finally {
            Kernels.setThreads(threads);
        }
    }

    @Test
    void scrnWeightGradientsOnOneDeltaAreRightInDouble() {
        // n = S = 48: ∂A and ∂P have the same shape, so mixing up their products is not a shape error
        checkDouble(new SCRN(48, 56, 48, false, new SplittableRandom(3)), 3, 2, 48);
    }

    @Test
    void scrnWeightGradientsOnOneDeltaAreRightInFloat32() {
        checkFloat(() -> new SCRN(48, 64, 48, false, new SplittableRandom(3)), 8, 72, 48, "SCRN 48→64+48, B 72");
    }

    @Test
    void clockworkWeightGradientsOnOneDeltaAreRightInDouble() {
        checkDouble(new Clockwork(48, 48, 3, false, new SplittableRandom(3)), 3, 2, 48);
    }

    @Test
    void clockworkWeightGradientsOnOneDeltaAreRightInFloat32() {
        checkFloat(() -> new Clockwork(48, 64, 4, false, new SplittableRandom(3)), 8, 72, 48,
                "Clockwork 48→64, 4 modules, B 72");
    }

    @Test
    void jordanWeightGradientsOnOneDeltaAreRightInFloat32() {
        // 48 outputs (the rows of ∂Wh), δ of 8·72·64 > 32,768 elements: ∂Wh and ∂Wi in one pass over δ
        checkFloat(() -> new Jordan(48, 64, 48, rnnlab.core.Activation.TANH, Jordan.Feedback.PROBABILITIES, false,
                new SplittableRandom(3)), 8, 72, 48, "Jordan 48→64→48, B 72");
    }
}
