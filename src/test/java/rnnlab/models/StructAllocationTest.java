package rnnlab.models;

import org.junit.jupiter.api.Test;

import rnnlab.structured.Crf;

/** The p.38 cells and the CRF layer keep the no-allocation rule of the other cells ({@link AllocationTest}). */
class StructAllocationTest {
    @Test
    void otherRemediesAllocateNothingOnTheSecondPass() {
        for (Network.Cell arch : new Network.Cell[] {Network.Cell.IRNN, Network.Cell.CLOCKWORK, Network.Cell.SCRN}) {
            for (boolean bi : new boolean[] {false, true}) {
                SequenceModel m = Network.builder().cell(arch).vocabulary(10).embedding(3).hidden(4).bidirectional(bi).classes(4).seed(1).build().model();
                AllocationTest.assertSecondPassAllocatesAlmostNothing(arch + (bi ? " bidirectional" : "") + " tagger",
                        m, AllocationTest.idBatch(10, 4));
            }
        }
    }

    @Test
    void crfTaggerAllocatesNothingOnTheSecondPass() {
        for (Crf.Training tr : Crf.Training.values()) {
            SequenceModel plain = Network.builder().cell(Network.Cell.LSTM).vocabulary(10).embedding(3).hidden(4).bidirectional(true).classes(4).seed(1).build().model();
            SequenceModel m = new SequenceModel(plain.embedding(), plain.body(), plain.head(),
                    SequenceModel.Kind.MANY_TO_MANY, new Crf(4).setTraining(tr));
            AllocationTest.assertSecondPassAllocatesAlmostNothing("Bi-LSTM + CRF (" + tr + ")", m,
                    AllocationTest.idBatch(10, 4));
        }
    }
}
