package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import rnnlab.core.GradCheck;
import rnnlab.core.Param;
import rnnlab.data.LabelledSentences.Example;
import rnnlab.data.SentimentCorpus;
import rnnlab.models.Network;
import rnnlab.models.Pooling;
import rnnlab.models.SequenceModel;

/**
 * The sentence classifier end to end: built from a {@link Network}, trained by {@link Trainer}; gradients,
 * evaluation, word order, attention weights.
 */
class ClassifierTest {
    @ParameterizedTest
    @EnumSource(Pooling.class)
    void gradientsOfEveryPooling(Pooling p) {
        var data = SentimentCorpus.generate(6, 1);
        var c = Classifier.create(data, Classifier.networkBuilder().pooling(p).hidden(3).embedding(3)
                .bidirectional(true).build());
        var r = p == Pooling.MAX
                ? c.gradientCheck(data, new GradCheck.Options(1e-5, 0, 1, 4)).assertAccurate(GradCheck.SEQUENCE_TOLERANCE)
                : c.gradientCheck(data, GradCheck.Options.full()).assertAccurate(GradCheck.SEQUENCE_TOLERANCE);
        assertTrue(r.entries().size() >= 5);
    }

    @Test
    void theModelIsTheOneTheNetworkDescriptionBuilds() {
        var data = SentimentCorpus.generate(20, 1);
        var c = Classifier.create(data, Classifier.networkBuilder().cell(Network.Cell.LSTM).layers(2)
                .pooling(Pooling.ATTENTION).seed(7).build());
        Network n = c.network();
        assertEquals(SequenceModel.Kind.MANY_TO_ONE, n.output());
        assertEquals(c.words().size(), n.vocabulary());
        assertEquals(c.labels().size(), n.classes());
        assertEquals(Pooling.ATTENTION, n.pooling());
        assertEquals(List.of("negative", "positive"), c.labels().labels());
        SequenceModel fresh = n.model();                   // same description, same seed: the same weights
        assertEquals(fresh.params().names(), c.model().params().names());
        for (Param p : c.model().params()) {
            for (int r = 0; r < p.value.rows; r++) {
                assertArrayEquals(fresh.params().get(p.name).value.data[r], p.value.data[r], 0.0, p.name);
            }
        }
        // the builder's default output is many-to-many; a classifier is many-to-one whatever it is given
        var d = Classifier.create(data, Network.builder().cell(Network.Cell.GRU).embedding(4).hidden(4).build());
        assertEquals(SequenceModel.Kind.MANY_TO_ONE, d.model().kind());
    }

    @Test
    void trainerTrainsItAnRnnLearnsWordOrderABagOfWordsCannot() {
        var train = SentimentCorpus.generate(600, 1);
        var dev = SentimentCorpus.generate(100, 2);
        var rnn = Classifier.create(train, Classifier.networkBuilder().pooling(Pooling.ATTENTION).build());
        var result = new Trainer(Classifier.TRAINING.withEpochs(6)).fit(rnn, train, dev);
        assertTrue(result.history().size() >= 1 && result.history().size() <= 6);
        double[] devAcc = result.history().series(EpochStats::devAccuracy);
        // the kept epoch's dev accuracy (Trainer's scoring of the batches) is what evaluate() finds after training
        assertEquals(devAcc[result.bestEpoch() - 1], rnn.evaluate(dev).accuracy(), 1e-12);
        assertEquals(result.bestMetric(), rnn.evaluate(dev).accuracy(), 1e-12);
        assertTrue(result.bestMetric() > 0.95, "dev accuracy " + java.util.Arrays.toString(devAcc));
        assertTrue(devAcc[0] < result.bestMetric() || result.bestEpoch() == 1);
        var bow = Classifier.create(train, Classifier.networkBuilder().cell(Network.Cell.FEEDFORWARD)
                .pooling(Pooling.MEAN).build());
        new Trainer(Classifier.TRAINING.withEpochs(6)).fit(bow, train, null);
        int rnnRight = 0, bowRight = 0;
        for (Example[] pair : SentimentCorpus.orderPairs()) {
            assertArrayEquals(bow.probabilities(pair[0].tokens()), bow.probabilities(pair[1].tokens()), 1e-12,
                    "a bag of words gives the same answer to both orders");
            for (Example e : pair) {
                rnnRight += rnn.classify(e.tokens()).equals(e.label()) ? 1 : 0;
                bowRight += bow.classify(e.tokens()).equals(e.label()) ? 1 : 0;
            }
        }
        assertEquals(40, bowRight, "exactly one of each pair: 40 of 80");
        assertTrue(rnnRight >= 72, "the RNN gets most order pairs right: " + rnnRight + " of 80");
        var ev = rnn.evaluate(dev);
        assertEquals(ev.accuracy(), (double) ev.confusion().correct() / ev.confusion().total(), 1e-15);
        assertEquals(100, ev.confusion().total());
        assertTrue(ev.macroF1() > 0.9);
        double[] w = rnn.attention(List.of("not", "good", ",", "but", "fine"));
        assertEquals(5, w.length);
        assertEquals(1.0, java.util.Arrays.stream(w).sum(), 1e-12);
    }

    @Test
    void labelledBatchesCarryTheWordsAndClasses() {
        var data = SentimentCorpus.generate(10, 1);
        var c = Classifier.create(data, Classifier.networkBuilder().hidden(3).build());
        var batches = c.trainingBatches(data).batches(4, 3);
        assertEquals(3, batches.size());
        int n = 0;
        for (var b : batches) {
            n += b.labelCount();
        }
        assertEquals(10, n);
        var again = c.trainingBatches(data).batches(4, 3);
        for (int i = 0; i < batches.size(); i++) {
            assertArrayEquals(batches.get(i).classes(), again.get(i).classes(), "seeded");
            assertArrayEquals(batches.get(i).lengths(), again.get(i).lengths(), "seeded");
        }
        var dev = c.batches(data);
        assertEquals(c.labels().id(data.get(0).label()), dev.get(0).classes()[0]);
    }

    @Test
    void clearErrors() {
        var data = SentimentCorpus.generate(10, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Classifier.create(data, Classifier
                .networkBuilder().cell(Network.Cell.FEEDFORWARD).build()));
        assertTrue(e.getMessage().contains("MEAN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Classifier.create(data, Classifier.networkBuilder()
                .vocabulary(5).build()));
        assertTrue(e.getMessage().contains("vocabulary is 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Classifier.create(data, Classifier.networkBuilder()
                .trigrams(8).build()));
        assertTrue(e.getMessage().contains("trigrams 8"), e.getMessage());
        var c = Classifier.create(data, Classifier.networkBuilder().hidden(3).build());
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(Classifier.TRAINING.withEpochs(1))
                .fit(c, List.of(Example.of("neutral", "fine")), List.of()));
        assertTrue(e.getMessage().contains("'neutral'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(Trainer.Settings.DEFAULT.withEpochs(1))
                .fit(c, data, data));
        assertTrue(e.getMessage().contains("Metric.ACCURACY"), e.getMessage());
        // evaluation counts an unknown gold label as an error instead of failing
        var ev = c.evaluate(List.of(Example.of("neutral", "fine")));
        assertEquals(0.0, ev.accuracy());
    }
}
