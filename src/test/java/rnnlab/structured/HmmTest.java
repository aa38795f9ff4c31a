package rnnlab.structured;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The HMM's counted probabilities, and its Viterbi against enumeration of log P(x, y). */
class HmmTest {
    static final List<int[]> WORDS = List.of(new int[] {0, 1, 2}, new int[] {0, 2}, new int[] {1, 1, 2, 0});
    static final List<int[]> LABELS = List.of(new int[] {0, 1, 0}, new int[] {0, 0}, new int[] {1, 1, 0, 0});

    @Test
    void countsAreSmoothedProbabilities() {
        Hmm hmm = Hmm.train(WORDS, LABELS, 3, 2, 0.5);
        // first labels: 0, 0, 1 → P(y₁ = 0) = (2 + 0.5) / (3 + 1)
        assertEquals(Math.log(2.5 / 4), hmm.chain().start.value.get(0, 0), 1e-15);
        // transitions from 0: 0→1, 0→0 (two sentences: [0,0] and the last 0→0), so 0→0 twice, 0→1 once
        assertEquals(Math.log(2.5 / 4), hmm.chain().A.value.get(0, 0), 1e-15);
        assertEquals(Math.log(1.5 / 4), hmm.chain().A.value.get(0, 1), 1e-15);
        double total = 0;
        for (int w = 0; w < 3; w++) {
            total += Math.exp(hmm.emissionScores(new int[] {w})[0][1]);
        }
        assertEquals(1.0, total, 1e-15, "P(x | y = 1) sums to 1 over the words");
    }

    @Test
    void viterbiIsTheMostProbableLabelSequence() {
        Hmm hmm = Hmm.train(WORDS, LABELS, 3, 2, 0.3);
        int[] x = {1, 2, 0, 1, 1};
        int[] best = null;
        double bestLog = Double.NEGATIVE_INFINITY;
        for (int code = 0; code < 32; code++) {
            int[] y = new int[5];
            for (int t = 0; t < 5; t++) {
                y[t] = (code >> (4 - t)) & 1;
            }
            double l = hmm.logJoint(x, y);
            if (l > bestLog) {
                bestLog = l;
                best = y;
            }
        }
        assertArrayEquals(best, hmm.decode(x));
        assertThrows(IllegalArgumentException.class, () -> hmm.decode(new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> Hmm.train(WORDS, List.of(new int[] {0}), 3, 2, 1));
    }
}
