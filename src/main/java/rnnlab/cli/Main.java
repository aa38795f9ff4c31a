package rnnlab.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import rnnlab.RnnLab;
import rnnlab.data.Conll;
import rnnlab.data.ConllReader;
import rnnlab.data.Dataset;
import rnnlab.data.Sentence;
import rnnlab.data.SlotFillingCorpus;
import rnnlab.data.TokenNormalizer;
import rnnlab.data.Utf8Lines;
import rnnlab.data.Vocabulary;
import rnnlab.io.ModelFile;
import rnnlab.io.ModelFileException;
import rnnlab.io.NotEnoughMemoryException;
import rnnlab.io.Quote;
import rnnlab.models.Network;
import rnnlab.train.Clipping;
import rnnlab.train.Evaluation;
import rnnlab.train.LearningRateSchedule;
import rnnlab.train.Metric;
import rnnlab.train.OptimizerSettings;
import rnnlab.train.ProgressListener;
import rnnlab.train.Tagger;
import rnnlab.train.Trainer;
import rnnlab.train.TrainingDivergedException;
import rnnlab.train.TrainingResult;

/**
 * The command line. {@code rnnlab COMMAND [OPTIONS]}, commands train, eval, tag, generate, info; {@code --help} on
 * each. Results go to standard output, progress and errors to standard error. Exit codes: 0 success, 1 bad input
 * file or model file, or a file or standard output that could not be written, 2 bad command line (including an
 * output path that is also an input or cannot be written), 3 training diverged, 4 internal error, 5 out of memory.
 * Output paths are checked before any work starts.
 */
public final class Main {
    /** Exit codes (docs/reliability.md). */
    static final int OK = 0, BAD_INPUT = 1, USAGE = 2, DIVERGED = 3, INTERNAL = 4, OUT_OF_MEMORY = 5;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    private Main(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, System.in, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one command line; returns the exit code (never calls System.exit, so tests can call it). Output that
     * could not be written to {@code out} (a full disk, a closed pipe) turns a success into {@link #BAD_INPUT}
     * with one line on {@code err}: {@link PrintStream} hides write errors, so they are checked at the end.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "" : args[0];
        int code = new Main(in, out, err).dispatch(Arrays.asList(args));
        out.flush();
        if (out.checkError()) {
            err.println((HELP.containsKey(command) ? "rnnlab " + command : "rnnlab") + ": cannot write to standard "
                    + "output (disk full, or the reading program has stopped); the output is incomplete");
            return code == OK ? BAD_INPUT : code;
        }
        return code;
    }

    private static final String USAGE_TEXT = """
            RNN Lab %s — recurrent networks for slot filling (Hung-yi Lee's RNN lectures)

            usage: rnnlab COMMAND [OPTIONS]      (rnnlab COMMAND --help for its options)

            commands:
              generate   write the built-in slot-filling corpus as CoNLL files (train/dev/test)
              train      train a tagger on a CoNLL file and save it
              eval       score a saved tagger on a labelled CoNLL file (conlleval report)
              tag        label tokens read from a file or standard input, write CoNLL
              info       show what a model file contains
              classify   a sentence classifier (label<TAB>text): classify train (saves it), classify eval,
                         classify label

            example:
              rnnlab generate --out data
              rnnlab train --arch lstm --train data/train.conll --dev data/dev.conll --model slot.rnnlab
              rnnlab eval --model slot.rnnlab --test data/test.conll
              echo "i want to leave boston on friday" | rnnlab tag --model slot.rnnlab --text
              rnnlab classify train --corpus sentiment --model sentiment.rnnlab
              echo "not good , but fine" | rnnlab classify label --model sentiment.rnnlab
            """;

    private int dispatch(List<String> args) {
        String command = args.isEmpty() ? "" : args.get(0);
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        try {
            switch (command) {
                case "" -> {
                    err.print(String.format(USAGE_TEXT, RnnLab.version()));   // a usage error: to standard error
                    return USAGE;
                }
                case "--help", "-h", "help" -> {
                    out.print(String.format(USAGE_TEXT, RnnLab.version()));
                    return OK;
                }
                case "--version", "version" -> {
                    out.println("rnnlab " + RnnLab.version());
                    return OK;
                }
                default -> { }
            }
            if (rest.contains("--help") || rest.contains("-h")) {
                String help = HELP.get(command);
                if (help == null) {
                    throw new UsageException("unknown command '" + Quote.cut(command) + "'; choose train, eval, tag, generate, "
                            + "info or classify");
                }
                out.print(help);
                return OK;
            }
            if (!command.equals("train") && rest.stream().anyMatch(x -> x.equals("--crf") || x.startsWith("--crf="))) {
                throw new UsageException(command.equals("classify")
                        ? "--crf is for taggers: a CRF layer scores a label per word, but a classifier gives one label "
                        + "per sentence (many-to-one); train a tagger with 'rnnlab train --crf'"
                        : "--crf is an option of 'rnnlab train'; the model file says whether the tagger has a CRF "
                        + "layer, and eval and tag then decode with Viterbi by themselves");
            }
            return switch (command) {
                case "train" -> train(rest);
                case "eval" -> eval(rest);
                case "tag" -> tag(rest);
                case "generate" -> generate(rest);
                case "info" -> info(rest);
                case "classify" -> new ClassifyCommand(in, out, err).run(rest);
                default -> throw new UsageException("unknown command '" + Quote.cut(command)
                        + "'; choose train, eval, tag, generate, info or classify");
            };
        } catch (UsageException e) {
            String where = HELP.containsKey(command) ? "rnnlab " + command : "rnnlab";
            err.println(where + ": " + e.getMessage() + " (see '" + where + " --help')");
            return USAGE;
        } catch (TrainingDivergedException e) {
            err.println("rnnlab " + command + ": " + e.getMessage());
            return DIVERGED;
        } catch (ModelFileException | UncheckedIOException e) {
            err.println("rnnlab " + command + ": " + e.getMessage());
            return BAD_INPUT;
        } catch (IllegalArgumentException e) {   // includes ConllFormatException: file, line, what was expected
            err.println("rnnlab " + command + ": " + e.getMessage());
            return BAD_INPUT;
        } catch (NotEnoughMemoryException e) {
            err.println("rnnlab " + command + ": " + e.getMessage());
            return OUT_OF_MEMORY;
        } catch (OutOfMemoryError e) {
            // the command's data is unreachable now that its frames are gone, so there is room for one line
            err.println("rnnlab " + command + ": out of memory (the Java heap holds at most "
                    + NotEnoughMemoryException.mib(Runtime.getRuntime().maxMemory()) + "); use smaller settings or "
                    + "give Java more memory, e.g. RNNLAB_JAVA_OPTS=-Xmx8g bin/rnnlab " + command + " ...");
            return OUT_OF_MEMORY;
        } catch (RuntimeException e) {
            err.println("rnnlab " + command + ": internal error: " + e
                    + (System.getenv("RNNLAB_DEBUG") == null ? " (set RNNLAB_DEBUG=1 to see the stack trace)" : ""));
            if (System.getenv("RNNLAB_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return INTERNAL;
        }
    }

    // ---- train --------------------------------------------------------------------------------------------------

    /*
     * The command line's defaults for real corpora (docs/recipes.md has the experiments that chose them on SNIPS
     * and CoNLL-2000): dropout on the word vectors and layer outputs, letter trigrams for words never seen in
     * training, and a learning rate that decays by 10% per epoch. Network.defaults() stays the lecture's plain
     * network, which notebooks and homework use.
     */
    static final double DEFAULT_DROPOUT = 0.5;
    static final int DEFAULT_TRIGRAMS = 50;
    static final String DEFAULT_SCHEDULE = "exp:0.9";
    /**
     * Huang et al. (2015)'s direct connections, on by default (docs/recipes.md: +0.45 test F1 for CoNLL-2000's
     * Bi-LSTM-CRF over five seeds): 2^18 hash buckets (fewer when the labels would make the table larger than
     * {@link #MAX_DIRECT_BYTES}), each feature left out with probability 0.5 while training.
     */
    static final int DEFAULT_DIRECT_FEATURES = 1 << 18;
    static final double DEFAULT_DIRECT_DROPOUT = 0.5;
    /** The default templates of the direct features (--direct-templates). */
    static final rnnlab.data.HashedFeatures.Templates DEFAULT_DIRECT_TEMPLATES =
            rnnlab.data.HashedFeatures.Templates.BASIC;
    /** The largest direct-feature table (B × labels doubles) train accepts: a model file is built in memory, < 2 GB. */
    static final long MAX_DIRECT_BYTES = 1L << 30;

    private static final Set<String> TRAIN_FLAGS = Set.of("bidirectional", "quiet", "lowercase", "no-train-metrics",
            "crf", "iob", "no-iob", "no-features");
    private static final Set<String> TRAIN_VALUED = Set.of("arch", "layers", "hidden", "embedding", "window", "crf-loss",
            "epochs", "batch", "optimizer", "lr", "clip", "seed", "train", "dev", "model", "patience", "schedule",
            "min-count", "digits", "metric", "test", "seeds", "dropout", "embedding-dropout", "layer-dropout",
            "recurrent-dropout", "vectors", "trigrams", "precision", "direct-features", "direct-dropout",
            "direct-templates");

    /** What training builds, for the not-enough-memory message: the direct-feature table is named with its share. */
    static String trainingWhat(Network net, int labels) {
        String what = "training this " + net.cell().label() + " network (" + net.layers() + " layers of "
                + net.hidden() + (net.bidirectional() ? ", bidirectional" : "") + ")";
        if (net.directFeatures() > 0) {
            // six copies, as trainingBytes counts them: values, gradients, two moments, best and last good epoch
            long table = 6L * net.directFeatures() * labels * 8;
            what += " with its direct-feature table (" + NotEnoughMemoryException.mib(table) + " of it: "
                    + net.directFeatures() + " buckets × " + labels + " labels; --direct-features "
                    + Math.max(1, net.directFeatures() / 4) + " needs a quarter, 0 none)";
        }
        return what;
    }

    /**
     * Whether a tagger without a CRF layer decodes with IOB2's rules by default: yes when the training labels are IOB2
     * (they have I- labels, and each follows B- or I- of its type), unless --iob or --no-iob chose. A CRF layer keeps
     * them only with --iob: for it the rules change what is learnt, not only the decoding.
     */
    static boolean defaultIob(Network net, boolean chosen, rnnlab.data.Dataset train) {
        if (chosen || net.crf() || net.iobConstraints()) {
            return false;
        }
        List<List<String>> labels = new ArrayList<>(train.size());
        boolean inside = false;
        for (Sentence s : train) {
            labels.add(s.labels());
            inside |= s.labels().stream().anyMatch(y -> y.startsWith("I-"));
        }
        return inside && rnnlab.structured.ValidIob.keptBy(labels);
    }

    /** The default bucket count for this many labels: 2^18, halved until the table fits {@link #MAX_DIRECT_BYTES}. */
    static int defaultDirectFeatures(int labels) {
        int b = DEFAULT_DIRECT_FEATURES;
        while (b > 1 && (long) b * labels * 8 > MAX_DIRECT_BYTES) b >>= 1;
        return b;
    }

    private int train(List<String> rest) {
        Args a = Args.parse("train", rest, TRAIN_FLAGS, TRAIN_VALUED);
        Path trainFile = a.requirePath("train", "FILE (the labelled CoNLL training data)");
        Path modelFile = a.requirePath("model", "FILE (where to save the trained model)");
        Path devFile = a.path("dev");
        Network d = Network.defaults();
        long seed = a.longValue("seed", 1);
        Network net;
        Network.Cell cell;
        try {
            cell = Network.Cell.parse(a.get("arch", d.cell().label()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--arch: " + e.getMessage());
        }
        if (!a.flag("crf") && a.has("crf-loss")) {
            throw new UsageException("--crf-loss sets up the CRF output layer; add --crf or drop it");
        }
        if (a.flag("iob") && a.flag("no-iob")) {
            throw new UsageException("--iob and --no-iob contradict each other; give one");
        }
        if (a.flag("crf") && a.flag("no-iob")) {
            throw new UsageException("--no-iob: a CRF layer keeps no IOB rules unless --iob is given; drop --no-iob");
        }
        rnnlab.structured.Crf.Training crf = null;
        if (a.flag("crf")) {
            try {
                crf = rnnlab.structured.Crf.Training.parse(a.get("crf-loss", "likelihood"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--crf-loss: " + e.getMessage());
            }
        }
        rnnlab.core.Precision precision;
        try {
            precision = rnnlab.core.Precision.parse(a.get("precision", "double"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--precision: " + e.getMessage());
        }
        int direct = a.integer("direct-features", DEFAULT_DIRECT_FEATURES, 0, rnnlab.data.HashedFeatures.MAX_BUCKETS);
        rnnlab.data.HashedFeatures.Templates templates = DEFAULT_DIRECT_TEMPLATES;
        if (a.has("direct-templates")) {
            if (direct == 0) {
                throw new UsageException("--direct-templates chooses the templates of the direct features, but "
                        + "--direct-features is 0; drop one of them");
            }
            try {
                templates = rnnlab.data.HashedFeatures.Templates.parse(a.get("direct-templates", ""));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--direct-templates: " + e.getMessage());
            }
        }
        try {
            net = Network.builder().cell(cell).bidirectional(a.flag("bidirectional")).crf(crf).precision(precision)
                    .iobConstraints(a.flag("iob"))
                    .layers(a.integer("layers", d.layers(), 1, 8)).hidden(a.integer("hidden", d.hidden(), 1, 4096))
                    .embedding(a.integer("embedding", d.embedding(), 1, 2048))
                    .window(a.integer("window", d.window(), 0, 10)).seed(seed)
                    .embeddingDropout(rate(a, "embedding-dropout", rate(a, "dropout", DEFAULT_DROPOUT)))
                    .layerDropout(rate(a, "layer-dropout", rate(a, "dropout", DEFAULT_DROPOUT)))
                    .recurrentDropout(rate(a, "recurrent-dropout", 0))
                    .trigrams(a.integer("trigrams", DEFAULT_TRIGRAMS, 0, 2048))
                    .directFeatures(direct)
                    .directDropout(rate(a, "direct-dropout", direct == 0 ? 0 : DEFAULT_DIRECT_DROPOUT))
                    .directTemplates(direct == 0 ? rnnlab.data.HashedFeatures.Templates.BASIC : templates)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replace("Network: ", ""));
        }
        Trainer.Settings ts = Trainer.Settings.DEFAULT;
        OptimizerSettings opt;
        try {
            opt = OptimizerSettings.of(a.get("optimizer", ts.optimizer().name()));
            opt = opt.withLearningRate(a.number("lr", opt.learningRate()));
            ts = ts.withOptimizer(opt)
                    .withEpochs(a.integer("epochs", ts.epochs(), 1, 100_000))
                    .withBatchSize(a.integer("batch", ts.batchSize(), 1, 100_000))
                    .withClipping(Clipping.parse(zeroMeansNone(a.get("clip",
                            Double.toString(ts.clipping().threshold())))))
                    .withSchedule(LearningRateSchedule.parse(a.get("schedule", DEFAULT_SCHEDULE)))
                    .withPatience(a.integer("patience", ts.patience(), 0, 100_000))
                    .withMetric(Metric.parse(a.get("metric", "f1")))
                    .withSeed(seed)
                    .withTrainMetrics(!a.flag("no-train-metrics"))
                    .withLengthBuckets(true);                // half the padding on real corpora (docs/recipes.md)
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        TokenNormalizer.DigitMode digits;
        try {
            digits = TokenNormalizer.DigitMode.valueOf(a.get("digits", "keep").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--digits must be keep, zero or shape, got '" + Quote.cut(a.get("digits", "")) + "'");
        }
        Vocabulary.Settings vocab = new Vocabulary.Settings(
                a.integer("min-count", Tagger.DEFAULT_VOCABULARY.minCount(), 1, 1_000_000), 0,
                new TokenNormalizer(a.flag("lowercase"), digits));

        Path testFile = a.path("test");
        int seeds = a.integer("seeds", 1, 1, 100);
        Map<String, Path> inputs = new LinkedHashMap<>();
        if (devFile != null) {
            inputs.put("dev", devFile);
        }
        if (testFile != null) {
            inputs.put("test", testFile);
        }
        Path vectorsFile = a.path("vectors");
        if (vectorsFile != null) {
            inputs.put("vectors", vectorsFile);
        }
        Outputs.check("model", modelFile, Map.of("train", trainFile), inputs);
        Dataset train = Conll.read(trainFile);
        if (train.isEmpty()) {
            throw new IllegalArgumentException(trainFile + ": no sentences in the training file");
        }
        Dataset dev = devFile == null ? null : Conll.read(devFile);
        if (dev != null && dev.isEmpty()) {
            throw new IllegalArgumentException(devFile + ": no sentences in the dev file; give a labelled CoNLL "
                    + "file or leave out --dev");
        }
        Dataset test = testFile == null ? null : Conll.read(testFile);
        if (test != null && test.isEmpty()) {
            throw new IllegalArgumentException(testFile + ": no sentences in the test file; give a labelled CoNLL "
                    + "file or leave out --test");
        }
        // feature columns (word feature… label): inputs by default, all files with the same columns
        if (a.flag("no-features")) {
            train = train.withoutFeatures();
            dev = dev == null ? null : dev.withoutFeatures();
            test = test == null ? null : test.withoutFeatures();
        } else {
            int columns = train.featureColumns();
            sameColumns(dev, devFile, columns, trainFile);
            sameColumns(test, testFile, columns, trainFile);
        }
        rnnlab.data.WordVectors vectors = null;
        if (vectorsFile != null) {
            Set<String> wanted = new java.util.HashSet<>();
            for (String w : Vocabulary.build(train, vocab).tokens()) {
                wanted.add(w);
                wanted.add(w.toLowerCase(Locale.ROOT));
            }
            vectors = rnnlab.data.WordVectors.read(vectorsFile, wanted::contains);
            if (a.has("embedding") && net.embedding() != vectors.dimension()) {
                throw new UsageException("--embedding " + net.embedding() + " but " + vectorsFile + " has "
                        + vectors.dimension() + " values per word; leave out --embedding (it follows the vectors)");
            }
            net = net.withEmbedding(vectors.dimension());
        }
        int labelCount = rnnlab.data.LabelVocabulary.build(train).size();
        if (defaultIob(net, a.flag("iob") || a.flag("no-iob"), train)) {
            net = net.toBuilder().iobConstraints(true).build();
        }
        if (!a.has("direct-features")) {
            net = net.toBuilder().directFeatures(defaultDirectFeatures(labelCount)).build();
        }
        if ((long) net.directFeatures() * labelCount * 8 > MAX_DIRECT_BYTES) {
            throw new UsageException("--direct-features " + net.directFeatures() + " with " + labelCount + " labels "
                    + "makes a table of " + (long) net.directFeatures() * labelCount * 8 / (1 << 20) + " MB, more "
                    + "than a model file takes (" + (MAX_DIRECT_BYTES >> 20) + " MB for it); give at most "
                    + MAX_DIRECT_BYTES / (8L * labelCount) + " buckets");
        }
        NotEnoughMemoryException.require(trainingWhat(net, labelCount),
                trainingBytes(withFeatureColumns(net, train), Vocabulary.build(train, vocab).size(),
                        labelCount, ts.batchSize(), longest(train)));
        String vectorsCoverage = null;
        List<SeedRun> runs = new ArrayList<>();
        SeedRun kept = null;
        for (int i = 0; i < seeds; i++) {
            long s = seed + i;
            if (seeds > 1) {
                err.println("seed " + s + " (" + (i + 1) + " of " + seeds + ")");
            }
            long cpu0 = cpuNanos();
            long wall0 = System.nanoTime();
            Tagger tagger = Tagger.create(train, net.withSeed(s), vocab);
            rnnlab.data.WordVectors.Coverage coverage = vectors == null ? null : tagger.useVectors(vectors, train);
            if (i == 0) {
                err.println("read " + train.size() + " training sentences (" + train.tokenCount() + " tokens) from "
                        + trainFile + (dev == null ? "" : ", " + dev.size() + " dev sentences from " + devFile)
                        + "; " + tagger.words().size() + " words, " + tagger.labels().size() + " labels"
                        + featureNote(tagger));
                if (coverage != null) {
                    vectorsCoverage = coverage.toString();
                    err.println("vectors from " + vectorsFile + " (" + vectors.fileWords() + " words, "
                            + vectors.dimension() + " values each): " + coverage);
                }
            }
            Trainer trainer = new Trainer(ts.withSeed(s));
            if (!a.flag("quiet")) {
                trainer.withProgress(ProgressListener.terminal(err));
            }
            TrainingResult result;
            try {
                result = trainer.fit(tagger, train, dev);
            } catch (TrainingDivergedException e) {
                // never replace a model by a diverged one: nothing is saved, and the message says so
                err.println("rnnlab train: " + (seeds > 1 ? "seed " + s + ": " : "") + e.getMessage()
                        + " Nothing was saved: " + (Files.exists(modelFile) ? modelFile + " is unchanged."
                        : "no model file was written."));
                return DIVERGED;
            }
            Evaluation devEval = dev == null ? null : tagger.evaluate(dev);
            Evaluation testEval = test == null ? null : tagger.evaluate(test);
            SeedRun run = new SeedRun(s, tagger, result, devEval, testEval, (System.nanoTime() - wall0) / 1e9,
                    (cpuNanos() - cpu0) / 1e9);
            runs.add(run);
            // several seeds: keep the model of the best dev F1 (the first seed without a dev set)
            if (kept == null || (devEval != null && devEval.f1() > kept.dev().f1())) {
                kept = run;
            }
            if (seeds > 1) {
                out.println(String.format(Locale.ROOT, "seed %d: %s%s; %.1f s (CPU %.1f s)", s,
                        devEval == null ? "no dev set" : String.format(Locale.ROOT, "dev F1 %.2f", 100 * devEval.f1()),
                        testEval == null ? "" : String.format(Locale.ROOT, ", test F1 %.2f", 100 * testEval.f1()),
                        run.wall(), run.cpu()));
            }
        }
        Tagger tagger = kept.tagger();
        TrainingResult result = kept.result();
        Map<String, String> info = new LinkedHashMap<>();
        info.put("train.file", trainFile.toString());
        info.put("train.sentences", Integer.toString(train.size()));
        if (devFile != null) {
            info.put("train.dev", devFile.toString());
        }
        info.put("train.optimizer", opt.toString());
        info.put("train.epochs", Integer.toString(result.history().size()));
        info.put("train.batch", Integer.toString(ts.batchSize()));
        info.put("train.clip", ts.clipping().toString());
        info.put("train.schedule", ts.schedule().toString());
        info.put("train.seed", Long.toString(kept.seed()));
        info.put("train.bestEpoch", Integer.toString(result.bestEpoch()));
        if (vectorsFile != null) {
            info.put("train.vectors", vectorsFile.toString());
            info.put("train.vectors.coverage", vectorsCoverage);
        }
        if (!Double.isNaN(result.bestMetric())) {
            info.put("train.dev." + ts.metric().name().toLowerCase(Locale.ROOT),
                    String.format(Locale.ROOT, "%.6f", result.bestMetric()));
        }
        ModelFile.save(tagger, modelFile, info);
        if (seeds > 1) {
            if (dev != null) {
                out.println(meanAndSd("dev F1", runs.stream().mapToDouble(r -> r.dev().f1()).toArray()));
            }
            if (test != null) {
                out.println(meanAndSd("test F1", runs.stream().mapToDouble(r -> r.test().f1()).toArray()));
            }
            out.println(meanAndSd("seconds per run", runs.stream().mapToDouble(SeedRun::wall).toArray()));
            out.println("saved the model of seed " + kept.seed() + (dev == null ? " (the first; no dev set)"
                    : " (best dev F1)") + ": " + tagger + " to " + modelFile);
            return OK;
        }
        out.println(result.message());
        out.println("saved " + tagger + " to " + modelFile);
        if (dev != null) {
            out.println("dev set (" + devFile + "):");
            out.print(kept.dev().chunks().toConllevalString());
        }
        if (test != null) {
            out.println("test set (" + testFile + "):");
            out.print(kept.test().chunks().toConllevalString());
        }
        return OK;
    }

    /** {@code net} with the feature columns Tagger.create will give it for {@code train} (for the memory estimate). */
    private static Network withFeatureColumns(Network net, Dataset train) {
        int columns = train.featureColumns();
        if (columns == 0) {
            return net;
        }
        List<Network.Feature> features = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            Set<String> values = new java.util.HashSet<>();
            for (Sentence s : train) {
                values.addAll(s.features().get(c));
            }
            features.add(Network.Feature.sized(values.size() + 2));  // at most: every value kept, <pad>, <other>
        }
        return net.toBuilder().features(features).build();
    }

    /** Refuses a dev or test file whose lines have other columns than the training file's. */
    private static void sameColumns(Dataset d, Path file, int columns, Path trainFile) {
        if (d != null && d.featureColumns() != columns) {
            throw new IllegalArgumentException(file + ": its lines have " + (d.featureColumns() + 2) + " columns but "
                    + "those of the training file " + trainFile + " have " + (columns + 2) + " (word, " + columns
                    + " feature column" + (columns == 1 ? "" : "s") + ", label); the columns between word and label "
                    + "are inputs, so give every file the same columns, or add --no-features to use the words alone");
        }
    }

    /** "; 1 feature column as input (46 values)" for the summary line, or nothing. */
    private static String featureNote(Tagger tagger) {
        List<Vocabulary> f = tagger.featureValues();
        if (f.isEmpty()) {
            return "";
        }
        List<String> sizes = new ArrayList<>();
        for (Vocabulary v : f) {
            sizes.add(Integer.toString(v.size() - 2));
        }
        return "; " + f.size() + " feature column" + (f.size() == 1 ? "" : "s") + " as input" + (f.size() == 1 ? ""
                : "s") + " (" + String.join(", ", sizes) + " values; --no-features ignores "
                + (f.size() == 1 ? "it" : "them") + ")";
    }

    /**
     * {@code data} as the tagger reads it: without feature columns for a words-only model (they are ignored, as
     * before feature columns existed); else it must have the model's number of columns.
     */
    private static Dataset forTagger(Tagger tagger, Dataset data, Path file) {
        int columns = tagger.featureValues().size();
        if (columns == 0) {
            return data.withoutFeatures();
        }
        if (data.featureColumns() != columns) {
            throw new IllegalArgumentException(file + ": its lines have " + (data.featureColumns() + 2) + " columns "
                    + "(word, " + data.featureColumns() + " feature columns, label) but the model reads " + columns
                    + " feature column" + (columns == 1 ? "" : "s") + " besides the words (it was trained on lines "
                    + "'word feature… label' of " + (columns + 2) + " columns); give the file the training file's "
                    + "columns");
        }
        return data;
    }

    /** One seed's run of {@code train --seeds N}. */
    private record SeedRun(long seed, Tagger tagger, TrainingResult result, Evaluation dev, Evaluation test,
                           double wall, double cpu) {}

    /**
     * "dev F1 87.31 ± 0.42 points (mean ± sd over 5 seeds: 87.10 86.95 …)": the mean and the sample standard
     * deviation (n − 1), F1 in points (×100); values that are not F1 (seconds) are printed as they are.
     */
    static String meanAndSd(String what, double[] v) {
        boolean f1 = what.contains("F1");
        double scale = f1 ? 100 : 1;
        double mean = 0;
        for (double x : v) {
            mean += x * scale;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x * scale - mean) * (x * scale - mean);
        }
        double sd = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
        StringBuilder each = new StringBuilder();
        for (double x : v) {
            each.append(each.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, f1 ? "%.2f" : "%.1f",
                    x * scale));
        }
        return String.format(Locale.ROOT, f1 ? "%s %.2f ± %.2f points (mean ± sd over %d seeds: %s)"
                : "%s %.1f ± %.1f (mean ± sd over %d seeds: %s)", what, mean, sd, v.length, each);
    }

    /** CPU time of this process so far (all threads), or 0 where the platform does not say. */
    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return Math.max(0, sun.getProcessCpuTime());
        }
        return 0;
    }

    /** A dropout rate option: 0 ≤ p < 1 (default 0). */
    private static double rate(Args a, String name, double def) {
        String v = a.get(name, null);
        if (v == null) {
            return def;
        }
        try {
            double p = Double.parseDouble(v.trim());
            if (p >= 0 && p < 1) {
                return p;
            }
        } catch (NumberFormatException e) {
            // message below
        }
        throw new UsageException("--" + name + " is a probability of dropping a value, 0 ≤ P < 1 (e.g. 0.25), got '"
                + Quote.cut(v) + "'");
    }

    // ---- eval ---------------------------------------------------------------------------------------------------

    private int eval(List<String> rest) {
        Args a = Args.parse("eval", rest, Set.of("labels", "confusion"), Set.of("model", "test", "predictions"));
        Path modelFile = a.requirePath("model", "FILE (a model saved by 'rnnlab train')");
        Path testFile = a.requirePath("test", "FILE (labelled CoNLL data to score)");
        if (a.has("predictions")) {
            Outputs.check("predictions", a.path("predictions"), Map.of("test", testFile), Map.of("model", modelFile));
        }
        Tagger tagger = ModelFile.loadTagger(modelFile);
        Dataset test = Conll.read(testFile);
        if (test.isEmpty()) {
            throw new IllegalArgumentException(testFile + ": no sentences in the test file");
        }
        test = forTagger(tagger, test, testFile);
        UnseenValues unseen = new UnseenValues(tagger);
        test.forEach(unseen::count);
        unseen.warn(err, "eval", testFile.toString());
        Evaluation e = tagger.evaluate(test);
        if (a.has("predictions")) {
            Conll.writePredictions(a.path("predictions"), test, e.predicted());
            err.println("wrote token/gold/predicted lines to " + a.path("predictions"));
        }
        out.print(e.chunks().toConllevalString());
        if (a.flag("labels")) {
            out.println();
            out.println(e.labelReport());
        }
        if (a.flag("confusion")) {
            out.println();
            out.println(e.confusion());
        }
        return OK;
    }

    // ---- tag ----------------------------------------------------------------------------------------------------

    private int tag(List<String> rest) {
        Args a = Args.parse("tag", rest, Set.of("text"), Set.of("model", "input", "output"));
        Path modelFile = a.requirePath("model", "FILE (a model saved by 'rnnlab train')");
        Path input = a.path("input");
        Path output = a.path("output");
        if (output != null) {
            Outputs.check("output", output, input == null ? Map.of() : Map.of("input", input),
                    Map.of("model", modelFile));
        }
        Tagger tagger = ModelFile.loadTagger(modelFile);
        int columns = tagger.featureValues().size();
        String source = input == null ? "standard input" : input.toString();
        if (columns > 0 && a.flag("text")) {
            throw new IllegalArgumentException("the model " + modelFile + " reads " + columns + " feature column"
                    + (columns == 1 ? "" : "s") + " besides the words (trained on CoNLL lines 'word feature… label'), "
                    + "which plain text (--text) does not have; give CoNLL lines 'word feature…' (one token per "
                    + "line, a label column after them is ignored) and leave out --text");
        }
        List<Sentence> all = output == null ? null : new ArrayList<>();
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        int count = 0;
        UnseenValues unseen = new UnseenValues(tagger);
        try {
            if (a.flag("text")) {
                // strict UTF-8 with line numbers, BOM skipped, the same separators as CoNLL files
                try (Utf8Lines r = new Utf8Lines(input == null ? in : Files.newInputStream(input),
                        input == null ? "standard input" : input.toString())) {
                    List<Sentence> chunk = new ArrayList<>();
                    for (String line = r.next(); line != null; line = r.next()) {
                        List<String> tokens = Conll.fields(line);
                        if (!tokens.isEmpty()) {
                            chunk.add(Sentence.unlabeled(tokens));
                        }
                        if (chunk.size() == Tagger.EVAL_BATCH) {
                            count += emit(tagger, chunk, w, all);
                        }
                    }
                    count += emit(tagger, chunk, w, all);
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new UncheckedIOException("input file " + input + " does not exist", e);
                }
            } else {
                Conll.Columns kind = columns > 0 ? Conll.Columns.TOKENS_WITH_COLUMNS : Conll.Columns.TOKENS;
                try (ConllReader r = input == null ? Conll.open(in, "standard input", kind)
                        : Conll.open(input, kind)) {
                    List<Sentence> chunk = new ArrayList<>();
                    while (r.hasNext()) {
                        Sentence s = withColumns(r.next(), columns, source, r.lineNumber());
                        unseen.count(s);
                        chunk.add(s);
                        if (chunk.size() == Tagger.EVAL_BATCH) {
                            count += emit(tagger, chunk, w, all);
                        }
                    }
                    count += emit(tagger, chunk, w, all);
                }
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + (input == null ? "standard input" : input) + ": " + e, e);
        }
        if (output != null) {
            Conll.write(output, all);
            err.println("tagged " + count + " sentences into " + output);
        }
        unseen.warn(err, "tag", source);
        return OK;
    }

    /**
     * Counts the feature-column values that training never saw. A file whose column is not the one the model was
     * trained with (e.g. the labels of a 'word label' file read as the POS column) looks valid but has mostly unseen
     * values: more than half of them (of at least 10) gives a note on standard error.
     */
    private static final class UnseenValues {
        private final Tagger tagger;
        private final long[] total, unseen;
        private final String[] example;

        UnseenValues(Tagger tagger) {
            this.tagger = tagger;
            int c = tagger.featureValues().size();
            total = new long[c];
            unseen = new long[c];
            example = new String[c];
        }

        void count(Sentence s) {
            for (int c = 0; c < total.length && c < s.featureColumns(); c++) {
                Vocabulary v = tagger.featureValues().get(c);
                for (String value : s.features().get(c)) {
                    total[c]++;
                    if (v.id(value) == Vocabulary.OTHER_ID) {
                        unseen[c]++;
                        example[c] = example[c] == null ? value : example[c];
                    }
                }
            }
        }

        void warn(PrintStream err, String command, String source) {
            for (int c = 0; c < total.length; c++) {
                if (total[c] >= 10 && 2 * unseen[c] > total[c]) {
                    err.println(String.format(Locale.ROOT, "rnnlab %s: note: %.0f%% of the values in column %d of %s "
                            + "(feature column %d, e.g. '%s') are unknown to the model (never, or rarely, seen in "
                            + "training); is it the column the model was trained with (lines 'word feature… [label]')?", command, 100.0 * unseen[c] / total[c],
                            c + 2, source, c, Quote.cut(example[c])));
                }
            }
        }
    }

    /**
     * A sentence read for tagging with {@code columns} feature columns: the columns after the token are the features,
     * and one more column (a labelled file's label) is dropped; other counts are an error naming the place.
     */
    private static Sentence withColumns(Sentence s, int columns, String source, int line) {
        if (columns == 0) {
            return s.withoutFeatures();
        }
        int k = s.featureColumns();
        if (k == columns) {
            return s;
        }
        if (k == columns + 1) {
            return s.withFeatures(s.features().subList(0, columns));     // word feature… label: the label is ignored
        }
        throw new IllegalArgumentException(source + " (read up to line " + line + "): its lines have " + (k + 1)
                + " columns but the model reads " + columns + " feature column" + (columns == 1 ? "" : "s")
                + " besides the words: give lines 'word feature…' of " + (columns + 1) + " columns (or of "
                + (columns + 2) + " with the label last, which is ignored), as in the training file");
    }

    /** Tags a chunk of sentences, writes them (to the writer, or collects them for a file), clears the chunk. */
    private static int emit(Tagger tagger, List<Sentence> chunk, Writer w, List<Sentence> collect)
            throws IOException {
        if (chunk.isEmpty()) {
            return 0;
        }
        List<List<String>> labels = tagger.tag(Dataset.of("input", chunk));
        List<Sentence> tagged = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            tagged.add(Sentence.of(chunk.get(i).tokens(), labels.get(i)));
        }
        if (collect != null) {
            collect.addAll(tagged);
        } else {
            Conll.write(w, tagged);
        }
        int n = chunk.size();
        chunk.clear();
        return n;
    }

    // ---- generate -----------------------------------------------------------------------------------------------

    private int generate(List<String> rest) {
        Args a = Args.parse("generate", rest, Set.of("synthetic"),
                Set.of("out", "train", "dev", "test", "seed", "labels", "vocab", "cue-after"));
        Path dir = Path.of(a.get("out", "data"));
        long seed = a.longValue("seed", SlotFillingCorpus.DEFAULT_SEED);
        int nTrain = a.integer("train", 2000, 1, 10_000_000);
        int nDev = a.integer("dev", 500, 1, 10_000_000);
        int nTest = a.integer("test", 1000, 1, 10_000_000);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + dir + ": " + e, e);
        }
        List<Path> written;
        if (a.flag("synthetic")) {
            int labels = a.integer("labels", 101, 5, 1001);
            int types = (labels - 1) / 2;
            if (types % 2 != 0) {
                types++;
            }
            int vocab = a.integer("vocab", 1000, 4 * types, 1_000_000);
            written = new ArrayList<>();
            String[] names = {"train", "dev", "test"};
            int[] sizes = {nTrain, nDev, nTest};
            for (int i = 0; i < 3; i++) {
                Path p = dir.resolve(names[i] + ".conll");
                Conll.write(p, SyntheticCorpus.generate(sizes[i], types, vocab, seed + i));
                written.add(p);
            }
        } else {
            if (a.has("labels") || a.has("vocab")) {
                throw new UsageException("--labels and --vocab only apply with --synthetic");
            }
            SlotFillingCorpus.Settings settings = SlotFillingCorpus.Settings.DEFAULT;
            if (a.has("cue-after")) {
                try {
                    settings = settings.withCueAfterFraction(Double.parseDouble(a.get("cue-after", "")));
                } catch (NumberFormatException e) {
                    throw new UsageException("--cue-after needs a number between 0 and 1");
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--cue-after: " + e.getMessage());
                }
            }
            written = SlotFillingCorpus.splits(nTrain, nDev, nTest, seed, settings).writeConll(dir);
        }
        for (Path p : written) {
            out.println("wrote " + p);
        }
        return OK;
    }

    // ---- info ---------------------------------------------------------------------------------------------------

    private int info(List<String> rest) {
        Args a = Args.parse("info", rest, Set.of(), Set.of("model"));
        ModelFile.Info info = ModelFile.info(a.requirePath("model", "FILE"));
        out.println(info);
        String crf = info.settings().get("network.crf");
        if (crf != null) {
            out.println("output: a CRF layer (trained by " + crf + (Boolean.parseBoolean(info.settings()
                    .get("network.iobConstraints")) ? ", invalid IOB2 transitions forbidden" : "") + "); eval and tag "
                    + "label each sentence with its Viterbi path");
        } else if (Boolean.parseBoolean(info.settings().get("network.iobConstraints"))) {
            out.println("output: a softmax per word; eval and tag label each sentence with the most probable label "
                    + "sequence that keeps IOB2's rules (no I-x after O or another type)");
        }
        return OK;
    }

    /**
     * An estimate (from above) of the heap that training needs, made from the settings before anything is built:
     * six copies of the parameters (values, gradients, two optimizer moments, the best and the last good epoch)
     * and the tapes of one batch (per step and layer about 2·gates+4 vectors of the hidden size). With it, sizes the
     * CLI accepts but the heap cannot hold are refused at once with the amount needed (exit 5), not after minutes.
     */
    static long trainingBytes(Network net, int words, int labels, int batch, int longest) {
        long dirs = net.bidirectional() ? 2 : 1, h = net.hidden();
        long gates = switch (net.cell()) {
            case LSTM -> 4;
            case GRU -> 3;
            case SCRN -> 2;
            default -> 1;
        };
        long in0 = (long) net.embedding() * (2L * net.window() + 1) + net.featureInputSize() + net.trigrams();
        long values = (long) words * net.embedding() + (long) rnnlab.data.LetterTrigrams.DIMENSION * net.trigrams();
        for (Network.Feature f : net.features()) {
            values += (long) f.values() * f.size();
        }
        for (int l = 0; l < net.layers(); l++) {
            long in = l == 0 ? in0 : h * dirs;
            long rec = !net.cell().isRecurrent() ? 0 : net.cell() == Network.Cell.JORDAN ? Math.max(h, labels) : h;
            values += dirs * gates * (in + rec + 1) * h + (net.cell() == Network.Cell.LSTM ? 3 * h * dirs : 0);
        }
        values += (h * dirs + 1) * labels;
        values += (long) net.directFeatures() * labels;     // direct.W
        if (net.crf()) {
            values += (long) labels * (labels + 2);          // crf.A, crf.start, crf.end
        }
        long steps = (long) batch * Math.max(1, longest);
        long tape = steps * (in0 + (long) net.layers() * dirs * h * (2 * gates + 4) + 4L * labels);
        return 8 * (6 * values + 2 * tape);
    }

    private static int longest(Dataset d) {
        int n = 0;
        for (Sentence s : d.sentences()) {
            n = Math.max(n, s.length());
        }
        return n;
    }

    /** {@code --clip 0}, {@code 0.0}, {@code 0e0}: no clipping, as the help says for 0. */
    static String zeroMeansNone(String clip) {
        try {
            return Double.parseDouble(clip.trim()) == 0 ? "none" : clip;
        } catch (NumberFormatException e) {
            return clip;
        }
    }

    // ---- help texts ---------------------------------------------------------------------------------------------

    static final Map<String, String> HELP = Map.of(
            "train", """
                    usage: rnnlab train --train FILE --model OUT [options]

                    Trains a tagger on a labelled CoNLL file (token<TAB>label per line, blank line between
                    sentences; spaces are accepted, the last column is the label) and saves it. Columns between
                    token and label (e.g. POS tags: word POS chunk) are feature columns, read as inputs.
                    Progress goes to standard error; the summary and the dev report to standard output.

                    data:
                      --train FILE          labelled training data (required)
                      --dev FILE            labelled development data: picks the best epoch, stops early
                      --model OUT           where to save the model (required; written atomically)
                      --min-count N         words seen fewer times map to <other> (default 2)
                      --lowercase           lower-case every word
                      --digits MODE         keep | zero | shape: normalise digits (default keep)
                      --no-features         ignore the feature columns between token and label (by default
                                            each gets its own vocabulary and vectors of min(20, values+1))
                    network:
                      --arch A              elman | jordan | lstm | gru | irnn | clockwork | scrn | feedforward
                                            (default elman; irnn, clockwork, scrn: Part II p.38)
                      --bidirectional       a forward and a backward layer (not for feedforward)
                      --layers N            stacked layers (default 1)
                      --hidden N            hidden units per layer and direction (default 100)
                      --embedding N         word-vector size (default 50)
                      --trigrams N          add an N-value vector made from each word's letter trigrams (word
                                            hashing, lecture p.5): unseen words are no longer all alike
                                            (default 50; 0: none)
                      --vectors FILE        start the word vectors from pretrained ones (word2vec or GloVe text
                                            format); prints their coverage; words without one get random
                                            vectors on the same scale; the embedding size follows the file
                      --window N            context words on each side fed with each word (default 0)
                      --dropout P           dropout rate on the word vectors and on each layer's output
                                            (default 0.5; 0: none); one mask per sentence for all its words
                      --embedding-dropout P, --layer-dropout P    set the two apart
                      --recurrent-dropout P variational dropout on the recurrent state (elman, irnn,
                                            lstm, gru)
                      --precision P         double | float32: the number type of the recurrent layers (default
                                            double; float32, any --arch: twice as many values per vector,
                                            about 7 digits; the model file records it)
                      --crf                 a CRF output layer: the whole label sequence is scored, trained by
                                            −log P(labels | words), decoded with Viterbi (Part II p.80–87)
                      --crf-loss L          likelihood | perceptron | svm: how the CRF layer is trained
                                            (default likelihood; needs --crf)
                      --iob                 decoded labels keep IOB2's rules: no I-x after O, after another type,
                                            or first (the training labels must be IOB2). Without --crf the
                                            most probable such sequence is decoded, the default when the
                                            training labels are IOB2; with --crf the layer learns with them
                      --no-iob              without --crf: decode word by word (each word's most probable label)
                      --direct-features B   connect hand-made sparse features of each word (words at -2..+2,
                                            word bigrams, 1- to 3-grams of each feature column, case, digits,
                                            prefixes, suffixes) directly to the output scores, hashed into B
                                            buckets (Huang et al. 2015; default 262144, fewer when the
                                            labels would make the table over 1 GB; 0: none)
                      --direct-dropout P    leave each direct feature out with probability P while training
                                            (default 0.5 with direct features, else 0)
                      --direct-templates T  basic | huang2015: huang2015 adds Huang et al.'s other spelling
                                            features (affixes of 4-5 letters, word shapes, letters only,
                                            inner capitals, 's; default basic)
                    training:
                      --epochs N            maximum epochs (default 20)
                      --batch N             sentences per step (default 16)
                      --optimizer O         sgd | adagrad | rmsprop | adam (default adam)
                      --lr X                learning rate (default: adam 0.01, sgd 0.1, adagrad 0.1, rmsprop 0.005)
                      --clip X              clip the gradient's global norm at X; value:X clips each element;
                                            none or 0 turns clipping off (default 5)
                      --schedule S          constant | step:EVERY:FACTOR | exp:GAMMA (default exp:0.9: the
                                            rate shrinks by 10% each epoch)
                      --patience N          stop after N epochs without a better dev score; 0 = never (default 5)
                      --metric M            f1 | accuracy | loss: the dev score to select on (default f1)
                      --seed N              seed of the initial weights and the shuffling (default 1)
                      --seeds N             train N times with seeds S, S+1, … (S from --seed): prints each
                                            seed's dev and test F1, time, and their mean ± sd; saves the model
                                            of the best dev F1 (default 1)
                      --test FILE           also score this labelled CoNLL file after training
                      --no-train-metrics    skip scoring the training set after each epoch (faster; sets larger
                                            than 2,000 sentences are scored on a fixed sample of 2,000)
                      --quiet               no progress on standard error
                    """,
            "eval", """
                    usage: rnnlab eval --model FILE --test FILE [--predictions OUT] [--labels] [--confusion]

                    Tags a labelled CoNLL file with a saved model and prints conlleval's report: token accuracy,
                    chunk precision, recall and F1, overall and per chunk type. A model trained with --crf labels
                    each sentence with its best label sequence (Viterbi).
                      --model FILE          a model saved by 'rnnlab train'
                      --test FILE           labelled CoNLL data (with the training file's columns)
                      --predictions OUT     also write token<TAB>gold<TAB>predicted lines (conlleval's input)
                      --labels              also print precision/recall/F1 per label
                      --confusion           also print the confusion table (gold × predicted)
                    """,
            "tag", """
                    usage: rnnlab tag --model FILE [--input FILE] [--text] [--output OUT]

                    Labels tokens and writes CoNLL (token<TAB>label, blank line between sentences). A model
                    trained with --crf labels each sentence with its best label sequence (Viterbi).
                      --model FILE          a model saved by 'rnnlab train'
                      --input FILE          read from this file instead of standard input
                      --text                input is plain text, one sentence per line, words separated by spaces
                                            (otherwise one token per line, blank line between sentences; extra
                                            columns are ignored, so a labelled file can be tagged as it is; a
                                            model trained with feature columns reads them: word feature…
                                            [label]; not with --text)
                      --output OUT          write to this file (atomically) instead of standard output
                    """,
            "generate", """
                    usage: rnnlab generate [--out DIR] [--train N] [--dev N] [--test N] [--seed N]
                                           [--cue-after X] [--synthetic --labels K --vocab V]

                    Writes DIR/train.conll, DIR/dev.conll and DIR/test.conll.
                      --out DIR             folder (default data; created if needed)
                      --train N, --dev N, --test N    sentences per split (default 2000, 500, 1000)
                      --seed N              seed (default 20161230); same seed, same files
                      --cue-after X         fraction of sentences whose arrive/leave cue comes after the city
                                            (default 0.06)
                    Default: the built-in slot-filling corpus of the lecture (arrive/leave Taipei on November 2nd,
                    13 labels). With --synthetic: a larger synthetic corpus for timing, with K labels (default 101)
                    and about V distinct words (default 1000).
                    """,
            "classify", ClassifyCommand.HELP,
            "info", """
                    usage: rnnlab info --model FILE

                    Checks a model file (format, checksum) and prints its settings and sizes.
                    """);
}
