package rnnlab.structured;

import java.util.Arrays;
import java.util.List;

import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * A linear-chain CRF output layer for any tagger (lecture Part II p.80–87: "Bi-LSTM + CRF / structured SVM"). The
 * network below gives an emission score per word and label; the layer adds a score for every pair of neighbouring
 * labels, so the whole label sequence is scored and decoded at once (Viterbi) instead of word by word.
 * <pre>
 *   T steps, K labels, e[t][j] = emission score of label j at step t (the tagger's output layer, no softmax)
 *
 *   s(x, y) = start[y₁] + Σₜ e[t][yₜ] + Σₜ₌₂..T A[yₜ₋₁][yₜ] + end[y_T]          score of a label sequence
 *   P(y | x) = exp s(x, y) / Z(x)          Z(x) = Σ over all Kᵀ sequences y' of exp s(x, y')
 *
 *   forward (log space)   α₁(j) = start[j] + e[1][j]
 *                          αₜ(j) = e[t][j] + logΣᵢ exp(αₜ₋₁(i) + A[i][j])         log Z = logΣⱼ exp(α_T(j) + end[j])
 *   backward              β_T(i) = end[i]      βₜ(i) = logΣⱼ exp(A[i][j] + e[t+1][j] + βₜ₊₁(j))
 *   marginals             P(yₜ = j | x) = exp(αₜ(j) + βₜ(j) − log Z)
 *   Viterbi               δ₁(j) = start[j] + e[1][j]      δₜ(j) = e[t][j] + maxᵢ (δₜ₋₁(i) + A[i][j]), then back-pointers
 *
 *   A      K×K  transition scores, A[i][j] = score of label j right after label i
 *   start  1×K  score of the first label       end  1×K  score of the last label
 * </pre>
 * Three training objectives for the same scores (p.84–85), chosen with {@link #setTraining}, each ≥ 0 per sentence:
 * <pre>
 *   LIKELIHOOD  (CRF)                  L = log Z(x) − s(x, y*)                 ∂L/∂e[t][j] = P(yₜ=j|x) − [y*ₜ = j]
 *   PERCEPTRON  (structured perceptron) L = s(x, ŷ) − s(x, y*),   ŷ = argmax_y s(x, y)
 *   SVM         (structured SVM, margin rescaling, Hamming cost Δ)
 *                                      L = s(x, ŷ) + Δ(ŷ, y*) − s(x, y*),   ŷ = argmax_y s(x, y) + Δ(y, y*)
 *                                      Δ(y, y*) = number of steps where yₜ ≠ y*ₜ (an upper bound of the error)
 * </pre>
 * For the perceptron and the SVM the gradient is the (sub)gradient "features of ŷ minus features of y*": +1 on
 * every emission and transition ŷ uses, −1 on those y* uses. Where the best sequence is unique it is the exact
 * gradient (what the gradient checks test).
 *
 * <p>Optional constraints forbid transitions (score −∞): {@link #forbidInvalidIob} forbids what IOB2 cannot
 * express, I-x right after O, after B-y or I-y of another type, or as the first label. Forbidden transitions get no
 * gradient and never appear in a decoded sequence; a gold sequence that uses one is an error (the data is not IOB2).
 *
 * <p>Batches follow the project's convention: {@code emissions[t]} is B×K for t = 0 … T−1, {@code lengths[b]} the
 * valid steps of sequence b (null = all T), {@code labels[b][t]} the gold label (−1 at padding). Buffers grow to the
 * longest sentence seen and are reused: a training step allocates nothing once they have grown.
 */
public final class Crf {
    /** How the layer is trained. */
    public enum Training {
        /** Negative log-likelihood of the gold sequence (a CRF). */
        LIKELIHOOD,
        /** Structured perceptron: best-sequence score minus gold score. */
        PERCEPTRON,
        /** Structured SVM with margin rescaling and the Hamming cost. */
        SVM;

        /** Parses "likelihood"/"crf", "perceptron" or "svm" (any case). */
        public static Training parse(String s) {
            String t = s.trim().toLowerCase(java.util.Locale.ROOT);
            return switch (t) {
                case "likelihood", "crf", "nll" -> LIKELIHOOD;
                case "perceptron" -> PERCEPTRON;
                case "svm" -> SVM;
                default -> throw new IllegalArgumentException("unknown CRF training '" + s
                        + "'; choose likelihood, perceptron or svm");
            };
        }
    }

    static final double NEG_INF = Double.NEGATIVE_INFINITY;

    private final int K;
    private final Params params = new Params();
    /** Transition scores A (K×K): row = previous label, column = next label. */
    public final Param A;
    /** Score of each label as the first label (1×K). */
    public final Param start;
    /** Score of each label as the last label (1×K). */
    public final Param end;
    private final boolean[][] allowed;
    private final boolean[] allowedFirst;
    private Training training = Training.LIKELIHOOD;

    // per-sequence scratch, grown to the longest sequence seen
    private double[][] e = new double[0][], alpha = new double[0][], beta = new double[0][];
    private int[][] back = new int[0][];
    private int[] best = new int[0], gold = new int[0];
    private final double[] tmp;

    /** A CRF layer over K labels with all scores zero (every sequence equally likely until trained). */
    public Crf(int labels) {
        if (labels < 1) {
            throw new IllegalArgumentException("Crf: the number of labels must be positive, got " + labels);
        }
        K = labels;
        A = params.add(new Param("A", K, K));
        start = params.add(new Param("start", 1, K));
        end = params.add(new Param("end", 1, K));
        allowed = new boolean[K][K];
        for (boolean[] row : allowed) {
            Arrays.fill(row, true);
        }
        allowedFirst = new boolean[K];
        Arrays.fill(allowedFirst, true);
        tmp = new double[K];
    }

    /** Number of labels K. */
    public int labels() {
        return K;
    }

    /** The trainable scores: {@code A}, {@code start}, {@code end}. */
    public Params params() {
        return params;
    }

    public Training training() {
        return training;
    }

    /** Chooses the training objective (the scores, Viterbi and the constraints stay the same). */
    public Crf setTraining(Training t) {
        training = java.util.Objects.requireNonNull(t, "training");
        return this;
    }

    // ---- constraints ------------------------------------------------------------------------------------------

    /**
     * Forbids the transitions IOB2 cannot produce: {@code I-x} may only follow {@code B-x} or {@code I-x}, and
     * cannot start a sentence. {@code labels.get(k)} is the name of label k; labels that are neither {@code B-…}
     * nor {@code I-…} (like {@code O}) are unconstrained.
     */
    public Crf forbidInvalidIob(List<String> labels) {
        if (labels.size() != K) {
            throw new IllegalArgumentException("Crf.forbidInvalidIob: got " + labels.size() + " label names for a "
                    + "layer of " + K + " labels");
        }
        ValidIob rules = new ValidIob(labels);
        for (int j = 0; j < K; j++) {
            if (!rules.isAllowedFirst(j)) {     // only I- labels are constrained; others keep setAllowed's
                allowedFirst[j] = false;
                for (int i = 0; i < K; i++) {
                    allowed[i][j] = rules.isAllowed(i, j);
                }
            }
        }
        return this;
    }

    /** Forbids (or allows again) label {@code to} right after label {@code from}. */
    public Crf setAllowed(int from, int to, boolean ok) {
        checkLabel("from", from);
        checkLabel("to", to);
        allowed[from][to] = ok;
        return this;
    }

    /** Forbids (or allows again) label {@code k} as the first label of a sentence. */
    public Crf setAllowedFirst(int k, boolean ok) {
        checkLabel("first", k);
        allowedFirst[k] = ok;
        return this;
    }

    /** True if label {@code to} may follow label {@code from}. */
    public boolean isAllowed(int from, int to) {
        return allowed[from][to];
    }

    /** True if label {@code k} may start a sentence. */
    public boolean isAllowedFirst(int k) {
        return allowedFirst[k];
    }

    /** True if some transition or first label is forbidden. */
    public boolean hasConstraints() {
        for (int i = 0; i < K; i++) {
            if (!allowedFirst[i]) {
                return true;
            }
            for (int j = 0; j < K; j++) {
                if (!allowed[i][j]) {
                    return true;
                }
            }
        }
        return false;
    }

    private void checkLabel(String what, int k) {
        if (k < 0 || k >= K) {
            throw new IllegalArgumentException("Crf: " + what + " label " + k + " is outside 0.." + (K - 1));
        }
    }

    private double trans(int i, int j) {
        return allowed[i][j] ? A.value.data[i][j] : NEG_INF;
    }

    private double first(int j) {
        return allowedFirst[j] ? start.value.data[0][j] : NEG_INF;
    }

    // ---- one sentence: what the formulas say ------------------------------------------------------------------

    /** s(x, y): the score of label sequence {@code y} given emissions {@code e} (T×K); −∞ if y breaks a constraint. */
    public double score(double[][] e, int[] y) {
        int T = checkSequence("score", e);
        if (y.length != T) {
            throw new IllegalArgumentException("Crf.score: " + y.length + " labels for " + T + " steps");
        }
        for (int t = 0; t < T; t++) {
            checkLabel("step " + (t + 1), y[t]);
        }
        double s = first(y[0]) + e[0][y[0]];
        for (int t = 1; t < T; t++) {
            s += trans(y[t - 1], y[t]) + e[t][y[t]];
        }
        return s + end.value.data[0][y[T - 1]];
    }

    /** log Z(x) by the forward algorithm in log space. */
    public double logPartition(double[][] e) {
        int T = checkSequence("logPartition", e);
        grow(T);
        return forward(e, T);
    }

    /** The best label sequence argmax_y s(x, y) (Viterbi). */
    public int[] viterbi(double[][] e) {
        int T = checkSequence("viterbi", e);
        grow(T);
        viterbi(e, T, null, best);
        return Arrays.copyOf(best, T);
    }

    /** P(yₜ = j | x) for every step and label (T×K), by forward–backward. */
    public double[][] marginals(double[][] e) {
        int T = checkSequence("marginals", e);
        grow(T);
        double logZ = forward(e, T);
        backward(e, T);
        double[][] p = new double[T][K];
        for (int t = 0; t < T; t++) {
            for (int j = 0; j < K; j++) {
                p[t][j] = Math.exp(alpha[t][j] + beta[t][j] - logZ);
            }
        }
        return p;
    }

    /** P(y | x) = exp(s(x, y) − log Z(x)). */
    public double probability(double[][] e, int[] y) {
        return Math.exp(score(e, y) - logPartition(e));
    }

    private int checkSequence(String where, double[][] e) {
        if (e.length == 0) {
            throw new IllegalArgumentException("Crf." + where + ": empty sequence; give at least one step");
        }
        for (int t = 0; t < e.length; t++) {
            if (e[t].length != K) {
                throw new IllegalArgumentException("Crf." + where + ": emission scores at step " + (t + 1) + " have "
                        + e[t].length + " values but the layer has " + K + " labels (T×K expected)");
            }
        }
        return e.length;
    }

    private void grow(int T) {
        if (alpha.length < T) {
            int n = Math.max(T, 2 * alpha.length);
            e = new double[n][K];
            alpha = new double[n][K];
            beta = new double[n][K];
            back = new int[n][K];
            best = new int[n];
            gold = new int[n];
        }
    }

    /** Fills alpha[0..T−1]; returns log Z. */
    private double forward(double[][] e, int T) {
        for (int j = 0; j < K; j++) {
            alpha[0][j] = first(j) + e[0][j];
        }
        for (int t = 1; t < T; t++) {
            double[] prev = alpha[t - 1], cur = alpha[t];
            for (int j = 0; j < K; j++) {
                for (int i = 0; i < K; i++) {
                    tmp[i] = prev[i] + trans(i, j);
                }
                cur[j] = e[t][j] + logSumExp(tmp, K);
            }
        }
        double[] last = alpha[T - 1];
        for (int j = 0; j < K; j++) {
            tmp[j] = last[j] + end.value.data[0][j];
        }
        return logSumExp(tmp, K);
    }

    /** Fills beta[0..T−1]. */
    private void backward(double[][] e, int T) {
        for (int i = 0; i < K; i++) {
            beta[T - 1][i] = end.value.data[0][i];
        }
        for (int t = T - 2; t >= 0; t--) {
            for (int i = 0; i < K; i++) {
                for (int j = 0; j < K; j++) {
                    tmp[j] = trans(i, j) + e[t + 1][j] + beta[t + 1][j];
                }
                beta[t][i] = logSumExp(tmp, K);
            }
        }
    }

    /**
     * Viterbi into {@code out[0..T−1]}; with {@code costOf} (the gold labels) the Hamming cost is added to every
     * wrong label's emission (loss-augmented decoding). Returns the best (augmented) score.
     */
    private double viterbi(double[][] e, int T, int[] costOf, int[] out) {
        double[][] d = alpha; // δ reuses the α buffer
        for (int j = 0; j < K; j++) {
            d[0][j] = first(j) + e[0][j] + (costOf != null && j != costOf[0] ? 1 : 0);
        }
        for (int t = 1; t < T; t++) {
            for (int j = 0; j < K; j++) {
                double bestScore = NEG_INF;
                int arg = 0;
                for (int i = 0; i < K; i++) {
                    double s = d[t - 1][i] + trans(i, j);
                    if (s > bestScore) {
                        bestScore = s;
                        arg = i;
                    }
                }
                back[t][j] = arg;
                d[t][j] = bestScore + e[t][j] + (costOf != null && j != costOf[t] ? 1 : 0);
            }
        }
        double bestScore = NEG_INF;
        int arg = 0;
        for (int j = 0; j < K; j++) {
            double s = d[T - 1][j] + end.value.data[0][j];
            if (s > bestScore) {
                bestScore = s;
                arg = j;
            }
        }
        if (bestScore == NEG_INF) {
            throw new IllegalStateException("Crf: every label sequence of length " + T + " is forbidden by the "
                    + "constraints (or a score is −∞); allow more transitions");
        }
        out[T - 1] = arg;
        for (int t = T - 1; t > 0; t--) {
            out[t - 1] = back[t][out[t]];
        }
        return bestScore;
    }

    static double logSumExp(double[] v, int n) {
        double m = NEG_INF;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, v[i]);
        }
        if (m == NEG_INF) {
            return NEG_INF;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(v[i] - m);
        }
        return m + Math.log(s);
    }

    // ---- batches: the layer on top of a tagger ----------------------------------------------------------------

    /**
     * The training loss of a batch (summed over sentences) with the current objective, its gradient with respect
     * to the emissions written into {@code dEmissions} (B×K per step, zero at padding; may be null), and the
     * gradients of {@code A}, {@code start}, {@code end} ADDED into their {@code grad}.
     */
    public double lossAndGradient(Matrix[] emissions, int[] lengths, int[][] labels, Matrix[] dEmissions) {
        int T = checkBatch(emissions, lengths);
        int B = emissions[0].rows;
        if (labels == null || labels.length != B) {
            throw new IllegalArgumentException("Crf: " + (labels == null ? "no" : labels.length)
                    + " label rows for a batch of " + B + " sentences");
        }
        if (dEmissions != null) {
            if (dEmissions.length != T) {
                throw new IllegalArgumentException("Crf: " + dEmissions.length + " gradient matrices for " + T
                        + " steps");
            }
            for (int t = 0; t < T; t++) {
                dEmissions[t].requireShape("Crf: emission gradient at step " + (t + 1), B, K);
                dEmissions[t].zero();
            }
        }
        grow(T);
        double total = 0;
        for (int b = 0; b < B; b++) {
            int n = lengths == null ? T : lengths[b];
            for (int t = 0; t < n; t++) {
                System.arraycopy(emissions[t].data[b], 0, e[t], 0, K);
                int y = labels[b].length > t ? labels[b][t] : -1;
                if (y < 0 || y >= K) {
                    throw new IllegalArgumentException("Crf: sentence " + b + " has label " + y + " at step "
                            + (t + 1) + "; labels must be in 0.." + (K - 1) + " at the " + n + " valid steps");
                }
                gold[t] = y;
            }
            double goldScore = score(e, gold, n);
            if (goldScore == NEG_INF) {
                throw new IllegalArgumentException("Crf: the gold labels of sentence " + b + " use a forbidden "
                        + "transition (" + firstForbidden(gold, n) + "); the data is not valid IOB2, or drop the "
                        + "constraints");
            }
            total += switch (training) {
                case LIKELIHOOD -> likelihood(b, n, goldScore, dEmissions);
                case PERCEPTRON, SVM -> margin(b, n, goldScore, dEmissions);
            };
        }
        return total;
    }

    private String firstForbidden(int[] y, int n) {
        if (!allowedFirst[y[0]]) {
            return "label " + y[0] + " first";
        }
        for (int t = 1; t < n; t++) {
            if (!allowed[y[t - 1]][y[t]]) {
                return "label " + y[t - 1] + " → " + y[t] + " at step " + (t + 1);
            }
        }
        return "none";
    }

    private double score(double[][] e, int[] y, int T) {
        double s = first(y[0]) + e[0][y[0]];
        for (int t = 1; t < T; t++) {
            s += trans(y[t - 1], y[t]) + e[t][y[t]];
        }
        return s + end.value.data[0][y[T - 1]];
    }

    /** log Z − s(y*); ∂e = marginals − gold, ∂A = pair marginals − gold counts. */
    private double likelihood(int b, int n, double goldScore, Matrix[] dEm) {
        double logZ = forward(e, n);
        backward(e, n);
        double[][] dA = A.grad.data;
        double[] dStart = start.grad.data[0], dEnd = end.grad.data[0];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < K; j++) {
                double p = Math.exp(alpha[t][j] + beta[t][j] - logZ);
                if (dEm != null) {
                    dEm[t].data[b][j] = p;
                }
                if (t == 0) {
                    dStart[j] += p;
                }
                if (t == n - 1) {
                    dEnd[j] += p;
                }
            }
            if (t > 0) {
                for (int i = 0; i < K; i++) {
                    for (int j = 0; j < K; j++) {
                        if (allowed[i][j]) { // ξₜ(i,j) = P(yₜ₋₁ = i, yₜ = j | x)
                            dA[i][j] += Math.exp(alpha[t - 1][i] + A.value.data[i][j] + e[t][j] + beta[t][j] - logZ);
                        }
                    }
                }
            }
        }
        addFeatures(b, gold, n, -1, dEm);
        return logZ - goldScore;
    }

    /** Perceptron / SVM: s(ŷ) (+ Δ) − s(y*); gradient = features(ŷ) − features(y*). */
    private double margin(int b, int n, double goldScore, Matrix[] dEm) {
        double bestScore = viterbi(e, n, training == Training.SVM ? gold : null, best);
        addFeatures(b, best, n, +1, dEm);
        addFeatures(b, gold, n, -1, dEm);
        return bestScore - goldScore;
    }

    /** Adds sign × (the emissions, transitions, first and last label that sequence y uses) to the gradients. */
    private void addFeatures(int b, int[] y, int n, double sign, Matrix[] dEm) {
        start.grad.data[0][y[0]] += sign;
        end.grad.data[0][y[n - 1]] += sign;
        for (int t = 0; t < n; t++) {
            if (dEm != null) {
                dEm[t].data[b][y[t]] += sign;
            }
            if (t > 0) {
                A.grad.data[y[t - 1]][y[t]] += sign;
            }
        }
    }

    /** The Viterbi labels of every sentence of a batch: [B][T], −1 at padding. */
    public int[][] decode(Matrix[] emissions, int[] lengths) {
        int T = checkBatch(emissions, lengths);
        int B = emissions[0].rows;
        grow(T);
        int[][] out = new int[B][T];
        for (int b = 0; b < B; b++) {
            int n = lengths == null ? T : lengths[b];
            for (int t = 0; t < n; t++) {
                System.arraycopy(emissions[t].data[b], 0, e[t], 0, K);
            }
            viterbi(e, n, null, best);
            Arrays.fill(out[b], -1);
            System.arraycopy(best, 0, out[b], 0, n);
        }
        return out;
    }

    /** The marginals P(yₜ = j | x) of every sentence of a batch into {@code into[t]} (B×K, zero at padding). */
    public void marginals(Matrix[] emissions, int[] lengths, Matrix[] into) {
        int T = checkBatch(emissions, lengths);
        int B = emissions[0].rows;
        grow(T);
        for (int b = 0; b < B; b++) {
            int n = lengths == null ? T : lengths[b];
            for (int t = 0; t < n; t++) {
                System.arraycopy(emissions[t].data[b], 0, e[t], 0, K);
            }
            double logZ = forward(e, n);
            backward(e, n);
            for (int t = 0; t < T; t++) {
                for (int j = 0; j < K; j++) {
                    into[t].data[b][j] = t < n ? Math.exp(alpha[t][j] + beta[t][j] - logZ) : 0;
                }
            }
        }
    }

    private int checkBatch(Matrix[] emissions, int[] lengths) {
        if (emissions == null || emissions.length == 0) {
            throw new IllegalArgumentException("Crf: empty sequence (0 steps); give at least one step");
        }
        int T = emissions.length, B = emissions[0].rows;
        for (int t = 0; t < T; t++) {
            if (emissions[t].rows != B || emissions[t].cols != K) {
                emissions[t].requireShape("Crf: emission scores at step " + (t + 1) + " (batch × labels)", B, K);
            }
        }
        if (lengths != null) {
            if (lengths.length != B) {
                throw new IllegalArgumentException("Crf: " + lengths.length + " lengths for " + B + " sentences");
            }
            for (int b = 0; b < B; b++) {
                if (lengths[b] < 1 || lengths[b] > T) {
                    throw new IllegalArgumentException("Crf: length of sentence " + b + " is " + lengths[b]
                            + " but must be between 1 and the number of steps " + T);
                }
            }
        }
        return T;
    }

    @Override
    public String toString() {
        return "Crf(labels=" + K + ", training=" + training + (hasConstraints() ? ", constrained" : "") + ")";
    }
}
