package rnnlab.train;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import rnnlab.core.Param;
import rnnlab.core.Params;
import rnnlab.data.SentenceBatch;
import rnnlab.data.Dataset;
import rnnlab.models.SequenceModel;

/**
 * The training loop for a {@link Tagger}.
 * <pre>
 *   for epoch = 1 … epochs:
 *       η ← schedule(η₀, epoch)
 *       for each mini-batch of the training set, shuffled with seed + epoch:
 *           L = Σ cross-entropy(yᵗ, label)               model.lossAndGradient  (zeroes, then adds gradients)
 *           g ← g / tokens                                 minimise the mean loss per token
 *           ‖g‖ = clip(g)                                  global norm (lecture Part II p.35) or value
 *           stop if L or ‖g‖ is NaN/∞, or L/tokens > 10·max(first step's L/tokens, ln K)
 *                                                          and restore the last good parameters
 *           optimizer.step(params)                         w ← w − update(g)
 *           stop if a parameter became NaN/∞               and restore the last good parameters
 *       evaluate train and dev (loss, token accuracy, chunk F1); keep a copy of the best parameters on dev
 *       stop early when the dev metric has not improved for `patience` epochs
 *   restore the best parameters
 * </pre>
 * Library use is silent; pass a {@link ProgressListener} for a progress bar. Same settings and seed, same numbers.
 */
public final class Trainer {
    /**
     * Training settings.
     *
     * @param epochs       maximum number of passes over the training set, ≥ 1
     * @param batchSize    sentences per step, ≥ 1
     * @param optimizer    optimiser and initial learning rate
     * @param clipping     gradient clipping ({@link Clipping#NONE} for none)
     * @param schedule     learning rate per epoch
     * @param seed         seed of the shuffling (epoch e uses seed + e)
     * @param patience     stop after this many epochs without a better dev metric; 0 = never stop early
     * @param metric       the dev metric to select and stop on
     * @param restoreBest  end with the parameters of the best dev epoch (not the last one)
     * @param trainMetrics also score the whole training set after each epoch (costs about a third of an epoch)
     */
    public record Settings(int epochs, int batchSize, OptimizerSettings optimizer, Clipping clipping,
                           LearningRateSchedule schedule, long seed, int patience, Metric metric, boolean restoreBest,
                           boolean trainMetrics) {
        /**
         * 20 epochs of 16 sentences, Adam (η = 0.01), clipping at global norm 5, constant η, seed 1, patience 5 on
         * dev chunk F1, best parameters restored, train metrics on.
         */
        public static final Settings DEFAULT = new Settings(20, 16, Adam.Settings.DEFAULT, Clipping.norm(5),
                LearningRateSchedule.CONSTANT, 1, 5, Metric.CHUNK_F1, true, true);

        public Settings {
            if (epochs < 1 || epochs > 100_000) {
                throw new IllegalArgumentException("Trainer.Settings: epochs must be between 1 and 100000, got " + epochs);
            }
            if (batchSize < 1 || batchSize > 100_000) {
                throw new IllegalArgumentException("Trainer.Settings: batch size must be between 1 and 100000, got "
                        + batchSize);
            }
            Objects.requireNonNull(optimizer, "Trainer.Settings: optimizer");
            Objects.requireNonNull(clipping, "Trainer.Settings: clipping (use Clipping.NONE for none)");
            Objects.requireNonNull(schedule, "Trainer.Settings: schedule (use LearningRateSchedule.CONSTANT)");
            Objects.requireNonNull(metric, "Trainer.Settings: metric");
            if (patience < 0) {
                throw new IllegalArgumentException("Trainer.Settings: patience must be ≥ 0 (0 = no early stopping), got "
                        + patience);
            }
        }

        public Settings withEpochs(int n) {
            return new Settings(n, batchSize, optimizer, clipping, schedule, seed, patience, metric, restoreBest,
                    trainMetrics);
        }

        public Settings withBatchSize(int n) {
            return new Settings(epochs, n, optimizer, clipping, schedule, seed, patience, metric, restoreBest,
                    trainMetrics);
        }

        public Settings withOptimizer(OptimizerSettings o) {
            return new Settings(epochs, batchSize, o, clipping, schedule, seed, patience, metric, restoreBest,
                    trainMetrics);
        }

        public Settings withClipping(Clipping c) {
            return new Settings(epochs, batchSize, optimizer, c, schedule, seed, patience, metric, restoreBest,
                    trainMetrics);
        }

        public Settings withSchedule(LearningRateSchedule s) {
            return new Settings(epochs, batchSize, optimizer, clipping, s, seed, patience, metric, restoreBest,
                    trainMetrics);
        }

        public Settings withSeed(long s) {
            return new Settings(epochs, batchSize, optimizer, clipping, schedule, s, patience, metric, restoreBest,
                    trainMetrics);
        }

        public Settings withPatience(int p) {
            return new Settings(epochs, batchSize, optimizer, clipping, schedule, seed, p, metric, restoreBest,
                    trainMetrics);
        }

        public Settings withMetric(Metric m) {
            return new Settings(epochs, batchSize, optimizer, clipping, schedule, seed, patience, m, restoreBest,
                    trainMetrics);
        }

        public Settings withRestoreBest(boolean b) {
            return new Settings(epochs, batchSize, optimizer, clipping, schedule, seed, patience, metric, b,
                    trainMetrics);
        }

        public Settings withTrainMetrics(boolean b) {
            return new Settings(epochs, batchSize, optimizer, clipping, schedule, seed, patience, metric, restoreBest,
                    b);
        }
    }

    private final Settings settings;
    private ProgressListener progress = ProgressListener.SILENT;

    public Trainer(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** A trainer with {@link Settings#DEFAULT}. */
    public Trainer() {
        this(Settings.DEFAULT);
    }

    /** Reports progress to {@code listener} (silent by default); returns this trainer. */
    public Trainer withProgress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The divergence rule: training stops (as for a NaN loss) when a step's loss per token exceeds this many times
     * the reference loss, the larger of the first step's loss per token and ln(labels), the loss of guessing
     * uniformly. A model that is ten times worse than guessing has diverged (a too-high learning rate: with
     * {@code --lr 1e6} the loss rises about a hundredfold); normal training, even of hard batches, stays far below.
     */
    public static final double DIVERGENCE_FACTOR = 10;

    /**
     * Trains {@code tagger} in place.
     *
     * @param train labelled training data
     * @param dev   labelled development data for model selection and early stopping, or null
     * @return how training went; the tagger holds the best (or last) parameters
     * @throws TrainingDivergedException if a loss or gradient becomes NaN or infinite; the tagger then holds the
     *                                   parameters of the last finished epoch (or the best one, if kept)
     */
    public TrainingResult fit(Tagger tagger, Dataset train, Dataset dev) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("Trainer: the training data " + train.name() + " has no sentences");
        }
        SequenceModel model = tagger.model();
        Params params = model.params();
        Optimizer optimizer = settings.optimizer().create();
        History history = new History();
        long t0 = System.nanoTime();
        int stepsPerEpoch = (train.size() + settings.batchSize() - 1) / settings.batchSize();
        progress.started(tagger, settings, stepsPerEpoch);

        Params lastGood = params.snapshot();      // parameters at the end of the last finished epoch
        double reference = -1;                    // loss per token that divergence is measured against
        Params best = null;
        int bestEpoch = 0;
        double bestMetric = Double.NaN;
        TrainingResult.Status status = TrainingResult.Status.COMPLETED;
        String message = null;

        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            long e0 = System.nanoTime();
            double lr = settings.schedule().rate(settings.optimizer().learningRate(), epoch);
            optimizer.setLearningRate(lr);
            List<SentenceBatch> batches = train.shuffled(settings.seed() + epoch)
                    .batches(settings.batchSize(), tagger.words(), tagger.labels());
            double lossSum = 0, normSum = 0;
            long tokens = 0;
            int clipped = 0;
            for (int step = 1; step <= batches.size(); step++) {
                SentenceBatch b = batches.get(step - 1);
                int n = b.tokenCount();
                double loss = model.lossAndGradient(tagger.trainingBatch(b));   // zeroGrad, forward, backward
                scale(params, 1.0 / n);                                          // ∂(L/n) = ∂L / n
                double norm = settings.clipping().apply(params);                  // ‖g‖ before clipping
                boolean finite = Double.isFinite(loss) && Double.isFinite(norm);
                if (reference < 0 && finite) {
                    reference = Math.max(loss / n, Math.log(Math.max(2, tagger.labels().size())));
                }
                boolean exploded = finite && loss / n > DIVERGENCE_FACTOR * reference;
                if (finite && !exploded) {
                    optimizer.step(params);                                       // w ← w − update(g)
                }
                if (!finite || exploded || !allFinite(params)) {
                    params.copyValuesFrom(best != null && settings.restoreBest() ? best : lastGood);
                    String what = !Double.isFinite(loss) ? "the loss became " + loss
                            : exploded ? String.format(Locale.ROOT, "the loss per token rose to %.4g, more than %.0f "
                                    + "times %.4g (the first step's loss, at least that of guessing uniformly)",
                                    loss / n, DIVERGENCE_FACTOR, reference)
                            : !Double.isFinite(norm) ? "the gradient norm became " + norm
                            : "the update made a parameter infinite or NaN (gradient norm " + String.format(
                                    Locale.ROOT, "%.3g", norm) + ")";
                    int restored = best != null && settings.restoreBest() ? bestEpoch : epoch - 1;
                    message = String.format(Locale.ROOT, "training stopped at epoch %d, step %d of %d: %s. Try a "
                            + "lower learning rate (now %.3g) or gradient clipping (now %s). %s", epoch, step,
                            batches.size(), what, lr, settings.clipping(), restored == 0
                                    ? "The initial parameters were restored."
                                    : "The parameters of epoch " + restored + " were restored.");
                    TrainingResult r = new TrainingResult(TrainingResult.Status.DIVERGED, history,
                            best != null && settings.restoreBest() ? bestEpoch : epoch - 1, bestMetric, message,
                            seconds(t0));
                    progress.finished(r);
                    throw new TrainingDivergedException(r);
                }
                if (settings.clipping().mode() != Clipping.Mode.NONE && norm > settings.clipping().threshold()) {
                    clipped++;
                }
                lossSum += loss;
                tokens += n;
                normSum += norm;
                progress.step(epoch, step, batches.size(), loss / n);
            }
            progress.evaluating(epoch);
            double trainAcc = Double.NaN, trainF1 = Double.NaN;
            if (settings.trainMetrics()) {
                Evaluation te = tagger.evaluate(train);
                trainAcc = te.accuracy();
                trainF1 = te.f1();
            }
            double devLoss = Double.NaN, devAcc = Double.NaN, devF1 = Double.NaN, metric = Double.NaN;
            if (dev != null && !dev.isEmpty()) {
                Evaluation de = tagger.evaluate(dev);
                devLoss = de.loss();
                devAcc = de.accuracy();
                devF1 = de.f1();
                metric = settings.metric().of(de);
            }
            EpochStats stats = new EpochStats(epoch, lr, lossSum / tokens, trainAcc, trainF1, devLoss, devAcc, devF1,
                    normSum / batches.size(), (double) clipped / batches.size(), seconds(e0));
            history.add(stats);
            boolean improved = settings.metric().better(metric, bestMetric);
            if (improved) {
                bestMetric = metric;
                bestEpoch = epoch;
                if (best == null) {
                    best = params.snapshot();
                } else {
                    best.copyValuesFrom(params);
                }
            }
            lastGood.copyValuesFrom(params);
            progress.epochEnded(stats, improved);
            if (best != null && settings.patience() > 0 && epoch - bestEpoch >= settings.patience()
                    && epoch < settings.epochs()) {
                status = TrainingResult.Status.EARLY_STOPPED;
                message = String.format(Locale.ROOT, "stopped early after epoch %d: dev %s has not improved for %d "
                        + "epochs", epoch, settings.metric().label(), settings.patience());
                break;
            }
        }
        int kept = history.size();
        if (best != null && settings.restoreBest()) {
            params.copyValuesFrom(best);
            kept = bestEpoch;
        }
        String summary = String.format(Locale.ROOT, "trained %d epochs in %.1fs; keeping epoch %d%s",
                history.size(), seconds(t0), kept, Double.isNaN(bestMetric) ? ""
                        : String.format(Locale.ROOT, " (dev %s %.4f)", settings.metric().label(), bestMetric));
        TrainingResult result = new TrainingResult(status, history, kept, bestMetric,
                message == null ? summary : message + "; " + summary, seconds(t0));
        progress.finished(result);
        return result;
    }

    /** True if every parameter value is finite. */
    private static boolean allFinite(Params params) {
        for (Param p : params) {
            if (!p.value.isFinite()) {
                return false;
            }
        }
        return true;
    }

    /** g ← g·s for every gradient. */
    private static void scale(Params params, double s) {
        for (Param p : params) {
            for (double[] row : p.grad.data) {
                for (int c = 0; c < row.length; c++) {
                    row[c] *= s;
                }
            }
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    @Override
    public String toString() {
        return "Trainer(" + settings + ")";
    }
}
