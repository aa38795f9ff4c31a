package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import rnnlab.cells.Elman;
import rnnlab.cells.LSTM;
import rnnlab.cells.RecurrentLayer;
import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.layers.Dropout;

/**
 * With 2 kernel threads (large products split by rows, the two directions of a bidirectional layer at the same
 * time) a training pass gives exactly the same loss and gradients as with 1, bit for bit. The shapes are large
 * enough to cross {@link Kernels#PARALLEL_MIN_WORK}, and batches of 8 or more sequences run each recurrent layer's
 * time loop in two halves of the batch, one per thread.
 */
class TwoThreadsTest {
    /** The kernel threads before each test, set again after it (the tests switch between 1 and 2). */
    private int threadsBefore;

    @BeforeEach
    void rememberThreads() {
        threadsBefore = Kernels.threads();
    }

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(threadsBefore);
    }

    /** {@code run} with 1 kernel thread, then with 2: element 0 is what 1 thread gave, element 1 what 2 gave. */
    static <R> List<R> withOneAndTwoThreads(IntFunction<R> run) {
        Kernels.setThreads(1);
        R one = run.apply(1);
        Kernels.setThreads(2);
        R two = run.apply(2);
        return List.of(one, two);
    }

    /** What a training pass (loss) or a layer's pass (the layer, its outputs and input gradients) gave; params. */
    record Pass(double loss, RecurrentLayer layer, Matrix[] outs, Matrix[] dxs, List<Param> params) {
    }

    /**
     * A model built fresh by {@code build} with 1 thread and with 2: a first pass sizes the buffers, the loss and
     * gradients of the second are compared bit for bit, and no gradient is all zero.
     */
    static void assertModelPassesAgree(String what, Supplier<SequenceModel> build, Batch b) {
        List<Pass> p = withOneAndTwoThreads(th -> {
            SequenceModel m = build.get();
            m.lossAndGradient(b);               // first pass sizes the buffers
            double loss = m.lossAndGradient(b);
            return new Pass(loss, null, null, null, m.params().list());
        });
        assertEquals(Double.doubleToLongBits(p.get(0).loss()), Double.doubleToLongBits(p.get(1).loss()),
                what + ": loss with 2 threads " + p.get(1).loss() + " differs from 1 thread " + p.get(0).loss());
        assertSameNonZeroGradients(what, p.get(0).params(), p.get(1).params());
    }

    /** Every parameter's gradient the same bits with 1 and 2 threads, and none all zero. */
    static void assertSameNonZeroGradients(String what, List<Param> one, List<Param> two) {
        for (int i = 0; i < one.size(); i++) {
            Param p1 = one.get(i), p2 = two.get(i);
            assertTrue(p1.grad.approxEquals(p2.grad, 0.0), what + ": gradient of " + p1.name
                    + " with 2 threads differs from 1 thread");
            assertTrue(p1.grad.maxAbs() > 0, what + ": gradient of " + p1.name + " is all zero");
        }
    }

    /** Inputs xᵗ (B × n) and output gradients (B × H) of T steps, drawn in the order x⁰, ∂out⁰, x¹, ∂out¹, … */
    static Matrix[][] inputsAndOutputGradients(int T, int B, int n, int H, SplittableRandom rng) {
        Matrix[] xs = new Matrix[T], dOut = new Matrix[T];
        for (int t = 0; t < T; t++) {
            xs[t] = new Matrix(B, n);
            Init.uniform(xs[t], 1.0, rng);
            dOut[t] = new Matrix(B, H);
            Init.uniform(dOut[t], 1.0, rng);
        }
        return new Matrix[][] {xs, dOut};
    }

    /**
     * A layer's second forward + backward pass (the first sizes the buffers; the gradients are zeroed between them):
     * copies of its outputs and input gradients, and its parameters.
     */
    static Pass layerPass(RecurrentLayer l, Matrix[] xs, int[] lengths, Matrix[] dOut) {
        l.forward(xs, lengths);
        l.backward(dOut);                    // first pass sizes the buffers
        l.params().zeroGrad();
        Matrix[] outs = copies(l.forward(xs, lengths));
        Matrix[] dxs = copies(l.backward(dOut));
        return new Pass(Double.NaN, l, outs, dxs, l.params().list());
    }

    static Batch batch(int vocab, int classes, int B, int T, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] ids = new int[B][T], labels = new int[B][T];
        int[] lengths = new int[B];
        for (int b = 0; b < B; b++) {
            lengths[b] = b == 0 ? T : 1 + rng.nextInt(T);
            for (int t = 0; t < T; t++) {
                ids[b][t] = rng.nextInt(vocab);
                labels[b][t] = t < lengths[b] ? rng.nextInt(classes) : -1;
            }
        }
        return Batch.ofIds(ids, lengths, labels);
    }

    @Test
    void oneAndTwoThreadsGiveBitIdenticalLossAndGradients() {
        for (Network.Cell arch : new Network.Cell[] {Network.Cell.ELMAN, Network.Cell.LSTM}) {
            for (boolean bi : new boolean[] {false, true}) {
                assertModelPassesAgree(arch + (bi ? " bidirectional" : ""), () -> Network.builder().cell(arch)
                        .vocabulary(50).embedding(30).hidden(48).bidirectional(bi).classes(7).seed(5).build().model(),
                        batch(50, 7, 8, 12, 3));
            }
        }
    }

    /**
     * The same at shapes where every split of a step is taken (in float32 and double): the output layer's rows in
     * two halves (256·d·100 ≥ 2¹⁸ multiply-adds), the softmax of the steps in two halves (256·100 ≥ 2¹⁴ scores), the
     * float32 weight gradients ∂U | ∂W on the two threads (256·64·64 ≥ 2¹⁸), with padding; and with the helper held
     * through the step ({@link Kernels#holdHelper}), as {@link SequenceModel} does.
     */
    @Test
    void everySplitOfAStepGivesTheBitsOfOneThreadInBothPrecisions() {
        for (rnnlab.core.Precision prec : rnnlab.core.Precision.values()) {
            for (Network.Cell arch : new Network.Cell[] {Network.Cell.ELMAN, Network.Cell.LSTM}) {
                for (boolean bi : new boolean[] {false, true}) {
                    assertModelPassesAgree(prec + " " + arch + (bi ? " bidirectional" : ""), () -> Network.builder()
                            .cell(arch).vocabulary(80).embedding(64).hidden(64).bidirectional(bi).classes(100)
                            .precision(prec).seed(6).build().model(), batch(80, 100, 16, 16, 4));
                }
            }
        }
    }

    /**
     * The same where the double weight gradients of δ run fused and split by rows on the two threads (each half of
     * ∂U's and ∂W's rows at least {@code VectorKernels.PACK_MIN_ROWS}: H = n = 100, as at B32) and the bias gradient
     * Σ rows of δ runs on the helper beside its rows ({@code Kernels.mulTransAAdd(…, beside)}): a ∂b left out on
     * either thread, or summed in another order, fails it.
     */
    @Test
    void fusedDoubleWeightGradientsWithTheBiasGradientBesideGiveTheBitsOfOneThread() {
        for (Network.Cell arch : new Network.Cell[] {Network.Cell.ELMAN, Network.Cell.LSTM}) {
            assertModelPassesAgree(arch + ", fused weight gradients", () -> Network.builder().cell(arch)
                    .vocabulary(80).embedding(100).hidden(100).classes(10).seed(8).build().model(),
                    batch(80, 10, 16, 16, 5));
        }
    }

    @Test
    void holdsOfTheHelperNestAndAnUnmatchedReleaseIsRefused() {
        Kernels.holdHelper();
        Kernels.holdHelper();
        Kernels.releaseHelper();
        Kernels.releaseHelper();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                Kernels::releaseHelper);
        assertTrue(e.getMessage().contains("holdHelper"), e.getMessage());
        Kernels.holdHelper();                    // still usable after the refused release
        Kernels.releaseHelper();
    }

    /**
     * A recurrent layer with every option the batch halves must honour: padding, truncation, recurrent dropout. H = 64
     * and T = 11 put even an Elman layer with B = 8 above the splitting threshold (T·B·H² ≥ 2¹⁷ multiply-adds).
     */
    static RecurrentLayer layer(String cell, boolean reverse, boolean peephole) {
        SplittableRandom rng = new SplittableRandom(11);
        Dropout.Control control = new Dropout.Control(5);
        control.setTraining(true);
        RecurrentLayer l = cell.equals("Elman")
                ? new Elman(6, 64, Activation.TANH, reverse, rng)
                : new LSTM(LSTM.Config.of(6, 64).withPeephole(peephole), reverse, rng);
        l.setTruncation(4);
        if (!peephole) {
            l.setRecurrentDropout(new Dropout(0.3, 64, control));
        }
        return l;
    }

    @Test
    void batchHalvesGiveBitIdenticalOutputsGradientsAndNormsWithPaddingTruncationAndDropout() {
        for (String cell : new String[] {"Elman", "LSTM", "LSTM+peephole"}) {
            for (boolean reverse : new boolean[] {false, true}) {
                for (int B : new int[] {8, 13}) {
                    int T = 11;
                    SplittableRandom rng = new SplittableRandom(B * 31L + T);
                    Matrix[][] io = inputsAndOutputGradients(T, B, 6, 64, rng);
                    int[] lengths = new int[B];
                    for (int b = 0; b < B; b++) {
                        lengths[b] = b == 3 ? T : 1 + rng.nextInt(T);
                    }
                    List<Pass> p = withOneAndTwoThreads(th -> layerPass(layer(cell.startsWith("LSTM") ? "LSTM"
                            : "Elman", reverse, cell.endsWith("peephole")), io[0], lengths, io[1]));
                    List<double[]> norms = List.of(p.get(0).layer().hiddenGradientNorms(),
                            p.get(1).layer().hiddenGradientNorms());
                    String what = cell + (reverse ? " reversed" : "") + ", B = " + B;
                    for (int t = 0; t < T; t++) {
                        assertTrue(p.get(0).outs()[t].approxEquals(p.get(1).outs()[t], 0.0), what
                                + ": output at t = " + t + " differs between 1 and 2 threads");
                        assertTrue(p.get(0).dxs()[t].approxEquals(p.get(1).dxs()[t], 0.0), what
                                + ": input gradient at t = " + t + " differs between 1 and 2 threads");
                        assertEquals(Double.doubleToLongBits(norms.get(0)[t]), Double.doubleToLongBits(norms.get(1)[t]),
                                what + ": gradient norm at t = " + t + " differs");
                    }
                    assertSameNonZeroGradients(what, p.get(0).params(), p.get(1).params());
                }
            }
        }
    }

    /**
     * The float32 weight gradients and ∂x in one hand-over (SequenceBase.gradientsFloat): the calling thread takes ∂U
     * (and ∂P), the helper ∂W and ∂b, then both take chunks of ∂x rows from a shared counter, so which thread computes
     * which rows varies from pass to pass; n = 24 and 96 against H = 48 make either side the larger. With dense double
     * inputs, so ∂x is widened to double by the thread that computed it; the bits of 1 thread.
     */
    @Test
    void weightGradientsAndChunksOfInputGradientsInOneHandOverGiveTheBitsOfOneThread() {
        for (String cell : new String[] {"Elman", "LSTM", "LSTM+peephole", "GRU", "Feedforward"}) {
            for (int n : new int[] {24, 96}) {
                int T = 12, B = 16, H = 48;
                Matrix[][] io = inputsAndOutputGradients(T, B, n, H, new SplittableRandom(n * 7L + cell.length()));
                List<Pass> p = withOneAndTwoThreads(th -> {
                    SplittableRandom init = new SplittableRandom(3);
                    RecurrentLayer l = switch (cell) {
                        case "Elman" -> new Elman(n, H, Activation.TANH, false, init);
                        case "GRU" -> new rnnlab.cells.GRU(n, H, false, init);
                        case "Feedforward" -> new rnnlab.cells.Feedforward(n, H, Activation.TANH, init);
                        default -> new LSTM(LSTM.Config.of(n, H).withPeephole(cell.endsWith("peephole")), false,
                                init);
                    };
                    l.setPrecision(rnnlab.core.Precision.FLOAT32);
                    return layerPass(l, io[0], null, io[1]);
                });
                String what = cell + ", n = " + n;
                for (int t = 0; t < T; t++) {
                    assertTrue(p.get(0).dxs()[t].maxAbs() > 0, what + ": input gradient at t = " + t
                            + " is all zero");
                    assertTrue(p.get(0).dxs()[t].approxEquals(p.get(1).dxs()[t], 0.0), what + ": input gradient at t = "
                            + t + " differs between 1 and 2 threads");
                }
                assertSameNonZeroGradients(what, p.get(0).params(), p.get(1).params());
            }
        }
    }

    /**
     * Kernels.tryInParallel runs both tasks (one on the helper) and says so with 2 threads; it runs nothing and returns
     * false with 1 thread and inside a task of an outer inParallel (the helper busy), where the callers then do their
     * work whole (a product in one call, a time loop over the whole batch) instead of two halves one after the other.
     */
    @Test
    void tryInParallelRunsNothingWhenTheTasksWouldRunOneAfterTheOther() {
        int[] runs = new int[4];
        boolean[] nested = new boolean[1];
        Runnable a = () -> runs[0]++, b = () -> runs[1]++;
        Kernels.setThreads(1);
        assertTrue(!Kernels.tryInParallel(a, b) && runs[0] == 0 && runs[1] == 0, "1 thread: nothing run");
        Kernels.setThreads(2);
        assertTrue(Kernels.tryInParallel(a, b) && runs[0] == 1 && runs[1] == 1, "2 threads: both run once");
        Kernels.inParallel(() -> nested[0] = Kernels.tryInParallel(a, b), () -> runs[2]++);
        assertTrue(!nested[0] && runs[0] == 1 && runs[1] == 1 && runs[2] == 1,
                "inside an outer task the helper is busy: nothing run, false");
    }

    static Matrix[] copies(Matrix[] ms) {
        Matrix[] c = new Matrix[ms.length];
        for (int i = 0; i < ms.length; i++) {
            c[i] = ms[i].copy();
        }
        return c;
    }
}
