package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import rnnlab.cells.RecurrentLayer;
import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.data.SpokenDigits;
import rnnlab.layers.Dense;
import rnnlab.train.Adam;

/** A recurrent network trained with CTC: gradients of every cell through the CTC loss, and learning to read digits. */
class CtcModelTest {
    static CtcModel model(Network.Cell arch, boolean bi, int in, int hidden, int outputs, long seed) {
        RecurrentLayer body = Network.builder().cell(arch).embedding(0).inputs(in).hidden(hidden).bidirectional(bi).seed(seed).build().body();
        return new CtcModel(body, new Dense(body.outputSize(), outputs, new SplittableRandom(seed + 1)), outputs - 1);
    }

    @ParameterizedTest
    @EnumSource(value = Network.Cell.class, names = "FEEDFORWARD", mode = EnumSource.Mode.EXCLUDE)
    void gradientsThroughCtcMatchCentredDifferences(Network.Cell arch) {
        for (boolean bi : new boolean[] {false, true}) {
            SpokenDigits speech = new SpokenDigits(2, 3, 1);
            SpokenDigits.Frames f = SpokenDigits.batch(speech.sample(2, 1, 2, new SplittableRandom(4)));
            CtcModel m = model(arch, bi, 3, 3, speech.digits() + 1, 5);
            if (arch == Network.Cell.IRNN) {
                // ReLU has a kink at 0; the ±4e-3 probes of the default check crossed it (relative error 1e-2 on
                // the backward layer's bias), so the IRNN is probed with ε = 1e-6 and every resolvable entry judged
                m.gradientCheck(f.frames(), f.lengths(), f.targets(), GradCheck.Options.secondOrder(1e-6))
                        .assertAccurate(GradCheck.SEQUENCE_TOLERANCE);
                continue;
            }
            GradCheckReport r = m.gradientCheck(f.frames(), f.lengths(), f.targets(), GradCheck.Options.full());
            r.assertBelow(GradCheck.SEQUENCE_TOLERANCE);
            assertTrue(r.entries().stream().anyMatch(e -> e.name().equals("x")));
        }
    }

    @Test
    void learnsToReadSpokenDigits() {
        SpokenDigits speech = new SpokenDigits(4, 6, 3);
        SplittableRandom rng = new SplittableRandom(8);
        List<SpokenDigits.Utterance> train = speech.sample(64, 1, 3, rng);
        SpokenDigits.Frames test = SpokenDigits.batch(speech.sample(40, 1, 3, rng));
        CtcModel m = model(Network.Cell.GRU, true, 6, 12, speech.digits() + 1, 2);
        Adam adam = new Adam(Adam.Settings.DEFAULT.withLearningRate(0.03));
        double first = 0, last = 0;
        for (int epoch = 0; epoch < 30; epoch++) {
            double sum = 0;
            for (int i = 0; i < train.size(); i += 16) {
                SpokenDigits.Frames f = SpokenDigits.batch(train.subList(i, i + 16));
                sum += m.lossAndGradient(f.frames(), f.lengths(), f.targets());
                adam.step(m.params());
            }
            first = epoch == 0 ? sum : first;
            last = sum;
        }
        assertTrue(last < first / 10, "CTC loss fell from " + first + " to " + last);
        int[][] greedy = m.greedy(test.frames(), test.lengths());
        int correct = 0;
        for (int b = 0; b < test.size(); b++) {
            correct += java.util.Arrays.equals(greedy[b], test.targets()[b]) ? 1 : 0;
        }
        assertTrue(correct >= 30, correct + " of 40 test utterances read exactly");
    }

    @Test
    void spokenDigitsPauseBetweenEqualDigits() {
        SpokenDigits speech = new SpokenDigits(3, 4, 1);
        SpokenDigits.Utterance u = speech.utterance(new int[] {2, 2, 1}, new SplittableRandom(1));
        int[] who = u.frameDigits();
        assertEquals(-1, who[0], "starts with silence");
        int runs = 0;
        for (int t = 0; t < who.length; t++) {
            if (who[t] >= 0 && (t == 0 || who[t - 1] != who[t])) {
                runs++;
            }
        }
        assertEquals(3, runs, "three digits, the two 2s separated by silence: " + java.util.Arrays.toString(who));
        assertArrayEquals(new int[] {2, 2, 1}, u.digits());
        assertThrows(IllegalArgumentException.class, () -> speech.utterance(new int[] {3}, new SplittableRandom(1)));
    }
}
