package rnnlab.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import rnnlab.data.LabelledSentences;
import rnnlab.data.LabelledSentences.Example;
import rnnlab.data.SentimentCorpus;
import rnnlab.data.Utf8Lines;
import rnnlab.models.Pooling;
import rnnlab.train.Adam;
import rnnlab.train.Architecture;
import rnnlab.train.Classifier;
import rnnlab.train.Clipping;

/**
 * {@code rnnlab classify}: trains a many-to-one sentence classifier on a "label&lt;TAB&gt;text" file (or the built-in
 * sentiment corpus), evaluates it on a test file (accuracy, macro F1, per-label scores, confusion matrix) and labels
 * sentences read from a file or standard input, all in one run.
 */
final class ClassifyCommand {
    static final Set<String> FLAGS = Set.of("bidirectional", "weights", "quiet");
    static final Set<String> VALUED = Set.of("train", "dev", "test", "input", "corpus", "arch", "pooling", "hidden",
            "embedding", "epochs", "batch", "lr", "seed");

    static final String HELP = """
            usage: rnnlab classify (--train FILE | --corpus sentiment) [--dev FILE] [--test FILE]
                                   [--input FILE|-] [options]

            Trains a many-to-one classifier (one label per sentence: sentiment, lecture Part II p.39-41), then
            evaluates it on --test and labels the sentences of --input (one per line; - reads standard input),
            writing label<TAB>sentence lines to standard output. Nothing is saved.
            data (label<TAB>text, one sentence per line, tokens separated by spaces; # lines are comments):
              --train FILE          labelled training sentences
              --corpus sentiment    instead: the built-in sentiment corpus (800 training, 200 dev, 300 test)
              --dev FILE            labelled sentences scored after each epoch
              --test FILE           labelled sentences: accuracy, macro F1, per-label scores, confusion matrix
              --input FILE          sentences to label, one per line, words separated by spaces; - reads
                                    standard input
            network:
              --arch A              elman | jordan | lstm | gru | feedforward (default gru)
              --bidirectional       a forward and a backward layer
              --pooling P           last | mean | max | attention (default attention)
              --hidden N            hidden units (default 16)
              --embedding N         word-vector size (default 16)
            training:
              --epochs N            epochs (default 8)
              --batch N             sentences per step (default 16)
              --lr X                Adam's learning rate (default 0.01)
              --seed N              seed of the weights and the shuffling (default 1)
              --weights             also print each word's pooling weight (attention: α per word)
              --quiet               no progress on standard error
            """;

    private final InputStream in;
    private final PrintStream out, err;

    ClassifyCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    int run(List<String> rest) {
        Args a = Args.parse("classify", rest, FLAGS, VALUED);
        List<Example> train, dev, test;
        String corpus = a.get("corpus", null);
        if (corpus != null) {
            if (!corpus.equals("sentiment")) {
                throw new UsageException("--corpus must be 'sentiment', got '" + corpus + "'");
            }
            if (a.has("train")) {
                throw new UsageException("give --train FILE or --corpus sentiment, not both");
            }
            train = SentimentCorpus.generate(800, 1);
            dev = a.has("dev") ? LabelledSentences.read(a.path("dev")) : SentimentCorpus.generate(200, 2);
            test = a.has("test") ? LabelledSentences.read(a.path("test")) : SentimentCorpus.generate(300, 3);
        } else {
            train = LabelledSentences.read(a.requirePath("train", "FILE (labelled sentences, label<TAB>text)"));
            dev = a.has("dev") ? LabelledSentences.read(a.path("dev")) : List.of();
            test = a.has("test") ? LabelledSentences.read(a.path("test")) : List.of();
        }
        Architecture arch;
        Pooling pooling;
        try {
            arch = Architecture.parse(a.get("arch", "gru"));
            pooling = Pooling.parse(a.get("pooling", "attention"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (!arch.isRecurrent() && pooling == Pooling.LAST) {
            throw new UsageException("--arch feedforward with --pooling last sees only the last word; use mean, max "
                    + "or attention");
        }
        if (!arch.isRecurrent() && a.flag("bidirectional")) {
            throw new UsageException("--bidirectional needs a recurrent --arch, not feedforward");
        }
        var settings = Classifier.Settings.DEFAULT.withCell(arch).withPooling(pooling)
                .withBidirectional(a.flag("bidirectional")).withHidden(a.integer("hidden", 16, 1, 4096))
                .withEmbedding(a.integer("embedding", 16, 1, 4096)).withSeed(a.longValue("seed", 1));
        int epochs = a.integer("epochs", 8, 1, 100000), batch = a.integer("batch", 16, 1, 1 << 20);
        double lr = a.number("lr", 0.01);
        long seed = a.longValue("seed", 1);
        Classifier c = Classifier.create(train, settings);
        if (!a.flag("quiet")) {
            err.printf(Locale.ROOT, "training on %d sentences, labels %s, %s pooling, %d epochs%n", train.size(),
                    c.labels().labels(), pooling.label(), epochs);
        }
        var h = c.fit(train, dev, epochs, batch, Adam.Settings.DEFAULT.withLearningRate(lr), Clipping.norm(5), seed);
        if (!a.flag("quiet")) {
            for (int e = 0; e < epochs; e++) {
                err.printf(Locale.ROOT, "epoch %d: loss %.4f per sentence%s%n", e + 1, h.trainLoss()[e],
                        dev.isEmpty() ? "" : String.format(Locale.ROOT, ", dev accuracy %.3f", h.devAccuracy()[e]));
            }
        }
        if (!test.isEmpty()) {
            var ev = c.evaluate(test);
            out.printf(Locale.ROOT, "test: accuracy %.4f, macro F1 %.4f on %d sentences%n%n", ev.accuracy(),
                    ev.macroF1(), test.size());
            // the report and matrix classes count "tokens"; here every item is a sentence
            out.println(ev.report().toString().replace("token accuracy", "accuracy"));
            out.println(ev.confusion().toString().replace(" tokens, ", " sentences, "));
        }
        List<List<String>> sentences = new ArrayList<>();
        if (a.has("input")) {
            boolean stdin = a.get("input", "").equals("-");
            try (Utf8Lines lines = new Utf8Lines(stdin ? in : open(a.path("input")),
                    stdin ? "standard input" : a.path("input").toString())) {
                for (String line = lines.next(); line != null; line = lines.next()) {
                    String t = line.strip();
                    if (!t.isEmpty()) {
                        sentences.add(List.of(t.split("\\s+")));
                    }
                }
            }
        }
        List<String> labels = sentences.isEmpty() ? List.of() : c.classifyAll(sentences);
        for (int i = 0; i < sentences.size(); i++) {
            out.print(labels.get(i) + "\t" + String.join(" ", sentences.get(i)));
            if (a.flag("weights")) {
                double[] w = c.attention(sentences.get(i));
                StringBuilder sb = new StringBuilder("\t");
                for (int t = 0; t < w.length; t++) {
                    sb.append(t > 0 ? " " : "").append(sentences.get(i).get(t)).append(':')
                            .append(String.format(Locale.ROOT, "%.2f", w[t]));
                }
                out.print(sb);
            }
            out.println();
        }
        return 0;
    }

    private static InputStream open(Path p) {
        try {
            return Files.newInputStream(p);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(p + ": no such file");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(p + ": cannot be read", e);
        }
    }

}
