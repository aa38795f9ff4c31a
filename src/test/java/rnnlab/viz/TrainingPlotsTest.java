package rnnlab.viz;

import rnnlab.models.Network;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import rnnlab.data.SlotFillingCorpus;
import rnnlab.eval.LabelReport;
import rnnlab.table.Tables;
import rnnlab.train.EpochStats;
import rnnlab.train.Evaluation;
import rnnlab.train.Tagger;
import rnnlab.train.Trainer;
import rnnlab.train.TrainingResult;
import tech.tablesaw.api.Table;

/** Plots and tables of a real (small, seeded) training run read the library's History and Evaluation. */
class TrainingPlotsTest {
    static TrainingResult run;
    static Evaluation dev;
    static LiveChart live;
    static int frames;

    @BeforeAll
    static void train() {
        SlotFillingCorpus.Splits data = SlotFillingCorpus.splits(120, 40, 40, 3);
        Tagger tagger = Tagger.create(data.train(), Network.builder().cell(Network.Cell.ELMAN).hidden(8).embedding(8).seed(5).build());
        live = new LiveChart("Training", "value", "train loss", "dev loss", "dev F1", "unknown");
        live.onUpdate(img -> frames++);
        run = new Trainer(Trainer.Settings.DEFAULT.withEpochs(3).withPatience(0))
            .withProgress(live.progressListener()).fit(tagger, data.train(), data.dev());
        dev = tagger.evaluate(data.dev());
    }

    @Test
    void liveChartIsFedByTheTrainer() {
        assertEquals(3, frames, "one picture per epoch");
        assertArrayEquals(run.history().series(EpochStats::trainLoss), live.values("train loss"), 0.0);
        assertArrayEquals(run.history().series(EpochStats::devF1), live.values("dev F1"), 0.0);
        assertTrue(Double.isNaN(live.values("unknown")[0]), "series the trainer does not know stay NaN");
    }

    @Test
    void curvesFromHistory() {
        XYChart loss = Plots.lossCurves(run.history());
        assertArrayEquals(run.history().series(EpochStats::devLoss), loss.getSeriesMap().get("dev loss").getYData(),
            0.0);
        XYChart metrics = Plots.metricCurves(run.history());
        assertEquals(List.of("train accuracy", "dev accuracy", "train F1", "dev F1"),
            new ArrayList<>(metrics.getSeriesMap().keySet()));
        assertArrayEquals(run.history().series(EpochStats::devF1), metrics.getSeriesMap().get("dev F1").getYData(),
            0.0);
        Plots.toImage(metrics);
    }

    @Test
    void evaluationPlots() {
        HeatMapChart cm = Plots.confusionMatrix(dev.confusion());
        assertEquals(dev.confusion().labels(), Plots.heatRows(cm));
        int[][] counts = dev.confusion().counts();
        assertEquals(counts[0][1], Plots.heatValue(cm, 0, 1), 0.0);
        LabelReport report = dev.labelReport();
        CategoryChart f1 = Plots.f1Bars(report);
        String label1 = report.rows().get(1).label();              // each label is its own series, bar at its place
        assertEquals(report.rows().get(1).f1(),
            new ArrayList<Number>(f1.getSeriesMap().get(label1).getYData()).get(1).doubleValue(), 0.0);
        assertTrue(f1.getTitle().contains("macro F1"), f1.getTitle());
        Plots.toImage(cm);
        Plots.toImage(f1);
    }

    @Test
    void historyTable() {
        Table t = Tables.history(run.history());
        assertEquals(3, t.rowCount());
        assertEquals(List.of("epoch", "train loss", "dev loss"), Tables.columnNames(t).subList(0, 3));
        assertTrue(t.columnNames().contains("dev F1"));
        assertEquals(run.history().epoch(2).devF1(), t.doubleColumn("dev F1").getDouble(1), 0.0);
    }
}
