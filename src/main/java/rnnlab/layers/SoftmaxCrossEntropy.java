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
            if (y < -1 || y >= K) {
                throw new IllegalArgumentException("SoftmaxCrossEntropy: label " + y + " in row " + r
                        + " is outside 0.." + (K - 1) + " (or −1 for padding)");
            }
            double l = row(logits.data[r], probs.data[r], dLogits == null ? null : dLogits.data[r], K, y);
            if (y >= 0) {
                loss += l;
            }
        }
        return loss;
    }

    /**
     * {@link #lossAndGradient} of the rows r0 … r1−1 of tall N×K matrices (every step of a batch at once, row
     * t·B + b), each row by the same operations: probabilities into {@code p}, ∂L/∂z into {@code d}, and row r's
     * loss −log p[label] into {@code rowLoss[r]} (0 for an unlabelled row), for the caller to add up in row order
     * (the bits of {@code lossAndGradient} on each step's rows). Labels are checked by the caller. For the rows of
     * scores a thread has just made (double output layer, {@link Dense#forward(Matrix, Matrix, Dense.Rows)}), while
     * they are in its cache.
     */
    public static void lossAndGradientRows(double[][] z, double[][] p, double[][] d, int r0, int r1, int K,
                                           int[] labels, double[] rowLoss) {
        for (int r = r0; r < r1; r++) {
            int y = labels[r];
            double l = row(z[r], p[r], d == null ? null : d[r], K, y);
            rowLoss[r] = y >= 0 ? l : 0;
        }
    }

    /** Softmax of z into p, ∂L/∂z into d (unless null; a zero row when y is −1); returns −log p[y] (0 when y is −1). */
    private static double row(double[] z, double[] p, double[] d, int K, int y) {
        // softmax (the operations of Activation.softmax) and −log p[y] from the same pass of exponentials
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < K; j++) {
            max = Math.max(max, z[j]);
        }
        double sum = 0;
        for (int j = 0; j < K; j++) {
            double e = Math.exp(z[j] - max);
            p[j] = e;
            sum += e;
        }
        if (d == null || y < 0) {
            for (int j = 0; j < K; j++) {
                p[j] /= sum;
            }
            if (d != null) {
                java.util.Arrays.fill(d, 0, K, 0.0);
            }
        } else {
            for (int j = 0; j < K; j++) {      // p and ∂L/∂z = p − onehot(y) in one pass
                double v = p[j] / sum;
                p[j] = v;
                d[j] = v;
            }
            d[y] -= 1.0;
        }
        // −log p[y] = log Σⱼ e^(zⱼ − max) + max − z_y: exact even when p[y] underflows to 0 (a confidently wrong
        // prediction with scores 1000 and −1000 costs 2000, not a capped 708)
        return y >= 0 ? Math.log(sum) + max - z[y] : 0;
    }

    /**
     * The float32 twin of {@link #lossAndGradient} for the rows r0 … r1−1 of float scores (a float32 output layer's
     * {@link Dense#forwardScores}): each row's maximum, exponentials and sum in float ({@link
     * rnnlab.core.FloatKernels#expShiftedSum}), then, in place of the scores, ∂L/∂z = p − onehot(label) in float (a
     * zero row where the label is −1). Row r's loss −log p[label] = log Σ + max − z[label] goes into
     * {@code rowLoss[r]} in double (0 for an unlabelled row), for the caller to add up in row order. Each row is
     * computed by the same operations wherever the rows are split, so a split between threads gives the same bits.
     *
     * @param z      rows of K scores; overwritten with ∂L/∂z
     * @param labels the label of each row (0..K−1, or −1), indexed like z; checked by the caller
     * @param lanes  scratch of {@link rnnlab.core.FloatKernels#LANES_MAX} floats, one per thread
     */
    public static void lossAndGradientFloat(float[][] z, int r0, int r1, int K, int[] labels, double[] rowLoss,
                                            float[] lanes) {
        for (int r = r0; r < r1; r++) {
            float[] zr = z[r];
            int y = labels[r];
            if (y < 0) {
                java.util.Arrays.fill(zr, 0, K, 0f);
                rowLoss[r] = 0;
                continue;
            }
            float max = rnnlab.core.FloatKernels.max(zr, K, lanes);
            float zy = zr[y];
            float sum = rnnlab.core.FloatKernels.expShiftedSum(zr, max, zr, K, lanes);
            // −log p[y] = log Σⱼ e^(zⱼ − max) + max − z_y, in double from the float parts (exact when p[y] underflows)
            rowLoss[r] = Math.log(sum) + ((double) max - (double) zy);
            for (int j = 0; j < K; j++) {
                zr[j] /= sum;
            }
            zr[y] -= 1f;
        }
    }
}
