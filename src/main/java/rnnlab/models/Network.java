package rnnlab.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

import rnnlab.cells.Bidirectional;
import rnnlab.cells.Clockwork;
import rnnlab.cells.Elman;
import rnnlab.cells.Feedforward;
import rnnlab.cells.GRU;
import rnnlab.cells.Jordan;
import rnnlab.cells.LSTM;
import rnnlab.cells.RecurrentLayer;
import rnnlab.cells.Stacked;
import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.layers.Dense;
import rnnlab.layers.Dropout;
import rnnlab.layers.Embedding;
import rnnlab.structured.Crf;

/**
 * The one description of a network: cell type and every option of it, depth, direction, input, sizes, output and
 * seed. Immutable and validated when built; {@link #model()} builds the {@link SequenceModel}, the model keeps its
 * description ({@link SequenceModel#network()}), and a model file stores {@link #toSettings()} and rebuilds it with
 * {@link #fromSettings}, so a saved network comes back with exactly the options it was trained with.
 * <pre>
 *   var net = Network.builder()
 *           .cell(Network.Cell.LSTM).peepholes(true)       // cell and its options
 *           .vocabulary(10).embedding(4)                   // word ids → 4-value vectors (or .embedding(0).inputs(n))
 *           .hidden(5).layers(1).bidirectional(true)
 *           .classes(3).manyToMany()                       // a label per step (.manyToOne(): one per sequence)
 *           .seed(42)
 *           .build();
 *   SequenceModel model = net.model();
 *   net.withHidden(10).model()                            // another network, otherwise the same
 * </pre>
 * The network:
 * <pre>
 *   x(t) = [E[w(t−window)] ; … ; E[w(t)] ; … ; E[w(t+window)]]   embedding·(2·window+1) values (or the input vector)
 *   h(t) = body(x(1..t))        cell, hidden, layers, each bidirectional if asked
 *   y(t) = softmax(h(t)·Wo + c)                      many-to-many: every step; many-to-one: the summary at the end
 *   with directFeatures(B): the scores h(t)·Wo + c + Σ_{f ∈ feats(t)} W[f]   sparse features of word t, W B×K
 * </pre>
 * With {@code crf(true)} (many-to-many only) the scores h(t)·Wo + c feed a linear-chain CRF output layer
 * ({@link Crf}, Part II p.80–87) instead of a softmax per step: the loss is −log P(y | x) of the whole label sequence
 * (or, with {@code crf(Crf.Training.PERCEPTRON | SVM)}, the structured perceptron's or SVM's), {@code predict} is
 * the Viterbi path, {@code probabilities} the CRF's marginals. {@code iobConstraints(true)} forbids the transitions
 * IOB2 cannot produce (I-x after O or after another type, or first); it needs the label names, so such a network is
 * built by {@code Tagger.create} or {@link #model(List)}.
 * A one-layer unidirectional many-to-many Jordan network stores its output in memory (lecture p.15) and has no
 * separate output layer: yᵗ = softmax(oᵗ), memory = the scores oᵗ ({@link Jordan.Feedback#SCORES}, the default;
 * see docs/design-notes.md "Jordan memory"). Deeper or bidirectional Jordan bodies feed back their layer's own
 * hidden-size scores, with an output layer on top.
 *
 * <p>Options of one cell type only (e.g. peepholes) must keep their defaults for other cells: a GRU with
 * {@code peepholes(true)} is refused when built, rather than silently built without them. Vocabulary size and
 * classes may stay 0 ("not known yet") until the data is known: {@code Tagger.create} fills them in, and
 * {@link #model()} asks for them.
 *
 * <p>Adding a cell type is one {@link Cell} constant (how it builds a layer and which {@link Option}s it reads);
 * adding an option is a field here with its builder method, default, check and key in {@link #toSettings()}.
 */
public final class Network {
    /** Default seed of the initial weights ({@link Init#DEFAULT_SEED}). */
    public static final long DEFAULT_SEED = Init.DEFAULT_SEED;

    /** The options that belong to some cell types only; a cell type lists those it reads. */
    public enum Option {
        /** Hidden activation (Elman, Jordan, feedforward), or the LSTM's cell input g. */
        ACTIVATION,
        /** The LSTM's h, applied to the memory before the output gate. */
        CELL_OUTPUT,
        /** The LSTM's gate activation f. */
        GATE,
        /** LSTM peepholes (gates read cᵗ⁻¹, lecture p.30). */
        PEEPHOLES,
        /** Initial bias of the LSTM's forget gate. */
        FORGET_BIAS,
        /** What a Jordan layer stores as memory. */
        FEEDBACK
    }

    /** The cell types. Each builds one layer of a body from the description's options. */
    public enum Cell {
        /** Elman network (lecture p.14): memory = previous hidden layer. */
        ELMAN(true, Option.ACTIVATION) {
            @Override
            public RecurrentLayer layer(Network n, int in, boolean reverse, SplittableRandom rng) {
                return new Elman(in, n.hidden, n.activation, reverse, rng);
            }
        },
        /** Jordan network (lecture p.15): memory = previous output. */
        JORDAN(true, Option.ACTIVATION, Option.FEEDBACK) {
            @Override
            public RecurrentLayer layer(Network n, int in, boolean reverse, SplittableRandom rng) {
                return new Jordan(in, n.hidden, n.hidden, n.activation, n.feedback, reverse, rng);
            }

            @Override
            RecurrentLayer outputLayer(Network n, int in, SplittableRandom rng) {
                if (n.layers != 1 || n.bidirectional || n.output != SequenceModel.Kind.MANY_TO_MANY) {
                    return null;
                }
                return new Jordan(in, n.hidden, n.classes, n.activation, n.feedback, false, rng);
            }
        },
        /** Long short-term memory (lecture p.17–31). */
        LSTM(true, Option.ACTIVATION, Option.CELL_OUTPUT, Option.GATE, Option.PEEPHOLES, Option.FORGET_BIAS) {
            @Override
            public RecurrentLayer layer(Network n, int in, boolean reverse, SplittableRandom rng) {
                return new LSTM(new LSTM.Config(in, n.hidden, n.activation, n.cellOutput, n.gate, n.peepholes,
                        n.forgetBias), reverse, rng);
            }
        },
        /** Gated recurrent unit (lecture p.31). */
        GRU(true) {
            @Override
            public RecurrentLayer layer(Network n, int in, boolean reverse, SplittableRandom rng) {
                return new GRU(in, n.hidden, reverse, rng);
            }
        },
        /** IRNN (Part II p.38): a ReLU Elman layer whose recurrent weights start as the identity. */
        IRNN(true) {
            @Override
            public RecurrentLayer layer(Network n, int in, boolean reverse, SplittableRandom rng) {
                return Elman.irnn(in, n.hidden, reverse, rng);
            }
        },
        /** Clockwork RNN (Part II p.38), with {@link Network#clockworkModules} modules. */
        CLOCKWORK(true) {
            @Override
            public RecurrentLayer layer(Network n, int in, boolean reverse, SplittableRandom rng) {
                return new Clockwork(in, n.hidden, clockworkModules(n.hidden), reverse, rng);
            }
        },
        /** SCRN (Part II p.38): outputs its hidden units and {@link Network#scrnContext} slow context units. */
        SCRN(true) {
            @Override
            public RecurrentLayer layer(Network n, int in, boolean reverse, SplittableRandom rng) {
                return new rnnlab.cells.SCRN(in, n.hidden, scrnContext(n.hidden), reverse, rng);
            }
        },
        /** The memory-less baseline of lecture p.7: each word on its own. */
        FEEDFORWARD(false, Option.ACTIVATION) {
            @Override
            public RecurrentLayer layer(Network n, int in, boolean reverse, SplittableRandom rng) {
                return new Feedforward(in, n.hidden, n.activation, rng);
            }
        };

        private final boolean recurrent;
        private final Set<Option> options;

        Cell(boolean recurrent, Option... options) {
            this.recurrent = recurrent;
            this.options = Collections.unmodifiableSet(options.length == 0 ? EnumSet.noneOf(Option.class)
                    : EnumSet.of(options[0], options));
        }

        /** One layer of hidden size {@code n.hidden()} reading {@code in} values. */
        public abstract RecurrentLayer layer(Network n, int in, boolean reverse, SplittableRandom rng);

        /**
         * The layer that is also the output (its outputs are the class scores, no output layer on top), or null
         * for the usual body + output layer. Only a one-layer unidirectional many-to-many Jordan network has one.
         */
        RecurrentLayer outputLayer(Network n, int in, SplittableRandom rng) {
            return null;
        }

        /** True for the cells that keep a memory (all but {@link #FEEDFORWARD}). */
        public boolean isRecurrent() {
            return recurrent;
        }

        /** The options this cell type reads. */
        public Set<Option> options() {
            return options;
        }

        /** Lower-case name, as the command line and model files write it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The names {@link #parse} accepts. */
        public static String names() {
            List<String> l = new ArrayList<>();
            for (Cell c : values()) {
                l.add(c.label());
            }
            return String.join(", ", l.subList(0, l.size() - 1)) + " or " + l.get(l.size() - 1);
        }

        /** The recurrent cells (every cell but {@link #FEEDFORWARD}), in declaration order. */
        public static List<Cell> recurrent() {
            return java.util.Arrays.stream(values()).filter(Cell::isRecurrent).toList();
        }

        /** Parses a cell name ("elman", "lstm", … any case). */
        public static Cell parse(String s) {
            String t = s.trim().toUpperCase(Locale.ROOT);
            for (Cell c : values()) {
                if (c.name().equals(t)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown architecture '" + s + "'; choose " + names());
        }
    }

    /** The number of Clockwork modules for {@code hidden} units: the largest of 4, 2, 1 dividing it. */
    public static int clockworkModules(int hidden) {
        return hidden % 4 == 0 ? 4 : hidden % 2 == 0 ? 2 : 1;
    }

    /** The number of SCRN context units for {@code hidden} hidden units: ⌈hidden / 2⌉. */
    public static int scrnContext(int hidden) {
        return (hidden + 1) / 2;
    }

    private static final Network DEFAULTS = new Builder().build();

    private final Cell cell;
    private final Activation activation, cellOutput, gate;
    private final boolean peepholes;
    private final double forgetBias;
    private final Jordan.Feedback feedback;
    private final int layers;
    private final boolean bidirectional;
    private final int vocabulary, embedding, window, inputs, hidden, classes;
    private final SequenceModel.Kind output;
    private final Pooling pooling;
    private final Crf.Training crf;
    private final boolean iobConstraints;
    private final long seed;
    private final double embeddingDropout, layerDropout, recurrentDropout;
    private final int trigrams;
    private final int directFeatures;
    private final double directDropout;
    private final rnnlab.data.HashedFeatures.Templates directTemplates;
    private final List<Feature> features;
    private final rnnlab.core.Precision precision;

    /** The cells that have a float32 path ({@link Builder#precision}): all of them. */
    public static final Set<Cell> FLOAT32_CELLS = Collections.unmodifiableSet(EnumSet.allOf(Cell.class));

    /** The cells whose state can take variational dropout ({@link Builder#recurrentDropout}). */
    public static final Set<Cell> RECURRENT_DROPOUT_CELLS = Collections.unmodifiableSet(EnumSet.of(Cell.ELMAN,
            Cell.IRNN, Cell.LSTM, Cell.GRU));

    private Network(Builder b) {
        this.cell = b.cell;
        this.activation = b.activation;
        this.cellOutput = b.cellOutput;
        this.gate = b.gate;
        this.peepholes = b.peepholes;
        this.forgetBias = b.forgetBias;
        this.feedback = b.feedback;
        this.layers = b.layers;
        this.bidirectional = b.bidirectional;
        this.vocabulary = b.vocabulary;
        this.embedding = b.embedding;
        this.window = b.window;
        this.inputs = b.inputs;
        this.hidden = b.hidden;
        this.classes = b.classes;
        this.output = b.output;
        this.pooling = b.pooling;
        this.crf = b.crf;
        this.iobConstraints = b.iobConstraints;
        this.seed = b.seed;
        this.embeddingDropout = b.embeddingDropout;
        this.layerDropout = b.layerDropout;
        this.recurrentDropout = b.recurrentDropout;
        this.trigrams = b.trigrams;
        this.directFeatures = b.directFeatures;
        this.directDropout = b.directDropout;
        this.directTemplates = b.directTemplates;
        this.features = b.features;
        this.precision = b.precision;
    }

    /**
     * A builder with the defaults: Elman (tanh), 1 unidirectional layer of 100 hidden units, 50-value embedding, no
     * window, many-to-many, seed 42; vocabulary and classes not set yet. LSTM defaults: tanh g and h, sigmoid gates,
     * no peepholes, forget bias 1; Jordan feeds back its scores.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults of {@link #builder()}, as a network. */
    public static Network defaults() {
        return DEFAULTS;
    }

    /** A builder holding this network's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    // ---- the values ---------------------------------------------------------------------------------------------

    public Cell cell() {
        return cell;
    }

    /** Hidden activation (Elman, Jordan, feedforward) or the LSTM's cell-input activation g. */
    public Activation activation() {
        return activation;
    }

    /** The LSTM's h (applied to the memory before the output gate). */
    public Activation cellOutput() {
        return cellOutput;
    }

    /** The LSTM's gate activation. */
    public Activation gate() {
        return gate;
    }

    public boolean peepholes() {
        return peepholes;
    }

    public double forgetBias() {
        return forgetBias;
    }

    public Jordan.Feedback feedback() {
        return feedback;
    }

    public int layers() {
        return layers;
    }

    public boolean bidirectional() {
        return bidirectional;
    }

    /** Number of word ids the embedding knows (0: not set yet, or no embedding). */
    public int vocabulary() {
        return vocabulary;
    }

    /** Word-vector size (0: no embedding, the model reads {@link #inputs()}-value vectors). */
    public int embedding() {
        return embedding;
    }

    /** Context words on each side of the current word. */
    public int window() {
        return window;
    }

    /** Input vector size of a model without embedding (0 with an embedding). */
    public int inputs() {
        return inputs;
    }

    /** Hidden units per layer (per direction). */
    public int hidden() {
        return hidden;
    }

    /** Output classes K (0: not set yet). */
    public int classes() {
        return classes;
    }

    /** Many-to-many (an output per step) or many-to-one (one per sequence). */
    public SequenceModel.Kind output() {
        return output;
    }

    /** How a many-to-one network summarises the sequence (last state, mean, max or attention; default last). */
    public Pooling pooling() {
        return pooling;
    }

    /** True if the scores feed a CRF output layer ({@link #crfTraining()} says how it is trained). */
    public boolean crf() {
        return crf != null;
    }

    /** How the CRF output layer is trained (likelihood, perceptron or SVM), or null without a CRF layer. */
    public Crf.Training crfTraining() {
        return crf;
    }

    /**
     * True if decoded label sequences keep IOB2's rules: a CRF layer forbids the transitions IOB2 cannot produce (in
     * training too); a tagger without one decodes the most probable sequence that keeps them ({@link
     * rnnlab.structured.ValidIob}).
     */
    public boolean iobConstraints() {
        return iobConstraints;
    }

    public long seed() {
        return seed;
    }

    /** The number type the recurrent layers compute in (DOUBLE unless float32 was chosen). */
    public rnnlab.core.Precision precision() {
        return precision;
    }

    /** Dropout rate on the word vectors (the body's input), 0 = none (the default). */
    public double embeddingDropout() {
        return embeddingDropout;
    }

    /** Dropout rate on each recurrent layer's output, where the next layer or the output layer reads it; 0 = none. */
    public double layerDropout() {
        return layerDropout;
    }

    /** Variational dropout rate on the recurrent state hᵗ⁻¹ (Elman, IRNN, LSTM, GRU); 0 = none. */
    public double recurrentDropout() {
        return recurrentDropout;
    }

    /**
     * Values of each word's letter-trigram vector (lecture p.5, {@link rnnlab.layers.TrigramEmbedding}) placed after
     * its word vectors; 0 = none (the default).
     */
    public int trigrams() {
        return trigrams;
    }

    /**
     * Buckets of the hashed sparse features connected directly to the output scores (Huang et al. 2015's "direct
     * connections", {@link rnnlab.layers.DirectFeatures}, {@link rnnlab.data.HashedFeatures}); 0 = none (the default).
     */
    public int directFeatures() {
        return directFeatures;
    }

    /**
     * Dropout rate on the direct sparse features ({@link #directFeatures}): while training, each feature of each token
     * is left out with this probability and the kept ones count 1/(1−p); 0 = none (the default).
     */
    public double directDropout() {
        return directDropout;
    }

    /**
     * The feature templates of the direct sparse features ({@link #directFeatures}): {@code BASIC} (the default) or
     * {@code HUANG2015}, which adds the rest of Huang et al. 2015's spelling features ({@link
     * rnnlab.data.HashedFeatures}).
     */
    public rnnlab.data.HashedFeatures.Templates directTemplates() {
        return directTemplates;
    }

    /**
     * The feature columns read as inputs besides the words (e.g. the part-of-speech column of CoNLL-2000), in column
     * order; empty = none (the default). Each has its own table of vectors, placed after the word vectors and
     * windowed like them: xᵗ = [word part ; feature 0 part ; … ; trigram vector].
     */
    public List<Feature> features() {
        return features;
    }

    /** Values the feature columns add to each xᵗ: Σ size·(2·window+1). */
    public int featureInputSize() {
        int n = 0;
        for (Feature f : features) {
            n += f.size() * (2 * window + 1);
        }
        return n;
    }

    /**
     * One feature column as an input: a table of {@code values} vectors (the column's vocabulary, {@code <pad>} and
     * {@code <other>} included) of {@code size} values each, named {@code feature.c.E} in the model.
     */
    public record Feature(int values, int size) {
        /** The largest size {@link #sized} gives. */
        public static final int MAX_SIZE = 20;

        public Feature {
            if (values < 2 || size < 1 || size > 2048) {
                throw new IllegalArgumentException("Network.Feature: a feature column needs a table of at least 2 "
                        + "values (<pad>, <other>, then the column's values) and 1 … 2048 values per vector; got "
                        + values + " values of size " + size);
            }
        }

        /**
         * The default for a column whose vocabulary has {@code values} entries: vectors of min(20, values − 1)
         * values, one per value that can occur ({@code <other>} and the kept values; docs/design-notes.md
         * "Feature columns" says why).
         */
        public static Feature sized(int values) {
            return new Feature(values, Math.max(1, Math.min(MAX_SIZE, values - 1)));
        }

        /** {@code values:size}, as stored in the {@code features} setting. */
        @Override
        public String toString() {
            return values + ":" + size;
        }

        static List<Feature> parseAll(String v) {
            List<Feature> out = new ArrayList<>();
            for (String part : v.split(",")) {
                String[] vs = part.trim().split(":");
                if (vs.length != 2) {
                    throw new IllegalArgumentException("expected values:size per feature column, separated by "
                            + "commas (e.g. 46:20,3:2), got '" + part.trim() + "'");
                }
                out.add(new Feature(Integer.parseInt(vs[0].trim()), Integer.parseInt(vs[1].trim())));
            }
            return out;
        }
    }

    /** True if any dropout rate of the body (word vectors, layer outputs, recurrent state) is above 0. */
    public boolean hasDropout() {
        return embeddingDropout > 0 || layerDropout > 0 || recurrentDropout > 0;
    }

    // ---- withers (each returns a new, validated network) --------------------------------------------------------

    public Network withCell(Cell c) {
        return toBuilder().cell(c).build();
    }

    public Network withPrecision(rnnlab.core.Precision p) {
        return toBuilder().precision(p).build();
    }

    public Network withActivation(Activation a) {
        return toBuilder().activation(a).build();
    }

    public Network withLayers(int n) {
        return toBuilder().layers(n).build();
    }

    public Network withBidirectional(boolean b) {
        return toBuilder().bidirectional(b).build();
    }

    public Network withVocabulary(int v) {
        return toBuilder().vocabulary(v).build();
    }

    public Network withEmbedding(int e) {
        return toBuilder().embedding(e).build();
    }

    public Network withWindow(int w) {
        return toBuilder().window(w).build();
    }

    public Network withHidden(int h) {
        return toBuilder().hidden(h).build();
    }

    public Network withClasses(int k) {
        return toBuilder().classes(k).build();
    }

    public Network withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    /** The same network with dropout rates on the word vectors, between layers and on the recurrent state. */
    public Network withDropout(double embedding, double layer, double recurrent) {
        return toBuilder().embeddingDropout(embedding).layerDropout(layer).recurrentDropout(recurrent).build();
    }

    /** This network with (true: trained by likelihood) or without a CRF output layer. */
    public Network withCrf(boolean on) {
        return toBuilder().crf(on).build();
    }

    // ---- building -----------------------------------------------------------------------------------------------

    /**
     * A fresh, seeded model of this description (vocabulary or inputs, and classes, must be set). A network with
     * {@link #iobConstraints()} needs the label names: use {@link #model(List)}.
     */
    public SequenceModel model() {
        if (iobConstraints && crf != null) {
            throw new IllegalStateException("Network: the CRF's IOB constraints need the label names; build it with "
                    + "model(labelNames) or Tagger.create (which knows them): " + this);
        }
        return build(null);
    }

    /**
     * A fresh, seeded model whose output classes are named {@code labelNames} (in class order): the names the IOB
     * constraints of the CRF layer read ({@link Crf#forbidInvalidIob}). Other networks ignore the names, apart from
     * checking that there is one per class.
     */
    public SequenceModel model(List<String> labelNames) {
        Objects.requireNonNull(labelNames, "Network.model: labelNames");
        if (labelNames.size() != classes) {
            throw new IllegalArgumentException("Network.model: " + labelNames.size() + " label names for a network of "
                    + classes + " classes; give one name per class");
        }
        return build(labelNames);
    }

    private SequenceModel build(List<String> labelNames) {
        if (classes == 0) {
            throw new IllegalStateException("Network: the number of output classes is not set; add .classes(K) "
                    + "(Tagger.create sets it from the data): " + this);
        }
        if (embedding > 0 && vocabulary == 0) {
            throw new IllegalStateException("Network: the vocabulary size is not set; add .vocabulary(V) "
                    + "(Tagger.create sets it from the data), or .embedding(0).inputs(n) for vector inputs: " + this);
        }
        if (embedding == 0 && inputs == 0) {
            throw new IllegalStateException("Network: without an embedding the model reads vectors; add .inputs(n) "
                    + "with their size: " + this);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Embedding emb = embedding > 0 ? new Embedding(vocabulary, embedding, window, rng) : null;
        int in = emb != null ? emb.outputSize() + featureInputSize() + trigrams : inputs;
        // dropout masks come from their own stream (seed + 1), so the weights do not depend on the dropout rates
        Dropout.Control control = new Dropout.Control(seed + 1);
        RecurrentLayer outputLayer = cell.outputLayer(this, in, rng);
        if (outputLayer != null) {
            outputLayer.setPrecision(precision);
            return withDropout(new SequenceModel(this, emb, outputLayer, null, crfLayer(labelNames)),
                    control, in, outputLayer.outputSize());
        }
        RecurrentLayer body = body(in, rng.nextLong(), control);
        Dense head = new Dense(body.outputSize(), classes, rng);
        head.setPrecision(precision);                       // the body's precision is set by body(…)
        if (pooling != Pooling.LAST) {                       // (the default draws nothing more from rng)
            return withDropout(new SequenceModel(this, emb, body, head, new SequencePooling(pooling,
                    body.outputSize(), SequencePooling.DEFAULT_ATTENTION_SIZE, rng)), control, in, body.outputSize());
        }
        return withDropout(new SequenceModel(this, emb, body, head, crfLayer(labelNames)), control, in,
                body.outputSize());                       // (the CRF draws nothing from rng)
    }

    private SequenceModel withDropout(SequenceModel m, Dropout.Control control, int in, int out) {
        m.setDropout(control, embeddingDropout > 0 ? new Dropout(embeddingDropout, in, control) : null,
                layerDropout > 0 ? new Dropout(layerDropout, out, control) : null);
        if (directDropout > 0 && m.direct() != null) {
            m.direct().setDropout(directDropout, control);
        }
        return m;
    }

    /** The CRF output layer this network asks for (all scores 0, constraints applied), or null. */
    private Crf crfLayer(List<String> labelNames) {
        if (crf == null) {
            return null;
        }
        Crf layer = new Crf(classes).setTraining(crf);
        return iobConstraints ? layer.forbidInvalidIob(labelNames) : layer;
    }

    /**
     * Only the recurrent body (no embedding, no output layer), reading {@link #inputs()}-value vectors, seeded with
     * {@link #seed()}: e.g. a deep bidirectional LSTM to look at on its own.
     */
    public RecurrentLayer body() {
        if (inputs == 0) {
            throw new IllegalStateException("Network.body: the input size is not set; add .embedding(0).inputs(n)");
        }
        return body(inputs, seed, null);
    }

    /** {@code layers} layers (each bidirectional if asked) reading {@code in} values; one layer is returned as is. */
    private RecurrentLayer body(int in, long bodySeed, Dropout.Control control) {
        SplittableRandom rng = new SplittableRandom(bodySeed);
        List<RecurrentLayer> list = new ArrayList<>();
        List<Dropout> between = new ArrayList<>();
        int width = in;
        for (int i = 0; i < layers; i++) {
            RecurrentLayer l = bidirectional
                    ? new Bidirectional(layer(width, false, rng, control), layer(width, true, rng, control))
                    : layer(width, false, rng, control);
            list.add(l);
            width = l.outputSize();
            if (i < layers - 1 && control != null && layerDropout > 0) {
                between.add(new Dropout(layerDropout, width, control));
            }
        }
        RecurrentLayer result;
        if (layers == 1) {
            result = list.get(0);
        } else {
            Stacked stack = new Stacked(list);
            stack.setLayerDropout(between);
            result = stack;
        }
        result.setPrecision(precision);
        return result;
    }

    /** One cell, with its own recurrent dropout mask if asked (each direction of each layer has its own). */
    private RecurrentLayer layer(int in, boolean reverse, SplittableRandom rng, Dropout.Control control) {
        RecurrentLayer l = cell.layer(this, in, reverse, rng);
        if (control != null && recurrentDropout > 0) {
            l.setRecurrentDropout(new Dropout(recurrentDropout, hidden, control));
        }
        return l;
    }

    // ---- storing ------------------------------------------------------------------------------------------------

    /**
     * Every value as key → text, in a fixed order (the keys of a model file's {@code network.*} settings, and what
     * {@link #toString()} prints). {@link #fromSettings} reads it back to an equal network.
     */
    public Map<String, String> toSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("cell", cell.label());
        s.put("activation", label(activation));
        s.put("cellOutput", label(cellOutput));
        s.put("gate", label(gate));
        s.put("peepholes", Boolean.toString(peepholes));
        s.put("forgetBias", Double.toString(forgetBias));
        s.put("feedback", feedback.name().toLowerCase(Locale.ROOT));
        s.put("layers", Integer.toString(layers));
        s.put("bidirectional", Boolean.toString(bidirectional));
        s.put("vocabulary", Integer.toString(vocabulary));
        s.put("embedding", Integer.toString(embedding));
        s.put("window", Integer.toString(window));
        s.put("inputs", Integer.toString(inputs));
        s.put("hidden", Integer.toString(hidden));
        s.put("classes", Integer.toString(classes));
        s.put("output", output == SequenceModel.Kind.MANY_TO_ONE ? "many-to-one" : "many-to-many");
        if (pooling != Pooling.LAST) {                       // written only when set: files of the default stay as they were
            s.put("pooling", pooling.label());
        }
        if (crf != null) {                                   // written only when on, as pooling
            s.put("crf", crf.name().toLowerCase(Locale.ROOT));
        }
        if (iobConstraints) {
            s.put("iobConstraints", "true");
        }
        s.put("seed", Long.toString(seed));
        if (trigrams > 0) {                                  // written only when set, like pooling
            s.put("trigrams", Integer.toString(trigrams));
        }
        if (directFeatures > 0) {                            // written only when set, like pooling
            s.put("directFeatures", Integer.toString(directFeatures));
        }
        if (directDropout > 0) {                             // written only when set, like pooling
            s.put("directDropout", Double.toString(directDropout));
        }
        if (directTemplates != rnnlab.data.HashedFeatures.Templates.BASIC) {   // files before it are basic
            s.put("directTemplates", directTemplates.key());
        }
        if (!features.isEmpty()) {                           // written only when set, like pooling
            s.put("features", String.join(",", features.stream().map(Feature::toString).toList()));
        }
        if (precision != rnnlab.core.Precision.DOUBLE) {     // written only when set: old files read as double
            s.put("precision", precision.label());
        }
        if (hasDropout()) {                                  // written only when set, like pooling
            s.put("embeddingDropout", Double.toString(embeddingDropout));
            s.put("layerDropout", Double.toString(layerDropout));
            s.put("recurrentDropout", Double.toString(recurrentDropout));
        }
        return s;
    }

    /**
     * The network that {@link #toSettings()} wrote. Keys that are missing keep their defaults (so files written
     * before an option existed still read); an unknown key or a bad value is an {@link IllegalArgumentException}
     * naming the key.
     */
    public static Network fromSettings(Map<String, String> settings) {
        return fromSettings(settings, "");
    }

    /**
     * {@link #fromSettings(Map)} of the keys that start with {@code prefix} (e.g. "network." in a model file's
     * settings; other keys are ignored); messages name the keys with their prefix.
     */
    public static Network fromSettings(Map<String, String> settings, String prefix) {
        Builder b = builder();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String k = e.getKey().substring(prefix.length()), v = e.getValue().trim();
            try {
                switch (k) {
                    case "cell" -> b.cell(Cell.parse(v));
                    case "activation" -> b.activation(activation(v));
                    case "cellOutput" -> b.cellOutput(activation(v));
                    case "gate" -> b.gate(activation(v));
                    case "peepholes" -> b.peepholes(bool(v));
                    case "forgetBias" -> b.forgetBias(Double.parseDouble(v));
                    case "feedback" -> b.feedback(Jordan.Feedback.valueOf(v.toUpperCase(Locale.ROOT)));
                    case "layers" -> b.layers(Integer.parseInt(v));
                    case "bidirectional" -> b.bidirectional(bool(v));
                    case "vocabulary" -> b.vocabulary(Integer.parseInt(v));
                    case "embedding" -> b.embedding(Integer.parseInt(v));
                    case "window" -> b.window(Integer.parseInt(v));
                    case "inputs" -> b.inputs(Integer.parseInt(v));
                    case "hidden" -> b.hidden(Integer.parseInt(v));
                    case "classes" -> b.classes(Integer.parseInt(v));
                    case "output" -> b.output(switch (v) {
                        case "many-to-many" -> SequenceModel.Kind.MANY_TO_MANY;
                        case "many-to-one" -> SequenceModel.Kind.MANY_TO_ONE;
                        default -> throw new IllegalArgumentException("choose many-to-many or many-to-one");
                    });
                    case "pooling" -> b.pooling(Pooling.parse(v));
                    case "crf" -> b.crf(Crf.Training.parse(v));
                    case "iobConstraints" -> b.iobConstraints(bool(v));
                    case "seed" -> b.seed(Long.parseLong(v));
                    case "trigrams" -> b.trigrams(Integer.parseInt(v));
                    case "directFeatures" -> b.directFeatures(checkBuckets(Integer.parseInt(v)));
                    case "directDropout" -> b.directDropout(Double.parseDouble(v));
                    case "directTemplates" -> b.directTemplates(rnnlab.data.HashedFeatures.Templates.parse(v));
                    case "features" -> b.features(Feature.parseAll(v));
                    case "embeddingDropout" -> b.embeddingDropout(Double.parseDouble(v));
                    case "layerDropout" -> b.layerDropout(Double.parseDouble(v));
                    case "recurrentDropout" -> b.recurrentDropout(Double.parseDouble(v));
                    case "precision" -> b.precision(rnnlab.core.Precision.parse(v));
                    default -> throw new IllegalArgumentException("unknown setting (written by a newer RNN Lab?)");
                }
            } catch (IllegalArgumentException ex) {   // includes NumberFormatException
                throw new IllegalArgumentException("setting " + prefix + k + "=" + e.getValue() + ": "
                        + ex.getMessage(), ex);
            }
        }
        return b.build();
    }

    /** {@code buckets} if it is a valid {@link Builder#directFeatures} value (0 … 2²⁴), else the error that says so. */
    private static int checkBuckets(int buckets) {
        if (buckets < 0 || buckets > rnnlab.data.HashedFeatures.MAX_BUCKETS) {
            throw new IllegalArgumentException("Network: directFeatures is the number of hash buckets of the direct "
                    + "sparse features, 0 (none) … " + rnnlab.data.HashedFeatures.MAX_BUCKETS + ", got " + buckets
                    + "; give e.g. 262144 (2^18), or 0 to turn them off");
        }
        return buckets;
    }

    private static String label(Activation a) {
        return a.name().toLowerCase(Locale.ROOT);
    }

    private static Activation activation(String v) {
        for (Activation a : Activation.values()) {
            if (a.name().equalsIgnoreCase(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + v + "'; choose "
                + String.join(", ", java.util.Arrays.stream(Activation.values()).map(Network::label).toList()));
    }

    private static boolean bool(String v) {
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw new IllegalArgumentException("it is neither true nor false");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Network n && toSettings().equals(n.toSettings());
    }

    @Override
    public int hashCode() {
        return toSettings().hashCode();
    }

    /** Every value: {@code Network[cell=lstm, activation=tanh, …, seed=42]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Network[");
        toSettings().forEach((k, v) -> sb.append(sb.length() > 8 ? ", " : "").append(k).append('=').append(v));
        return sb.append(']').toString();
    }

    // ---- the builder --------------------------------------------------------------------------------------------

    /** Named settings with defaults; {@link #build()} validates them all. */
    public static final class Builder {
        private Cell cell = Cell.ELMAN;
        private Activation activation = Activation.TANH, cellOutput = Activation.TANH, gate = Activation.SIGMOID;
        private boolean peepholes = false;
        private double forgetBias = 1.0;
        private Jordan.Feedback feedback = Jordan.Feedback.SCORES;
        private int layers = 1;
        private boolean bidirectional = false;
        private int vocabulary = 0, embedding = 50, window = 0, inputs = 0, hidden = 100, classes = 0;
        private SequenceModel.Kind output = SequenceModel.Kind.MANY_TO_MANY;
        private Pooling pooling = Pooling.LAST;
        private Crf.Training crf = null;
        private boolean iobConstraints = false;
        private long seed = DEFAULT_SEED;
        private double embeddingDropout = 0, layerDropout = 0, recurrentDropout = 0;
        private int trigrams = 0;
        private int directFeatures = 0;
        private double directDropout = 0;
        private rnnlab.data.HashedFeatures.Templates directTemplates = rnnlab.data.HashedFeatures.Templates.BASIC;
        private List<Feature> features = List.of();
        private rnnlab.core.Precision precision = rnnlab.core.Precision.DOUBLE;

        private Builder() {}

        private Builder(Network n) {
            cell = n.cell;
            activation = n.activation;
            cellOutput = n.cellOutput;
            gate = n.gate;
            peepholes = n.peepholes;
            forgetBias = n.forgetBias;
            feedback = n.feedback;
            layers = n.layers;
            bidirectional = n.bidirectional;
            vocabulary = n.vocabulary;
            embedding = n.embedding;
            window = n.window;
            inputs = n.inputs;
            hidden = n.hidden;
            classes = n.classes;
            output = n.output;
            pooling = n.pooling;
            crf = n.crf;
            iobConstraints = n.iobConstraints;
            seed = n.seed;
            embeddingDropout = n.embeddingDropout;
            layerDropout = n.layerDropout;
            recurrentDropout = n.recurrentDropout;
            trigrams = n.trigrams;
            directFeatures = n.directFeatures;
            directDropout = n.directDropout;
            directTemplates = n.directTemplates;
            features = n.features;
            precision = n.precision;
        }

        /** Cell type (default ELMAN). */
        public Builder cell(Cell c) {
            cell = Objects.requireNonNull(c, "Network.Builder.cell");
            return this;
        }

        /** Hidden activation of Elman, Jordan and feedforward layers, the LSTM's g (default TANH). */
        public Builder activation(Activation a) {
            activation = Objects.requireNonNull(a, "Network.Builder.activation");
            return this;
        }

        /** The LSTM's h, applied to the memory (default TANH; the lecture's example cell uses LINEAR). */
        public Builder cellOutput(Activation a) {
            cellOutput = Objects.requireNonNull(a, "Network.Builder.cellOutput");
            return this;
        }

        /** The LSTM's gate activation (default SIGMOID; STEP gives the slide's idealised gates). */
        public Builder gate(Activation a) {
            gate = Objects.requireNonNull(a, "Network.Builder.gate");
            return this;
        }

        /** LSTM peepholes: the gates also read cᵗ⁻¹ (lecture p.30; default false). */
        public Builder peepholes(boolean p) {
            peepholes = p;
            return this;
        }

        /** Initial bias of the LSTM forget gate, every cell (default 1: memory kept early in training). */
        public Builder forgetBias(double b) {
            forgetBias = b;
            return this;
        }

        /** What a Jordan layer feeds back (default SCORES). */
        public Builder feedback(Jordan.Feedback f) {
            feedback = Objects.requireNonNull(f, "Network.Builder.feedback");
            return this;
        }

        /** Stacked layers, 1…8 (default 1). */
        public Builder layers(int n) {
            layers = n;
            return this;
        }

        /** A forward and a backward layer side by side (default false). */
        public Builder bidirectional(boolean b) {
            bidirectional = b;
            return this;
        }

        /** Number of word ids (0 = not known yet, filled in from the data by {@code Tagger.create}). */
        public Builder vocabulary(int v) {
            vocabulary = v;
            return this;
        }

        /** Word-vector size, 1…2048 (default 50); 0 for a model that reads vectors ({@link #inputs}). */
        public Builder embedding(int e) {
            embedding = e;
            return this;
        }

        /** Context words on each side of the current word, 0…10 (default 0; needs an embedding). */
        public Builder window(int w) {
            window = w;
            return this;
        }

        /** Size of the input vectors of a model without embedding (set {@code embedding(0)} too). */
        public Builder inputs(int n) {
            inputs = n;
            return this;
        }

        /** Hidden units per layer and direction, 1…4096 (default 100). */
        public Builder hidden(int h) {
            hidden = h;
            return this;
        }

        /** Output classes K (0 = not known yet, filled in from the data by {@code Tagger.create}). */
        public Builder classes(int k) {
            classes = k;
            return this;
        }

        /** Many-to-many or many-to-one (default many-to-many). */
        public Builder output(SequenceModel.Kind k) {
            output = Objects.requireNonNull(k, "Network.Builder.output");
            return this;
        }

        /** An output per step: tagging, slot filling (the default). */
        public Builder manyToMany() {
            return output(SequenceModel.Kind.MANY_TO_MANY);
        }

        /** One output per sequence, from the body's summary at the end: classification, sentiment. */
        public Builder manyToOne() {
            return output(SequenceModel.Kind.MANY_TO_ONE);
        }

        /**
         * How a many-to-one network summarises the sequence (lecture Part II p.39–41): {@link Pooling#LAST} (the
         * default), MEAN, MAX or ATTENTION (key-term attention with readable weights, {@code pool.*} parameters).
         */
        public Builder pooling(Pooling p) {
            pooling = Objects.requireNonNull(p, "Network.Builder.pooling");
            return this;
        }

        /**
         * A linear-chain CRF output layer on the per-step scores, trained by the negative log-likelihood (true), or
         * a softmax per step (false, the default). Many-to-many only. Its parameters are {@code crf.A} (K×K, row =
         * previous label), {@code crf.start} and {@code crf.end} (1×K), all 0 at first.
         */
        public Builder crf(boolean on) {
            crf = on ? Crf.Training.LIKELIHOOD : null;
            return this;
        }

        /**
         * A CRF output layer trained by {@code training}: LIKELIHOOD (a CRF), PERCEPTRON (structured perceptron) or
         * SVM (structured SVM, Hamming cost) (Part II p.80–85); null = no CRF layer.
         */
        public Builder crf(Crf.Training training) {
            crf = training;
            return this;
        }

        /**
         * The CRF layer forbids what IOB2 cannot produce: I-x only after B-x or I-x, never first (default false;
         * needs {@link #crf(boolean)}). Decoded label sequences then never break a chunk.
         */
        public Builder iobConstraints(boolean on) {
            iobConstraints = on;
            return this;
        }

        /** Seed of the initial weights (default {@value Network#DEFAULT_SEED}). */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /**
         * Dropout rate on the word vectors, the body's input (default 0: none). Like every dropout here it is
         * variational: one mask per sequence, the same at every step; it acts only in training mode.
         */
        public Builder embeddingDropout(double p) {
            embeddingDropout = p;
            return this;
        }

        /**
         * Dropout rate on each recurrent layer's output where the next layer, or the output layer, reads it (default
         * 0). A one-layer network has it once, before the output layer.
         */
        public Builder layerDropout(double p) {
            layerDropout = p;
            return this;
        }

        /**
         * Variational dropout rate on the recurrent state hᵗ⁻¹ where it enters the recurrent weights (Gal &amp;
         * Ghahramani 2016), default 0; for the cells in {@link #RECURRENT_DROPOUT_CELLS}.
         */
        public Builder recurrentDropout(double p) {
            recurrentDropout = p;
            return this;
        }

        /**
         * Adds to each word's input a k-value vector made from its letter trigrams (word hashing, lecture p.5):
         * xᵗ = [word vectors ; trigram-vector(wordᵗ)·G], G 17,576×k trained with the rest; 0…2048, default 0 (none).
         * Needs an embedding (the network reads words); batches carry the trigrams ({@code Tagger} adds them).
         */
        public Builder trigrams(int k) {
            trigrams = k;
            return this;
        }

        /**
         * Hand-made sparse features of each token (words at −2…+2, word bigrams, 1- to 3-grams of each feature
         * column, spelling: {@link rnnlab.data.HashedFeatures}) hashed into {@code buckets} ids and connected
         * directly to the output scores, as in Huang et al. 2015: sᵗ ← sᵗ + Σ W[f], W {@code buckets}×K, 0 at first,
         * named {@code direct.W} ({@link rnnlab.layers.DirectFeatures}). 0 = none (the default), else 1 …
         * {@value rnnlab.data.HashedFeatures#MAX_BUCKETS}, e.g. 262144 = 2¹⁸. A many-to-many network that reads
         * words; batches carry the ids ({@code Tagger} adds them, {@link Batch#withDirect}).
         */
        public Builder directFeatures(int buckets) {
            directFeatures = buckets;
            return this;
        }

        /**
         * Dropout on the direct sparse features (default 0: none): while training, each feature id of each token is
         * left out with probability {@code p} and the kept ones add (1/(1−p))·W[f], so the expected scores are those
         * of evaluation, which uses every feature. Without it a table of 2¹⁸ rows learns the training tokens by heart
         * within a few epochs (docs/design-notes.md "Direct sparse features"). Needs {@link #directFeatures}.
         */
        public Builder directDropout(double p) {
            directDropout = p;
            return this;
        }

        /**
         * The templates of the direct sparse features (default {@code BASIC}): {@code HUANG2015} adds affixes of 4–5
         * characters, word shapes and the rest of Huang et al. 2015's spelling features ({@link
         * rnnlab.data.HashedFeatures}). Needs {@link #directFeatures} when not {@code BASIC}.
         */
        public Builder directTemplates(rnnlab.data.HashedFeatures.Templates t) {
            directTemplates = t;
            return this;
        }

        /**
         * Feature columns read as inputs besides the words, one {@link Feature} (values, vector size) per column;
         * default none. Each column gets its own table {@code feature.c.E}, windowed like the word vectors.
         * {@code Tagger.create} sets them from the training data's columns; batches carry the value ids
         * ({@link Batch#withFeatures}). Needs an embedding (the network reads words).
         */
        public Builder features(List<Feature> f) {
            features = List.copyOf(Objects.requireNonNull(f, "Network.Builder.features (List.of() for none)"));
            return this;
        }

        /**
         * The number type of the recurrent layers (default DOUBLE): FLOAT32 computes every cell (alone, bidirectional
         * or stacked) and the output layer's products in 32-bit floats, twice as many values per vector; the
         * parameters, the embedding and the softmax stay double (see {@link rnnlab.core.Precision}).
         */
        public Builder precision(rnnlab.core.Precision p) {
            precision = Objects.requireNonNull(p, "Network.Builder.precision");
            return this;
        }

        /** The three dropout rates at once: word vectors, between layers, recurrent state. */
        public Builder dropout(double embedding, double layer, double recurrent) {
            return embeddingDropout(embedding).layerDropout(layer).recurrentDropout(recurrent);
        }

        /** The network, after checking every value and that the options fit the cell type. */
        public Network build() {
            range("layers", layers, 1, 8);
            range("hidden", hidden, 1, 4096);
            range("embedding", embedding, 0, 2048);
            range("window", window, 0, 10);
            range("vocabulary", vocabulary, 0, Integer.MAX_VALUE);
            range("inputs", inputs, 0, 1 << 20);
            range("classes", classes, 0, 1 << 20);
            range("trigrams", trigrams, 0, 2048);
            checkBuckets(directFeatures);
            rate("directDropout", directDropout);
            if (directDropout > 0 && directFeatures == 0) {
                throw new IllegalArgumentException("Network: directDropout(" + directDropout + ") drops direct sparse "
                        + "features, but the network has none; add .directFeatures(B) or drop directDropout");
            }
            if (directTemplates == null) {
                throw new IllegalArgumentException("Network: directTemplates is null; give BASIC or HUANG2015");
            }
            if (directTemplates != rnnlab.data.HashedFeatures.Templates.BASIC && directFeatures == 0) {
                throw new IllegalArgumentException("Network: directTemplates(" + directTemplates.key() + ") chooses "
                        + "the templates of direct sparse features, but the network has none; add .directFeatures(B) "
                        + "or drop directTemplates");
            }
            if (directFeatures > 0 && (embedding == 0 || output != SequenceModel.Kind.MANY_TO_MANY)) {
                throw new IllegalArgumentException("Network: directFeatures(" + directFeatures + ") adds the sparse "
                        + "features of each word to that word's output scores, so it needs a tagging network that "
                        + "reads words (an .embedding(E) and .manyToMany()); drop directFeatures or change those");
            }
            if (trigrams > 0 && embedding == 0) {
                throw new IllegalArgumentException("Network: trigrams(" + trigrams + ") adds letter trigrams to the "
                        + "word vectors of a network that reads words; give .embedding(E) too");
            }
            if (!features.isEmpty() && embedding == 0) {
                throw new IllegalArgumentException("Network: features(" + features + ") adds feature columns to the "
                        + "word vectors of a network that reads words; give .embedding(E) too");
            }
            if (features.size() > 64) {
                throw new IllegalArgumentException("Network: at most 64 feature columns, got " + features.size());
            }
            rate("embeddingDropout", embeddingDropout);
            rate("layerDropout", layerDropout);
            rate("recurrentDropout", recurrentDropout);
            if (recurrentDropout > 0 && !RECURRENT_DROPOUT_CELLS.contains(cell)) {
                throw new IllegalArgumentException("Network: recurrentDropout is implemented for the elman, irnn, "
                        + "lstm and gru cells, not " + cell.label() + "; drop it, or use embeddingDropout and layerDropout");
            }
            if (!Double.isFinite(forgetBias)) {
                throw new IllegalArgumentException("Network: forgetBias must be finite, got " + forgetBias);
            }
            if (bidirectional && !cell.isRecurrent()) {
                throw new IllegalArgumentException("Network: a " + cell.label() + " layer reads each word on its "
                        + "own and has no direction; drop bidirectional or choose a recurrent cell");
            }
            if (embedding > 0 && inputs > 0) {
                throw new IllegalArgumentException("Network: inputs(" + inputs + ") is the vector size of a model "
                        + "without embedding; add .embedding(0), or drop inputs and give .vocabulary(V)");
            }
            if (embedding == 0 && (vocabulary > 0 || window > 0)) {
                throw new IllegalArgumentException("Network: vocabulary and window need an embedding; give "
                        + ".embedding(E) or drop them (embedding 0 means the model reads .inputs(n)-value vectors)");
            }
            if (pooling != Pooling.LAST && output != SequenceModel.Kind.MANY_TO_ONE) {
                throw new IllegalArgumentException("Network: pooling(" + pooling.label() + ") summarises a sequence "
                        + "into one output; add .manyToOne() or drop the pooling");
            }
            if (crf != null && output != SequenceModel.Kind.MANY_TO_MANY) {
                throw new IllegalArgumentException("Network: a CRF layer scores a label per step (many-to-many); "
                        + "this network gives one output per sequence (many-to-one); drop crf or .manyToOne()");
            }
            if (iobConstraints && output != SequenceModel.Kind.MANY_TO_MANY) {
                throw new IllegalArgumentException("Network: iobConstraints are rules for label sequences, but this "
                        + "network gives one output per sequence (many-to-one); drop iobConstraints or .manyToOne()");
            }
            Network n = new Network(this);
            if (DEFAULTS != null) {          // null only while DEFAULTS itself is built
                for (Option o : Option.values()) {
                    if (!cell.options().contains(o) && !sameOption(o, n, DEFAULTS)) {
                        throw new IllegalArgumentException("Network: " + optionName(o) + " is not an option of the "
                                + cell.label() + " cell (it has " + (cell.options().isEmpty() ? "none"
                                : String.join(", ", cell.options().stream().map(Network::optionName).toList()))
                                + "); drop it or choose a cell that has it");
                    }
                }
            }
            return n;
        }

        private static void rate(String what, double p) {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("Network: " + what + " is a probability of dropping a value, "
                        + "0 ≤ p < 1, got " + p);
            }
        }

        private static void range(String what, long v, long min, long max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException("Network: " + what + " must be between " + min + " and " + max
                        + ", got " + v);
            }
        }
    }

    private static String optionName(Option o) {
        return switch (o) {
            case ACTIVATION -> "activation";
            case CELL_OUTPUT -> "cellOutput";
            case GATE -> "gate";
            case PEEPHOLES -> "peepholes";
            case FORGET_BIAS -> "forgetBias";
            case FEEDBACK -> "feedback";
        };
    }

    private static boolean sameOption(Option o, Network a, Network b) {
        return switch (o) {
            case ACTIVATION -> a.activation == b.activation;
            case CELL_OUTPUT -> a.cellOutput == b.cellOutput;
            case GATE -> a.gate == b.gate;
            case PEEPHOLES -> a.peepholes == b.peepholes;
            case FORGET_BIAS -> Double.compare(a.forgetBias, b.forgetBias) == 0;
            case FEEDBACK -> a.feedback == b.feedback;
        };
    }
}
