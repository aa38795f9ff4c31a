package rnnlab.eval;

import java.util.List;

import rnnlab.data.SentenceBatch;

/** Token accuracy: the fraction of tokens whose predicted label equals the gold label. */
public final class Accuracy {
    private Accuracy() {}

    /** Over label strings; sentence i of {@code gold} and {@code predicted} must have equal lengths. */
    public static double tokenAccuracy(List<? extends List<String>> gold, List<? extends List<String>> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " sentences but the predictions have "
                    + predicted.size());
        }
        long all = 0;
        long correct = 0;
        for (int i = 0; i < gold.size(); i++) {
            List<String> g = gold.get(i);
            List<String> p = predicted.get(i);
            if (g.size() != p.size()) {
                throw new IllegalArgumentException("sentence " + i + ": " + g.size() + " gold labels but " + p.size()
                        + " predicted");
            }
            for (int t = 0; t < g.size(); t++) {
                all++;
                if (g.get(t).equals(p.get(t))) {
                    correct++;
                }
            }
        }
        return all == 0 ? 0.0 : (double) correct / all;
    }

    /**
     * Over padded label-id arrays {@code [batch][time]}: positions where the gold id is {@link SentenceBatch#PAD_LABEL}
     * (-1) are skipped.
     */
    public static double tokenAccuracy(int[][] gold, int[][] predicted) {
        long[] c = counts(gold, predicted);
        return c[1] == 0 ? 0.0 : (double) c[0] / c[1];
    }

    /** {correct, counted} over padded label-id arrays, for summing accuracy over batches. */
    public static long[] counts(int[][] gold, int[][] predicted) {
        if (gold.length != predicted.length) {
            throw new IllegalArgumentException("gold has " + gold.length + " rows but the predictions have "
                    + predicted.length);
        }
        long all = 0;
        long correct = 0;
        for (int b = 0; b < gold.length; b++) {
            if (predicted[b].length < gold[b].length) {
                throw new IllegalArgumentException("row " + b + ": " + gold[b].length + " gold positions but only "
                        + predicted[b].length + " predicted");
            }
            for (int t = 0; t < gold[b].length; t++) {
                if (gold[b][t] != SentenceBatch.PAD_LABEL) {
                    all++;
                    if (gold[b][t] == predicted[b][t]) {
                        correct++;
                    }
                }
            }
        }
        return new long[] {correct, all};
    }
}
