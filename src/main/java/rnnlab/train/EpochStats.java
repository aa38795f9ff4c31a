package rnnlab.train;

/**
 * What one epoch did. Losses are mean cross-entropy per token; scores are fractions 0…1; NaN means "not measured"
 * (no dev set, or train metrics switched off).
 *
 * @param epoch          1-based
 * @param learningRate   η used in this epoch
 * @param trainLoss      mean loss over the epoch's training steps (weights changing while it is measured)
 * @param trainAccuracy  token accuracy on the training set after the epoch
 * @param trainF1        chunk F1 on the training set after the epoch
 * @param devLoss        loss on the development set after the epoch
 * @param devAccuracy    token accuracy on the development set
 * @param devF1          chunk F1 on the development set
 * @param gradNorm       mean global gradient norm before clipping (of the per-token mean loss)
 * @param clipped        fraction of the steps whose gradient was clipped
 * @param seconds        wall time of the epoch, evaluation included
 */
public record EpochStats(int epoch, double learningRate, double trainLoss, double trainAccuracy, double trainF1,
                         double devLoss, double devAccuracy, double devF1, double gradNorm, double clipped,
                         double seconds) {
}
