package rnnlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import rnnlab.core.Param;
import rnnlab.core.Params;
import rnnlab.data.SentenceBatch;
import rnnlab.data.Dataset;
import rnnlab.models.Batch;
import rnnlab.models.SequenceModel;

/**
 * The training loop for any sequence model: a {@link Tagger} on its sentences, or any {@link SequenceModel}
 * (many-to-many or many-to-one) on a {@link BatchSource}.
 * <pre>
 *   var settings = Trainer.Settings.builder().epochs(15).batch(16).optimizer(Adam.defaults()).clipNorm(5).build();
 *   new Trainer(settings).fit(tagger, splits.train(), splits.dev());
 *   new Trainer(settings.toBuilder().metric(Metric.ACCURACY).build())
 *           .fit(classifier, BatchSource.classified(ids, classes), devBatches);
 * </pre>
 * <pre>
 *   for epoch = 1 … epochs:
 *       η ← schedule(η₀, epoch)
 *       training mode on (the network's dropout, if any, acts; docs/design-notes.md "Dropout")
 *       for each mini-batch of the training set, shuffled with seed + epoch:
 *           L = Σ cross-entropy(yᵗ, label)               model.lossAndGradient  (zeroes, then adds gradients)
 *           g ← g / n                                      minimise the mean loss per token (per sequence)
 *           ‖g‖ = clip(g)                                  global norm (lecture Part II p.35) or value
 *           stop if L or ‖g‖ is NaN/∞, or L/tokens > 10·max(first step's L/tokens, ln K)
 *                                                          and restore the last good parameters
 *           optimizer.stepAndZeroGrad(params)              w ← w − update(g), and g ← 0 in the same pass (the
 *                                                          epoch's last step: optimizer.step, g is kept)
 *           stop if a parameter became NaN/∞               and restore the last good parameters
 *       training mode off; evaluate train and dev (loss, token accuracy, chunk F1); keep a copy of the best parameters on dev
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
     * @param trainMetrics also score the training set after each epoch: all of it, or a fixed random sample of
     *                     {@link #TRAIN_METRICS_SENTENCES} sentences when it is larger (the whole set would cost
     *                     about a third of an epoch on a large corpus)
     * @param lengthBuckets a tagger's batches group sentences of similar lengths ({@link Dataset#shuffledForBatches}):
     *                     about half the padded steps on real corpora, other batches than random ones (the command
     *                     line turns it on; notebooks and homework keep random batches)
     */
    public record Settings(int epochs, int batchSize, OptimizerSettings optimizer, Clipping clipping,
                           LearningRateSchedule schedule, long seed, int patience, Metric metric, boolean restoreBest,
                           boolean trainMetrics, boolean lengthBuckets) {
        /**
         * 20 epochs of 16 sentences, Adam (η = 0.01), clipping at global norm 5, constant η, seed 1, patience 5 on
         * dev chunk F1, best parameters restored, train metrics on, sentences batched in random order.
         */
        public static final Settings DEFAULT = new Settings(20, 16, Adam.Settings.DEFAULT, Clipping.norm(5),
                LearningRateSchedule.CONSTANT, 1, 5, Metric.CHUNK_F1, true, true, false);

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

        /** {@link #DEFAULT}: what {@link #builder()} starts from. */
        public static Settings defaults() {
            return DEFAULT;
        }

        /**
         * Named settings starting from {@link #DEFAULT}:
         * {@code Trainer.Settings.builder().epochs(15).batch(16).optimizer(Adam.defaults()).clipNorm(5).build()}.
         */
        public static Builder builder() {
            return new Builder(DEFAULT);
        }

        /** A builder holding these settings, to change some of them. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        public Settings withEpochs(int n) {
            return new Settings(n, batchSize, optimizer, clipping, schedule, seed, patience, metric, restoreBest,
                    trainMetrics, lengthBuckets);
        }

        public Settings withBatchSize(int n) {
            return new Settings(epochs, n, optimizer, clipping, schedule, seed, patience, metric, restoreBest,
                    trainMetrics, lengthBuckets);
        }

        public Settings withOptimizer(OptimizerSettings o) {
            return new Settings(epochs, batchSize, o, clipping, schedule, seed, patience, metric, restoreBest,
                    trainMetrics, lengthBuckets);
        }

        public Settings withClipping(Clipping c) {
            return new Settings(epochs, batchSize, optimizer, c, schedule, seed, patience, metric, restoreBest,
                    trainMetrics, lengthBuckets);
        }

        public Settings withSchedule(LearningRateSchedule s) {
            return new Settings(epochs, batchSize, optimizer, clipping, s, seed, patience, metric, restoreBest,
                    trainMetrics, lengthBuckets);
        }

        public Settings withSeed(long s) {
            return new Settings(epochs, batchSize, optimizer, clipping, schedule, s, patience, metric, restoreBest,
                    trainMetrics, lengthBuckets);
        }

        public Settings withPatience(int p) {
            return new Settings(epochs, batchSize, optimizer, clipping, schedule, seed, p, metric, restoreBest,
                    trainMetrics, lengthBuckets);
        }

        public Settings withMetric(Metric m) {
            return new Settings(epochs, batchSize, optimizer, clipping, schedule, seed, patience, m, restoreBest,
                    trainMetrics, lengthBuckets);
        }

        public Settings withRestoreBest(boolean b) {
            return new Settings(epochs, batchSize, optimizer, clipping, schedule, seed, patience, metric, b,
                    trainMetrics, lengthBuckets);
        }

        public Settings withTrainMetrics(boolean b) {
            return new Settings(epochs, batchSize, optimizer, clipping, schedule, seed, patience, metric, restoreBest,
                    b, lengthBuckets);
        }

        public Settings withLengthBuckets(boolean b) {
            return new Settings(epochs, batchSize, optimizer, clipping, schedule, seed, patience, metric, restoreBest,
                    trainMetrics, b);
        }
    }

    /** Named training settings with defaults; {@link #build()} checks them. */
    public static final class Builder {
        private int epochs, batchSize, patience;
        private OptimizerSettings optimizer;
        private Clipping clipping;
        private LearningRateSchedule schedule;
        private long seed;
        private Metric metric;
        private boolean restoreBest, trainMetrics, lengthBuckets;

        private Builder(Settings s) {
            epochs = s.epochs();
            batchSize = s.batchSize();
            optimizer = s.optimizer();
            clipping = s.clipping();
            schedule = s.schedule();
            seed = s.seed();
            patience = s.patience();
            metric = s.metric();
            restoreBest = s.restoreBest();
            trainMetrics = s.trainMetrics();
            lengthBuckets = s.lengthBuckets();
        }

        /** Maximum passes over the training data, 1…100000 (default 20). */
        public Builder epochs(int n) {
            epochs = n;
            return this;
        }

        /** Sequences per step, 1…100000 (default 16). */
        public Builder batch(int n) {
            batchSize = n;
            return this;
        }

        /** Optimiser and initial learning rate, e.g. {@code Adam.defaults()}, {@code Sgd.defaults().withLearningRate(0.7)}
         *  (default Adam, η = 0.01). */
        public Builder optimizer(OptimizerSettings o) {
            optimizer = o;
            return this;
        }

        /** Any clipping, e.g. {@code Clipping.NONE} (default: global norm 5). */
        public Builder clipping(Clipping c) {
            clipping = c;
            return this;
        }

        /** Rescales the whole gradient when its global norm exceeds {@code c} (lecture Part II p.35). */
        public Builder clipNorm(double c) {
            return clipping(Clipping.norm(c));
        }

        /** Clips every gradient entry into [−c, c]. */
        public Builder clipValue(double c) {
            return clipping(Clipping.value(c));
        }

        /** No clipping. */
        public Builder noClipping() {
            return clipping(Clipping.NONE);
        }

        /** Learning rate per epoch (default constant). */
        public Builder schedule(LearningRateSchedule s) {
            schedule = s;
            return this;
        }

        /** Seed of the shuffling; epoch e uses seed + e (default 1). */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Stop after this many epochs without a better dev metric; 0 = never stop early (default 5). */
        public Builder patience(int p) {
            patience = p;
            return this;
        }

        /** The dev metric to select and stop on (default chunk F1; a classifier uses ACCURACY or LOSS). */
        public Builder metric(Metric m) {
            metric = m;
            return this;
        }

        /** End with the parameters of the best dev epoch (default true). */
        public Builder restoreBest(boolean b) {
            restoreBest = b;
            return this;
        }

        /**
         * Also score the training set after each epoch (default true; a fixed sample of
         * {@value Trainer#TRAIN_METRICS_SENTENCES} sentences when it is larger).
         */
        public Builder trainMetrics(boolean b) {
            trainMetrics = b;
            return this;
        }

        /** Batch a tagger's sentences by similar lengths (default false: random batches); see {@link Settings}. */
        public Builder lengthBuckets(boolean b) {
            lengthBuckets = b;
            return this;
        }

        /** The settings, checked. */
        public Settings build() {
            return new Settings(epochs, batchSize, optimizer, clipping, schedule, seed, patience, metric, restoreBest,
                    trainMetrics, lengthBuckets);
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
     * Training sets larger than this are scored after each epoch ({@link Settings#trainMetrics()}) on a fixed sample
     * of this many sentences: enough to see over- and under-fitting, at a small share of an epoch's cost.
     */
    public static final int TRAIN_METRICS_SENTENCES = 2000;

    /** The sentences the train metrics score: all of {@code train}, or a seeded sample of the first ones shuffled. */
    static Dataset trainMetricsSample(Dataset train, long seed) {
        return train.size() <= TRAIN_METRICS_SENTENCES ? train
                : train.shuffled(seed ^ 0x5DEECE66DL).subset(0, TRAIN_METRICS_SENTENCES);
    }

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
        BatchSource batches = (size, seed) -> {
            List<Batch> out = new ArrayList<>();
            Dataset shuffled = settings.lengthBuckets() ? train.shuffledForBatches(seed, size) : train.shuffled(seed);
            for (SentenceBatch b : shuffled.batches(size, tagger.words(), tagger.labels())) {
                out.add(tagger.trainingBatch(b, shuffled));
            }
            return out;
        };
        Dataset scored = trainMetricsSample(train, settings.seed());
        return run(tagger.toString(), tagger.model(), batches, () -> Scores.of(tagger.evaluate(scored)),
                dev == null || dev.isEmpty() ? null : () -> Scores.of(tagger.evaluate(dev)));
    }

    /**
     * Trains a many-to-one {@link Classifier} in place on labelled sentences ({@link BatchSource#labelled}); the dev
     * scores are the loss and accuracy per sentence, so the metric must be {@link Metric#ACCURACY} or
     * {@link Metric#LOSS} ({@link Classifier#TRAINING} selects on accuracy).
     *
     * @param dev labelled development sentences, or null / empty for none
     */
    public TrainingResult fit(Classifier classifier, List<rnnlab.data.LabelledSentences.Example> train,
                              List<rnnlab.data.LabelledSentences.Example> dev) {
        Objects.requireNonNull(classifier, "Trainer.fit: classifier");
        if (train == null || train.isEmpty()) {
            throw new IllegalArgumentException("Trainer: no training sentences for the classifier");
        }
        return fit(classifier.model(), classifier.trainingBatches(train),
                dev == null || dev.isEmpty() ? null : classifier.batches(dev));
    }

    /**
     * Trains any sequence model in place — a tagger's network, a many-to-one classifier, a model on vectors — on
     * the batches {@code train} gives each epoch. Losses are per labelled item (token or sequence); the dev scores
     * are the loss and the accuracy (tokens for many-to-many, sequences for many-to-one), so the metric must be
     * {@link Metric#ACCURACY} or {@link Metric#LOSS} when a dev set is given (chunk F1 needs a {@link Tagger}).
     *
     * @param model the model (its gradients are zeroed at every step)
     * @param train the training batches of each epoch, e.g. {@link BatchSource#classified}
     * @param dev   development batches for model selection and early stopping, or null
     * @return how training went; the model holds the best (or last) parameters
     * @throws TrainingDivergedException if a loss or gradient becomes NaN or infinite
     */
    public TrainingResult fit(SequenceModel model, BatchSource train, List<Batch> dev) {
        Objects.requireNonNull(model, "Trainer.fit: model");
        Objects.requireNonNull(train, "Trainer.fit: train");
        boolean hasDev = dev != null && !dev.isEmpty();
        if (hasDev && settings.metric() == Metric.CHUNK_F1) {
            throw new IllegalArgumentException("Trainer.fit: chunk F1 needs label names (train a Tagger for it); for "
                    + "a model trained on batches or a Classifier choose .metric(Metric.ACCURACY) or "
                    + ".metric(Metric.LOSS) (Classifier.TRAINING does)");
        }
        return run(model.toString(), model, train,
                () -> Scores.of(model, train.batches(settings.batchSize(), settings.seed())),
                hasDev ? () -> Scores.of(model, dev) : null);
    }

    /** Loss per labelled item, accuracy and chunk F1 (NaN when not measured) of one evaluation. */
    private record Scores(double loss, double accuracy, double f1) {
        static Scores of(Evaluation e) {
            return new Scores(e.loss(), e.accuracy(), e.f1());
        }

        static Scores of(SequenceModel model, List<Batch> batches) {
            double loss = 0;
            long items = 0, right = 0;
            for (Batch b : batches) {
                loss += model.loss(b);
                if (model.kind() == SequenceModel.Kind.MANY_TO_ONE) {
                    int[] c = model.classify(b);
                    for (int i = 0; i < c.length; i++) {
                        right += c[i] == b.classes()[i] ? 1 : 0;
                    }
                } else {
                    int[][] p = model.predict(b);
                    for (int i = 0; i < p.length; i++) {
                        for (int t = 0; t < p[i].length; t++) {
                            right += b.labels()[i][t] >= 0 && p[i][t] == b.labels()[i][t] ? 1 : 0;
                        }
                    }
                }
                items += b.labelCount();
            }
            return new Scores(loss / items, (double) right / items, Double.NaN);
        }
    }

    /** {@link #train}, leaving the model in evaluation mode (dropout off) however it ends. */
    private TrainingResult run(String trained, SequenceModel model, BatchSource source,
                               java.util.function.Supplier<Scores> trainScores,
                               java.util.function.Supplier<Scores> devScores) {
        try {
            return train(trained, model, source, trainScores, devScores);
        } finally {
            model.setTraining(false);
        }
    }

    private TrainingResult train(String trained, SequenceModel model, BatchSource source,
                                 java.util.function.Supplier<Scores> trainScores,
                                 java.util.function.Supplier<Scores> devScores) {
        Params params = model.params();
        Optimizer optimizer = settings.optimizer().create();
        History history = new History();
        long t0 = System.nanoTime();
        List<Batch> firstEpoch = source.batches(settings.batchSize(), settings.seed() + 1);
        if (firstEpoch.isEmpty()) {
            throw new IllegalArgumentException("Trainer: the training data gave no batches");
        }
        int stepsPerEpoch = firstEpoch.size();
        progress.started(trained, settings, stepsPerEpoch);

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
            List<Batch> batches = epoch == 1 ? firstEpoch : source.batches(settings.batchSize(), settings.seed() + epoch);
            double lossSum = 0, normSum = 0;
            long tokens = 0;
            int clipped = 0;
            model.setTraining(true);                 // dropout acts in the training steps only
            for (int step = 1; step <= batches.size(); step++) {
                Batch b = batches.get(step - 1);
                int n = b.labelCount();                                           // tokens, or sequences (many-to-one)
                double loss = model.lossAndGradient(b);                           // zeroGrad, forward, backward
                scale(params, 1.0 / n);                                          // ∂(L/n) = ∂L / n
                double norm = settings.clipping().apply(params);                  // ‖g‖ before clipping
                boolean finite = Double.isFinite(loss) && Double.isFinite(norm);
                if (reference < 0 && finite) {
                    reference = Math.max(loss / n, Math.log(Math.max(2, model.classes())));
                }
                boolean exploded = finite && loss / n > DIVERGENCE_FACTOR * reference;
                boolean fused = finite && !exploded && step < batches.size();
                if (fused) {
                    optimizer.stepAndZeroGrad(params);       // w ← w − update(g), g ← 0 for the next step, one pass
                } else if (finite && !exploded) {
                    optimizer.step(params);                  // the epoch's last step: its gradients stay to be seen
                }
                if (!finite || exploded || !allSane(params)) {
                    if (fused) {
                        params.zeroGrad();   // uses up the fused step's "already zero": no step follows
                    }
                    model.setTraining(false);
                    params.copyValuesFrom(best != null && settings.restoreBest() ? best : lastGood);
                    String what = !Double.isFinite(loss) ? "the loss became " + loss
                            : exploded ? String.format(Locale.ROOT, "the loss per token rose to %.4g, more than %.0f "
                                    + "times %.4g (the first step's loss, at least that of guessing uniformly)",
                                    loss / n, DIVERGENCE_FACTOR, reference)
                            : !Double.isFinite(norm) ? "the gradient norm became " + norm
                            : String.format(Locale.ROOT, "the update made a parameter infinite, NaN or larger than %.0e in magnitude "
                                    + "(gradient norm %.3g)", RUNAWAY_PARAMETER, norm);
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
                try {
                    progress.step(epoch, step, batches.size(), loss / n);
                } catch (RuntimeException | Error e) {
                    if (fused) {
                        params.zeroGrad();   // a listener that throws ends the loop: leave no "already zero" behind
                    }
                    throw e;
                }
            }
            model.setTraining(false);                // evaluation sees every value (no dropout)
            progress.evaluating(epoch);
            double trainAcc = Double.NaN, trainF1 = Double.NaN;
            if (settings.trainMetrics()) {
                Scores te = trainScores.get();
                trainAcc = te.accuracy();
                trainF1 = te.f1();
            }
            double devLoss = Double.NaN, devAcc = Double.NaN, devF1 = Double.NaN, metric = Double.NaN;
            if (devScores != null) {
                Scores de = devScores.get();
                devLoss = de.loss();
                devAcc = de.accuracy();
                devF1 = de.f1();
                metric = settings.metric().of(de.loss(), de.accuracy(), de.f1());
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
    /**
     * Larger parameters mean the update ran away: sums of them (a word's letter trigrams, a product with the input)
     * would overflow to infinity in the next forward pass and fail there with a confusing message.
     */
    static final double RUNAWAY_PARAMETER = 1e100;

    /** Every parameter finite and at most {@link #RUNAWAY_PARAMETER} in magnitude. */
    private static boolean allSane(Params params) {
        for (Param p : params) {
            for (int i = 0; i < p.rowsInUse(); i++) {   // a sparse-row table: only its marked rows were updated
                double[] row = p.value.data[p.rowInUse(i)];
                for (double v : row) {
                    if (!(Math.abs(v) <= RUNAWAY_PARAMETER)) {            // also false for NaN
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** g ← g·s for every gradient. */
    private static void scale(Params params, double s) {
        for (Param p : params) {
            for (int i = 0; i < p.rowsInUse(); i++) {             // a sparse-row table: its marked rows only
                double[] row = p.grad.data[p.rowInUse(i)];
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
