package rnnlab.notebook;

import rnnlab.models.Network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import rnnlab.data.SlotFillingCorpus;
import rnnlab.train.Tagger;
import rnnlab.train.Trainer;
import rnnlab.train.TrainingResult;

class NotebookProgressTest {
    @Test
    void followsTrainingAndRendersOneView() {
        var data = SlotFillingCorpus.splits(60, 20, 10, 2);
        NotebookProgress p = NotebookProgress.inNotebook();
        TrainingResult r = new Trainer(Trainer.Settings.DEFAULT.withEpochs(2)).withProgress(p)
                .fit(Tagger.create(data.train(), Network.builder().cell(Network.Cell.GRU).hidden(8).embedding(4).seed(1).build()),
                        data.train(), data.dev());
        NotebookProgress.View v = p.view();
        assertEquals(1.0, v.fraction());
        assertEquals(r.history().size(), v.epochs().size());
        assertEquals(r.message(), v.status());
        String html = v.toHtml();
        assertEquals(2 + 1, html.split("<tr>").length - 1, "header row + one row per epoch: " + html);
        assertTrue(v.toString().contains("100%"), v.toString());
        assertFalse(Live.inKernel());
        assertFalse(NotebookProgress.create() instanceof NotebookProgress, "terminal reporter outside a kernel");
    }
}
