package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.core.Kernels;
import rnnlab.core.Param;

/**
 * With 2 kernel threads (large products split by rows, the two directions of a bidirectional layer at the same
 * time) a training pass gives exactly the same loss and gradients as with 1, bit for bit. The shapes are large
 * enough to cross {@link Kernels#PARALLEL_MIN_WORK}.
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
}
