package rnnlab.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import rnnlab.cells.RecurrentLayer;
import rnnlab.cells.Stacked;
import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.data.Vocabulary;
import rnnlab.train.Clipping;
import rnnlab.train.Optimizer;
import rnnlab.train.OptimizerSettings;

/**
 * A character-level language model (the lecture's reading list, p.79: Karpathy, "The Unreasonable Effectiveness of
 * Recurrent Neural Networks"): an RNN reads a text one character at a time and gives, at every step, the
 * probabilities of the next character.
 * <pre>
 *   xᵗ = E[cᵗ]        hᵗ = RNN(xᵗ, hᵗ⁻¹)        pᵗ = softmax(hᵗ·Wo + bo)       (a tagger whose label is the next char)
 *   L = Σₜ −log pᵗ[cᵗ⁺¹]                          perplexity = exp(L / number of predicted characters)
 * </pre>
 * Perplexity is the number of characters the model is "choosing between" on average: the alphabet size for a model
 * that knows nothing, 1 for one that is always sure and right.
 *
 * <p>Sampling writes text: feed a seed string, then repeatedly draw the next character from pᵗ with temperature τ
 * (p ∝ exp(score/τ): τ &lt; 1 sharper and more repetitive, τ &gt; 1 flatter and more random), optionally only among the
 * k most probable characters (top-k), and feed it back. The random draws are seeded: same seed, same text. The
 * model runs one step at a time with {@link StateCarry}, so the body must be a left-to-right cell (or a stack).
 */
public final class CharLanguageModel {
    /** The cell, sizes and seed. */
    public record Settings(Network.Cell cell, int embedding, int hidden, int layers, long seed) {
        /** LSTM, 16-value character embeddings, 128 hidden units, 1 layer. */
        public static final Settings DEFAULT = new Settings(Network.Cell.LSTM, 16, 128, 1, Init.DEFAULT_SEED);

        public Settings {
            Objects.requireNonNull(cell, "cell");
            if (embedding <= 0 || hidden <= 0 || layers <= 0) {
                throw new IllegalArgumentException("CharLanguageModel.Settings: embedding, hidden and layers must be "
                        + "positive, got " + embedding + ", " + hidden + ", " + layers);
            }
        }

        public Settings withCell(Network.Cell a) {
            return new Settings(a, embedding, hidden, layers, seed);
        }

        public Settings withEmbedding(int n) {
            return new Settings(cell, n, hidden, layers, seed);
        }

        public Settings withHidden(int n) {
            return new Settings(cell, embedding, n, layers, seed);
        }

        public Settings withLayers(int n) {
            return new Settings(cell, embedding, hidden, n, seed);
        }

        public Settings withSeed(long s) {
            return new Settings(cell, embedding, hidden, layers, s);
        }
    }

    /** How to train: steps, window length, batch size, optimiser, clipping, seed, and how often to measure. */
    public record Training(int steps, int length, int batchSize, OptimizerSettings optimizer, Clipping clipping,
                           long seed, int evaluateEvery) {
        public Training {
            Objects.requireNonNull(optimizer, "optimizer");
            Objects.requireNonNull(clipping, "clipping");
            if (steps < 1 || length < 1 || batchSize < 1 || evaluateEvery < 1) {
                throw new IllegalArgumentException("CharLanguageModel.Training: steps, length, batch size and "
                        + "evaluateEvery must be ≥ 1, got " + steps + ", " + length + ", " + batchSize + ", "
                        + evaluateEvery);
            }
        }

        /** 300 steps of 16 windows of 64 characters, Adam (η = 0.01), clipping at norm 5, measured every 50 steps. */
        public static final Training DEFAULT = new Training(300, 64, 16, rnnlab.train.Adam.Settings.DEFAULT,
                Clipping.norm(5), Init.DEFAULT_SEED, 50);

        public Training withSteps(int n) {
            return new Training(n, length, batchSize, optimizer, clipping, seed, evaluateEvery);
        }

        public Training withLength(int n) {
            return new Training(steps, n, batchSize, optimizer, clipping, seed, evaluateEvery);
        }

        public Training withBatchSize(int n) {
            return new Training(steps, length, n, optimizer, clipping, seed, evaluateEvery);
        }

        public Training withOptimizer(OptimizerSettings o) {
            return new Training(steps, length, batchSize, o, clipping, seed, evaluateEvery);
        }

        public Training withClipping(Clipping c) {
            return new Training(steps, length, batchSize, optimizer, c, seed, evaluateEvery);
        }

        public Training withSeed(long s) {
            return new Training(steps, length, batchSize, optimizer, clipping, s, evaluateEvery);
        }

        public Training withEvaluateEvery(int n) {
            return new Training(steps, length, batchSize, optimizer, clipping, seed, n);
        }
    }

    /**
     * Perplexity during training: at each measured step, the training perplexity over the batches since the last
     * measurement and the perplexity of the held-out text.
     */
    public record Curve(int[] steps, double[] trainPerplexity, double[] validPerplexity) {
        /** The last held-out perplexity. */
        public double lastValid() {
            return validPerplexity[validPerplexity.length - 1];
        }
    }

    private final Vocabulary chars;
    private final Settings settings;
    private final SequenceModel model;

    private CharLanguageModel(Vocabulary chars, Settings settings) {
        this.chars = chars;
        this.settings = settings;
        this.model = Network.builder().cell(settings.cell()).vocabulary(chars.size()).embedding(settings.embedding())
                .hidden(settings.hidden()).layers(settings.layers()).classes(chars.size()).seed(settings.seed())
                .build().model();
        StateCarry.requireSteppable(model.body(), "CharLanguageModel");
    }

    /** A model whose alphabet is every character of {@code text}. */
    public static CharLanguageModel create(String text, Settings settings) {
        Objects.requireNonNull(settings, "settings");
        List<String> cs = characters(text);
        if (cs.isEmpty()) {
            throw new IllegalArgumentException("CharLanguageModel: the text is empty");
        }
        return new CharLanguageModel(Vocabulary.build(List.of(cs), Vocabulary.Settings.DEFAULT), settings);
    }

    /**
     * About 60,000 characters of Shakespeare's Coriolanus (public domain), shipped in the library jar: the start of
     * Karpathy's "tiny shakespeare" (see {@code rnnlab/data/shakespeare.NOTICE.txt} next to it).
     */
    public static String shakespeare() {
        try (InputStream in = CharLanguageModel.class.getResourceAsStream("/rnnlab/data/shakespeare.txt")) {
            if (in == null) {
                throw new IllegalStateException("rnnlab/data/shakespeare.txt is missing from the class path; "
                        + "rebuild the jar with 'make jar'");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading rnnlab/data/shakespeare.txt", e);
        }
    }

    static List<String> characters(String text) {
        Objects.requireNonNull(text, "text");
        List<String> l = new ArrayList<>(text.length());
        text.codePoints().forEach(c -> l.add(new String(Character.toChars(c))));
        return l;
    }

    /** The alphabet (ids 0 and 1 are the vocabulary's padding and "other" entries, never written). */
    public Vocabulary alphabet() {
        return chars;
    }

    public Settings settings() {
        return settings;
    }

    /** The tagger inside: embedding → body → output layer, the label of step t being character t+1. */
    public SequenceModel model() {
        return model;
    }

    private int[] ids(String text, String what) {
        List<String> cs = characters(text);
        int[] ids = chars.ids(cs);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == Vocabulary.OTHER_ID) {
                throw new IllegalArgumentException("CharLanguageModel: " + what + " has the character '" + cs.get(i)
                        + "' (at " + i + ") that is not in the alphabet the model was built with");
            }
        }
        return ids;
    }

    /** A batch predicting each character of {@code ids[from … from+length]} from the ones before it. */
    private static Batch window(int[] ids, int[] starts, int length) {
        int[][] x = new int[starts.length][length], y = new int[starts.length][length];
        for (int b = 0; b < starts.length; b++) {
            System.arraycopy(ids, starts[b], x[b], 0, length);
            System.arraycopy(ids, starts[b] + 1, y[b], 0, length);
        }
        return Batch.ofIds(x, null, y);
    }

    /**
     * Trains on random windows of {@code text} and measures perplexity on {@code heldOut} every
     * {@code evaluateEvery} steps (and at the last step).
     */
    public Curve fit(String text, String heldOut, Training training) {
        int[] ids = ids(text, "the training text");
        if (ids.length < training.length() + 1) {
            throw new IllegalArgumentException("CharLanguageModel.fit: the training text has " + ids.length
                    + " characters; a window needs " + (training.length() + 1) + " (use a shorter length)");
        }
        ids(heldOut, "the held-out text");
        Optimizer opt = training.optimizer().create();
        SplittableRandom rng = new SplittableRandom(training.seed());
        List<Integer> steps = new ArrayList<>();
        List<Double> train = new ArrayList<>(), valid = new ArrayList<>();
        double sum = 0;
        long count = 0;
        int[] starts = new int[training.batchSize()];
        for (int s = 1; s <= training.steps(); s++) {
            for (int b = 0; b < starts.length; b++) {
                starts[b] = rng.nextInt(ids.length - training.length());
            }
            double loss = model.lossAndGradient(window(ids, starts, training.length()));
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("CharLanguageModel.fit: the loss became " + loss + " at step " + s
                        + "; lower the learning rate or clip the gradient");
            }
            training.clipping().apply(model.params());
            opt.step(model.params());
            sum += loss;
            count += (long) starts.length * training.length();
            if (s % training.evaluateEvery() == 0 || s == training.steps()) {
                steps.add(s);
                train.add(Math.exp(sum / count));
                valid.add(perplexity(heldOut));
                sum = 0;
                count = 0;
            }
        }
        return new Curve(steps.stream().mapToInt(Integer::intValue).toArray(),
                train.stream().mapToDouble(Double::doubleValue).toArray(),
                valid.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** exp(mean −log p(next char)) over {@code text}, read in one pass from a zero memory. */
    public double perplexity(String text) {
        int[] ids = ids(text, "the text");
        if (ids.length < 2) {
            throw new IllegalArgumentException("CharLanguageModel.perplexity: need at least 2 characters");
        }
        double loss = model.loss(window(ids, new int[] {0}, ids.length - 1));
        return Math.exp(loss / (ids.length - 1));
    }

    /** Checks every gradient numerically on one window of {@code text}. */
    public GradCheckReport gradientCheck(String text, GradCheck.Options options) {
        int[] ids = ids(text, "the text");
        if (ids.length < 2) {
            throw new IllegalArgumentException("CharLanguageModel.gradientCheck: need at least 2 characters");
        }
        return model.gradientCheck(window(ids, new int[] {0}, ids.length - 1), options);
    }

    /**
     * Writes {@code length} characters after {@code seed}.
     *
     * @param temperature τ &gt; 0: probabilities ∝ exp(score/τ)
     * @param topK        draw only among the k most probable characters; 0 = all
     * @param rngSeed     seed of the draws: same seed, same text
     * @return the seed followed by the new characters
     */
    public String sample(String seed, int length, double temperature, int topK, long rngSeed) {
        if (seed == null || seed.isEmpty()) {
            throw new IllegalArgumentException("CharLanguageModel.sample: give a seed string of at least one character");
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("CharLanguageModel.sample: temperature must be a positive number, got "
                    + temperature);
        }
        if (length < 0 || topK < 0) {
            throw new IllegalArgumentException("CharLanguageModel.sample: length and topK must be ≥ 0 (topK 0 = all), "
                    + "got " + length + ", " + topK);
        }
        int[] ids = ids(seed, "the seed");
        RecurrentLayer body = model.body();
        SplittableRandom rng = new SplittableRandom(rngSeed);
        StringBuilder sb = new StringBuilder(seed);
        int V = chars.size();
        double[] p = new double[V];
        Integer[] order = new Integer[V];
        try {
            StateCarry.write(body, StateCarry.zeros(body, 1));
            Matrix[] out = model.forward(Batch.ofIds(new int[][] {ids}, null, null));
            double[] scores = out[ids.length - 1].rowCopy(0);
            List<Matrix> state = StateCarry.read(body, ids.length - 1);
            for (int n = 0; n < length; n++) {
                int next = draw(scores, temperature, topK, rng, p, order);
                sb.append(chars.token(next));
                StateCarry.write(body, state);
                scores = model.forward(Batch.ofIds(new int[][] {{next}}, null, null))[0].rowCopy(0);
                state = StateCarry.read(body, 0);
            }
        } finally {
            StateCarry.write(body, StateCarry.zeros(body, 1)); // training and scoring start from zero memory again
        }
        return sb.toString();
    }

    /** Draws a character id from softmax(scores/τ), among the top k (ids 0 and 1 are never drawn). */
    private static int draw(double[] scores, double tau, int topK, SplittableRandom rng, double[] p, Integer[] order) {
        int V = scores.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 2; k < V; k++) {
            max = Math.max(max, scores[k]);
        }
        for (int k = 0; k < V; k++) {
            p[k] = k < 2 ? 0 : Math.exp((scores[k] - max) / tau);
            order[k] = k;
        }
        if (topK > 0 && topK < V - 2) {
            java.util.Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : p[b] != p[a] ? Double.compare(p[b], p[a])
                    : Integer.compare(a, b));
            for (int r = topK; r < V; r++) {
                p[order[r]] = 0;
            }
        }
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        double u = rng.nextDouble() * sum, c = 0;
        int last = 2;
        for (int k = 2; k < V; k++) {
            if (p[k] > 0) {
                c += p[k];
                last = k;
                if (u < c) {
                    return k;
                }
            }
        }
        return last;
    }

    /**
     * Each unit's output hᵗ while the model reads {@code text} from a zero memory: a T×H array (row t = after
     * character t). For a stack, the top layer's units.
     */
    public double[][] activations(String text) {
        int[] ids = ids(text, "the text");
        RecurrentLayer body = model.body();
        model.forward(Batch.ofIds(new int[][] {ids}, null, null));
        RecurrentLayer top = body instanceof Stacked s ? s.layer(s.layers().size() - 1) : body;
        double[][] a = new double[ids.length][];
        for (int t = 0; t < ids.length; t++) {
            a[t] = StateCarry.read(top, t).get(0).rowCopy(0);   // h (an LSTM's second state is its memory c)
        }
        return a;
    }

    /** The characters of {@code text} as the model reads them (one string per character). */
    public static List<String> split(String text) {
        return characters(text);
    }

    @Override
    public String toString() {
        return "CharLanguageModel(" + settings + ", alphabet of " + (chars.size() - 2) + " characters)\n  "
                + model.toString().replace("\n", "\n  ");
    }
}
