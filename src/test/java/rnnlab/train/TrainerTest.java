package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import rnnlab.core.Param;
import rnnlab.core.Params;
import rnnlab.data.Dataset;
import rnnlab.data.SlotFillingCorpus;
import tech.tablesaw.api.Table;

class TrainerTest {
    static final SlotFillingCorpus.Splits SMALL = SlotFillingCorpus.splits(120, 40, 40, 3);

    static NetworkSettings small(Architecture arch) {
        return new NetworkSettings(arch, false, 1, 16, 8, 0, 5);
    }

    static void assertSameValues(Params expected, Params actual) {
        for (Param p : expected) {
            Param q = actual.get(p.name);
            for (int r = 0; r < p.value.rows; r++) {
                assertArrayEquals(p.value.data[r], q.value.data[r], 0.0, p.name + " row " + r);
            }
        }
    }

    @Test
    void sameSeedSameHistory() {
        Trainer.Settings s = Trainer.Settings.DEFAULT.withEpochs(2);
        TrainingResult a = new Trainer(s).fit(Tagger.create(SMALL.train(), small(Architecture.ELMAN)),
                SMALL.train(), SMALL.dev());
        TrainingResult b = new Trainer(s).fit(Tagger.create(SMALL.train(), small(Architecture.ELMAN)),
                SMALL.train(), SMALL.dev());
        assertArrayEquals(a.history().series(EpochStats::trainLoss), b.history().series(EpochStats::trainLoss), 0.0);
        assertArrayEquals(a.history().series(EpochStats::devF1), b.history().series(EpochStats::devF1), 0.0);
        assertTrue(a.history().epoch(2).trainLoss() < a.history().epoch(1).trainLoss(), a.history().toString());
    }

    @Test
    void allListenersHearEveryEpochInOrder() {
        List<String> heard = new java.util.ArrayList<>();
        ProgressListener a = new ProgressListener() {
            @Override public void epochEnded(EpochStats stats, boolean best) {
                heard.add("a" + stats.epoch());
            }
        };
        ProgressListener b = new ProgressListener() {
            @Override public void epochEnded(EpochStats stats, boolean best) {
                heard.add("b" + stats.epoch());
            }

            @Override public void finished(TrainingResult result) {
                heard.add("b-done");
            }
        };
        new Trainer(Trainer.Settings.DEFAULT.withEpochs(2).withPatience(0)).withProgress(ProgressListener.all(a, b))
                .fit(Tagger.create(SMALL.train(), small(Architecture.ELMAN)), SMALL.train(), SMALL.dev());
        assertEquals(List.of("a1", "b1", "a2", "b2", "b-done"), heard);
    }

    @Test
    void historyTableHasOneRowPerEpoch() {
        TrainingResult r = new Trainer(Trainer.Settings.DEFAULT.withEpochs(3).withPatience(0)
                .withSchedule(new LearningRateSchedule.Step(1, 0.5)))
                .fit(Tagger.create(SMALL.train(), small(Architecture.GRU)), SMALL.train(), SMALL.dev());
        Table t = r.history().toTable();
        assertEquals(3, t.rowCount());
        assertEquals(List.of("epoch", "lr", "train_loss", "train_accuracy", "train_f1", "dev_loss", "dev_accuracy",
                "dev_f1", "grad_norm", "clipped", "seconds"), t.columnNames());
        assertEquals(0.01 * 0.25, t.doubleColumn("lr").get(2), 1e-15);
        assertEquals(r.history().epoch(3).devF1(), t.doubleColumn("dev_f1").get(2));
        assertEquals(TrainingResult.Status.COMPLETED, r.status());
    }

    @Test
    void earlyStoppingKeepsTheBestParameters() {
        Dataset train = SMALL.train();
        Dataset dev = train.subset(0, 15);     // reachable F1 = 1: it cannot improve after that
        Params[] bestSeen = new Params[1];
        ProgressListener spy = new ProgressListener() {
            Tagger tagger;

            @Override
            public void started(Tagger t, Trainer.Settings settings, int steps) {
                tagger = t;
            }

            @Override
            public void epochEnded(EpochStats stats, boolean best) {
                if (best) {
                    bestSeen[0] = tagger.model().params().snapshot();
                }
            }
        };
        Tagger tagger = Tagger.create(train, small(Architecture.ELMAN));
        TrainingResult r = new Trainer(Trainer.Settings.DEFAULT.withEpochs(40).withPatience(2)).withProgress(spy)
                .fit(tagger, train, dev);
        assertEquals(TrainingResult.Status.EARLY_STOPPED, r.status(), r.toString());
        assertEquals(r.bestEpoch() + 2, r.history().size());
        assertEquals(r.bestMetric(), r.history().epoch(r.bestEpoch()).devF1());
        assertSameValues(bestSeen[0], tagger.model().params());
        assertEquals(r.bestMetric(), tagger.evaluate(dev).f1(), 1e-12);
    }

    @Test
    void nonFiniteLossStopsWithEpochAndStepAndRestoresTheLastGoodEpoch() {
        Params[] afterEpoch1 = new Params[1];
        ProgressListener saboteur = new ProgressListener() {
            Tagger tagger;

            @Override
            public void started(Tagger t, Trainer.Settings settings, int steps) {
                tagger = t;
            }

            @Override
            public void epochEnded(EpochStats stats, boolean best) {
                if (stats.epoch() == 1) {
                    afterEpoch1[0] = tagger.model().params().snapshot();
                }
            }

            @Override
            public void step(int epoch, int step, int steps, double loss) {
                if (epoch == 2 && step == 3) {
                    tagger.model().params().get("head.W").value.data[0][0] = Double.NaN; // a "bad update"
                }
            }
        };
        Tagger tagger = Tagger.create(SMALL.train(), small(Architecture.LSTM));
        Trainer trainer = new Trainer(Trainer.Settings.DEFAULT.withEpochs(3).withRestoreBest(false))
                .withProgress(saboteur);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer.fit(tagger, SMALL.train(), SMALL.dev()));
        assertTrue(e.getMessage().contains("epoch 2, step 4"), e.getMessage());
        assertTrue(e.getMessage().contains("lower learning rate") && e.getMessage().contains("clipping"),
                e.getMessage());
        assertEquals(TrainingResult.Status.DIVERGED, e.result().status());
        assertEquals(1, e.result().history().size());
        assertEquals(1, e.result().bestEpoch());
        assertSameValues(afterEpoch1[0], tagger.model().params());
    }

    @Test
    void terminalProgressRedrawsOneLinePerEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new Trainer(Trainer.Settings.DEFAULT.withEpochs(2).withBatchSize(4)).withProgress(ProgressListener.terminal(out))
                .fit(Tagger.create(SMALL.train(), small(Architecture.ELMAN)), SMALL.train(), SMALL.dev());
        String text = bytes.toString(StandardCharsets.UTF_8);
        long newlines = text.chars().filter(c -> c == '\n').count();
        assertEquals(3 + 2 + 1, newlines, text); // 3 header lines, one per epoch, one final message
        assertTrue(text.contains("\r"), "redraws in place");
        assertTrue(text.contains("epoch  2/2"), text);
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Trainer.Settings.DEFAULT.withEpochs(0));
        assertThrows(IllegalArgumentException.class, () -> Trainer.Settings.DEFAULT.withBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> Trainer.Settings.DEFAULT.withPatience(-1));
        assertThrows(IllegalArgumentException.class, () -> NetworkSettings.DEFAULT.withHidden(0));
        assertThrows(IllegalArgumentException.class,
                () -> NetworkSettings.DEFAULT.withArch(Architecture.FEEDFORWARD).withBidirectional(true));
        String s = Trainer.Settings.DEFAULT.toString();
        for (String f : new String[] {"epochs=20", "batchSize=16", "learningRate=0.01", "threshold=5.0", "patience=5",
            "metric=CHUNK_F1"}) {
            assertTrue(s.contains(f), s);
        }
    }
}
