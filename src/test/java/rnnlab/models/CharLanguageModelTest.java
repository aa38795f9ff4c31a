package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import rnnlab.core.GradCheck;
import rnnlab.core.Init;
import rnnlab.core.Matrix;

/** The character model: exact gradients, perplexity, seeded sampling with temperature and top-k, unit activations. */
class CharLanguageModelTest {
    static final String TEXT = "to be or not to be, that is the question.\n";

    @ParameterizedTest(name = "{0} layers={1}")
    @CsvSource({"ELMAN,1", "ELMAN,2", "JORDAN,1", "JORDAN,2", "LSTM,1", "LSTM,2", "GRU,1", "GRU,2"})
    void gradientsMatchCentredDifferences(Network.Cell cell, int layers) {
        CharLanguageModel lm = CharLanguageModel.create(TEXT, CharLanguageModel.Settings.DEFAULT.withCell(cell)
                .withEmbedding(3).withHidden(4).withLayers(layers).withSeed(3));
        SplittableRandom rng = new SplittableRandom(5);
        for (var p : lm.model().params()) {
            Init.uniform(p.value, 1.0, rng);
        }
        lm.gradientCheck("to be or", GradCheck.Options.full()).assertBelow(GradCheck.SEQUENCE_TOLERANCE);
    }

    @Test
    void perplexityIsTheExponentOfTheMeanLossAndFallsWithTraining() {
        String text = CharLanguageModel.shakespeare();
        assertTrue(text.startsWith("First Citizen:"));
        String train = text.substring(0, 20000), valid = text.substring(20000, 22000);
        CharLanguageModel lm = CharLanguageModel.create(text, CharLanguageModel.Settings.DEFAULT.withHidden(32));
        int V = lm.alphabet().size() - 2;
        double before = lm.perplexity(valid);
        // untrained: close to guessing among the alphabet (uniform would be exactly V)
        assertTrue(before > V * 0.7 && before < V * 1.5, "untrained perplexity " + before + ", alphabet " + V);
        // perplexity = exp(loss / predictions)
        var w = lm.model().loss(rnnlab.models.Batch.ofIds(new int[][] {lm.alphabet().ids(
                CharLanguageModel.split(valid.substring(0, 100)))}, null, new int[][] {lm.alphabet().ids(
                CharLanguageModel.split(valid.substring(1, 101)))}));
        assertEquals(Math.exp(w / 100), lm.perplexity(valid.substring(0, 101)), 1e-9);
        var curve = lm.fit(train, valid, CharLanguageModel.Training.DEFAULT.withSteps(60).withLength(32)
                .withEvaluateEvery(20));
        assertEquals(3, curve.steps().length);
        assertEquals(60, curve.steps()[2]);
        assertTrue(curve.lastValid() < before / 2, "perplexity " + before + " → " + curve.lastValid());
        assertEquals(curve.lastValid(), lm.perplexity(valid), 1e-12);
    }

    @Test
    void samplingIsSeededAndTopOneIsGreedy() {
        CharLanguageModel lm = CharLanguageModel.create(TEXT, CharLanguageModel.Settings.DEFAULT.withHidden(8));
        lm.fit(TEXT, TEXT, CharLanguageModel.Training.DEFAULT.withSteps(20).withLength(8).withBatchSize(4));
        String a = lm.sample("to ", 40, 1.0, 0, 7), b = lm.sample("to ", 40, 1.0, 0, 7);
        assertEquals(a, b, "same seed, same text");
        assertEquals(43, a.length());
        assertTrue(a.startsWith("to "));
        assertNotEquals(a, lm.sample("to ", 40, 1.0, 0, 8), "another seed, another text");
        String g1 = lm.sample("to ", 30, 1.0, 1, 1), g2 = lm.sample("to ", 30, 3.0, 1, 99);
        assertEquals(g1, g2, "top-1 is greedy: neither seed nor temperature matter");
        // greedy by hand: run the whole string and check each written character was the argmax after its prefix
        for (int n = 3; n < 12; n++) {
            String prefix = g1.substring(0, n);
            Matrix[] out = lm.model().forward(Batch.ofIds(new int[][] {lm.alphabet().ids(CharLanguageModel.split(prefix))},
                    null, null));
            int best = 2;
            double[] s = out[n - 1].data[0];
            for (int k = 2; k < s.length; k++) {
                if (s[k] > s[best]) {
                    best = k;
                }
            }
            assertEquals(lm.alphabet().token(best), g1.substring(n, n + 1), "character " + n);
        }
        // sampling leaves the model at zero memory: scoring is unchanged
        double p = lm.perplexity(TEXT);
        lm.sample("to", 10, 1.0, 0, 3);
        assertEquals(p, lm.perplexity(TEXT), 0.0);
    }

    @Test
    void activationsOfEveryUnitAtEveryCharacter() {
        CharLanguageModel lm = CharLanguageModel.create(TEXT, CharLanguageModel.Settings.DEFAULT.withHidden(5)
                .withLayers(2));
        double[][] a = lm.activations("to be");
        assertEquals(5, a.length);
        assertEquals(5, a[0].length);
        for (double[] row : a) {
            for (double v : row) {
                assertTrue(v > -1 && v < 1, "LSTM outputs are in (−1, 1)");
            }
        }
    }

    @Test
    void clearErrors() {
        CharLanguageModel lm = CharLanguageModel.create(TEXT, CharLanguageModel.Settings.DEFAULT.withHidden(4));
        var e = assertThrows(IllegalArgumentException.class, () -> lm.perplexity("TO BE"));
        assertTrue(e.getMessage().contains("'T'") && e.getMessage().contains("alphabet"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lm.sample("to", 5, 0, 0, 1));
        assertTrue(e.getMessage().contains("temperature"));
        e = assertThrows(IllegalArgumentException.class, () -> lm.sample("", 5, 1, 0, 1));
        assertTrue(e.getMessage().contains("seed string"));
        e = assertThrows(IllegalArgumentException.class, () -> lm.fit("to be", "to", CharLanguageModel.Training.DEFAULT));
        assertTrue(e.getMessage().contains("window needs 65"), e.getMessage());
    }
}
