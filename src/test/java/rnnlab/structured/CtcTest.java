package rnnlab.structured;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Matrix;
import rnnlab.core.Objective;
import rnnlab.core.Param;

/** CTC against the sum over every alignment (brute force), and its gradient against centred differences. */
class CtcTest {
    static final double EXACT = 1e-12;

    @Test
    void lectureExamples() {
        assertEquals("好棒", Ctc.collapse("好φφ棒φφφφ", 'φ'));
        assertEquals("好棒棒", Ctc.collapse("好φφ棒φ棒φφ", 'φ'));
        assertEquals("好棒", Ctc.collapse("好好好棒棒棒棒棒", 'φ'), "trimming alone cannot say 好棒棒 (p.42)");
        assertArrayEquals(new int[] {1, 2, 2}, Ctc.collapse(new int[] {1, 0, 0, 2, 0, 2, 0, 0}, 0));
        // p.44: 6 frames, label 好棒 (1, 2; φ = 0): every alignment, counted by enumeration and by the forward
        // algorithm with equal probabilities (p(l|x) · 3⁶ = number of alignments)
        int count = 0;
        for (int[] path : allPaths(6, 3)) {
            count += Arrays.equals(Ctc.collapse(path, 0), new int[] {1, 2}) ? 1 : 0;
        }
        double p = Math.exp(-new Ctc(0).loss(new double[6][3], new int[] {1, 2}));
        assertEquals(count, p * Math.pow(3, 6), 1e-9);
        assertEquals(70, count, "φᵃ 好ᵐ φᵇ 棒ⁿ φᶜ with m, n ≥ 1 over 6 frames: C(8, 4)");
    }

    static List<int[]> allPaths(int T, int K) {
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

    static double[][] randomLogits(int T, int K, SplittableRandom rng) {
        double[][] o = new double[T][K];
        for (double[] row : o) {
            for (int k = 0; k < K; k++) {
                row[k] = rng.nextDouble(-2, 2);
            }
        }
        return o;
    }

    static double[][] softmax(double[][] o) {
        double[][] y = new double[o.length][];
        for (int t = 0; t < o.length; t++) {
            y[t] = new double[o[t].length];
            rnnlab.core.Activation.softmax(o[t], y[t]);
        }
        return y;
    }

    /** p(l | x) for every reading l, summed over all Kᵀ paths. */
    static Map<String, Double> bruteForce(double[][] o, int blank) {
        double[][] y = softmax(o);
        Map<String, Double> p = new HashMap<>();
        for (int[] path : allPaths(o.length, o[0].length)) {
            double w = 1;
            for (int t = 0; t < path.length; t++) {
                w *= y[t][path[t]];
            }
            p.merge(Arrays.toString(Ctc.collapse(path, blank)), w, Double::sum);
        }
        return p;
    }

    /** Worst relative disagreement between the forward algorithm and the sum over alignments on a seeded grid. */
    static double bruteForceGrid() {
        SplittableRandom rng = new SplittableRandom(2026);
        double worst = 0;
        int[][] targets = {{}, {1}, {2}, {1, 2}, {1, 1}, {2, 1, 2}, {1, 1, 2}, {2, 2, 2}};
        for (int K : new int[] {3, 4}) {
            for (int blank : new int[] {0, K - 1}) {
                for (int T = 1; T <= (K == 3 ? 7 : 5); T++) {
                    double[][] o = randomLogits(T, K, rng);
                    Map<String, Double> p = bruteForce(o, blank);
                    Ctc ctc = new Ctc(blank);
                    for (int[] target : targets) {
                        int[] tgt = target.clone();
                        for (int u = 0; u < tgt.length; u++) {
                            tgt[u] = blank == 0 ? tgt[u] : tgt[u] - 1; // symbols 0..K−2 when φ is last
                        }
                        if (Ctc.minFrames(tgt) > T) {
                            continue;
                        }
                        double exact = p.getOrDefault(Arrays.toString(tgt), 0.0);
                        double fb = Math.exp(-ctc.loss(o, tgt));
                        worst = Math.max(worst, Math.abs(fb - exact) / exact);
                    }
                }
            }
        }
        return worst;
    }

    @Test
    void lossEqualsTheSumOverAllAlignments() {
        double worst = bruteForceGrid();
        assertTrue(worst < 1e-11, "worst relative disagreement " + worst);
    }

    @Test
    void posteriorSumsToOneAtEveryFrameAndGradientSumsToZero() {
        SplittableRandom rng = new SplittableRandom(5);
        Ctc ctc = new Ctc(0);
        double[][] o = randomLogits(9, 4, rng);
        Ctc.Lattice lat = ctc.lattice(o, new int[] {1, 3, 3, 2});
        for (int t = 0; t < lat.frames(); t++) {
            assertEquals(1.0, Arrays.stream(lat.posterior()[t]).sum(), EXACT, "frame " + (t + 1));
        }
        double[][] d = new double[9][4];
        ctc.lossAndGradient(o, new int[] {1, 3, 3, 2}, d);
        for (double[] row : d) {
            assertEquals(0.0, Arrays.stream(row).sum(), EXACT);
        }
        assertEquals(9, lat.states());
    }

    @Test
    void gradientMatchesCentredDifferences() {
        SplittableRandom rng = new SplittableRandom(9);
        int T = 6, K = 4, B = 3;
        int[] lengths = {6, 3, 5};
        int[][] targets = {{1, 1, 2}, {3}, {2, 3}};
        Matrix[] o = new Matrix[T], d = new Matrix[T];
        List<Param> tensors = new ArrayList<>();
        for (int t = 0; t < T; t++) {
            o[t] = new Matrix(B, K);
            d[t] = new Matrix(B, K);
            for (double[] row : o[t].data) {
                for (int k = 0; k < K; k++) {
                    row[k] = rng.nextDouble(-2, 2);
                }
            }
            tensors.add(new Param("o", o[t], new Matrix(B, K), t));
        }
        Ctc ctc = new Ctc(0);
        GradCheckReport r = GradCheck.check(new Objective() {
            @Override
            public double loss() {
                return ctc.lossAndGradient(o, lengths, targets, null);
            }

            @Override
            public double gradients() {
                double l = ctc.lossAndGradient(o, lengths, targets, d);
                for (int t = 0; t < T; t++) {
                    tensors.get(t).grad.copyFrom(d[t]);
                }
                return l;
            }
        }, tensors, GradCheck.Options.full());
        r.assertBelow(GradCheck.SEQUENCE_TOLERANCE);
        for (int t = 3; t < T; t++) {
            assertEquals(0.0, d[t].get(1, 0), "padding frames get no gradient");
        }
    }

    @Test
    void greedyAndExactBeamAgreeWithEnumeration() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 30; trial++) {
            double[][] o = randomLogits(5, 3, rng);
            Ctc ctc = new Ctc(0);
            Map<String, Double> p = bruteForce(o, 0);
            // greedy = B(most probable frame by frame)
            int[] path = new int[5];
            for (int t = 0; t < 5; t++) {
                for (int k = 1; k < 3; k++) {
                    path[t] = o[t][k] > o[t][path[t]] ? k : path[t];
                }
            }
            assertArrayEquals(Ctc.collapse(path, 0), ctc.greedy(o));
            // a beam wide enough to keep every prefix adds up every path: exact probabilities, exact best reading
            List<Ctc.Hypothesis> all = ctc.beamSearch(o, 1000);
            assertEquals(p.size(), all.size());
            for (Ctc.Hypothesis h : all) {
                assertEquals(p.get(Arrays.toString(h.labels())), Math.exp(h.logProbability()), EXACT);
            }
            String best = p.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertEquals(best, Arrays.toString(all.get(0).labels()));
            assertEquals(best, Arrays.toString(ctc.beamSearch(o, 8).get(0).labels()), "a beam of 8 finds it too");
        }
    }

    @Test
    void beamFindsTheReadingGreedyMisses() {
        // two frames, each 'a' 0.4 and φ 0.6: greedy reads φφ = "" (0.36), but "a" has aa + aφ + φa = 0.64
        double[][] o = {{Math.log(0.6), Math.log(0.4)}, {Math.log(0.6), Math.log(0.4)}};
        Ctc ctc = new Ctc(0);
        assertArrayEquals(new int[0], ctc.greedy(o));
        Ctc.Hypothesis best = ctc.beamSearch(o, 4).get(0);
        assertArrayEquals(new int[] {1}, best.labels());
        assertEquals(0.64, Math.exp(best.logProbability()), EXACT);
    }

    @Test
    void clearErrors() {
        Ctc ctc = new Ctc(0);
        var e1 = assertThrows(IllegalArgumentException.class, () -> ctc.loss(new double[2][3], new int[] {1, 1}));
        assertTrue(e1.getMessage().contains("needs at least 3 frames"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> ctc.loss(new double[4][3], new int[] {1, 0}));
        assertTrue(e2.getMessage().contains("blank"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> ctc.loss(new double[][] {{1, 2}, {1}}, new int[0]));
        assertTrue(e3.getMessage().contains("frame 2"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> new Ctc(5).greedy(new double[3][3]));
        assertTrue(e4.getMessage().contains("blank"), e4.getMessage());
        var e5 = assertThrows(IllegalArgumentException.class, () -> ctc.lossAndGradient(
                new Matrix[] {new Matrix(2, 3), new Matrix(2, 4)}, null, new int[][] {{1}, {2}}, null));
        assertTrue(e5.getMessage().contains("frame 2"), e5.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ctc.beamSearch(new double[2][3], 0));
    }
}
