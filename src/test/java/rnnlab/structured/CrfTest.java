package rnnlab.structured;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Matrix;
import rnnlab.core.Objective;
import rnnlab.core.Param;

/** The CRF layer against brute-force enumeration of every label sequence, and its gradients numerically. */
class CrfTest {
    static final List<String> IOB = List.of("O", "B-a", "I-a", "B-b", "I-b");
    /** Brute force and forward algorithm must agree to this (relative, in log Z). */
    static final double EXACT = 1e-12;

    static double[][] randomScores(int T, int K, SplittableRandom rng) {
        double[][] e = new double[T][K];
        for (double[] row : e) {
            for (int k = 0; k < K; k++) {
                row[k] = rng.nextDouble(-2, 2);
            }
        }
        return e;
    }

    static Crf randomCrf(int K, SplittableRandom rng) {
        Crf crf = new Crf(K);
        for (Param p : crf.params()) {
            for (double[] row : p.value.data) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = rng.nextDouble(-1.5, 1.5);
                }
            }
        }
        return crf;
    }

    /** Every one of the Kᵀ label sequences. */
    static List<int[]> allSequences(int T, int K) {
        List<int[]> out = new ArrayList<>();
        int n = (int) Math.pow(K, T);
        for (int code = 0; code < n; code++) {
            int[] y = new int[T];
            int c = code;
            for (int t = T - 1; t >= 0; t--) {
                y[t] = c % K;
                c /= K;
            }
            out.add(y);
        }
        return out;
    }

    static int hamming(int[] a, int[] b) {
        int d = 0;
        for (int t = 0; t < a.length; t++) {
            d += a[t] != b[t] ? 1 : 0;
        }
        return d;
    }

    /** Worst relative disagreement of log Z, best path and marginals with enumeration, over a seeded grid. */
    static double bruteForceGrid(boolean constrained) {
        SplittableRandom rng = new SplittableRandom(2026);
        double worst = 0;
        for (int K : new int[] {2, 3, 5}) {
            for (int T = 1; T <= 5; T++) {
                Crf crf = randomCrf(K, rng);
                if (constrained && K == 5) {
                    crf.forbidInvalidIob(IOB);
                }
                double[][] e = randomScores(T, K, rng);
                double z = 0, bestScore = Double.NEGATIVE_INFINITY;
                int[] bestY = null;
                double[][] marg = new double[T][K];
                for (int[] y : allSequences(T, K)) {
                    double s = crf.score(e, y);
                    double w = Math.exp(s);
                    z += w;
                    if (s > bestScore) {
                        bestScore = s;
                        bestY = y;
                    }
                    for (int t = 0; t < T; t++) {
                        marg[t][y[t]] += w;
                    }
                }
                double logZ = crf.logPartition(e);
                worst = Math.max(worst, Math.abs(logZ - Math.log(z)) / Math.max(1, Math.abs(logZ)));
                assertArrayEquals(bestY, crf.viterbi(e), "Viterbi = enumeration, K=" + K + " T=" + T);
                assertEquals(bestScore, crf.score(e, crf.viterbi(e)), 1e-12);
                double[][] p = crf.marginals(e);
                for (int t = 0; t < T; t++) {
                    for (int k = 0; k < K; k++) {
                        worst = Math.max(worst, Math.abs(p[t][k] - marg[t][k] / z));
                    }
                }
            }
        }
        return worst;
    }

    @Test
    void partitionBestPathAndMarginalsEqualEnumeration() {
        double worst = bruteForceGrid(false);
        assertTrue(worst < EXACT, "worst disagreement " + worst);
    }

    @Test
    void constrainedPartitionAndViterbiEqualEnumerationAndNeverUseForbiddenTransitions() {
        double worst = bruteForceGrid(true);
        assertTrue(worst < EXACT, "worst disagreement " + worst);
        Crf crf = new Crf(5).forbidInvalidIob(IOB);
        assertTrue(!crf.isAllowed(0, 2) && !crf.isAllowed(3, 2) && !crf.isAllowed(4, 2) && crf.isAllowed(1, 2)
                && crf.isAllowed(2, 2) && !crf.isAllowedFirst(2) && crf.isAllowedFirst(1) && crf.isAllowed(0, 1));
        // emissions that shout "I-a" after "O": the constrained decoder must still produce valid IOB
        double[][] e = {{5, 0, 0, 0, 0}, {0, 0, 9, 0, 0}, {0, 0, 9, 0, 0}};
        int[] y = crf.viterbi(e);
        assertEquals(Double.NEGATIVE_INFINITY, crf.score(e, new int[] {0, 2, 2}));
        assertTrue(Double.isFinite(crf.score(e, y)), java.util.Arrays.toString(y));
        assertArrayEquals(new int[] {1, 2, 2}, y, "B-a I-a I-a is the best valid reading");
        assertArrayEquals(new int[] {0, 2, 2}, new Crf(5).viterbi(e), "without constraints it follows the scores");
        double[][] p = crf.marginals(e);
        for (double[] row : p) {
            assertTrue(Math.abs(row[0] + row[1] + row[2] + row[3] + row[4] - 1) < 1e-12);
        }
        assertEquals(0.0, p[0][2], "I-a cannot start a sentence");
    }

    @Test
    void lossesAgainstEnumeration() {
        SplittableRandom rng = new SplittableRandom(7);
        int K = 3, T = 4;
        for (int trial = 0; trial < 20; trial++) {
            Crf crf = randomCrf(K, rng);
            double[][] e = randomScores(T, K, rng);
            int[] gold = allSequences(T, K).get(rng.nextInt((int) Math.pow(K, T)));
            double z = 0, bestPlain = Double.NEGATIVE_INFINITY, bestAug = Double.NEGATIVE_INFINITY;
            for (int[] y : allSequences(T, K)) {
                double s = crf.score(e, y);
                z += Math.exp(s);
                bestPlain = Math.max(bestPlain, s);
                bestAug = Math.max(bestAug, s + hamming(y, gold));
            }
            double g = crf.score(e, gold);
            double nll = batchLoss(crf, Crf.Training.LIKELIHOOD, e, gold);
            double perc = batchLoss(crf, Crf.Training.PERCEPTRON, e, gold);
            double svm = batchLoss(crf, Crf.Training.SVM, e, gold);
            assertEquals(Math.log(z) - g, nll, 1e-12);
            assertEquals(-Math.log(crf.probability(e, gold)), nll, 1e-12);
            assertEquals(bestPlain - g, perc, 1e-12);
            assertEquals(bestAug - g, svm, 1e-12);
            // the structured SVM's cost is an upper bound of the error (lecture p.85): Δ(Viterbi, gold) ≤ L_SVM
            assertTrue(hamming(crf.viterbi(e), gold) <= svm + 1e-12);
            assertTrue(perc >= 0 && svm >= perc && nll > 0);
        }
    }

    static double batchLoss(Crf crf, Crf.Training training, double[][] e, int[] gold) {
        crf.setTraining(training);
        Matrix[] em = new Matrix[e.length];
        for (int t = 0; t < e.length; t++) {
            em[t] = Matrix.row(e[t]);
        }
        double l = crf.lossAndGradient(em, null, new int[][] {gold}, null);
        crf.params().zeroGrad();
        return l;
    }

    /** The layer alone: emissions of a padded batch, A, start, end — every entry, each objective. */
    @Test
    void gradientsMatchCentredDifferencesForEveryObjective() {
        for (Crf.Training training : Crf.Training.values()) {
            for (boolean constrained : new boolean[] {false, true}) {
                GradCheckReport r = checkLayer(training, constrained, 31);
                if (training == Crf.Training.LIKELIHOOD) {
                    r.assertBelow(GradCheck.SEQUENCE_TOLERANCE);
                } else {
                    // piecewise linear: most entries have gradient exactly 0, where the numeric value is ~1e-12
                    // rounding noise (below the report's resolution); every resolvable entry must agree
                    r.assertAccurate(GradCheck.SEQUENCE_TOLERANCE);
                }
            }
        }
    }

    static GradCheckReport checkLayer(Crf.Training training, boolean constrained, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int K = 5, T = 5, B = 3;
        Crf crf = randomCrf(K, rng).setTraining(training);
        if (constrained) {
            crf.forbidInvalidIob(IOB);
        }
        int[] lengths = {5, 2, 4};
        int[][] labels = {{1, 2, 0, 3, 4}, {0, 3, -1, -1, -1}, {3, 4, 4, 1, -1}};
        Matrix[] em = new Matrix[T];
        Matrix[] dEm = new Matrix[T];
        List<Param> tensors = new ArrayList<>(crf.params().list());
        for (int t = 0; t < T; t++) {
            em[t] = new Matrix(B, K);
            dEm[t] = new Matrix(B, K);
            for (double[] row : em[t].data) {
                for (int k = 0; k < K; k++) {
                    row[k] = rng.nextDouble(-2, 2);
                }
            }
            tensors.add(new Param("e", em[t], new Matrix(B, K), t));
        }
        Objective o = new Objective() {
            @Override
            public double loss() {
                return crf.lossAndGradient(em, lengths, labels, null);
            }

            @Override
            public double gradients() {
                crf.params().zeroGrad();
                double l = crf.lossAndGradient(em, lengths, labels, dEm);
                for (int t = 0; t < T; t++) {
                    tensors.get(3 + t).grad.copyFrom(dEm[t]);
                }
                return l;
            }
        };
        return GradCheck.check(o, tensors, GradCheck.Options.full());
    }

    @Test
    void perceptronLossIsZeroAndGradientVanishesWhenGoldIsBest() {
        Crf crf = new Crf(3).setTraining(Crf.Training.PERCEPTRON);
        Matrix[] em = {Matrix.row(3, 0, 0), Matrix.row(0, 3, 0)};
        Matrix[] d = {new Matrix(1, 3), new Matrix(1, 3)};
        assertEquals(0.0, crf.lossAndGradient(em, null, new int[][] {{0, 1}}, d));
        assertEquals(0.0, d[0].maxAbs() + d[1].maxAbs() + crf.params().gradNorm());
        crf.setTraining(Crf.Training.SVM); // the margin still asks for a gap of Δ: 3 > 0 + 1, so 0 too
        assertEquals(0.0, crf.lossAndGradient(em, null, new int[][] {{0, 1}}, d));
        Crf two = new Crf(2).setTraining(Crf.Training.SVM);
        Matrix[] close = {Matrix.row(0.5, 0), Matrix.row(0, 0.5)};
        Matrix[] d2 = {new Matrix(1, 2), new Matrix(1, 2)};
        assertEquals(1.0, two.lossAndGradient(close, null, new int[][] {{0, 1}}, d2), 1e-15,
                "gold wins by only 0.5 per step: the all-wrong (1, 0) scores 1 less but costs Δ = 2");
        assertEquals(1.0, d2[0].get(0, 1), "∂L/∂e = features(ŷ) − features(y*)");
        assertEquals(-1.0, d2[0].get(0, 0));
        assertEquals(1.0, two.A.grad.get(1, 0));
        assertEquals(-1.0, two.A.grad.get(0, 1));
    }

    @Test
    void clearErrors() {
        Crf crf = new Crf(3);
        var e1 = assertThrows(IllegalArgumentException.class, () -> crf.logPartition(new double[][] {{1, 2}}));
        assertTrue(e1.getMessage().contains("step 1") && e1.getMessage().contains("3 labels"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> crf.lossAndGradient(new Matrix[] {new Matrix(2, 4)}, null, new int[][] {{0}, {1}}, null));
        assertTrue(e2.getMessage().contains("step 1"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> crf.lossAndGradient(new Matrix[] {new Matrix(1, 3)}, null, new int[][] {{5}}, null));
        assertTrue(e3.getMessage().contains("label 5"), e3.getMessage());
        Crf iob = new Crf(5).forbidInvalidIob(IOB);
        var e4 = assertThrows(IllegalArgumentException.class, () -> iob.lossAndGradient(
                new Matrix[] {new Matrix(1, 5), new Matrix(1, 5)}, null, new int[][] {{0, 2}}, null));
        assertTrue(e4.getMessage().contains("forbidden") && e4.getMessage().contains("IOB2"), e4.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Crf(3).forbidInvalidIob(IOB));
        assertThrows(IllegalArgumentException.class, () -> new Crf(0));
        assertThrows(IllegalArgumentException.class, () -> crf.viterbi(new double[0][]));
    }
}
