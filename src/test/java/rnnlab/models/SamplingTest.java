package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * Sampling from a character language model: top-1 and a temperature near 0 are both greedy decoding, so they write
 * the same text whatever the random seed; a high temperature does not. (An untrained model: what is tested is the
 * drawing rule, not the text.) Written against the survivors of mutation testing (docs/testing.md).
 */
class SamplingTest {
    static final String TEXT = "the cat sat on the mat. the dog sat on the log. a cat and a dog.";

    @Test
    void topOneAndAColdTemperatureAreBothGreedy() {
        CharLanguageModel lm = CharLanguageModel.create(TEXT, CharLanguageModel.Settings.DEFAULT.withHidden(6)
                .withEmbedding(4).withSeed(3));
        String top1 = lm.sample("th", 30, 1.0, 1, 1);
        assertEquals(32, top1.length());
        assertEquals(top1, lm.sample("th", 30, 1.0, 1, 2), "top-1 does not depend on the draws");
        assertEquals(top1, lm.sample("th", 30, 1e-9, 0, 5), "τ → 0: the most probable character every time");
        assertEquals(top1, lm.sample("th", 30, 1e-9, 3, 6), "τ → 0 among the top 3: still the most probable");
        assertNotEquals(lm.sample("th", 30, 50.0, 0, 7), lm.sample("th", 30, 50.0, 0, 8),
                "a hot temperature draws almost uniformly: two seeds, two texts");
    }
}
