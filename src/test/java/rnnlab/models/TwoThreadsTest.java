package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

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
        int before = Kernels.threads();
        try {
            for (Network.Cell arch : new Network.Cell[] {Network.Cell.ELMAN, Network.Cell.LSTM}) {
                for (boolean bi : new boolean[] {false, true}) {
                    Batch b = batch(50, 7, 8, 12, 3);
                    double[] loss = new double[2];
                    List<Param>[] grads = new List[2];
                    for (int th = 1; th <= 2; th++) {
                        Kernels.setThreads(th);
                        SequenceModel m = Network.builder().cell(arch).vocabulary(50).embedding(30).hidden(48).bidirectional(bi).classes(7).seed(5).build().model();
                        m.lossAndGradient(b);               // first pass sizes the buffers
                        loss[th - 1] = m.lossAndGradient(b);
                        grads[th - 1] = m.params().list();
                    }
                    String what = arch + (bi ? " bidirectional" : "");
                    assertEquals(Double.doubleToLongBits(loss[0]), Double.doubleToLongBits(loss[1]),
                            what + ": loss with 2 threads " + loss[1] + " differs from 1 thread " + loss[0]);
                    for (int i = 0; i < grads[0].size(); i++) {
                        Param p1 = grads[0].get(i), p2 = grads[1].get(i);
                        assertTrue(p1.grad.approxEquals(p2.grad, 0.0), what + ": gradient of " + p1.name
                                + " with 2 threads differs from 1 thread");
                        assertTrue(p1.grad.maxAbs() > 0, what + ": gradient of " + p1.name + " is all zero");
                    }
                }
            }
        } finally {
            Kernels.setThreads(before);
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
        int before = Kernels.threads();
        try {
            for (rnnlab.core.Precision prec : rnnlab.core.Precision.values()) {
                for (Network.Cell arch : new Network.Cell[] {Network.Cell.ELMAN, Network.Cell.LSTM}) {
                    for (boolean bi : new boolean[] {false, true}) {
                        Batch b = batch(80, 100, 16, 16, 4);
                        double[] loss = new double[2];
                        List<Param>[] grads = new List[2];
                        for (int th = 1; th <= 2; th++) {
                            Kernels.setThreads(th);
                            SequenceModel m = Network.builder().cell(arch).vocabulary(80).embedding(64).hidden(64)
                                    .bidirectional(bi).classes(100).precision(prec).seed(6).build().model();
                            m.lossAndGradient(b);
                            loss[th - 1] = m.lossAndGradient(b);
                            grads[th - 1] = m.params().list();
                        }
                        String what = prec + " " + arch + (bi ? " bidirectional" : "");
                        assertEquals(Double.doubleToLongBits(loss[0]), Double.doubleToLongBits(loss[1]),
                                what + ": loss with 2 threads " + loss[1] + " differs from 1 thread " + loss[0]);
                        for (int i = 0; i < grads[0].size(); i++) {
                            Param p1 = grads[0].get(i), p2 = grads[1].get(i);
                            assertTrue(p1.grad.approxEquals(p2.grad, 0.0), what + ": gradient of " + p1.name
                                    + " with 2 threads differs from 1 thread");
                            assertTrue(p1.grad.maxAbs() > 0, what + ": gradient of " + p1.name + " is all zero");
                        }
                    }
                }
            }
        } finally {
            Kernels.setThreads(before);
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
        int before = Kernels.threads();
        try {
            for (String cell : new String[] {"Elman", "LSTM", "LSTM+peephole"}) {
                for (boolean reverse : new boolean[] {false, true}) {
                    for (int B : new int[] {8, 13}) {
                        int T = 11;
                        SplittableRandom rng = new SplittableRandom(B * 31L + T);
                        Matrix[] xs = new Matrix[T], dOut = new Matrix[T];
                        for (int t = 0; t < T; t++) {
                            xs[t] = new Matrix(B, 6);
                            Init.uniform(xs[t], 1.0, rng);
                            dOut[t] = new Matrix(B, 64);
                            Init.uniform(dOut[t], 1.0, rng);
                        }
                        int[] lengths = new int[B];
                        for (int b = 0; b < B; b++) {
                            lengths[b] = b == 3 ? T : 1 + rng.nextInt(T);
                        }
                        Matrix[][] outs = new Matrix[2][], dxs = new Matrix[2][];
                        List<Param>[] params = new List[2];
                        double[][] norms = new double[2][];
                        for (int th = 1; th <= 2; th++) {
                            Kernels.setThreads(th);
                            RecurrentLayer l = layer(cell.startsWith("LSTM") ? "LSTM" : "Elman", reverse,
                                    cell.endsWith("peephole"));
                            l.forward(xs, lengths);
                            l.backward(dOut);                    // first pass sizes the buffers
                            l.params().zeroGrad();
                            outs[th - 1] = copies(l.forward(xs, lengths));
                            dxs[th - 1] = copies(l.backward(dOut));
                            params[th - 1] = l.params().list();
                            norms[th - 1] = l.hiddenGradientNorms();
                        }
                        String what = cell + (reverse ? " reversed" : "") + ", B = " + B;
                        for (int t = 0; t < T; t++) {
                            assertTrue(outs[0][t].approxEquals(outs[1][t], 0.0), what + ": output at t = " + t
                                    + " differs between 1 and 2 threads");
                            assertTrue(dxs[0][t].approxEquals(dxs[1][t], 0.0), what + ": input gradient at t = " + t
                                    + " differs between 1 and 2 threads");
                            assertEquals(Double.doubleToLongBits(norms[0][t]), Double.doubleToLongBits(norms[1][t]),
                                    what + ": gradient norm at t = " + t + " differs");
                        }
                        for (int i = 0; i < params[0].size(); i++) {
                            Param p1 = params[0].get(i), p2 = params[1].get(i);
                            assertTrue(p1.grad.approxEquals(p2.grad, 0.0), what + ": gradient of " + p1.name
                                    + " with 2 threads differs from 1 thread");
                            assertTrue(p1.grad.maxAbs() > 0, what + ": gradient of " + p1.name + " is all zero");
                        }
                    }
                }
            }
        } finally {
            Kernels.setThreads(before);
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
        int before = Kernels.threads();
        try {
            for (String cell : new String[] {"Elman", "LSTM", "LSTM+peephole", "GRU", "Feedforward"}) {
                for (int n : new int[] {24, 96}) {
                    int T = 12, B = 16, H = 48;
                    SplittableRandom rng = new SplittableRandom(n * 7L + cell.length());
                    Matrix[] xs = new Matrix[T], dOut = new Matrix[T];
                    for (int t = 0; t < T; t++) {
                        xs[t] = new Matrix(B, n);
                        Init.uniform(xs[t], 1.0, rng);
                        dOut[t] = new Matrix(B, H);
                        Init.uniform(dOut[t], 1.0, rng);
                    }
                    Matrix[][] dxs = new Matrix[2][];
                    List<Param>[] params = new List[2];
                    for (int th = 1; th <= 2; th++) {
                        Kernels.setThreads(th);
                        SplittableRandom init = new SplittableRandom(3);
                        RecurrentLayer l = switch (cell) {
                            case "Elman" -> new Elman(n, H, Activation.TANH, false, init);
                            case "GRU" -> new rnnlab.cells.GRU(n, H, false, init);
                            case "Feedforward" -> new rnnlab.cells.Feedforward(n, H, Activation.TANH, init);
                            default -> new LSTM(LSTM.Config.of(n, H).withPeephole(cell.endsWith("peephole")), false,
                                    init);
                        };
                        l.setPrecision(rnnlab.core.Precision.FLOAT32);
                        l.forward(xs, null);
                        l.backward(dOut);                    // first pass sizes the buffers
                        l.params().zeroGrad();
                        l.forward(xs, null);
                        dxs[th - 1] = copies(l.backward(dOut));
                        params[th - 1] = l.params().list();
                    }
                    String what = cell + ", n = " + n;
                    for (int t = 0; t < T; t++) {
                        assertTrue(dxs[0][t].maxAbs() > 0, what + ": input gradient at t = " + t + " is all zero");
                        assertTrue(dxs[0][t].approxEquals(dxs[1][t], 0.0), what + ": input gradient at t = " + t
                                + " differs between 1 and 2 threads");
                    }
                    for (int i = 0; i < params[0].size(); i++) {
                        Param p1 = params[0].get(i), p2 = params[1].get(i);
                        assertTrue(p1.grad.approxEquals(p2.grad, 0.0), what + ": gradient of " + p1.name
                                + " with 2 threads differs from 1 thread");
                        assertTrue(p1.grad.maxAbs() > 0, what + ": gradient of " + p1.name + " is all zero");
                    }
                }
            }
        } finally {
            Kernels.setThreads(before);
        }
    }

    /**
     * Kernels.tryInParallel runs both tasks (one on the helper) and says so with 2 threads; it runs nothing and returns
     * false with 1 thread and inside a task of an outer inParallel (the helper busy), where the callers then do their
     * work whole (a product in one call, a time loop over the whole batch) instead of two halves one after the other.
     */
    @Test
    void tryInParallelRunsNothingWhenTheTasksWouldRunOneAfterTheOther() {
        int before = Kernels.threads();
        try {
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
        } finally {
            Kernels.setThreads(before);
        }
    }

    static Matrix[] copies(Matrix[] ms) {
        Matrix[] c = new Matrix[ms.length];
        for (int i = 0; i < ms.length; i++) {
            c[i] = ms[i].copy();
        }
        return c;
    }
}
