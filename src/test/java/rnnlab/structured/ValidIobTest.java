package rnnlab.structured;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Decoding a softmax tagger's probabilities into the most probable label sequence that IOB2 allows. */
class ValidIobTest {
    static final List<String> LABELS = List.of("O", "B-NP", "I-NP", "B-VP", "I-VP");
    static final int O = 0, B_NP = 1, I_NP = 2, B_VP = 3, I_VP = 4;

    @Test
    void theRulesAreIob2s() {
        ValidIob v = new ValidIob(LABELS);
        assertEquals(5, v.labels());
        assertTrue(v.isAllowedFirst(O) && v.isAllowedFirst(B_NP) && v.isAllowedFirst(B_VP));
        assertFalse(v.isAllowedFirst(I_NP) || v.isAllowedFirst(I_VP));
        assertTrue(v.isAllowed(B_NP, I_NP) && v.isAllowed(I_NP, I_NP) && v.isAllowed(B_VP, I_VP));
        assertFalse(v.isAllowed(O, I_NP) || v.isAllowed(B_VP, I_NP) || v.isAllowed(I_VP, I_NP)
                || v.isAllowed(B_NP, I_VP));
        for (int i = 0; i < 5; i++) {
            for (int j : new int[] {O, B_NP, B_VP}) {
                assertTrue(v.isAllowed(i, j), "O and B- may follow anything");
            }
        }
        // the CRF's constraints are the same rules
        Crf crf = new Crf(5).forbidInvalidIob(LABELS);
        for (int i = 0; i < 5; i++) {
            assertEquals(v.isAllowedFirst(i), crf.isAllowedFirst(i));
            for (int j = 0; j < 5; j++) {
                assertEquals(v.isAllowed(i, j), crf.isAllowed(i, j), i + " -> " + j);
            }
        }
        assertTrue(v.toString().contains("5 labels"));
        assertThrows(IllegalArgumentException.class, () -> new ValidIob(List.of()));
    }

    /** "O I-NP": the argmax breaks the rules; the best valid sequence repairs it where it costs least. */
    @Test
    void aStrayInsideLabelIsRepairedWhereItCostsLeast() {
        ValidIob v = new ValidIob(LABELS);
        double[][] p = {
                {0.6, 0.3, 0.05, 0.03, 0.02},    // O (B-NP close behind)
                {0.1, 0.2, 0.6, 0.05, 0.05}};    // I-NP
        // O I-NP is forbidden; candidates: B-NP I-NP 0.3·0.6 = 0.18, O B-NP 0.6·0.2 = 0.12, O O 0.06
        assertArrayEquals(new int[] {B_NP, I_NP}, v.decode(p, 2));
        double[][] q = {
                {0.9, 0.05, 0.02, 0.02, 0.01},
                {0.1, 0.3, 0.5, 0.05, 0.05}};
        // B-NP I-NP 0.05·0.5 = 0.025 < O B-NP 0.9·0.3 = 0.27
        assertArrayEquals(new int[] {O, B_NP}, v.decode(q, 2));
        double[][] first = {{0.1, 0.3, 0.4, 0.1, 0.1}};
        assertArrayEquals(new int[] {B_NP}, v.decode(first, 1), "I- cannot start a sentence");
        assertArrayEquals(new int[] {B_NP}, v.decode(new double[][] {first[0], q[1]}, 1), "only the first n steps");
        assertEquals(0, v.decode(p, 0).length);
    }

    /** The decoded sequence is the best of all valid sequences, by enumeration, and equals the argmax when valid. */
    @Test
    void theDecodedSequenceIsTheBestValidOneByEnumeration() {
        ValidIob v = new ValidIob(LABELS);
        SplittableRandom r = new SplittableRandom(3);
        int repaired = 0;
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(5);
            double[][] p = new double[n + 1][5];       // one extra row that must be ignored
            for (double[] row : p) {
                double sum = 0;
                for (int k = 0; k < 5; k++) {
                    row[k] = Math.pow(r.nextDouble(), 3) + 1e-9;
                    sum += row[k];
                }
                for (int k = 0; k < 5; k++) {
                    row[k] /= sum;
                }
            }
            int[] got = v.decode(p, n);
            double best = Double.NEGATIVE_INFINITY;
            int[] bestSeq = null, y = new int[n], argmax = new int[n];
            for (int code = 0; code < Math.pow(5, n); code++) {
                for (int t = 0, c = code; t < n; t++, c /= 5) {
                    y[t] = c % 5;
                }
                if (!valid(v, y)) {
                    continue;
                }
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += Math.log(p[t][y[t]]);
                }
                if (s > best) {
                    best = s;
                    bestSeq = y.clone();
                }
            }
            for (int t = 0; t < n; t++) {
                for (int k = 1; k < 5; k++) {
                    argmax[t] = p[t][k] > p[t][argmax[t]] ? k : argmax[t];
                }
            }
            assertTrue(valid(v, got), "trial " + trial);
            assertArrayEquals(bestSeq, got, "trial " + trial);
            if (valid(v, argmax)) {
                assertArrayEquals(argmax, got, "a valid argmax is kept");
            } else {
                repaired++;
            }
        }
        assertTrue(repaired > 50, "the trials exercise repairs: " + repaired);
    }

    @Test
    void labelsThatAllowNoSequenceFallBackToTheArgmaxAndZeroProbabilitiesAreNotFatal() {
        ValidIob onlyInside = new ValidIob(List.of("I-x", "I-y"));
        assertArrayEquals(new int[] {1, 0}, onlyInside.decode(new double[][] {{0.4, 0.6}, {0.7, 0.3}}, 2));
        ValidIob v = new ValidIob(LABELS);
        double[][] p = {{0, 1, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 0, 1}};   // B-NP I-NP I-VP: the last breaks
        int[] got = v.decode(p, 3);
        assertTrue(valid(v, got), java.util.Arrays.toString(got));
        assertArrayEquals(new int[] {B_NP, I_NP}, java.util.Arrays.copyOf(got, 2));
    }

    @Test
    void keptByTellsIob2FromOtherSchemes() {
        assertTrue(ValidIob.keptBy(List.of(List.of("B-NP", "I-NP", "O", "B-VP"), List.of("O"), List.of())));
        assertFalse(ValidIob.keptBy(List.of(List.of("O", "I-NP"))), "IOB1: I- after O");
        assertFalse(ValidIob.keptBy(List.of(List.of("I-NP", "I-NP"))), "I- first");
        assertFalse(ValidIob.keptBy(List.of(List.of("B-VP", "I-NP"))), "another type");
        assertTrue(ValidIob.keptBy(List.of(List.of("O", "PER", "LOC"))), "no I-: nothing to break");
        assertEquals(-1, ValidIob.firstBreak(List.of("B-NP", "I-NP", "O")));
        assertEquals(0, ValidIob.firstBreak(List.of("I-NP", "O")));
        assertEquals(3, ValidIob.firstBreak(List.of("B-VP", "I-VP", "O", "I-VP", "I-NP")), "the first of two breaks");
    }

    private static boolean valid(ValidIob v, int[] y) {
        if (y.length > 0 && !v.isAllowedFirst(y[0])) {
            return false;
        }
        for (int t = 1; t < y.length; t++) {
            if (!v.isAllowed(y[t - 1], y[t])) {
                return false;
            }
        }
        return true;
    }
}
