package rnnlab.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.core.Objective;
import rnnlab.core.Param;

/** The reading head: weights sum to 1 over valid keys, 0 at padding, and every gradient matches centred differences. */
class AdditiveAttentionTest {
    static final int K = 3, D = 2, A = 4, S = 5, Q = 3, B = 3;

    static Matrix[] random(int n, int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix[] m = new Matrix[n];
        for (int i = 0; i < n; i++) {
            m[i] = new Matrix(rows, cols);
            Init.uniform(m[i], 1.0, rng);
        }
        return m;
    }

    @ParameterizedTest(name = "queries={0} padded={1}")
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void gradientsOfParametersKeysAndQueries(boolean withQueries, boolean padded) {
        AdditiveAttention att = new AdditiveAttention(K, withQueries ? D : 0, A, new SplittableRandom(1));
        SplittableRandom rng = new SplittableRandom(2);
        for (Param p : att.params()) {
            Init.uniform(p.value, 1.0, rng);
        }
        Matrix[] keys = random(S, B, K, 3);
        Matrix[] queries = withQueries ? random(Q, B, D, 4) : null;
        int[] lengths = padded ? new int[] {S, 2, 4} : null;
        int nq = withQueries ? Q : 1;
        Matrix[] weights = random(nq, B, K, 5); // L = Σ w ⊙ c, so ∂L/∂c = w
        List<Param> tensors = new ArrayList<>(att.params().list());
        List<Matrix> kGrads = new ArrayList<>(), qGrads = new ArrayList<>();
        for (int i = 0; i < S; i++) {
            kGrads.add(new Matrix(B, K));
            tensors.add(new Param("key", keys[i], kGrads.get(i), i));
        }
        for (int t = 0; withQueries && t < Q; t++) {
            qGrads.add(new Matrix(B, D));
            tensors.add(new Param("query", queries[t], qGrads.get(t), t));
        }
        Objective obj = new Objective() {
            @Override
            public double loss() {
                Matrix[] c = att.forward(queries, keys, lengths);
                double l = 0;
                for (int t = 0; t < nq; t++) {
                    for (int r = 0; r < B; r++) {
                        for (int j = 0; j < K; j++) {
                            l += weights[t].data[r][j] * c[t].data[r][j];
                        }
                    }
                }
                return l;
            }

            @Override
            public double gradients() {
                att.params().zeroGrad();
                double l = loss();
                att.backward(weights);
                for (int i = 0; i < S; i++) {
                    kGrads.get(i).copyFrom(att.keyGradients()[i]);
                }
                for (int t = 0; withQueries && t < Q; t++) {
                    qGrads.get(t).copyFrom(att.queryGradients()[t]);
                }
                return l;
            }
        };
        GradCheckReport r = GradCheck.check(obj, tensors, GradCheck.Options.full());
        r.assertBelow(GradCheck.SEQUENCE_TOLERANCE);
        // padding keys get exactly zero gradient
        if (padded) {
            assertEquals(0.0, kGrads.get(4).data[1][0]);
            assertEquals(0.0, kGrads.get(2).data[1][2]);
        }
    }

    @Test
    void weightsAreADistributionOverValidKeysAndContextIsTheirMean() {
        AdditiveAttention att = new AdditiveAttention(K, D, A, new SplittableRandom(1));
        Matrix[] keys = random(S, B, K, 3);
        int[] lengths = {S, 2, 4};
        Matrix[] c = att.forward(random(Q, B, D, 4), keys, lengths);
        for (int t = 0; t < Q; t++) {
            for (int r = 0; r < B; r++) {
                double sum = 0;
                for (int i = 0; i < S; i++) {
                    double a = att.weights(t).get(r, i);
                    if (i >= lengths[r]) {
                        assertEquals(0.0, a, "padding key " + i + " of sequence " + r);
                    }
                    assertTrue(a >= 0);
                    sum += a;
                }
                assertEquals(1.0, sum, 1e-12);
                for (int j = 0; j < K; j++) {
                    double expect = 0;
                    for (int i = 0; i < lengths[r]; i++) {
                        expect += att.weights(t).get(r, i) * keys[i].get(r, j);
                    }
                    assertEquals(expect, c[t].get(r, j), 1e-12);
                }
            }
        }
        double[][] w = att.weightsOf(1);
        assertEquals(Q, w.length);
        assertEquals(2, w[0].length, "only the valid keys of sequence 1");
    }

    @Test
    void withZeroScoreVectorItAveragesTheKeys() {
        AdditiveAttention att = new AdditiveAttention(K, 0, A, new SplittableRandom(1));
        att.v.value.zero();
        Matrix[] keys = random(4, 1, K, 3);
        Matrix c = att.forward(null, keys, null)[0];
        for (int j = 0; j < K; j++) {
            double mean = (keys[0].get(0, j) + keys[1].get(0, j) + keys[2].get(0, j) + keys[3].get(0, j)) / 4;
            assertEquals(mean, c.get(0, j), 1e-12);
        }
    }

    @Test
    void clearErrors() {
        AdditiveAttention att = new AdditiveAttention(K, D, A, new SplittableRandom(1));
        var e = assertThrows(IllegalArgumentException.class,
                () -> att.forward(random(1, 2, D, 1), random(3, 2, K + 1, 1), null));
        assertTrue(e.getMessage().contains("key 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> att.forward(null, random(3, 2, K, 1), null));
        assertTrue(e.getMessage().contains("queries of size 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> att.forward(random(1, 2, D, 1), random(3, 2, K, 1), new int[] {4, 1}));
        assertTrue(e.getMessage().contains("valid keys"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> new AdditiveAttention(K, D, A, new SplittableRandom(1)).backward(new Matrix[0]));
    }
}
