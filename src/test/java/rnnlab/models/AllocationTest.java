package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.cells.RecurrentLayer;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.layers.Dense;
import rnnlab.testing.SteadyState;

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

    /**
     * After a first pass has sized the buffers, passes of the same batch shape allocate at most {@link #MAX_BYTES}
     * each ({@link SteadyState#PASSES_WITHIN_LIMIT} in a row). The rule is about compiled code: in a cold JVM the
     * interpreter allocates what C2 removes (and the Vector API kernels box their vectors until compiled), so passes
     * are repeated until the JIT has compiled them ({@link SteadyState}: it asks the JIT, and waits longer on a
     * loaded machine); a buffer allocated at every pass is allocated by compiled code too and fails.
     */
    static void assertSecondPassAllocatesAlmostNothing(String what, SequenceModel model, Batch batch) {
        SteadyState.assertAtMost(what, MAX_BYTES, () -> model.lossAndGradient(batch));
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
