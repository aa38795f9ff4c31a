package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import rnnlab.core.Param;
import rnnlab.train.Clipping;
import rnnlab.train.Sgd;

/**
 * The numbers the training loops report and their limits: an epoch's loss is the mean −log p per target token
 * (the end symbol counts), gradients are recomputed, not added to the last batch's, and the smallest allowed
 * settings work while one less is refused with its message. Written against the survivors of mutation testing
 * (docs/testing.md).
 */
class TrainingLoopsTest {
    static final List<Seq2Seq.Pair> PAIRS = List.of(Seq2Seq.Pair.of("a b c", "x y"), Seq2Seq.Pair.of("b", "y z x"),
            Seq2Seq.Pair.of("c a", "z"));

    static Seq2Seq small() {
        return Seq2Seq.create(PAIRS, Seq2Seq.Settings.DEFAULT.withCell(Network.Cell.GRU).withEmbedding(3).withHidden(3)
                .withSeed(4));
    }

    @Test
    void anEpochReportsTheMeanLossPerTargetTokenBeforeItsStep() {
        Seq2Seq m = small();
        double before = m.loss(PAIRS);
        int tokens = (2 + 1) + (3 + 1) + (1 + 1);   // every target and its "==="
        double[] h = m.fit(PAIRS, 1, 10, new Sgd.Settings(0.1, 0), Clipping.norm(5), 1);  // one batch: one step
        assertEquals(1, h.length);
        assertEquals(before / tokens, h[0], 1e-12);
        Seq2Seq noEnd = Seq2Seq.create(PAIRS, Seq2Seq.Settings.DEFAULT.withCell(Network.Cell.GRU).withEmbedding(3)
                .withHidden(3).withEndSymbol(false).withSeed(4));
        double b2 = noEnd.loss(PAIRS);
        assertEquals(b2 / (2 + 3 + 1), noEnd.fit(PAIRS, 1, 10, new Sgd.Settings(0.1, 0), Clipping.norm(5), 1)[0], 1e-12,
                "without the end symbol only the target tokens count");
    }

    @Test
    void gradientsAreRecomputedEachTime() {
        Seq2Seq m = small();
        m.lossAndGradient(PAIRS);
        double[][] first = new double[m.params().size()][];
        for (int i = 0; i < first.length; i++) {
            first[i] = m.params().list().get(i).grad.rowCopy(0);
        }
        m.lossAndGradient(PAIRS);
        for (int i = 0; i < first.length; i++) {
            Param p = m.params().list().get(i);
            assertArrayEquals(first[i], p.grad.rowCopy(0), 1e-12, "∂" + p.name + " is the same, not doubled");
        }
    }

    @Test
    void theSmallestSettingsWorkAndOneLessIsRefused() {
        Seq2Seq m = small();
        assertEquals(1, m.fit(PAIRS, 1, 1, new Sgd.Settings(0.01, 0), Clipping.norm(5), 1).length);
        var e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(PAIRS, 0, 1, new Sgd.Settings(0.01, 0), Clipping.norm(5), 1));
        assertEquals("Seq2Seq.fit: epochs and batch size must be ≥ 1, got 0, 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(PAIRS, 1, 0, new Sgd.Settings(0.01, 0), Clipping.norm(5), 1));
        assertEquals("Seq2Seq.fit: epochs and batch size must be ≥ 1, got 1, 0", e.getMessage());
        assertEquals(1, m.beam(List.of("a"), 1, 1).size(), "width 1, one token");
        e = assertThrows(IllegalArgumentException.class, () -> m.beam(List.of("a"), 0, 1));
        assertEquals("Seq2Seq.beam: width and maxLength must be ≥ 1, got width=0, maxLength=1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.beam(List.of("a"), 1, 0));
        assertEquals("Seq2Seq.beam: width and maxLength must be ≥ 1, got width=1, maxLength=0", e.getMessage());

        CharLanguageModel lm = CharLanguageModel.create("abcabc", CharLanguageModel.Settings.DEFAULT.withHidden(3)
                .withEmbedding(2));
        lm.perplexity("ab");       // 2 characters: one prediction
        lm.gradientCheck("ab", rnnlab.core.GradCheck.Options.full());
        e = assertThrows(IllegalArgumentException.class, () -> lm.perplexity("a"));
        assertEquals("CharLanguageModel.perplexity: need at least 2 characters", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lm.gradientCheck("a", rnnlab.core.GradCheck.Options.full()));
        assertEquals("CharLanguageModel.gradientCheck: need at least 2 characters", e.getMessage());
        assertEquals("ab", lm.sample("ab", 0, 1.0, 0, 1), "length 0: the seed alone");
        e = assertThrows(IllegalArgumentException.class, () -> lm.sample("ab", -1, 1.0, 0, 1));
        assertEquals("CharLanguageModel.sample: length and topK must be ≥ 0 (topK 0 = all), got -1, 0", e.getMessage());
        CharLanguageModel.Training t = CharLanguageModel.Training.DEFAULT.withSteps(1).withLength(5).withBatchSize(1);
        lm.fit("abcabc", "abc", t);   // 6 characters: exactly one window of 5 and its next character
        e = assertThrows(IllegalArgumentException.class, () -> lm.fit("abcab", "abc", t));
        assertEquals("CharLanguageModel.fit: the training text has 5 characters; a window needs 6 (use a shorter length)",
                e.getMessage());
    }
}
