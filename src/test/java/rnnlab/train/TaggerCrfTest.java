package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.data.Dataset;
import rnnlab.data.Sentence;
import rnnlab.data.SentenceBatch;
import rnnlab.data.SlotFillingCorpus;
import rnnlab.io.ModelFile;
import rnnlab.io.ModelFileException;
import rnnlab.models.Batch;
import rnnlab.models.Network;
import rnnlab.models.SequenceModel;
import rnnlab.structured.Crf;

/**
 * The CRF output layer as an option of the network description: built by {@link Network}, trained through the
 * {@link Trainer} by the CRF's negative log-likelihood, saved in and loaded from a model file bit for bit; and the
 * p.38 cells (IRNN, Clockwork, SCRN) as taggers through the same path.
 */
class TaggerCrfTest {
    @TempDir
    Path dir;

    static final SlotFillingCorpus.Splits SPLITS = SlotFillingCorpus.splits(40, 10, 10, 3);

    static Network.Builder small() {
        return Network.builder().embedding(4).hidden(4).seed(5);
    }

    /** Every parameter drawn uniformly from [−0.5, 0.5] (the CRF starts at 0, which would hide transposed indices). */
    static void spread(SequenceModel m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Param p : m.params()) {
            Init.uniform(p.value, 0.5, rng);
        }
    }

    static Batch firstBatch(Tagger t, Dataset d, int size) {
        SentenceBatch b = d.batches(size, t.words(), t.labels()).get(0);
        return t.trainingBatch(b);
    }

    @Test
    void theOptionBuildsACrfLayerAndIsWrittenOnlyWhenOn() {
        Network plain = small().build();
        Network crf = small().crf(true).build();
        assertFalse(plain.crf());
        assertNull(plain.crfTraining());
        assertFalse(plain.toSettings().containsKey("crf") || plain.toSettings().containsKey("iobConstraints"),
                "files without a CRF keep exactly their keys: " + plain.toSettings());
        assertEquals("likelihood", crf.toSettings().get("crf"));
        assertFalse(crf.toSettings().containsKey("iobConstraints"));
        Network iob = small().crf(Crf.Training.SVM).iobConstraints(true).build();
        assertEquals("svm", iob.toSettings().get("crf"));
        assertEquals("true", iob.toSettings().get("iobConstraints"));
        assertEquals(iob, Network.fromSettings(iob.toSettings()));
        assertEquals(crf, Network.fromSettings(crf.toSettings()));
        assertEquals(plain, crf.withCrf(false));

        Tagger t = Tagger.create(SPLITS.train(), crf);
        Crf layer = t.model().crf();
        assertNotNull(layer);
        assertEquals(t.labels().size(), layer.labels());
        assertEquals(Crf.Training.LIKELIHOOD, layer.training());
        assertFalse(layer.hasConstraints());
        List<String> names = t.model().params().names();
        assertEquals(List.of("crf.A", "crf.start", "crf.end"), names.subList(names.size() - 3, names.size()));
        // the CRF draws nothing from the seed: every other tensor equals the plain network's
        Tagger p = Tagger.create(SPLITS.train(), plain);
        assertEquals(p.model().params().names(), names.subList(0, names.size() - 3));
        for (Param q : p.model().params()) {
            assertArrayEquals(q.value.data, t.model().params().get(q.name).value.data, q.name);
        }
        Tagger c = Tagger.create(SPLITS.train(), iob);
        assertTrue(c.model().crf().hasConstraints());
        int o = c.labels().id("O"), iDest = c.labels().id("I-dest"), bDest = c.labels().id("B-dest");
        assertFalse(c.model().crf().isAllowed(o, iDest));
        assertFalse(c.model().crf().isAllowedFirst(iDest));
        assertTrue(c.model().crf().isAllowed(bDest, iDest));
    }

    @Test
    void badCombinationsAreRefusedWithTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> small().crf(true).manyToOne().build());
        assertTrue(e.getMessage().contains("many-to-one") && e.getMessage().contains("drop crf"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> small().iobConstraints(true).manyToOne().build());
        assertTrue(e.getMessage().contains("many-to-one") && e.getMessage().contains("drop iobConstraints"),
                e.getMessage());
        small().vocabulary(5).classes(3).iobConstraints(true).build().model();   // without a CRF: decoding only
        var s = assertThrows(IllegalStateException.class,
                () -> small().vocabulary(5).classes(3).crf(true).iobConstraints(true).build().model());
        assertTrue(s.getMessage().contains("model(labelNames)"), s.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Network.fromSettings(Map.of("crf", "maximum")));
        assertTrue(e.getMessage().contains("setting crf=maximum") && e.getMessage().contains("perceptron"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> small().vocabulary(5).classes(3).crf(true).build().model(List.of("O", "B-x")));
        assertTrue(e.getMessage().contains("2 label names") && e.getMessage().contains("3 classes"), e.getMessage());
        // data that is not IOB2 cannot be scored by a CRF that forbids I-x after O: refused before training
        Dataset bad = Dataset.of("bad.conll", List.of(Sentence.of(List.of("a", "b"), List.of("B-x", "I-x")),
                Sentence.of(List.of("c", "d"), List.of("O", "I-x"))));
        e = assertThrows(IllegalArgumentException.class,
                () -> Tagger.create(bad, small().crf(true).iobConstraints(true).build()));
        assertTrue(e.getMessage().contains("sentence 2 of bad.conll") && e.getMessage().contains("I-x after O"),
                e.getMessage());
        Tagger.create(bad, small().crf(true).build());       // without the constraints the data is fine
        // a model file of kind "model" has no label names, so it cannot rebuild IOB constraints
        Tagger t = Tagger.create(SPLITS.train(), small().crf(true).iobConstraints(true).build());
        e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(t.model(), dir.resolve("m.rnnlab")));
        assertTrue(e.getMessage().contains("save the Tagger"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("m.rnnlab")));
    }

    /** The whole tagger (embedding, cell, output layer, CRF) against centred differences, for every cell type. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Network.Cell.class)
    void gradientsOfTheWholeTaggerWithCrfMatchCentredDifferences(Network.Cell cell) {
        Network net = small().cell(cell).bidirectional(cell.isRecurrent()).crf(true).iobConstraints(true).build();
        Tagger t = Tagger.create(SPLITS.train(), net);
        spread(t.model(), 17);
        Batch batch = firstBatch(t, SPLITS.train(), 3);
        assertTrue(batch.lengths()[0] != batch.lengths()[2], "a padded batch");
        GradCheckReport r;
        if (cell == Network.Cell.IRNN) {   // ReLU kinks: small probes, every resolvable entry (as GradientCheckTest)
            r = t.model().gradientCheck(batch, GradCheck.Options.secondOrder(1e-6));
            r.assertAccurate(GradCheck.SEQUENCE_TOLERANCE);
        } else {
            // every entry the centred difference resolves agrees to 1e-6; a few transition or recurrent entries are
            // ~1e-6 themselves, where 1e-12 rounding noise of the difference is a 1e-6 relative error, so the
            // strict check on every entry uses 1e-4
            r = t.model().gradientCheck(batch, GradCheck.Options.full());
            r.assertAccurate(GradCheck.SEQUENCE_TOLERANCE).assertBelow(1e-4);
        }
        for (String name : List.of("embedding.E", "crf.A", "crf.start", "crf.end")) {
            assertTrue(r.entries().stream().anyMatch(e -> e.name().equals(name)), name + " was checked");
        }
    }

    /** A one-layer unidirectional Jordan network has no output layer: its own outputs are the CRF's emissions. */
    @Test
    void aJordanNetworkWhoseLayerIsTheOutputFeedsTheCrfDirectly() {
        Tagger t = Tagger.create(SPLITS.train(), small().cell(Network.Cell.JORDAN).crf(true).iobConstraints(true)
                .build());
        assertNull(t.model().head(), "the Jordan layer is the output");
        spread(t.model(), 29);
        GradCheckReport r = t.model().gradientCheck(firstBatch(t, SPLITS.train(), 3), GradCheck.Options.full());
        r.assertAccurate(GradCheck.SEQUENCE_TOLERANCE).assertBelow(1e-4);
        assertTrue(r.entries().stream().anyMatch(e -> e.name().equals("crf.A")));
    }

    /** The CRF option with dropout: both stored, and dropout acts only in training (tagging is deterministic). */
    @Test
    void crfWithDropoutSavesAndTagsDeterministically() {
        Network net = small().cell(Network.Cell.LSTM).crf(true).dropout(0.2, 0.2, 0.2).build();
        Tagger t = Tagger.create(SPLITS.train(), net);
        new Trainer(Trainer.Settings.builder().epochs(1).batch(8).patience(0).build().withTrainMetrics(false))
                .fit(t, SPLITS.train(), null);
        Path f = dir.resolve("dropout-crf.rnnlab");
        ModelFile.save(t, f);
        Tagger back = ModelFile.loadTagger(f);
        assertTrue(back.network().crf() && back.network().hasDropout());
        assertSameTagger(t, back, SPLITS.test());
    }

    /** What the Trainer minimises is the CRF's −log P(y | x) = log Z(x) − s(x, y), per token. */
    @Test
    void theTrainerMinimisesTheCrfNegativeLogLikelihood() {
        Dataset few = SPLITS.train().subset(0, 6);
        Tagger t = Tagger.create(SPLITS.train(), small().cell(Network.Cell.GRU).crf(true).build());
        spread(t.model(), 3);
        // by hand, sentence by sentence, from the emissions and the CRF's own enumeration-tested formulas
        double nll = 0;
        int tokens = 0;
        for (Sentence s : few.sentences()) {
            Batch one = firstBatch(t, Dataset.of(List.of(s)), 1);
            Matrix[] scores = t.model().forward(one);
            double[][] e = new double[s.length()][];
            for (int i = 0; i < e.length; i++) {
                e[i] = scores[i].rowCopy(0);
            }
            int[] y = t.labels().ids(s.labels());
            nll += t.model().crf().logPartition(e) - t.model().crf().score(e, y);
            tokens += s.length();
        }
        assertTrue(nll > 0);
        double[] first = {Double.NaN};
        Trainer tr = new Trainer(Trainer.Settings.builder().epochs(1).batch(16).patience(0).build()
                .withTrainMetrics(false));
        tr.withProgress(new ProgressListener() {
            @Override
            public void step(int epoch, int step, int steps, double loss) {
                if (epoch == 1 && step == 1) {
                    first[0] = loss;
                }
            }
        });
        tr.fit(t, few, null);
        assertEquals(nll / tokens, first[0], 1e-12 * nll, "the first step's loss per token");
    }

    /**
     * The whole path (words → network → CRF with IOB rules) against enumeration of all 13⁴ = 28561 label sequences
     * of short sentences: the model's loss is log Σ_y exp s(y) − s(gold) over the allowed y, its prediction the
     * enumerated best; returns the worst relative disagreement of the loss.
     */
    static double bruteForceTagger(Crf.Training training) {
        Tagger t = Tagger.create(SPLITS.train(), small().cell(Network.Cell.LSTM).bidirectional(true).crf(training)
                .iobConstraints(true).build());
        spread(t.model(), 41);
        Crf crf = t.model().crf();
        int K = t.labels().size();
        double worst = 0;
        List<Sentence> sentences = List.of(
                Sentence.of(List.of("leave", "Taipei", "on", "Friday"), List.of("O", "B-depart", "O", "B-depart_date")),
                Sentence.of(List.of("arrive", "in", "Los", "Angeles"), List.of("O", "O", "B-dest", "I-dest")),
                Sentence.of(List.of("to", "Boston"), List.of("O", "B-dest")),
                Sentence.of(List.of("November", "2nd", "Taipei"), List.of("B-depart_date", "I-depart_date", "B-dest")));
        for (Sentence s : sentences) {
            Batch one = firstBatch(t, Dataset.of(List.of(s)), 1);
            Matrix[] out = t.model().forward(one);
            int T = s.length();
            double[][] e = new double[T][];
            for (int i = 0; i < T; i++) {
                e[i] = out[i].rowCopy(0);
            }
            int[] y = new int[T], gold = t.labels().ids(s.labels()), best = null;
            double z = 0, bestScore = Double.NEGATIVE_INFINITY, bestCost = Double.NEGATIVE_INFINITY;
            for (int n = 0; n < Math.pow(K, T); n++) {
                for (int i = 0, r = n; i < T; i++, r /= K) {
                    y[i] = r % K;
                }
                double sc = crf.score(e, y);        // −∞ for a forbidden sequence
                if (sc == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                int hamming = 0;
                for (int i = 0; i < T; i++) {
                    hamming += y[i] == gold[i] ? 0 : 1;
                }
                z += Math.exp(sc);
                bestCost = Math.max(bestCost, sc + hamming);
                if (sc > bestScore) {
                    bestScore = sc;
                    best = y.clone();
                }
            }
            double expected = switch (training) {
                case LIKELIHOOD -> Math.log(z) - crf.score(e, gold);
                case PERCEPTRON -> bestScore - crf.score(e, gold);
                case SVM -> bestCost - crf.score(e, gold);
            };
            double loss = t.model().loss(one);
            worst = Math.max(worst, Math.abs(loss - expected) / Math.max(1, Math.abs(expected)));
            assertArrayEquals(best, t.model().predict(one)[0], "prediction = enumerated best allowed sequence");
        }
        return worst;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Crf.Training.class)
    void theTaggersLossAndPredictionEqualEnumeration(Crf.Training training) {
        double worst = bruteForceTagger(training);
        assertTrue(worst < 1e-12, "worst relative disagreement " + worst);
    }

    /** A CRF tagger learns the data's transitions: invalid IOB2 steps score below the seen ones. */
    @Test
    void trainingLearnsTransitionScores() {
        Tagger t = Tagger.create(SPLITS.train(), small().cell(Network.Cell.GRU).hidden(8).crf(true).build());
        TrainingResult r = new Trainer(Trainer.Settings.builder().epochs(4).batch(8).patience(0).build()
                .withTrainMetrics(false)).fit(t, SPLITS.train(), null);
        var h = r.history();
        assertTrue(h.last().trainLoss() < h.epoch(1).trainLoss(), "the loss went down: " + h.epochs());
        Crf crf = t.model().crf();
        int o = t.labels().id("O"), iDest = t.labels().id("I-dest"), bDest = t.labels().id("B-dest");
        assertTrue(crf.A.value.get(o, iDest) < crf.A.value.get(bDest, iDest),
                "O → I-dest (never seen) below B-dest → I-dest (seen)");
    }

    /** Saving and loading a CRF tagger gives the same scores, marginals, Viterbi paths and constraints, bit for bit. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Crf.Training.class)
    void aCrfTaggerSurvivesSaveAndLoadBitForBit(Crf.Training training) {
        for (boolean iob : new boolean[] {false, true}) {
            Network net = small().cell(Network.Cell.LSTM).bidirectional(true).crf(training).iobConstraints(iob).build();
            Tagger t = Tagger.create(SPLITS.train(), net);
            spread(t.model(), 23);
            Path f = dir.resolve(training + "-" + iob + ".rnnlab");
            ModelFile.save(t, f);
            Tagger back = ModelFile.loadTagger(f);
            assertEquals(net.toBuilder().vocabulary(t.words().size()).classes(t.labels().size()).build(),
                    back.network());
            assertEquals(training, back.model().crf().training());
            assertSameTagger(t, back, SPLITS.test());
            Crf a = t.model().crf(), b = back.model().crf();
            assertEquals(iob, b.hasConstraints());
            for (int i = 0; i < a.labels(); i++) {
                assertEquals(a.isAllowedFirst(i), b.isAllowedFirst(i));
                for (int j = 0; j < a.labels(); j++) {
                    assertEquals(a.isAllowed(i, j), b.isAllowed(i, j));
                }
            }
            assertTrue(ModelFile.info(f).toString().contains("network.crf=" + training.name().toLowerCase()));
        }
    }

    /** The p.38 cells as taggers: trained a little, saved, loaded, bit for bit (with and without a CRF layer). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Network.Cell.class, names = {"IRNN", "CLOCKWORK", "SCRN"})
    void theP38CellsSurviveSaveAndLoadAsTaggers(Network.Cell cell) throws Exception {
        for (boolean crf : new boolean[] {false, true}) {
            Tagger t = Tagger.create(SPLITS.train(), small().cell(cell).hidden(6).layers(2).crf(crf).build());
            new Trainer(Trainer.Settings.builder().epochs(1).batch(8).patience(0).build().withTrainMetrics(false))
                    .fit(t, SPLITS.train(), null);
            Path f = dir.resolve(cell + "-" + crf + ".rnnlab"), g = dir.resolve(cell + "-" + crf + "-again.rnnlab");
            ModelFile.save(t, f);
            Tagger back = ModelFile.loadTagger(f);
            assertEquals(cell, back.network().cell());
            assertSameTagger(t, back, SPLITS.test());
            ModelFile.save(back, g);
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g), "saving the loaded tagger again");
        }
    }

    static void assertSameTagger(Tagger a, Tagger b, Dataset data) {
        for (SentenceBatch sb : data.batches(7, a.words(), a.labels())) {
            Batch batch = a.trainingBatch(sb);
            Matrix[] x = a.model().forward(batch), y = b.model().forward(batch);
            for (int s = 0; s < x.length; s++) {
                assertArrayEquals(x[s].data, y[s].data, "scores at step " + s);
            }
            Matrix[] p = a.model().probabilities(batch), q = b.model().probabilities(batch);
            for (int s = 0; s < p.length; s++) {
                assertArrayEquals(p[s].data, q[s].data, "probabilities (marginals) at step " + s);
            }
            assertArrayEquals(a.model().predict(batch), b.model().predict(batch), "decoded paths");
            assertEquals(a.model().loss(batch), b.model().loss(batch), 0.0, "loss");
        }
        assertEquals(a.tag(data), b.tag(data));
    }

    @Test
    void aFileWithoutCrfHasNoCrfKeys() throws Exception {
        Tagger t = Tagger.create(SPLITS.train(), small().build());
        Path f = dir.resolve("plain.rnnlab");
        ModelFile.save(t, f);
        ModelFile.Info info = ModelFile.info(f);
        assertFalse(info.settings().keySet().stream().anyMatch(k -> k.contains("crf") || k.contains("iob")),
                info.toString());
        List<String> keys = new ArrayList<>(info.settings().keySet());
        assertEquals(List.of("rnnlab.version", "network.cell", "network.activation", "network.cellOutput",
                "network.gate", "network.peepholes", "network.forgetBias", "network.feedback", "network.layers",
                "network.bidirectional", "network.vocabulary", "network.embedding", "network.window",
                "network.inputs", "network.hidden", "network.classes", "network.output", "network.seed",
                "vocabulary.minCount", "vocabulary.maxSize", "vocabulary.lowerCase", "vocabulary.digits"), keys,
                "the keys (and so the bytes) of a file without the option are those written before it existed");
        assertThrows(ModelFileException.class, () -> ModelFile.loadModel(f), "kind tagger, not model");
    }
}
