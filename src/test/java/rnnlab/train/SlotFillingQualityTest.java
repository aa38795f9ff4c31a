package rnnlab.train;

import rnnlab.models.Network;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import rnnlab.data.SlotFillingCorpus;

/**
 * The lecture's point (p.7 vs p.12): on slot filling a tagger with memory beats a per-word feedforward tagger,
 * because only memory tells "arrive Taipei" (destination) from "leave Taipei" (departure).
 */
class SlotFillingQualityTest {
    @Test
    void elmanBeatsFeedforwardByFar() {
        SlotFillingCorpus.Splits data = SlotFillingCorpus.splits(600, 100, 300, 11);
        Trainer.Settings settings = Trainer.Settings.builder().epochs(5).trainMetrics(false).build();
        Network net = Network.defaults();

        Tagger elman = Tagger.create(data.train(), net);
        new Trainer(settings).fit(elman, data.train(), data.dev());
        double elmanF1 = elman.evaluate(data.test()).f1();

        Tagger ff = Tagger.create(data.train(), net.withCell(Network.Cell.FEEDFORWARD));
        new Trainer(settings).fit(ff, data.train(), data.dev());
        var ffEval = ff.evaluate(data.test());

        assertTrue(elmanF1 > 0.9, "Elman chunk F1 " + elmanF1);
        assertTrue(ffEval.f1() < 0.7, "feedforward chunk F1 " + ffEval.f1());
        assertTrue(elmanF1 > ffEval.f1() + 0.25, "Elman " + elmanF1 + " vs feedforward " + ffEval.f1());
        // the feedforward net confuses the two city roles: destination ↔ departure
        var confusion = ffEval.confusion();
        int swapped = confusion.count("B-dest", "B-depart") + confusion.count("B-depart", "B-dest");
        assertTrue(swapped > 20, "feedforward dest/depart confusions: " + swapped + "\n" + confusion);
    }
}
