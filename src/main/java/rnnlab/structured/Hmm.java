package rnnlab.structured;

import java.util.List;

/**
 * A hidden Markov model tagger (lecture Part II p.80–87, "HMM" in the comparison with RNNs), estimated by counting
 * with add-α smoothing and decoded with the same Viterbi as the CRF layer:
 * <pre>
 *   P(x, y) = P(y₁) · Πₜ P(yₜ | yₜ₋₁) · Πₜ P(xₜ | yₜ)
 *   log P(x, y) = s(x, y) of a {@link Crf} with start[j] = log P(y₁ = j), A[i][j] = log P(j | i), end = 0
 *                 and emission scores e[t][j] = log P(xₜ | j)
 * </pre>
 * So an HMM is a linear-chain model whose scores are log-probabilities counted from the data, where a CRF learns
 * its scores discriminatively (and, on top of an RNN, computes the emissions from the whole sentence).
 */
public final class Hmm {
    private final int V, K;
    private final double[][] logEmission; // [K][V]
    private final Crf chain;

    private Hmm(int V, int K, double[][] logEmission, Crf chain) {
        this.V = V;
        this.K = K;
        this.logEmission = logEmission;
        this.chain = chain;
    }

    /**
     * Counts an HMM from tagged sentences.
     *
     * @param words  word ids of each sentence (0 … V−1)
     * @param labels label ids of each sentence (0 … K−1), the same lengths
     * @param alpha  add-α smoothing of every count (e.g. 0.1), > 0
     */
    public static Hmm train(List<int[]> words, List<int[]> labels, int V, int K, double alpha) {
        if (words.size() != labels.size()) {
            throw new IllegalArgumentException("Hmm.train: " + words.size() + " word sequences but " + labels.size()
                    + " label sequences");
        }
        if (V < 1 || K < 1 || !(alpha > 0)) {
            throw new IllegalArgumentException("Hmm.train: need V ≥ 1, K ≥ 1 and alpha > 0, got " + V + ", " + K
                    + ", " + alpha);
        }
        double[] first = new double[K];
        double[][] trans = new double[K][K], emit = new double[K][V];
        for (int n = 0; n < words.size(); n++) {
            int[] x = words.get(n), y = labels.get(n);
            if (x.length != y.length || x.length == 0) {
                throw new IllegalArgumentException("Hmm.train: sentence " + n + " has " + x.length + " words and "
                        + y.length + " labels; they must match and not be empty");
            }
            for (int t = 0; t < x.length; t++) {
                if (x[t] < 0 || x[t] >= V || y[t] < 0 || y[t] >= K) {
                    throw new IllegalArgumentException("Hmm.train: sentence " + n + ", word " + (t + 1) + ": id "
                            + x[t] + " or label " + y[t] + " is outside 0.." + (V - 1) + " / 0.." + (K - 1));
                }
                emit[y[t]][x[t]]++;
                if (t == 0) {
                    first[y[t]]++;
                } else {
                    trans[y[t - 1]][y[t]]++;
                }
            }
        }
        Crf chain = new Crf(K);
        double[][] logEmit = new double[K][V];
        double firstSum = sum(first) + alpha * K;
        for (int j = 0; j < K; j++) {
            chain.start.value.data[0][j] = Math.log((first[j] + alpha) / firstSum);
            double rowSum = sum(trans[j]) + alpha * K;
            for (int k = 0; k < K; k++) {
                chain.A.value.data[j][k] = Math.log((trans[j][k] + alpha) / rowSum);
            }
            double emitSum = sum(emit[j]) + alpha * V;
            for (int w = 0; w < V; w++) {
                logEmit[j][w] = Math.log((emit[j][w] + alpha) / emitSum);
            }
        }
        return new Hmm(V, K, logEmit, chain);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    /** log P(x | y = j) for every word and label: the emission scores e[t][j]. */
    public double[][] emissionScores(int[] words) {
        double[][] e = new double[words.length][K];
        for (int t = 0; t < words.length; t++) {
            if (words[t] < 0 || words[t] >= V) {
                throw new IllegalArgumentException("Hmm: word id " + words[t] + " at position " + (t + 1)
                        + " is outside 0.." + (V - 1));
            }
            for (int j = 0; j < K; j++) {
                e[t][j] = logEmission[j][words[t]];
            }
        }
        return e;
    }

    /** The most probable label sequence argmax_y P(x, y) (Viterbi). */
    public int[] decode(int[] words) {
        return chain.viterbi(emissionScores(words));
    }

    /** log P(x, y). */
    public double logJoint(int[] words, int[] labels) {
        return chain.score(emissionScores(words), labels);
    }

    /** The chain model holding log P(y₁) as start scores and log P(yₜ | yₜ₋₁) as transition scores. */
    public Crf chain() {
        return chain;
    }

    @Override
    public String toString() {
        return "Hmm(words=" + V + ", labels=" + K + ")";
    }
}
