package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import rnnlab.cells.RecurrentLayer;
import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Matrix;
import rnnlab.layers.Dense;
import rnnlab.structured.Crf;

/** A tagger with a CRF output layer: gradients through the CRF into every cell, Viterbi and marginals. */
class CrfModelTest {
    static final int K = GradientCheckTest.CLASSES;

    static Stream<Arguments> grid() {
        List<Arguments> list = new ArrayList<>();
        for (Network.Cell arch : Network.Cell.recurrent()) {
            for (boolean bi : new boolean[] {false, true}) {
                for (boolean padded : new boolean[] {false, true}) {
                    for (Crf.Training tr : Crf.Training.values()) {
                        list.add(Arguments.of(arch, bi, padded, tr));
                    }
                }
            }
        }
        return list.stream();
    }

    static SequenceModel crfModel(Network.Cell arch, boolean bi, Crf.Training training, long seed) {
        RecurrentLayer body = Network.builder().cell(arch).embedding(0).inputs(GradientCheckTest.IN).hidden(GradientCheckTest.HIDDEN).bidirectional(bi).seed(seed).build().body();
        Dense head = new Dense(body.outputSize(), K, new SplittableRandom(seed + 7));
        Crf crf = new Crf(K).setTraining(training);
        return GradientCheckTest.spread(new SequenceModel(null, body, head, SequenceModel.Kind.MANY_TO_MANY, crf),
                seed);
    }

    @ParameterizedTest(name = "{0} bidirectional={1} padded={2} {3}")
    @MethodSource("grid")
    void gradientsThroughTheCrfMatchCentredDifferences(Network.Cell arch, boolean bi, boolean padded, Crf.Training tr) {
        SequenceModel m = crfModel(arch, bi, tr, 11);
        Batch batch = GradientCheckTest.batch(SequenceModel.Kind.MANY_TO_MANY, padded, 5);
        if (tr == Crf.Training.LIKELIHOOD) {
            GradCheckReport r = m.gradientCheck(batch, GradCheck.Options.full());
            r.assertBelow(GradCheck.SEQUENCE_TOLERANCE);
            assertTrue(r.entries().stream().anyMatch(e -> e.name().equals("crf.A")), "transitions were checked");
            assertTrue(r.entries().stream().anyMatch(e -> e.name().equals("x")), "inputs were checked");
            return;
        }
        // The perceptron and SVM losses have kinks where the best sequence changes. The default probe (±2ε = ±4e-3)
        // crossed one in 1 of the 32 cases (the best and second-best sequences within 0.03), so these use the
        // two-point difference with ε = 1e-5; exact zeros then meet ~1e-10 rounding noise, below the report's
        // resolution, hence assertAccurate (every resolvable entry agrees).
        GradCheckReport r = m.gradientCheck(batch, GradCheck.Options.secondOrder(1e-5));
        r.assertAccurate(GradCheck.SEQUENCE_TOLERANCE);
        assertTrue(r.entries().stream().anyMatch(e -> e.name().equals("crf.A")), "transitions were checked");
        assertTrue(r.entries().stream().anyMatch(e -> e.name().equals("x")), "inputs were checked");
    }

    @Test
    void predictIsViterbiAndProbabilitiesAreMarginals() {
        SequenceModel m = crfModel(Network.Cell.LSTM, true, Crf.Training.LIKELIHOOD, 3);
        Batch batch = GradientCheckTest.batch(SequenceModel.Kind.MANY_TO_MANY, true, 8);
        int[][] pred = m.predict(batch);
        Matrix[] scores = m.forward(batch);
        for (int b = 0; b < batch.size(); b++) {
            int n = batch.lengths()[b];
            double[][] e = new double[n][];
            for (int t = 0; t < n; t++) {
                e[t] = scores[t].rowCopy(b);
            }
            int[] expected = m.crf().viterbi(e);
            for (int t = 0; t < batch.steps(); t++) {
                assertEquals(t < n ? expected[t] : -1, pred[b][t], "sentence " + b + " step " + (t + 1));
            }
            double[][] marg = m.crf().marginals(e);
            Matrix[] probs = m.probabilities(batch);
            for (int t = 0; t < n; t++) {
                assertArrayEquals(marg[t], probs[t].rowCopy(b), 1e-12);
            }
        }
    }

    @Test
    void lossIsTheSumOfSentenceNegativeLogLikelihoods() {
        SequenceModel m = crfModel(Network.Cell.GRU, false, Crf.Training.LIKELIHOOD, 4);
        Batch batch = GradientCheckTest.batch(SequenceModel.Kind.MANY_TO_MANY, true, 9);
        double loss = m.loss(batch);
        Matrix[] scores = m.forward(batch);
        double sum = 0;
        for (int b = 0; b < batch.size(); b++) {
            int n = batch.lengths()[b];
            double[][] e = new double[n][];
            int[] y = new int[n];
            for (int t = 0; t < n; t++) {
                e[t] = scores[t].rowCopy(b);
                y[t] = batch.labels()[b][t];
            }
            sum -= Math.log(m.crf().probability(e, y));
        }
        assertEquals(sum, loss, 1e-10);
    }

    @Test
    void clearErrors() {
        RecurrentLayer body = Network.builder().cell(Network.Cell.ELMAN).embedding(0).inputs(3).hidden(4).seed(1).build().body();
        Dense head = new Dense(4, 3, new SplittableRandom(1));
        var e1 = assertThrows(IllegalArgumentException.class, () -> new SequenceModel(null, body, head,
                SequenceModel.Kind.MANY_TO_MANY, new Crf(5)));
        assertTrue(e1.getMessage().contains("5 labels") && e1.getMessage().contains("3 scores"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> new SequenceModel(null, body, head,
                SequenceModel.Kind.MANY_TO_ONE, new Crf(3)));
        assertTrue(e2.getMessage().contains("many-to-many"), e2.getMessage());
    }
}
