package rnnlab.viz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.XYChart;
import rnnlab.models.Network;
import rnnlab.cells.Elman;
import rnnlab.cells.LSTM;
import rnnlab.core.Activation;
import rnnlab.core.Matrix;
import rnnlab.data.SlotFillingCorpus;
import rnnlab.train.Evaluation;
import rnnlab.train.Tagger;
import rnnlab.train.Trainer;
import rnnlab.train.TrainingResult;

/**
 * Generates the picture of every plot into a folder (default {@code docs/img}) from the library itself — a seeded
 * training run of an Elman tagger on the built-in slot-filling corpus, a seeded Elman RNN and LSTM, the lecture's
 * LSTM cell — and small seeded toy computations written out below, so that {@code docs/plots.md} shows pictures
 * made by the project, not by hand.
 *
 * <p>It lives with the tests (src/test), not in the library jar: {@code scripts/gallery} compiles the tests and
 * runs it with the jar and the test classes on the class path; {@code GalleryTest} runs it into a temporary folder. Prints the files it wrote. Same seed, same pictures.
 */
public final class Gallery {
    private Gallery() {}

    /** Seed of every random number in the gallery. */
    public static final long SEED = 20161230L;

    /** The example sentence of the lecture (p.2). */
    public static final List<String> SENTENCE =
        List.of("I", "would", "like", "to", "arrive", "Taipei", "on", "November", "2nd");

    /** Writes every picture into {@code args[0]} (default docs/img). */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/img");
        for (Path p : writeAll(dir)) {
            System.out.println("wrote " + p);
        }
    }

    /** Writes every picture (PNG, plus one SVG example) into {@code dir}; returns the files written. */
    public static List<Path> writeAll(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        List<Path> out = new ArrayList<>();

        // 1. Training curves of a real run: an Elman tagger on the built-in slot-filling corpus; the live chart is
        //    fed by the trainer's progress listener while it trains.
        SlotFillingCorpus.Splits data = SlotFillingCorpus.splits(400, 100, 100, 7);
        Tagger tagger = Tagger.create(data.train(), Network.builder().hidden(16).embedding(16).seed(5).build());
        LiveChart live = LiveChart.loss();
        java.awt.image.BufferedImage[] midway = new java.awt.image.BufferedImage[1];
        live.onUpdate(img -> {
            if (live.epochs() == 6) {
                midway[0] = img; // what the notebook shows half-way through training
            }
        });
        TrainingResult run = new Trainer(Trainer.Settings.builder().epochs(12).build())
            .withProgress(live.progressListener()).fit(tagger, data.train(), data.dev());
        var loss = Plots.lossCurves(run.history());
        out.add(Plots.save(loss, dir.resolve("loss-curves.png")));
        out.add(Plots.save(loss, dir.resolve("loss-curves.svg")));
        out.add(Plots.save(Plots.metricCurves(run.history()), dir.resolve("metric-curves.png")));
        out.add(Plots.save(midway[0], dir.resolve("live-chart.png")));
        Evaluation dev = tagger.evaluate(data.dev());

        // 2. Hidden states of a seeded library Elman RNN (tanh, 8 units) reading the lecture's sentence.
        Matrix[] words = embed(SENTENCE, 5, SEED);
        Elman elman = new Elman(5, 8, Activation.TANH, false, new SplittableRandom(SEED));
        Matrix[] h = elman.forward(words, null);
        out.add(Plots.save(Plots.hiddenStates(h, 0, SENTENCE), dir.resolve("hidden-states.png")));

        // 3. LSTM gates of a seeded library LSTM (6 cells) on the same sentence.
        LSTM lstm = new LSTM(LSTM.Config.of(5, 6), false, new SplittableRandom(SEED + 1));
        lstm.forward(words, null);
        out.add(Plots.save(Plots.lstmGates(lstm.tape(), 0, SENTENCE), dir.resolve("lstm-gates.png")));

        // 4. The lecture's LSTM with concrete weights (p.20-25) on the 9-step sequence of p.19.
        double[][] x = {{1, 0, 0}, {3, 1, 0}, {2, 0, 0}, {4, 1, 0}, {2, 0, 0}, {1, 0, 1}, {3, -1, 0}, {6, 1, 0},
            {1, 0, 1}};
        LSTM cell = lectureCell();
        Matrix[] xs = new Matrix[x.length];
        List<String> inputs = new ArrayList<>();
        for (int t = 0; t < x.length; t++) {
            xs[t] = Matrix.row(x[t]);
            inputs.add(String.format(java.util.Locale.ROOT, "(%d,%d,%d)", (int) x[t][0], (int) x[t][1],
                (int) x[t][2]));
        }
        cell.forward(xs, null);
        ChartGrid trace = Plots.lstmCellTrace(cell.tape(), 0, 0, inputs);
        trace.setTitle("The lecture's LSTM cell (p.19-25) over time");
        out.add(Plots.save(trace, dir.resolve("lstm-cell-trace.png")));

        // 5. Gradient norms over 50 steps for three recurrences.
        out.add(Plots.save(Plots.gradientNorms(ToyRnn.gradientNorms(SEED, 50)), dir.resolve("gradient-norms.png")));

        // 6. y^1000 = w^999 (lecture p.36).
        out.add(Plots.save(Plots.powerOfW(), dir.resolve("power-of-w.png")));

        // 7. Loss surface of the lecture's one-neuron RNN: a wall for w > 1; descent with and without clipping.
        DoubleBinaryOperator cliff = ToyRnn::cliffLoss;
        Map<String, List<double[]>> paths = new LinkedHashMap<>();
        double[] start = {ToyRnn.CLIFF_START_W, ToyRnn.CLIFF_START_B};
        paths.put("gradient descent", ToyRnn.descend(cliff, start, ToyRnn.CLIFF_RATE, 30, Double.POSITIVE_INFINITY));
        paths.put("with clipping (‖g‖ ≤ 1)", ToyRnn.descend(cliff, start, ToyRnn.CLIFF_RATE, 30, 1.0));
        SurfaceChart surface = Plots.lossSurface(cliff, ToyRnn.CLIFF_W_MIN, ToyRnn.CLIFF_W_MAX, ToyRnn.CLIFF_B_MIN,
            ToyRnn.CLIFF_B_MAX, 120, paths);
        surface.setXAxisTitle("recurrent weight w");
        surface.setYAxisTitle("input weight v");
        surface.setTitle("Loss (y²⁰ − 1)² of y²⁰ = v·w¹⁹, gradient descent");
        surface.setLogColor(true);
        out.add(Plots.save(surface, dir.resolve("loss-surface.png")));

        // 8. Confusion matrix and F1 per label of the trained tagger on the dev set.
        out.add(Plots.save(Plots.confusionMatrix(dev.confusion()), dir.resolve("confusion-matrix.png")));
        out.add(Plots.save(Plots.confusionMatrix(dev.confusion(), true), dir.resolve("confusion-matrix-rows.png")));
        out.add(Plots.save(Plots.f1Bars(dev.labelReport()), dir.resolve("f1-bars.png")));

        // 9. Tokens coloured by a unit's activation and by predicted slot.
        double[] unit = new double[h.length];
        for (int t = 0; t < h.length; t++) {
            unit[t] = h[t].get(0, 2);
        }
        out.add(Plots.save(TokenColors.byActivation(SENTENCE, unit, "hidden unit 2").toImage(),
            dir.resolve("tokens-activation.png")));
        List<String> slots = tagger.tag(SENTENCE);
        out.add(Plots.save(TokenColors.bySlot(SENTENCE, slots).toImage(), dir.resolve("tokens-slots.png")));
        // Diagrams of the networks (lecture p.8-11, 15, 16, 18-25, 27-29), with the numbers of one step.
        out.add(Plots.save(Diagrams.rnnWithMemory(2, new double[] {1, 1}, new double[] {2, 2}, new double[] {6, 6},
            new double[] {12, 12}), dir.resolve("diagram-rnn-memory.png")));
        out.add(Plots.save(Diagrams.elmanVsJordan(), dir.resolve("diagram-elman-jordan.png")));
        out.add(Plots.save(Diagrams.bidirectional(List.of("arrive", "Taipei", "on", "November", "2nd"),
            List.of("O", "B-dest", "O", "B-arrive_date", "I-arrive_date")), dir.resolve("diagram-bidirectional.png")));
        Diagram lstmCellDiagram = Diagrams.lstmCell(6, Diagrams.LstmCellValues.of(cell, 0, 0, 5, x[5]));
        out.add(Plots.save(lstmCellDiagram, dir.resolve("diagram-lstm-cell.png")));
        out.add(Plots.save(lstmCellDiagram, dir.resolve("diagram-lstm-cell.svg")));
        out.add(Plots.save(Diagrams.lstmVectorForm(3, 1, null), dir.resolve("diagram-lstm-vector-form.png")));
        return out;
    }

    /** The lecture's LSTM cell with the concrete weights of p.20-25 (linear g and h, sigmoid gates). */
    static LSTM lectureCell() {
        LSTM cell = new LSTM(LSTM.Config.lecture(3, 1), false, new SplittableRandom(SEED));
        cell.W.value.set(new double[][] {
            {1, 0, 0, 0},      // x1 → z, zi, zf, zo
            {0, 100, 100, 0},  // x2
            {0, 0, 0, 100}});  // x3
        cell.U.value.zero();
        cell.b.value.set(new double[][] {{0, -10, 10, -10}});
        return cell;
    }

    /** One seeded random 1×dim vector per distinct token (a stand-in for a trained embedding). */
    static Matrix[] embed(List<String> tokens, int dim, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Matrix> table = new LinkedHashMap<>();
        Matrix[] xs = new Matrix[tokens.size()];
        for (int t = 0; t < xs.length; t++) {
            xs[t] = table.computeIfAbsent(tokens.get(t), k -> {
                double[] v = new double[dim];
                for (int i = 0; i < dim; i++) {
                    v[i] = rnd.nextGaussian();
                }
                return Matrix.row(v);
            });
        }
        return xs;
    }

    /** Toy recurrent computations for the gallery, written out in plain Java (no library types needed). */
    static final class ToyRnn {
        private ToyRnn() {}

        static final double CLIFF_W_MIN = 0.7;
        static final double CLIFF_W_MAX = 1.15;
        static final double CLIFF_B_MIN = -0.2;
        static final double CLIFF_B_MAX = 2.0;
        static final double CLIFF_START_W = 0.9;
        static final double CLIFF_START_B = 0.5;
        static final double CLIFF_RATE = 0.02;
        static final int CLIFF_STEPS = 20;

        /**
         * ‖∂L/∂hᵗ‖ for L = sum of h_T, through three recurrences of 8 units: tanh with small weights (vanishing), an
         * orthogonal-like linear map with spectral radius 1 (constant), linear with radius 1.1 (exploding).
         */
        static Map<String, double[]> gradientNorms(long seed, int steps) {
            SplittableRandom rnd = new SplittableRandom(seed + 2);
            int n = 8;
            Map<String, double[]> m = new LinkedHashMap<>();
            double[][] small = randn(rnd, n, n, 0.5 / Math.sqrt(n));
            m.put("tanh RNN, small W (vanishes)", tanhNorms(rnd, small, steps));
            m.put("linear RNN, W = I (constant)", linearNorms(scaledIdentity(n, 1.0), steps));
            m.put("linear RNN, W = 1.1·I (explodes)", linearNorms(scaledIdentity(n, 1.1), steps));
            return m;
        }

        private static double[] tanhNorms(SplittableRandom rnd, double[][] w, int steps) {
            int n = w.length;
            double[][] hs = new double[steps + 1][n];
            for (int t = 1; t <= steps; t++) {
                for (int i = 0; i < n; i++) {
                    double z = rnd.nextGaussian() * 0.5;
                    for (int j = 0; j < n; j++) {
                        z += w[i][j] * hs[t - 1][j];
                    }
                    hs[t][i] = Math.tanh(z);
                }
            }
            double[] grad = new double[n];
            java.util.Arrays.fill(grad, 1.0);
            double[] norms = new double[steps];
            for (int t = steps; t >= 1; t--) {
                norms[t - 1] = norm(grad);
                double[] next = new double[n];
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        next[j] += w[i][j] * (1 - hs[t][i] * hs[t][i]) * grad[i]; // back through tanh, then W
                    }
                }
                grad = next;
            }
            return norms;
        }

        private static double[] linearNorms(double[][] w, int steps) {
            int n = w.length;
            double[] grad = new double[n];
            java.util.Arrays.fill(grad, 1.0);
            double[] norms = new double[steps];
            for (int t = steps; t >= 1; t--) {
                norms[t - 1] = norm(grad);
                double[] next = new double[n];
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        next[j] += w[i][j] * grad[i];
                    }
                }
                grad = next;
            }
            return norms;
        }

        /**
         * The lecture's one-neuron linear RNN (p.36) over 20 steps: input weight v, recurrent weight w, input 1 then
         * zeros, so y²⁰ = v·w¹⁹; loss (y²⁰ − 1)². Flat for w &lt; 1, a steep wall for w &gt; 1.
         */
        static double cliffLoss(double w, double v) {
            double y = 0;
            for (int t = 0; t < CLIFF_STEPS; t++) {
                double x = t == 0 ? 1 : 0;
                y = w * y + v * x; // y_t = w·y_{t-1} + v·x_t
            }
            double d = y - 1;
            return d * d;
        }

        /** Gradient descent with centred numeric gradients; clips the gradient norm to {@code maxNorm}. */
        static List<double[]> descend(DoubleBinaryOperator f, double[] start, double rate, int steps,
                                      double maxNorm) {
            List<double[]> path = new ArrayList<>();
            double a = start[0];
            double b = start[1];
            path.add(new double[] {a, b});
            double eps = 1e-6;
            for (int s = 0; s < steps; s++) {
                double ga = (f.applyAsDouble(a + eps, b) - f.applyAsDouble(a - eps, b)) / (2 * eps);
                double gb = (f.applyAsDouble(a, b + eps) - f.applyAsDouble(a, b - eps)) / (2 * eps);
                double norm = Math.hypot(ga, gb);
                if (norm > maxNorm) {
                    ga *= maxNorm / norm;
                    gb *= maxNorm / norm;
                }
                a -= rate * ga;
                b -= rate * gb;
                path.add(new double[] {a, b});
                if (!(Math.abs(a) < 1e3 && Math.abs(b) < 1e3)) {
                    break; // blew up: the rest of the path is far off the picture
                }
            }
            return path;
        }

        static double norm(double[] v) {
            double s = 0;
            for (double x : v) {
                s += x * x;
            }
            return Math.sqrt(s);
        }

        static double[][] scaledIdentity(int n, double s) {
            double[][] m = new double[n][n];
            for (int i = 0; i < n; i++) {
                m[i][i] = s;
            }
            return m;
        }

        static double[][] randn(SplittableRandom rnd, int rows, int cols, double scale) {
            double[][] m = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    m[i][j] = rnd.nextGaussian() * scale;
                }
            }
            return m;
        }
    }
}
