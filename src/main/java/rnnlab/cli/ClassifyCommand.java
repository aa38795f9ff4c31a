package rnnlab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import rnnlab.data.LabelledSentences;
import rnnlab.data.LabelledSentences.Example;
import rnnlab.data.SentimentCorpus;
import rnnlab.data.Utf8Lines;
import rnnlab.io.ModelFile;
import rnnlab.io.Quote;
import rnnlab.models.Network;
import rnnlab.models.Pooling;
import rnnlab.train.Classifier;
import rnnlab.train.ProgressListener;
import rnnlab.train.Tagger;
import rnnlab.train.Trainer;
import rnnlab.train.TrainingDivergedException;
import rnnlab.train.TrainingResult;

/**
 * {@code rnnlab classify}: a many-to-one sentence classifier on "label&lt;TAB&gt;text" files, in separate steps —
 * {@code train} (saves a model file), {@code eval} (accuracy, macro F1, per-label scores, confusion matrix) and
 * {@code label} (one label per input sentence, optionally the pooling weight of every word) — or all three in one
 * run without saving (the form without a step).
 */
final class ClassifyCommand {
    private static final Set<String> NETWORK = Set.of("arch", "pooling", "hidden", "embedding", "layers", "epochs",
            "batch", "lr", "seed");

    static final String HELP = """
            usage: rnnlab classify train (--train FILE | --corpus sentiment) --model FILE [--dev FILE] [options]
                   rnnlab classify eval --model FILE --test FILE
                   rnnlab classify label --model FILE [--input FILE|-] [--weights]
                   rnnlab classify (--train FILE | --corpus sentiment) [--dev FILE] [--test FILE]
                                   [--input FILE|-] [--weights] [options]

            A many-to-one classifier: one label per sentence (sentiment; lecture Part II p.39-41).
              train      trains on labelled sentences and saves the classifier to --model (written atomically;
                         an existing file is replaced only by a whole new one, never by a diverged model)
              eval       scores a saved classifier on --test: accuracy, macro F1, per-label scores, confusion
                         matrix ('evaluate' works too)
              label      labels the sentences of --input (one per line, words separated by spaces; - or no
                         --input reads standard input), writing label<TAB>sentence lines ('predict' works too)
              (no step)  trains, evaluates on --test and labels --input in one run; nothing is saved
            data (label<TAB>text, one sentence per line, tokens separated by spaces; # lines are comments):
              --train FILE          labelled training sentences
              --corpus sentiment    instead: the built-in sentiment corpus (800 training, 200 dev, 300 test)
              --dev FILE            labelled sentences scored after each epoch; the best epoch is kept
              --test FILE           labelled sentences to score
              --input FILE          sentences to label; - reads standard input
              --model FILE          the model file (train writes it, eval and label read it)
            network (train):
              --arch A              elman | jordan | lstm | gru | irnn | clockwork | scrn | feedforward
                                    (default gru)
              --bidirectional       a forward and a backward layer
              --layers N            stacked layers (default 1)
              --pooling P           last | mean | max | attention (default attention)
              --hidden N            hidden units (default 16)
              --embedding N         word-vector size (default 16)
            training (train):
              --epochs N            epochs (default 8)
              --batch N             sentences per step (default 16)
              --lr X                Adam's learning rate (default 0.01)
              --seed N              seed of the weights and the shuffling (default 1)
              --quiet               no progress on standard error
            output (label):
              --weights             also print each word's pooling weight (attention: the weight α per word)
            """;

    private final InputStream in;
    private final PrintStream out, err;

    ClassifyCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    int run(List<String> rest) {
        String step = rest.isEmpty() || rest.get(0).startsWith("-") ? "" : rest.get(0);
        List<String> opts = step.isEmpty() ? rest : rest.subList(1, rest.size());
        return switch (step) {
            case "" -> oneRun(Args.parse("classify", opts, Set.of("bidirectional", "weights", "quiet"),
                    union(NETWORK, Set.of("train", "dev", "test", "input", "corpus"))));
            case "train" -> train(Args.parse("classify train", opts, Set.of("bidirectional", "quiet"),
                    union(NETWORK, Set.of("train", "dev", "corpus", "model"))));
            case "eval", "evaluate" -> eval(Args.parse("classify eval", opts, Set.of(), Set.of("model", "test")));
            case "label", "predict" -> label(Args.parse("classify label", opts, Set.of("weights"),
                    Set.of("model", "input")));
            default -> throw new UsageException("unknown step '" + Quote.cut(step) + "'; choose train, eval or label "
                    + "(or give options only, to train, evaluate and label in one run)");
        };
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return s;
    }

    // ---- the steps ----------------------------------------------------------------------------------------------

    private int train(Args a) {
        Path modelFile = a.requirePath("model", "FILE (where to save the trained classifier)");
        Map<String, Path> inputs = new HashMap<>();
        if (a.has("train")) {
            inputs.put("train", a.path("train"));
        }
        if (a.has("dev")) {
            inputs.put("dev", a.path("dev"));
        }
        Network net = network(a);
        Trainer.Settings ts = training(a);
        Outputs.check("model", modelFile, inputs, Map.of());        // before any work: not an input, writable
        Data d = data(a, false);
        Classifier c = Classifier.create(d.train, net);
        TrainingResult result;
        try {
            result = fit(a, c, d, ts);
        } catch (TrainingDivergedException e) {
            err.println("rnnlab classify train: " + e.getMessage() + " Nothing was saved: " + (Files.exists(modelFile)
                    ? modelFile + " is unchanged." : "no model file was written."));
            return Main.DIVERGED;
        }
        Map<String, String> info = new LinkedHashMap<>();
        info.put("train.file", d.trainName);
        info.put("train.sentences", Integer.toString(d.train.size()));
        if (!d.dev.isEmpty()) {
            info.put("train.dev", d.devName);
        }
        info.put("train.optimizer", ts.optimizer().toString());
        info.put("train.epochs", Integer.toString(result.history().size()));
        info.put("train.batch", Integer.toString(ts.batchSize()));
        info.put("train.clip", ts.clipping().toString());
        info.put("train.seed", Long.toString(ts.seed()));
        info.put("train.bestEpoch", Integer.toString(result.bestEpoch()));
        if (!Double.isNaN(result.bestMetric())) {
            info.put("train.dev.accuracy", String.format(Locale.ROOT, "%.6f", result.bestMetric()));
        }
        ModelFile.save(c, modelFile, info);
        out.println(result.message());
        out.println("saved a classifier (" + (c.words().size() - 2) + " words, labels " + c.labels().labels() + ", "
                + net.cell().label() + ", " + net.pooling().label() + " pooling) to " + modelFile);
        if (!d.dev.isEmpty()) {
            var ev = c.evaluate(d.dev);
            out.printf(Locale.ROOT, "dev (%s): accuracy %.4f, macro F1 %.4f on %d sentences%n", d.devName,
                    ev.accuracy(), ev.macroF1(), d.dev.size());
        }
        return Main.OK;
    }

    private int eval(Args a) {
        Path modelFile = a.requirePath("model", "FILE (a classifier saved by 'rnnlab classify train')");
        Path testFile = a.requirePath("test", "FILE (labelled sentences, label<TAB>text)");
        Classifier c = ModelFile.loadClassifier(modelFile);
        report(c, LabelledSentences.read(testFile), "test");
        return Main.OK;
    }

    private int label(Args a) {
        Path modelFile = a.requirePath("model", "FILE (a classifier saved by 'rnnlab classify train')");
        Classifier c = ModelFile.loadClassifier(modelFile);
        label(c, a, true);
        return Main.OK;
    }

    private int oneRun(Args a) {
        Network net = network(a);
        Trainer.Settings ts = training(a);
        Data d = data(a, true);
        Classifier c = Classifier.create(d.train, net);
        fit(a, c, d, ts);
        if (!d.test.isEmpty()) {
            report(c, d.test, "test");
        }
        if (a.has("input")) {
            label(c, a, false);
        }
        return Main.OK;
    }

    // ---- pieces -------------------------------------------------------------------------------------------------

    private record Data(List<Example> train, String trainName, List<Example> dev, String devName,
                        List<Example> test) {}

    /** The training, dev (and for the one-run form test) sentences: files, or the built-in corpus. */
    private static Data data(Args a, boolean withTest) {
        String corpus = a.get("corpus", null);
        if (corpus != null) {
            if (!corpus.equals("sentiment")) {
                throw new UsageException("--corpus must be 'sentiment', got '" + Quote.cut(corpus) + "'");
            }
            if (a.has("train")) {
                throw new UsageException("give --train FILE or --corpus sentiment, not both");
            }
            return new Data(SentimentCorpus.generate(800, 1), "corpus sentiment",
                    a.has("dev") ? LabelledSentences.read(a.path("dev")) : SentimentCorpus.generate(200, 2),
                    a.has("dev") ? a.path("dev").toString() : "corpus sentiment",
                    !withTest ? List.of() : a.has("test") ? LabelledSentences.read(a.path("test"))
                            : SentimentCorpus.generate(300, 3));
        }
        Path train = a.requirePath("train", "FILE (labelled sentences, label<TAB>text) or --corpus sentiment");
        return new Data(LabelledSentences.read(train), train.toString(),
                a.has("dev") ? LabelledSentences.read(a.path("dev")) : List.of(),
                a.has("dev") ? a.path("dev").toString() : "",
                withTest && a.has("test") ? LabelledSentences.read(a.path("test")) : List.of());
    }

    /** The network the options describe (checked before any data is read). */
    private static Network network(Args a) {
        try {
            Network.Cell cell = Network.Cell.parse(a.get("arch", "gru"));
            Pooling pooling = Pooling.parse(a.get("pooling", "attention"));
            if (!cell.isRecurrent() && pooling == Pooling.LAST) {
                throw new UsageException("--arch " + cell.label() + " with --pooling last sees only the last word; "
                        + "use mean, max or attention");
            }
            if (!cell.isRecurrent() && a.flag("bidirectional")) {
                throw new UsageException("--bidirectional needs a recurrent --arch, not " + cell.label());
            }
            return Classifier.networkBuilder().cell(cell).pooling(pooling).bidirectional(a.flag("bidirectional"))
                    .layers(a.integer("layers", 1, 1, 8)).hidden(a.integer("hidden", 16, 1, 4096))
                    .embedding(a.integer("embedding", 16, 1, 2048)).seed(a.longValue("seed", 1)).build();
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replace("Network: ", ""));
        }
    }

    private static Trainer.Settings training(Args a) {
        return Classifier.TRAINING.toBuilder().epochs(a.integer("epochs", Classifier.TRAINING.epochs(), 1, 100_000))
                .batch(a.integer("batch", Classifier.TRAINING.batchSize(), 1, 100_000))
                .optimizer(Classifier.TRAINING.optimizer().withLearningRate(a.number("lr",
                        Classifier.TRAINING.optimizer().learningRate())))
                .seed(a.longValue("seed", 1)).build();
    }

    private TrainingResult fit(Args a, Classifier c, Data d, Trainer.Settings ts) {
        Trainer trainer = new Trainer(ts);
        if (!a.flag("quiet")) {
            err.printf(Locale.ROOT, "read %d training sentences from %s%s; %d words, labels %s%n", d.train.size(),
                    d.trainName, d.dev.isEmpty() ? "" : ", " + d.dev.size() + " dev sentences from " + d.devName,
                    c.words().size() - 2, c.labels().labels());
            trainer.withProgress(ProgressListener.terminal(err));
        }
        return trainer.fit(c, d.train, d.dev);
    }

    /** Accuracy, macro F1, per-label scores and the confusion matrix on labelled sentences. */
    private void report(Classifier c, List<Example> gold, String what) {
        var ev = c.evaluate(gold);
        out.printf(Locale.ROOT, "%s: accuracy %.4f, macro F1 %.4f on %d sentences%n%n", what, ev.accuracy(),
                ev.macroF1(), gold.size());
        // the report and matrix classes count "tokens"; here every item is a sentence
        out.println(ev.report());
        out.println(ev.confusion().toString().replace(" tokens, ", " sentences, "));
    }

    /**
     * Labels the sentences of --input (or standard input when {@code stdinByDefault} and no --input), in chunks,
     * writing label&lt;TAB&gt;sentence lines (and the weights with --weights).
     */
    private void label(Classifier c, Args a, boolean stdinByDefault) {
        boolean stdin = a.has("input") ? a.get("input", "").equals("-") : stdinByDefault;
        Path file = stdin ? null : a.path("input");
        String source = stdin ? "standard input" : file.toString();
        try (Utf8Lines lines = new Utf8Lines(stdin ? in : open(file), source)) {
            List<List<String>> chunk = new ArrayList<>();
            for (String line = lines.next(); line != null; line = lines.next()) {
                String t = line.strip();
                if (t.isEmpty()) {
                    continue;
                }
                if (t.indexOf('\t') >= 0) {
                    throw lines.error("a tab: label reads plain sentences, one per line, words separated by spaces; "
                            + "for labelled 'label<TAB>text' lines use 'rnnlab classify eval --test " + source + "'");
                }
                chunk.add(List.of(t.split("\\s+")));
                if (chunk.size() == Tagger.EVAL_BATCH) {
                    emit(c, chunk, a.flag("weights"));
                }
            }
            emit(c, chunk, a.flag("weights"));
        }
    }

    private void emit(Classifier c, List<List<String>> sentences, boolean weights) {
        List<String> labels = sentences.isEmpty() ? List.of() : c.classifyAll(sentences);
        for (int i = 0; i < sentences.size(); i++) {
            StringBuilder sb = new StringBuilder(labels.get(i)).append('\t').append(String.join(" ", sentences.get(i)));
            if (weights) {
                double[] w = c.attention(sentences.get(i));
                sb.append('\t');
                for (int t = 0; t < w.length; t++) {
                    sb.append(t > 0 ? " " : "").append(sentences.get(i).get(t)).append(':')
                            .append(String.format(Locale.ROOT, "%.2f", w[t]));
                }
            }
            out.println(sb);
        }
        sentences.clear();
    }

    private static InputStream open(Path p) {
        try {
            return Files.newInputStream(p);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(p + ": no such file; give the path of a text file with one sentence "
                    + "per line, or - for standard input");
        } catch (IOException e) {
            throw new UncheckedIOException(p + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
