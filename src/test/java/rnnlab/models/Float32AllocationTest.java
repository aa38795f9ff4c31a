package rnnlab.models;

import org.junit.jupiter.api.Test;

import rnnlab.core.Precision;

/**
 * "No allocation per step" in float32 mode, as {@link AllocationTest} for double: once a float32 model has seen a
 * batch shape, another forward + backward pass allocates (almost) nothing. Kept apart from {@link Float32ModelTest}
 * because mutation testing (pom.xml, PIT) excludes allocation tests: its coverage probes allocate.
 */
class Float32AllocationTest {
    @Test
    void aSecondFloat32PassAllocatesNothing() {
        for (Network.Cell arch : Network.Cell.values()) {
            for (boolean bi : arch.isRecurrent() ? new boolean[] {false, true} : new boolean[] {false}) {
                SequenceModel m = Network.builder().cell(arch).vocabulary(10).embedding(3).hidden(4).bidirectional(bi)
                        .classes(4).seed(1).precision(Precision.FLOAT32).build().model();
                AllocationTest.assertSecondPassAllocatesAlmostNothing("float32 " + arch + (bi ? " bidirectional" : "")
                        + " tagger", m, AllocationTest.idBatch(10, 4));
            }
        }
        for (Network.Cell arch : new Network.Cell[] {Network.Cell.LSTM, Network.Cell.GRU}) {
            SequenceModel dropout = Network.builder().cell(arch).vocabulary(10).embedding(3).hidden(4)
                    .classes(4).seed(1).recurrentDropout(0.3).precision(Precision.FLOAT32).build().model();
            AllocationTest.assertSecondPassAllocatesAlmostNothing("float32 " + arch + " with recurrent dropout",
                    dropout, AllocationTest.idBatch(10, 4));
        }
    }
}
