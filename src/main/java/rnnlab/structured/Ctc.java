package rnnlab.structured;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import rnnlab.core.Matrix;

/**
 * Connectionist temporal classification (lecture Part II p.42–45; Graves et al., ICML 2006): a network outputs one
 * distribution per input frame over the K symbols plus the null symbol φ (the "blank"); an output sequence is read
 * from a frame sequence by merging repeated symbols and then dropping φ, so "好φφ棒φφφφ" reads "好棒" and
 * "好φφ棒φ棒φφ" reads "好棒棒". Training sums over every alignment that reads the target (p.44).
 * <pre>
 *   T frames, K outputs (one of them φ = blank), U target symbols l₁ … l_U
 *   yₜ = softmax(oₜ)                        per-frame probabilities from the scores oₜ (T×K)
 *   B(π)                                    the reading of a path π ∈ {0..K−1}ᵀ: merge repeats, drop φ
 *   p(l | x) = Σ_{π : B(π) = l} Πₜ yₜ(πₜ)    L = −log p(l | x)
 *
 *   extended target l' = φ l₁ φ l₂ φ … l_U φ     (S = 2U + 1 states, the rows of the alignment lattice)
 *   forward (log space)  α₁(0) = log y₁(φ)   α₁(1) = log y₁(l₁)
 *                        αₜ(s) = log yₜ(l'ₛ) + logΣ(αₜ₋₁(s), αₜ₋₁(s−1), αₜ₋₁(s−2) if l'ₛ ≠ φ and l'ₛ ≠ l'ₛ₋₂)
 *                        log p(l | x) = logΣ(α_T(S−1), α_T(S−2))
 *   backward             β_T(S−1) = β_T(S−2) = 0
 *                        βₜ(s) = logΣ over s' ∈ {s, s+1, s+2 (same rule)} of log yₜ₊₁(l'ₛ') + βₜ₊₁(s')
 *   posterior            γₜ(s) = exp(αₜ(s) + βₜ(s) − log p)        (Σₛ γₜ(s) = 1 at every frame)
 *   gradient             ∂L/∂oₜ(k) = yₜ(k) − Σ_{s : l'ₛ = k} γₜ(s)
 * </pre>
 * Decoding: {@link #greedy} takes the most probable output per frame and reads it; {@link #beamSearch} is prefix beam
 * search, which adds up the probabilities of all paths that read the same prefix (the greedy path's reading is not
 * always the most probable reading).
 */
public final class Ctc {
    static final double NEG_INF = Double.NEGATIVE_INFINITY;
    private final int blank;

    /** CTC with the null symbol φ at output index {@code blank}. */
    public Ctc(int blank) {
        if (blank < 0) {
            throw new IllegalArgumentException("Ctc: the blank index must be ≥ 0, got " + blank);
        }
        this.blank = blank;
    }

    /** The output index of φ. */
    public int blank() {
        return blank;
    }

    // ---- reading a path ---------------------------------------------------------------------------------------

    /** B(π): merges repeated outputs, then drops φ (e.g. 好φφ棒φ棒φφ → 好棒棒). */
    public static int[] collapse(int[] path, int blank) {
        int[] out = new int[path.length];
        int n = 0, prev = -1;
        for (int k : path) {
            if (k != prev && k != blank) {
                out[n++] = k;
            }
            prev = k;
        }
        return Arrays.copyOf(out, n);
    }

    /** B(π) on strings, with φ written as the given character: {@code collapse("好φφ棒φφφφ", 'φ')} is "好棒". */
    public static String collapse(String path, char blank) {
        StringBuilder sb = new StringBuilder();
        int prev = -1;
        for (int i = 0; i < path.length(); ) {
            int c = path.codePointAt(i);
            if (c != prev && c != blank) {
                sb.appendCodePoint(c);
            }
            prev = c;
            i += Character.charCount(c);
        }
        return sb.toString();
    }

    /** The least number of frames that can read {@code target}: U, plus one φ between each pair of equal neighbours. */
    public static int minFrames(int[] target) {
        int n = target.length;
        for (int u = 1; u < target.length; u++) {
            n += target[u] == target[u - 1] ? 1 : 0;
        }
        return n;
    }

    // ---- one sequence -----------------------------------------------------------------------------------------

    /**
     * Everything the forward–backward algorithm computes for one sequence: the extended target l', the per-frame
     * log-probabilities, α and β (log, T×S), the posterior γ (T×S) and log p(l | x).
     */
    public record Lattice(int[] extended, double[][] logProbs, double[][] logAlpha, double[][] logBeta,
                          double[][] posterior, double logLikelihood) {
        /** −log p(l | x). */
        public double loss() {
            return -logLikelihood;
        }

        /** Number of frames T. */
        public int frames() {
            return logProbs.length;
        }

        /** Number of lattice states S = 2U + 1. */
        public int states() {
            return extended.length;
        }
    }

    /** Runs forward–backward on scores {@code logits} (T×K, softmax is applied per frame) for {@code target}. */
    public Lattice lattice(double[][] logits, int[] target) {
        int T = checkLogits("lattice", logits);
        int K = logits[0].length;
        checkTarget(target, K, T, "");
        int[] ext = extend(target);
        int S = ext.length;
        double[][] lp = new double[T][K];
        for (int t = 0; t < T; t++) {
            logSoftmax(logits[t], lp[t]);
        }
        double[][] a = new double[T][S], b = new double[T][S];
        double logP = forwardBackward(lp, ext, T, a, b);
        double[][] g = new double[T][S];
        for (int t = 0; t < T; t++) {
            for (int s = 0; s < S; s++) {
                g[t][s] = Math.exp(a[t][s] + b[t][s] - logP);
            }
        }
        return new Lattice(ext, lp, a, b, g, logP);
    }

    /** −log p(l | x). */
    public double loss(double[][] logits, int[] target) {
        return lattice(logits, target).loss();
    }

    /** −log p(l | x), with ∂L/∂logits written into {@code dLogits} (T×K). */
    public double lossAndGradient(double[][] logits, int[] target, double[][] dLogits) {
        Lattice lat = lattice(logits, target);
        gradient(lat, lat.logProbs().length, dLogits);
        return lat.loss();
    }

    private void gradient(Lattice lat, int T, double[][] d) {
        int[] ext = lat.extended();
        for (int t = 0; t < T; t++) {
            double[] row = d[t];
            for (int k = 0; k < row.length; k++) {
                row[k] = Math.exp(lat.logProbs()[t][k]); // yₜ(k)
            }
            for (int s = 0; s < ext.length; s++) {
                row[ext[s]] -= lat.posterior()[t][s]; // − Σ_{s: l'ₛ = k} γₜ(s)
            }
        }
    }

    /** l' = φ l₁ φ l₂ … l_U φ. */
    public int[] extend(int[] target) {
        int[] ext = new int[2 * target.length + 1];
        Arrays.fill(ext, blank);
        for (int u = 0; u < target.length; u++) {
            ext[2 * u + 1] = target[u];
        }
        return ext;
    }

    /** Fills log α and log β (T×S) and returns log p(l | x). */
    private static double forwardBackward(double[][] lp, int[] ext, int T, double[][] a, double[][] b) {
        int S = ext.length;
        for (double[] row : a) {
            Arrays.fill(row, NEG_INF);
        }
        for (double[] row : b) {
            Arrays.fill(row, NEG_INF);
        }
        a[0][0] = lp[0][ext[0]];
        if (S > 1) {
            a[0][1] = lp[0][ext[1]];
        }
        for (int t = 1; t < T; t++) {
            for (int s = 0; s < S; s++) {
                double v = a[t - 1][s];
                if (s >= 1) {
                    v = logAdd(v, a[t - 1][s - 1]);
                }
                if (s >= 2 && canSkip(ext, s)) {
                    v = logAdd(v, a[t - 1][s - 2]);
                }
                a[t][s] = v + lp[t][ext[s]];
            }
        }
        double logP = S > 1 ? logAdd(a[T - 1][S - 1], a[T - 1][S - 2]) : a[T - 1][S - 1];
        b[T - 1][S - 1] = 0;
        if (S > 1) {
            b[T - 1][S - 2] = 0;
        }
        for (int t = T - 2; t >= 0; t--) {
            for (int s = 0; s < S; s++) {
                double v = lp[t + 1][ext[s]] + b[t + 1][s];
                if (s + 1 < S) {
                    v = logAdd(v, lp[t + 1][ext[s + 1]] + b[t + 1][s + 1]);
                }
                if (s + 2 < S && canSkip(ext, s + 2)) {
                    v = logAdd(v, lp[t + 1][ext[s + 2]] + b[t + 1][s + 2]);
                }
                b[t][s] = v;
            }
        }
        return logP;
    }

    /** A path may jump from state s−2 to s when l'ₛ is a symbol different from l'ₛ₋₂ (skipping the φ between). */
    private static boolean canSkip(int[] ext, int s) {
        return ext[s] != ext[0] && ext[s] != ext[s - 2]; // ext[0] is φ
    }

    static double logAdd(double x, double y) {
        if (x == NEG_INF) {
            return y;
        }
        if (y == NEG_INF) {
            return x;
        }
        double m = Math.max(x, y);
        return m + Math.log1p(Math.exp(-Math.abs(x - y)));
    }

    private static void logSoftmax(double[] o, double[] out) {
        double m = NEG_INF;
        for (double v : o) {
            m = Math.max(m, v);
        }
        double s = 0;
        for (double v : o) {
            s += Math.exp(v - m);
        }
        double log = m + Math.log(s);
        for (int k = 0; k < o.length; k++) {
            out[k] = o[k] - log;
        }
    }

    // ---- decoding ---------------------------------------------------------------------------------------------

    /** Greedy (best path) decoding: the most probable output of each frame, then B(·). */
    public int[] greedy(double[][] logits) {
        int T = checkLogits("greedy", logits);
        int[] path = new int[T];
        for (int t = 0; t < T; t++) {
            int best = 0;
            for (int k = 1; k < logits[t].length; k++) {
                if (logits[t][k] > logits[t][best]) {
                    best = k;
                }
            }
            path[t] = best;
        }
        return collapse(path, blank);
    }

    /** A decoded output sequence and log p(labels | x) as far as the beam search could add it up. */
    public record Hypothesis(int[] labels, double logProbability) {
        @Override
        public String toString() {
            return Arrays.toString(labels) + " log p = " + rnnlab.core.Fmt.num(logProbability);
        }
    }

    /**
     * Prefix beam search: keeps the {@code width} most probable prefixes after each frame, each with the total
     * probability of the paths reading it that end in φ (p_b) and in its last symbol (p_nb). Returns the surviving
     * hypotheses, most probable first. With a width at least the number of possible prefixes it adds up every path,
     * so its probabilities are exact.
     */
    public List<Hypothesis> beamSearch(double[][] logits, int width) {
        int T = checkLogits("beamSearch", logits);
        if (width < 1) {
            throw new IllegalArgumentException("Ctc.beamSearch: beam width must be ≥ 1, got " + width);
        }
        int K = logits[0].length;
        double[] lp = new double[K];
        Map<List<Integer>, double[]> beam = new HashMap<>(); // prefix → {log p_b, log p_nb}
        beam.put(List.of(), new double[] {0, NEG_INF});
        for (int t = 0; t < T; t++) {
            logSoftmax(logits[t], lp);
            Map<List<Integer>, double[]> next = new HashMap<>();
            for (Map.Entry<List<Integer>, double[]> en : beam.entrySet()) {
                List<Integer> prefix = en.getKey();
                double pb = en.getValue()[0], pnb = en.getValue()[1];
                double total = logAdd(pb, pnb);
                int last = prefix.isEmpty() ? -1 : prefix.get(prefix.size() - 1);
                for (int k = 0; k < K; k++) {
                    if (k == blank) { // φ: the reading stays, now ending in φ
                        double[] cur = next.computeIfAbsent(prefix, p -> new double[] {NEG_INF, NEG_INF});
                        cur[0] = logAdd(cur[0], total + lp[k]);
                        continue;
                    }
                    List<Integer> longer = new ArrayList<>(prefix);
                    longer.add(k);
                    double[] ext = next.computeIfAbsent(List.copyOf(longer), p -> new double[] {NEG_INF, NEG_INF});
                    if (k == last) {
                        // repeating the last symbol merges with it, unless a φ came between
                        double[] same = next.computeIfAbsent(prefix, p -> new double[] {NEG_INF, NEG_INF});
                        same[1] = logAdd(same[1], pnb + lp[k]);
                        ext[1] = logAdd(ext[1], pb + lp[k]);
                    } else {
                        ext[1] = logAdd(ext[1], total + lp[k]);
                    }
                }
            }
            List<Map.Entry<List<Integer>, double[]>> sorted = new ArrayList<>();
            for (Map.Entry<List<Integer>, double[]> en : next.entrySet()) {
                if (logAdd(en.getValue()[0], en.getValue()[1]) > NEG_INF) { // no path reads it (yet): drop it
                    sorted.add(en);
                }
            }
            sorted.sort(Comparator.comparingDouble((Map.Entry<List<Integer>, double[]> en) ->
                    -logAdd(en.getValue()[0], en.getValue()[1])).thenComparing(en -> en.getKey().toString()));
            beam = new HashMap<>();
            for (int i = 0; i < Math.min(width, sorted.size()); i++) {
                beam.put(sorted.get(i).getKey(), sorted.get(i).getValue());
            }
        }
        List<Hypothesis> out = new ArrayList<>();
        for (Map.Entry<List<Integer>, double[]> en : beam.entrySet()) {
            out.add(new Hypothesis(en.getKey().stream().mapToInt(Integer::intValue).toArray(),
                    logAdd(en.getValue()[0], en.getValue()[1])));
        }
        out.sort(Comparator.comparingDouble((Hypothesis h) -> -h.logProbability())
                .thenComparing(h -> Arrays.toString(h.labels())));
        return out;
    }

    // ---- batches ----------------------------------------------------------------------------------------------

    /**
     * The summed CTC loss of a batch: {@code logits[t]} is B×K for frames t = 0 … T−1, {@code lengths[b]} the valid
     * frames of sequence b (null = all T), {@code targets[b]} its label sequence (no φ). ∂L/∂logits is written into
     * {@code dLogits} (B×K per frame, zero at padding) when it is not null.
     */
    public double lossAndGradient(Matrix[] logits, int[] lengths, int[][] targets, Matrix[] dLogits) {
        if (logits == null || logits.length == 0) {
            throw new IllegalArgumentException("Ctc: empty input (0 frames); give at least one frame");
        }
        int T = logits.length, B = logits[0].rows, K = logits[0].cols;
        for (int t = 0; t < T; t++) {
            if (logits[t].rows != B || logits[t].cols != K) {
                logits[t].requireShape("Ctc: scores at frame " + (t + 1) + " (batch × outputs)", B, K);
            }
        }
        if (targets == null || targets.length != B) {
            throw new IllegalArgumentException("Ctc: " + (targets == null ? "no" : targets.length)
                    + " target sequences for a batch of " + B);
        }
        if (lengths != null && lengths.length != B) {
            throw new IllegalArgumentException("Ctc: " + lengths.length + " lengths for a batch of " + B);
        }
        if (dLogits != null) {
            for (int t = 0; t < T; t++) {
                dLogits[t].requireShape("Ctc: gradient at frame " + (t + 1), B, K);
                dLogits[t].zero();
            }
        }
        double total = 0;
        for (int b = 0; b < B; b++) {
            int n = lengths == null ? T : lengths[b];
            if (n < 1 || n > T) {
                throw new IllegalArgumentException("Ctc: length of sequence " + b + " is " + n
                        + " but must be between 1 and the number of frames " + T);
            }
            double[][] o = new double[n][];
            for (int t = 0; t < n; t++) {
                o[t] = logits[t].data[b];
            }
            checkTarget(targets[b], K, n, " of sequence " + b);
            Lattice lat = lattice(o, targets[b]);
            total += lat.loss();
            if (dLogits != null) {
                double[][] d = new double[n][];
                for (int t = 0; t < n; t++) {
                    d[t] = dLogits[t].data[b];
                }
                gradient(lat, n, d);
            }
        }
        return total;
    }

    private int checkLogits(String where, double[][] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("Ctc." + where + ": no frames; give at least one");
        }
        int K = logits[0].length;
        if (blank >= K) {
            throw new IllegalArgumentException("Ctc." + where + ": the blank is output " + blank + " but frames have "
                    + "only " + K + " outputs");
        }
        for (int t = 0; t < logits.length; t++) {
            if (logits[t].length != K) {
                throw new IllegalArgumentException("Ctc." + where + ": frame " + (t + 1) + " has " + logits[t].length
                        + " scores but frame 1 has " + K);
            }
        }
        return logits.length;
    }

    private void checkTarget(int[] target, int K, int T, String which) {
        for (int u = 0; u < target.length; u++) {
            if (target[u] < 0 || target[u] >= K || target[u] == blank) {
                throw new IllegalArgumentException("Ctc: target" + which + " has " + target[u] + " at position "
                        + (u + 1) + "; symbols must be in 0.." + (K - 1) + " and not the blank " + blank);
            }
        }
        int need = minFrames(target);
        if (need > T) {
            throw new IllegalArgumentException("Ctc: target" + which + " of " + target.length + " symbols needs at "
                    + "least " + need + " frames (a φ between equal neighbours) but there are " + T);
        }
    }

    @Override
    public String toString() {
        return "Ctc(blank=" + blank + ")";
    }
}
