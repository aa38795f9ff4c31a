package rnnlab.structured;

import java.util.List;

/**
 * The rules of IOB2 labels and the most probable label sequence that keeps them, for a tagger without a CRF layer
 * (a softmax per word). IOB2 forbids {@code I-x} as the first label and right after anything but {@code B-x} or
 * {@code I-x}; a word-by-word argmax can break them ("O I-NP", "B-VP I-NP"), and conlleval then counts a chunk that
 * starts at the stray {@code I-}, so broken sequences cost precision. Decoding with the rules picks
 * <pre>
 *   ŷ = argmax over label sequences y that keep the rules of  Σₜ log P(yₜ | x)
 *   δ₁(j) = log p₁(j) if j may start, else −∞        δₜ(j) = log pₜ(j) + max over allowed i of δₜ₋₁(i)
 * </pre>
 * (Viterbi with transition scores 0 for allowed and −∞ for forbidden pairs). The per-word probabilities, the loss
 * and training are unchanged: only the decoded labels are. Where the argmax keeps the rules, ŷ is the argmax. Ties
 * go to the lower label id, as in a word-by-word argmax. Labels that are neither {@code B-…} nor {@code I-…} (like
 * {@code O}) are unconstrained; a sentence with no allowed sequence (labels that are all {@code I-…}) falls back to
 * the argmax.
 */
public final class ValidIob {
    private final int K;
    private final boolean[][] allowed;
    private final boolean[] allowedFirst;
    private double[] delta = new double[0], next = new double[0];
    private int[][] back = new int[0][];

    /** The rules for labels named {@code labels} (label k is {@code labels.get(k)}). */
    public ValidIob(List<String> labels) {
        K = labels.size();
        if (K < 1) {
            throw new IllegalArgumentException("ValidIob: no labels");
        }
        allowed = new boolean[K][K];
        allowedFirst = new boolean[K];
        for (int j = 0; j < K; j++) {
            String to = labels.get(j);
            boolean inside = to.startsWith("I-");
            allowedFirst[j] = !inside;
            for (int i = 0; i < K; i++) {
                String from = labels.get(i);
                allowed[i][j] = !inside || from.equals("B-" + to.substring(2)) || from.equals("I-" + to.substring(2));
            }
        }
    }

    /** The number of labels. */
    public int labels() {
        return K;
    }

    /** True if label {@code to} may follow label {@code from}. */
    public boolean isAllowed(int from, int to) {
        return allowed[from][to];
    }

    /** True if label {@code k} may start a sentence. */
    public boolean isAllowedFirst(int k) {
        return allowedFirst[k];
    }

    /**
     * True if every labelled sentence keeps the rules: e.g. the training labels, to tell IOB2 data (where decoding
     * with the rules can only help) from other schemes (IOB1, where {@code I-x} starts chunks too).
     */
    public static boolean keptBy(List<? extends List<String>> sentences) {
        for (List<String> s : sentences) {
            if (firstBreak(s) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The position of the first label of {@code labels} (one sentence) that breaks the rules, an {@code I-x} first or
     * after anything but {@code B-x} or {@code I-x}; −1 if none does.
     */
    public static int firstBreak(List<String> labels) {
        String prev = null;
        for (int t = 0; t < labels.size(); t++) {
            String y = labels.get(t);
            if (y.startsWith("I-")) {
                String type = y.substring(2);
                if (prev == null || !(prev.equals("B-" + type) || prev.equals("I-" + type))) {
                    return t;
                }
            }
            prev = y;
        }
        return -1;
    }

    /**
     * The most probable sequence that keeps the rules, for the first {@code n} steps of {@code probs}, where {@code
     * probs[t][k]} is P(label k at step t); not thread-safe (it reuses its buffers).
     */
    public int[] decode(double[][] probs, int n) {
        int[] path = new int[n];
        if (n == 0) {
            return path;
        }
        if (delta.length < K) {
            delta = new double[K];
            next = new double[K];
        }
        if (back.length < n) {
            back = new int[Math.max(n, 2 * back.length)][];
        }
        for (int j = 0; j < K; j++) {
            delta[j] = allowedFirst[j] ? log(probs[0][j]) : Double.NEGATIVE_INFINITY;
        }
        for (int t = 1; t < n; t++) {
            if (back[t] == null || back[t].length < K) {
                back[t] = new int[K];
            }
            for (int j = 0; j < K; j++) {
                int best = -1;
                double m = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < K; i++) {
                    if (allowed[i][j] && (best < 0 || delta[i] > m)) {
                        best = i;
                        m = delta[i];
                    }
                }
                back[t][j] = Math.max(best, 0);
                next[j] = best < 0 ? Double.NEGATIVE_INFINITY : m + log(probs[t][j]);
            }
            double[] swap = delta;
            delta = next;
            next = swap;
        }
        int last = 0;
        for (int j = 1; j < K; j++) {
            if (delta[j] > delta[last]) {
                last = j;
            }
        }
        if (delta[last] == Double.NEGATIVE_INFINITY) {     // no sequence keeps the rules
            for (int t = 0; t < n; t++) {
                path[t] = argmax(probs[t]);
            }
            return path;
        }
        path[n - 1] = last;
        for (int t = n - 1; t > 0; t--) {
            path[t - 1] = back[t][path[t]];
        }
        return path;
    }

    /** log p, with p = 0 (an underflow) read as the smallest double, so only the rules give −∞. */
    private static double log(double p) {
        return Math.log(Math.max(p, Double.MIN_VALUE));
    }

    private int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < K; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "ValidIob(" + K + " labels: I-x only after B-x or I-x, never first)";
    }
}
