package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.cells.RecurrentLayer;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.layers.Dense;

/**
 * "No allocation inside the time loop or the training step" (docs/design-notes.md, "Storage layout and kernels"): once a model has seen a batch
 * shape, another forward + backward pass of the same shape allocates (almost) nothing, measured with the JVM's
 * per-thread allocation counter.
 *
 * <p>The shapes are small so every product runs in the plain-Java kernels: in a cold JVM the incubating Vector API
 * still boxes its vectors until the JIT compiles the kernels; the benchmark ({@code bench/run}) reports the bytes
 * per step of warmed-up large models, where the vector kernels run.
 */
class AllocationTest {
    /** Bytes a repeated pass may allocate: a few iterator objects, nothing that grows with T, B or the sizes. */
    static final long MAX_BYTES = 4096;

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * After a first pass has sized the buffers, a pass of the same batch shape allocates at most {@link #MAX_BYTES}.
     * The rule is about compiled code: run alone (a cold JVM) the Vector API kernels are interpreted at first, and
     * the interpreter allocates an object per vector operation, so passes are repeated (for at most a few seconds)
     * until the JIT has compiled them; a buffer allocated at every pass fails however long it runs.
     */
    static void assertSecondPassAllocatesAlmostNothing(String what, SequenceModel model, Batch batch) {
        model.lossAndGradient(batch); // sizes every buffer for this batch shape
        long least = Long.MAX_VALUE;
        long deadline = System.nanoTime() + 30_000_000_000L; // the JIT needs thousands of passes; slower under load
        do {
            long before = allocatedBytes();
            model.lossAndGradient(batch);
            least = Math.min(least, allocatedBytes() - before);
        } while (least > MAX_BYTES && System.nanoTime() < deadline);
        assertTrue(least <= MAX_BYTES, what + ": every forward + backward pass of the same batch shape allocated at "
                + "least " + least + " bytes over 30 s of passes (allowed " + MAX_BYTES + "); buffers must be sized "
                + "once and reused");
    }

    static Batch idBatch(int vocab, int classes) {
        int[][] ids = {{1, 2, 3, 4, 5}, {6, 7, 8, 0, 0}, {9, 1, 2, 3, 0}};
        int[][] labels = {{0, 1, 2, 3, 0}, {1, 2, 3, -1, -1}, {2, 3, 0, 1, -1}};
        return Batch.ofIds(ids, new int[] {5, 3, 4}, labels);
    }

    @Test
    void taggersAllocateNothingOnTheSecondPass() {
        for (Network.Cell arch : Network.Cell.values()) {
            for (boolean bi : arch.isRecurrent() ? new boolean[] {false, true} : new boolean[] {false}) {
                SequenceModel m = Network.builder().cell(arch).vocabulary(10).embedding(3).hidden(4).bidirectional(bi).classes(4).seed(1).build().model();
                assertSecondPassAllocatesAlmostNothing(arch + (bi ? " bidirectional" : "") + " tagger", m,
                        idBatch(10, 4));
            }
        }
    }

    @Test
    void denseInputModelsAllocateNothingOnTheSecondPass() {
        for (Network.Cell arch : new Network.Cell[] {Network.Cell.ELMAN, Network.Cell.LSTM}) {
            SplittableRandom rng = new SplittableRandom(2);
            RecurrentLayer body = arch.layer(Network.builder().cell(arch).embedding(0).inputs(3).hidden(4).build(), 3, false, rng);
            SequenceModel m = new SequenceModel(null, body, new Dense(4, 3, rng), SequenceModel.Kind.MANY_TO_MANY);
            Matrix[] xs = new Matrix[9];
            for (int t = 0; t < xs.length; t++) {
                xs[t] = new Matrix(2, 3);
                Init.uniform(xs[t], 1.0, rng);
            }
            int[][] labels = {{0, 1, 2, 0, 1, 2, 0, 1, 2}, {2, 1, 0, 2, 1, 0, 2, 1, 0}};
            assertSecondPassAllocatesAlmostNothing(arch + " on input vectors (the lecture's shapes)", m,
                    Batch.ofInputs(xs, null, labels));
        }
    }
}
