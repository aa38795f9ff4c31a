package rnnlab.layers;

import rnnlab.core.Activation;
import rnnlab.core.Matrix;

/**
 * Softmax followed by cross-entropy with the correct class, summed over every labelled position (lecture Part II
 * p.32: the loss of a sentence is Σₜ cross-entropy(yᵗ, 1-of-N label)).
 * <pre>
 *   pᵗ = softmax(oᵗ)      L = Σ_{t,b valid} −log pᵗ[b][label]      ∂L/∂oᵗ = pᵗ − onehot(label)  (0 at padding)
 * </pre>
 * Labels use −1 for "no label here" (padding).
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /** softmax of each row of {@code logits} into {@code probs} (same shape), stable for large scores. */
    public static void softmax(Matrix logits, Matrix probs) {
        for (int r = 0; r < logits.rows; r++) {
            Activation.softmax(logits.data[r], probs.data[r]);
        }
    }

    /**
     * Loss of one step (or of a many-to-one output) and its gradient.
     *
     * @param logits  N×K scores
     * @param labels  N labels in 0..K−1, or −1 to skip a row
     * @param probs   N×K, receives the probabilities
     * @param dLogits N×K, receives ∂L/∂logits (zero rows for skipped labels); may be null
     * @return Σ over labelled rows of −log p[label]
     */
    public static double lossAndGradient(Matrix logits, int[] labels, Matrix probs, Matrix dLogits) {
        if (labels.length != logits.rows) {
            throw new IllegalArgumentException("SoftmaxCrossEntropy: " + labels.length + " labels for "
                    + logits.rows + " rows of scores");
        }
        double loss = 0;
        int K = logits.cols;
        for (int r = 0; r < logits.rows; r++) {
            int y = labels[r];
            double[] p = probs.data[r], z = logits.data[r];
            if (y < -1 || y >= K) {
                throw new IllegalArgumentException("SoftmaxCrossEntropy: label " + y + " in row " + r
                        + " is outside 0.." + (K - 1) + " (or −1 for padding)");
            }
            // softmax (the operations of Activation.softmax) and −log p[y] from the same pass of exponentials
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int j = 0; j < K; j++) {
                p[j] = Math.exp(z[j] - max);
                sum += p[j];
            }
            for (int j = 0; j < K; j++) {
                p[j] /= sum;
            }
            if (y >= 0) {
                // −log p[y] = log Σⱼ e^(zⱼ − max) + max − z_y: exact even when p[y] underflows to 0 (a confidently
                // wrong prediction with scores 1000 and −1000 costs 2000, not a capped 708)
                loss += Math.log(sum) + max - z[y];
            }
            if (dLogits != null) {
                double[] d = dLogits.data[r];
                if (y < 0) {
                    java.util.Arrays.fill(d, 0.0);
                } else {
                    System.arraycopy(p, 0, d, 0, K);
                    d[y] -= 1.0;
                }
            }
        }
        return loss;
    }
}
