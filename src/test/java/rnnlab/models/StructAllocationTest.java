package rnnlab.models;

import org.junit.jupiter.api.Test;

import rnnlab.RNN;
import rnnlab.structured.Crf;

/** The p.38 cells and the CRF layer keep the no-allocation rule of the other cells ({@link AllocationTest}). */
class StructAllocationTest {
    @Test
    void otherRemediesAllocateNothingOnTheSecondPass() {
        for (RNN.Arch arch : new RNN.Arch[] {RNN.Arch.IRNN, RNN.Arch.CLOCKWORK, RNN.Arch.SCRN}) {
            for (boolean bi : new boolean[] {false, true}) {
                SequenceModel m = RNN.tagger(arch, 10, 3, 4, 1, bi, 4, 1);
                AllocationTest.assertSecondPassAllocatesAlmostNothing(arch + (bi ? " bidirectional" : "") + " tagger",
                        m, AllocationTest.idBatch(10, 4));
            }
        }
    }

    @Test
    void crfTaggerAllocatesNothingOnTheSecondPass() {
        for (Crf.Training tr : Crf.Training.values()) {
            SequenceModel plain = RNN.tagger(RNN.Arch.LSTM, 10, 3, 4, 1, true, 4, 1);
            SequenceModel m = new SequenceModel(plain.embedding(), plain.body(), plain.head(),
                    SequenceModel.Kind.MANY_TO_MANY, new Crf(4).setTraining(tr));
            AllocationTest.assertSecondPassAllocatesAlmostNothing("Bi-LSTM + CRF (" + tr + ")", m,
                    AllocationTest.idBatch(10, 4));
        }
    }
}
