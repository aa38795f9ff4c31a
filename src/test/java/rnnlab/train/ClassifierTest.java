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
import rnnlab.data.LabelledSentences.Example;
import rnnlab.data.SentimentCorpus;
import rnnlab.models.Pooling;

/** The sentence classifier end to end: gradients, training, evaluation, word order, attention weights. */
class ClassifierTest {
    @ParameterizedTest
    @EnumSource(Pooling.class)
    void gradientsOfEveryPooling(Pooling p) {
        var data = SentimentCorpus.generate(6, 1);
        var c = Classifier.create(data, Classifier.Settings.DEFAULT.withPooling(p).withHidden(3).withEmbedding(3)
                .withAttentionSize(3).withBidirectional(true));
        var r = p == Pooling.MAX
                ? c.gradientCheck(data, new GradCheck.Options(1e-5, 0, 1, 4)).assertAccurate(GradCheck.SEQUENCE_TOLERANCE)
                : c.gradientCheck(data, GradCheck.Options.full()).assertAccurate(GradCheck.SEQUENCE_TOLERANCE);
        assertTrue(r.entries().size() >= 5);
    }

    @Test
    void anRnnLearnsWordOrderABagOfWordsCannot() {
        var train = SentimentCorpus.generate(600, 1);
        var dev = SentimentCorpus.generate(100, 2);
        var rnn = Classifier.create(train, Classifier.Settings.DEFAULT.withPooling(Pooling.ATTENTION));
        var h = rnn.fit(train, dev, 6, 16, Adam.Settings.DEFAULT, Clipping.norm(5), 1);
        assertEquals(6, h.trainLoss().length);
        assertTrue(h.devAccuracy()[5] > 0.95, "dev accuracy " + java.util.Arrays.toString(h.devAccuracy()));
        var bow = Classifier.create(train, Classifier.Settings.DEFAULT.withCell(Architecture.FEEDFORWARD)
                .withPooling(Pooling.MEAN));
        bow.fit(train, List.of(), 6, 16, Adam.Settings.DEFAULT, Clipping.norm(5), 1);
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
        assertTrue(ev.macroF1() > 0.9);
        double[] w = rnn.attention(List.of("not", "good", ",", "but", "fine"));
        assertEquals(5, w.length);
        assertEquals(1.0, java.util.Arrays.stream(w).sum(), 1e-12);
    }

    @Test
    void clearErrors() {
        var data = SentimentCorpus.generate(10, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Classifier.Settings.DEFAULT
                .withCell(Architecture.FEEDFORWARD).withPooling(Pooling.LAST));
        assertTrue(e.getMessage().contains("MEAN"), e.getMessage());
        var c = Classifier.create(data, Classifier.Settings.DEFAULT.withHidden(3));
        e = assertThrows(IllegalArgumentException.class, () -> c.fit(List.of(Example.of("neutral", "fine")), List.of(),
                1, 1, Adam.Settings.DEFAULT, Clipping.NONE, 1));
        assertTrue(e.getMessage().contains("'neutral'"), e.getMessage());
        // evaluation counts an unknown gold label as an error instead of failing
        var ev = c.evaluate(List.of(Example.of("neutral", "fine")));
        assertEquals(0.0, ev.accuracy());
    }
}
