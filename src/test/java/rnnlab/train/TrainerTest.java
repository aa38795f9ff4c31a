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
import rnnlab.models.Network;
import tech.tablesaw.api.Table;

class TrainerTest {
    static final SlotFillingCorpus.Splits SMALL = SlotFillingCorpus.splits(120, 40, 40, 3);

    static Network small(Network.Cell cell) {
        return Network.builder().cell(cell).hidden(16).embedding(8).seed(5).build();
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
        TrainingResult a = new Trainer(s).fit(Tagger.create(SMALL.train(), small(Network.Cell.ELMAN)),
                SMALL.train(), SMALL.dev());
        TrainingResult b = new Trainer(s).fit(Tagger.create(SMALL.train(), small(Network.Cell.ELMAN)),
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
                .fit(Tagger.create(SMALL.train(), small(Network.Cell.ELMAN)), SMALL.train(), SMALL.dev());
        assertEquals(List.of("a1", "b1", "a2", "b2", "b-done"), heard);
    }

    @Test
    void historyTableHasOneRowPerEpoch() {
        TrainingResult r = new Trainer(Trainer.Settings.DEFAULT.withEpochs(3).withPatience(0)
                .withSchedule(new LearningRateSchedule.Step(1, 0.5)))
                .fit(Tagger.create(SMALL.train(), small(Network.Cell.GRU)), SMALL.train(), SMALL.dev());
        Table t = r.history().toTable();
        assertEquals(3, t.rowCount());
        assertEquals(List.of("epoch", "learning rate", "train loss", "train accuracy", "train F1", "dev loss", "dev accuracy",
                "dev F1", "grad norm", "clipped", "seconds"), t.columnNames());
        assertEquals(0.01 * 0.25, t.doubleColumn("learning rate").get(2), 1e-15);
        assertEquals(r.history().epoch(3).devF1(), t.doubleColumn("dev F1").get(2));
        assertEquals(TrainingResult.Status.COMPLETED, r.status());
    }

    @Test
    void earlyStoppingKeepsTheBestParameters() {
        Dataset train = SMALL.train();
        Dataset dev = train.subset(0, 15);     // reachable F1 = 1: it cannot improve after that
        Params[] bestSeen = new Params[1];
        Tagger tagger = Tagger.create(train, small(Network.Cell.ELMAN));
        ProgressListener spy = new ProgressListener() {
            @Override
            public void epochEnded(EpochStats stats, boolean best) {
                if (best) {
                    bestSeen[0] = tagger.model().params().snapshot();
                }
            }
        };
        TrainingResult r = new Trainer(Trainer.Settings.DEFAULT.withEpochs(40).withPatience(2)).withProgress(spy)
                .fit(tagger, train, dev);
        assertEquals(TrainingResult.Status.EARLY_STOPPED, r.status(), r.toString());
        assertEquals(r.bestEpoch() + 2, r.history().size());
        assertEquals(r.bestMetric(), r.history().epoch(r.bestEpoch()).devF1());
        assertSameValues(bestSeen[0], tagger.model().params());
        assertEquals(r.bestMetric(), tagger.evaluate(dev).f1(), 1e-12);
    }

    @Test
    void aRunawayParameterIsADivergenceEvenWhileTheLossIsFinite() {
        // the vector of <other> is read by no training word (all are in the vocabulary), so the loss stays finite
        Tagger tagger = Tagger.create(SMALL.train(), small(Network.Cell.ELMAN));
        ProgressListener saboteur = new ProgressListener() {
            @Override
            public void step(int epoch, int step, int steps, double loss) {
                if (epoch == 1 && step == 2) {
                    tagger.model().params().get("embedding.E").value.data[rnnlab.data.Vocabulary.OTHER_ID][0] = 1e150;
                }
            }
        };
        Trainer trainer = new Trainer(Trainer.Settings.DEFAULT.withEpochs(2)).withProgress(saboteur);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer.fit(tagger, SMALL.train(), SMALL.dev()));
        assertTrue(e.getMessage().contains("epoch 1, step 3") && e.getMessage().contains(
                "the update made a parameter infinite, NaN or larger than 1e+100 in magnitude"), e.getMessage());
        assertEquals(TrainingResult.Status.DIVERGED, e.result().status());
        assertTrue(Math.abs(tagger.model().params().get("embedding.E").value.data[rnnlab.data.Vocabulary.OTHER_ID][0])
                < 1, "the initial parameters are restored");
    }

    @Test
    void nonFiniteLossStopsWithEpochAndStepAndRestoresTheLastGoodEpoch() {
        Params[] afterEpoch1 = new Params[1];
        Tagger tagger = Tagger.create(SMALL.train(), small(Network.Cell.LSTM));
        ProgressListener saboteur = new ProgressListener() {
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
                .fit(Tagger.create(SMALL.train(), small(Network.Cell.ELMAN)), SMALL.train(), SMALL.dev());
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
        assertThrows(IllegalArgumentException.class, () -> Network.builder().hidden(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> Network.builder().cell(Network.Cell.FEEDFORWARD).bidirectional(true).build());
        String s = Trainer.Settings.DEFAULT.toString();
        for (String f : new String[] {"epochs=20", "batchSize=16", "learningRate=0.01", "threshold=5.0", "patience=5",
            "metric=CHUNK_F1"}) {
            assertTrue(s.contains(f), s);
        }
    }

    @Test
    void settingsHaveNamedOptionsWithDefaults() {
        Trainer.Settings s = Trainer.Settings.builder().epochs(15).batch(8).optimizer(Sgd.defaults().withLearningRate(0.7))
                .clipNorm(1).patience(0).trainMetrics(false).build();
        assertEquals(Trainer.Settings.DEFAULT.withEpochs(15).withBatchSize(8)
                .withOptimizer(new Sgd.Settings(0.7, 0.9)).withClipping(Clipping.norm(1)).withPatience(0)
                .withTrainMetrics(false), s);
        assertEquals(Trainer.Settings.DEFAULT, Trainer.Settings.builder().build());
        assertEquals(s, s.toBuilder().build());
        assertEquals(Clipping.NONE, s.toBuilder().noClipping().build().clipping());
        assertEquals(Clipping.value(2), s.toBuilder().clipValue(2).build().clipping());
        assertEquals(Adam.Settings.DEFAULT, Adam.defaults());
        assertEquals(new Adam.Settings(0.01, 0.8, 0.999, 1e-8), Adam.defaults().withBeta1(0.8));
        assertEquals(new Sgd.Settings(0.1, 0.0), Sgd.defaults().withMomentum(0));
        assertEquals(new RmsProp.Settings(0.005, 0.95, 1e-8), RmsProp.defaults().withRho(0.95));
        assertEquals(new Adagrad.Settings(0.1, 1e-6), Adagrad.defaults().withEpsilon(1e-6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.Settings.builder().epochs(0).build());
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trainer.Settings.builder().batch(0).build());
        assertThrows(IllegalArgumentException.class, () -> Trainer.Settings.builder().patience(-1).build());
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> Trainer.Settings.builder().optimizer(null).build());
        assertTrue(npe.getMessage().contains("optimizer"), npe.getMessage());
    }

    @Test
    void aModelTrainedOnBatchesLearnsExactlyWhatTheTaggerPathLearns() {
        Trainer.Settings s = Trainer.Settings.builder().epochs(2).batch(8).trainMetrics(false).build();
        Tagger a = Tagger.create(SMALL.train(), small(Network.Cell.GRU));
        Tagger b = Tagger.create(SMALL.train(), small(Network.Cell.GRU));
        TrainingResult ra = new Trainer(s).fit(a, SMALL.train(), null);
        BatchSource sentences = (size, seed) -> SMALL.train().shuffled(seed).batches(size, b.words(), b.labels())
                .stream().map(x -> rnnlab.models.Batch.ofIds(x.ids(), x.lengths(), x.labels())).toList();
        TrainingResult rb = new Trainer(s).fit(b.model(), sentences, null);
        assertEquals(ra.history().epoch(2).trainLoss(), rb.history().epoch(2).trainLoss());
        assertSameValues(a.model().params(), b.model().params());
    }

    @Test
    void aManyToOneClassifierTrains() {
        // class of a sequence = does id 3 occur in it? (the answer can be anywhere, so the memory must keep it)
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        int n = 240;
        int[][] ids = new int[n][];
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = new int[2 + rng.nextInt(5)];
            for (int t = 0; t < ids[i].length; t++) {
                ids[i][t] = 1 + rng.nextInt(5);
            }
            classes[i] = java.util.Arrays.stream(ids[i]).anyMatch(x -> x == 3) ? 1 : 0;
        }
        int[][] trainIds = java.util.Arrays.copyOf(ids, 200);
        int[] trainClasses = java.util.Arrays.copyOf(classes, 200);
        List<rnnlab.models.Batch> dev = BatchSource.classified(java.util.Arrays.copyOfRange(ids, 200, n),
                java.util.Arrays.copyOfRange(classes, 200, n)).batches(64, 0);
        var model = Network.builder().cell(Network.Cell.GRU).vocabulary(6).embedding(4).hidden(8).classes(2)
                .manyToOne().seed(3).build().model();
        int untrained = 0;
        for (rnnlab.models.Batch x : dev) {
            int[] c = model.classify(x);
            for (int i = 0; i < c.length; i++) {
                untrained += c[i] == x.classes()[i] ? 1 : 0;
            }
        }
        assertTrue(untrained < 0.8 * (n - 200), "the untrained model is right " + untrained + " times");
        Trainer.Settings s = Trainer.Settings.builder().epochs(12).batch(16).metric(Metric.ACCURACY).patience(0)
                .build();
        TrainingResult r = new Trainer(s).fit(model, BatchSource.classified(trainIds, trainClasses), dev);
        EpochStats first = r.history().epoch(1);
        assertTrue(r.bestMetric() >= 0.95, "dev accuracy " + r.bestMetric() + "\n" + r);
        assertTrue(r.history().last().trainLoss() < 0.25 * first.trainLoss(), r.toString());
        assertEquals(r.bestMetric(), r.history().epoch(r.bestEpoch()).devAccuracy());
        assertTrue(Double.isNaN(first.devF1()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer().fit(model, BatchSource.classified(trainIds, trainClasses), dev));
        assertTrue(e.getMessage().contains("Metric.ACCURACY"), e.getMessage());
    }

    @Test
    void batchSourcesPadShuffleAndCheck() {
        BatchSource src = BatchSource.tagged(new int[][] {{1, 2, 3}, {4}, {5, 6}}, new int[][] {{0, 1, 0}, {1}, {1, 1}});
        List<rnnlab.models.Batch> a = src.batches(2, 7), b = src.batches(2, 7);
        assertEquals(2, a.size());
        assertEquals(a.get(0).labelCount() + a.get(1).labelCount(), 6);
        assertArrayEquals(a.get(0).ids()[0], b.get(0).ids()[0], "same seed, same order");
        for (rnnlab.models.Batch x : a) {
            for (int i = 0; i < x.size(); i++) {
                for (int t = x.lengths()[i]; t < x.steps(); t++) {
                    assertEquals(0, x.ids()[i][t]);
                    assertEquals(-1, x.labels()[i][t]);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> BatchSource.classified(new int[][] {{1}}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> BatchSource.tagged(new int[][] {{1, 2}}, new int[][] {{0}}));
        assertThrows(IllegalArgumentException.class, () -> BatchSource.classified(new int[][] {{}}, new int[] {0}));
    }

    @Test
    void withLengthBucketsTheTaggerTrainsOnBatchesOfSimilarLengths() {
        Trainer.Settings s = Trainer.Settings.builder().epochs(2).batch(8).trainMetrics(false).lengthBuckets(true)
                .build();
        assertTrue(s.lengthBuckets() && !Trainer.Settings.DEFAULT.lengthBuckets());
        Tagger a = Tagger.create(SMALL.train(), small(Network.Cell.GRU));
        Tagger b = Tagger.create(SMALL.train(), small(Network.Cell.GRU));
        new Trainer(s).fit(a, SMALL.train(), null);
        BatchSource sentences = (size, seed) -> SMALL.train().shuffledForBatches(seed, size)
                .batches(size, b.words(), b.labels())
                .stream().map(x -> rnnlab.models.Batch.ofIds(x.ids(), x.lengths(), x.labels())).toList();
        new Trainer(s).fit(b.model(), sentences, null);
        assertSameValues(a.model().params(), b.model().params());
        Tagger c = Tagger.create(SMALL.train(), small(Network.Cell.GRU));
        new Trainer(s.withLengthBuckets(false)).fit(c, SMALL.train(), null);
        assertTrue(!java.util.Arrays.deepEquals(a.model().params().iterator().next().value.data,
                c.model().params().iterator().next().value.data), "random batches train another model");
    }

    @Test
    void trainMetricsScoreAFixedSampleOfALargeTrainingSet() {
        Dataset small = SlotFillingCorpus.generate(Trainer.TRAIN_METRICS_SENTENCES, 4);
        assertTrue(Trainer.trainMetricsSample(small, 1) == small, "a set of the sample's size is scored whole");
        Dataset large = SlotFillingCorpus.generate(Trainer.TRAIN_METRICS_SENTENCES + 500, 4);
        Dataset a = Trainer.trainMetricsSample(large, 1), b = Trainer.trainMetricsSample(large, 1);
        assertEquals(Trainer.TRAIN_METRICS_SENTENCES, a.size());
        assertEquals(a.sentences(), b.sentences(), "the same sample for the same seed, so epochs are comparable");
        assertTrue(large.sentences().containsAll(a.sentences()));
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        seen.addAll(a.sentences());
        assertEquals(a.size(), seen.size(), "no sentence twice");
        assertTrue(!a.sentences().equals(large.subset(0, Trainer.TRAIN_METRICS_SENTENCES).sentences()),
                "a random sample, not the first sentences of the file");
        assertTrue(!a.sentences().equals(Trainer.trainMetricsSample(large, 2).sentences()), "the seed chooses it");
    }
}
