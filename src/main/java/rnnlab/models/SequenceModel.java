package rnnlab.models;

import java.util.List;
import java.util.Objects;


import rnnlab.cells.RecurrentLayer;
import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Params;
import rnnlab.layers.Dense;
import rnnlab.layers.Dropout;
import rnnlab.layers.Embedding;
import rnnlab.layers.SoftmaxCrossEntropy;
import rnnlab.structured.Crf;

/**
 * A complete network: (embedding) → recurrent body → (output layer) → softmax cross-entropy.
 * <ul>
 *   <li>{@link Kind#MANY_TO_MANY}: an output per step (slot filling: a slot per word, lecture p.12);</li>
 *   <li>{@link Kind#MANY_TO_ONE}: one output per sequence, read from the body's summary at the end (sentiment,
 *       Part II p.39).</li>
 * </ul>
 * Without an output layer the body's outputs are the scores themselves (a Jordan body, whose output already has
 * the target). Parameters are named {@code embedding.E}, {@code rnn.…}, {@code head.W}, {@code head.b}.
 */
public final class SequenceModel {
    /** Where the outputs are. */
    public enum Kind { MANY_TO_MANY, MANY_TO_ONE }

    private final Embedding embedding;
    private final RecurrentLayer body;
    private final Dense head;
    private final Kind kind;
    private final SequencePooling pooling;
    private Network network;
    private final int classes;
    private final Params params = new Params();
    /** A CRF output layer on the scores (many-to-many only), or null for a softmax per step. */
    private final Crf crf;
    /** Training or evaluation mode and the random source of every dropout place (docs/design-notes.md "Dropout"). */
    private Dropout.Control dropoutControl = new Dropout.Control(0);
    /** Dropout on the body's input (the word vectors) and on its output where the output layer reads it; or null. */
    private Dropout inputDropout, outputDropout;
    /** The letter-trigram part of each word's input (Network.trigrams(k)), or null. */
    private final rnnlab.layers.TrigramEmbedding trigrams;
    /** One table of vectors per feature column (Network.features()), windowed like the words; empty if none. */
    private final Embedding[] features;
    private Matrix[] joined;   // [word part ; feature parts ; trigram vector] per step, when there are any
    /** Sparse features connected directly to the scores (Network.directFeatures(B)), or null. */
    private final rnnlab.layers.DirectFeatures direct;

    // buffers of the last pass
    private Matrix[] logits, probs, dLogits, dBody, bodyOut;
    /** The body's outputs as floats when it handed them over so (float32 body and output layer), else null. */
    private float[][] bodyFloat;
    // (T·B)-row views of the per-step matrices, so the output layer runs as one product over all steps
    // (three products per pass instead of 3·T small ones; docs/design-notes.md, "Storage layout and kernels")
    private Matrix bodyAll, logitsAll, probsAll, dLogitsAll, dBodyAll;
    private Matrix last, dLast, lastLogits, lastProbs, dLastLogits;
    private Matrix[] lastDInputs;
    private int T = -1, B = -1;
    private int[] column = new int[0];
    /** The labels of one step for the second half of the steps, and the loss of each step (see {@link #softmaxSteps}). */
    private int[] column2 = new int[0];
    private double[] stepLoss = new double[0];
    private Batch softmaxBatch;
    private int softmaxSplit;
    private final Runnable softmaxLo = () -> softmaxSteps(0, softmaxSplit, column),
            softmaxHi = () -> softmaxSteps(softmaxSplit, T, column2);
    /** The many-to-one outputs as the length-1 arrays that forward and probabilities return (made once). */
    private Matrix[] lastLogitsOnly, lastProbsOnly;

    /**
     * @param embedding word vectors, or null if batches carry input vectors
     * @param body      the recurrent layers
     * @param head      the output layer (body output → classes), or null when the body's outputs are the scores
     * @param kind      many-to-many or many-to-one
     */
    public SequenceModel(Embedding embedding, RecurrentLayer body, Dense head, Kind kind) {
        this(null, embedding, body, head, kind, null, null);
    }

    /**
     * A many-to-one model whose summary of the sequence is {@code pooling} (last state, mean, max or attention over
     * the steps, Part II p.39–41) instead of the last state; pooling parameters are named {@code pool.…}.
     */
    public SequenceModel(Embedding embedding, RecurrentLayer body, Dense head, SequencePooling pooling) {
        this(null, embedding, body, head, Kind.MANY_TO_ONE, null, Objects.requireNonNull(pooling, "pooling"));
    }

    /**
     * A network whose per-step scores feed a linear-chain CRF ({@link Crf}) instead of a softmax per step: the loss
     * is the CRF's (likelihood, perceptron or SVM), {@link #predict} decodes with Viterbi and
     * {@link #probabilities} gives the CRF's marginals. Its parameters are named {@code crf.A}, {@code crf.start},
     * {@code crf.end}.
     *
     * @param crf the CRF layer over {@link #classes()} labels, or null for softmax outputs
     */
    public SequenceModel(Embedding embedding, RecurrentLayer body, Dense head, Kind kind, Crf crf) {
        this(null, embedding, body, head, kind, crf, null);
    }

    /** The model {@link Network#model()} builds: it keeps its description. */
    SequenceModel(Network network, Embedding embedding, RecurrentLayer body, Dense head, Crf crf) {
        this(Objects.requireNonNull(network, "network"), embedding, body, head, network.output(), crf, null);
    }

    /** The many-to-one model {@link Network#model()} builds with a pooling other than the last state. */
    SequenceModel(Network network, Embedding embedding, RecurrentLayer body, Dense head, SequencePooling pooling) {
        this(Objects.requireNonNull(network, "network"), embedding, body, head, Kind.MANY_TO_ONE, null,
                Objects.requireNonNull(pooling, "pooling"));
    }

    private SequenceModel(Network network, Embedding embedding, RecurrentLayer body, Dense head, Kind kind, Crf crf,
                          SequencePooling pooling) {
        this.network = network;
        this.embedding = embedding;
        this.body = Objects.requireNonNull(body, "body");
        this.head = head;
        this.kind = Objects.requireNonNull(kind, "kind");
        int k = network != null ? network.trigrams() : 0;
        this.trigrams = k > 0 ? new rnnlab.layers.TrigramEmbedding(k, new java.util.SplittableRandom(network.seed()
                + 3)) : null;
        List<Network.Feature> fs = network != null ? network.features() : List.of();
        this.features = new Embedding[fs.size()];
        // their own random stream (seed + 4), so the other weights are the same with or without feature columns
        java.util.SplittableRandom featureRng = new java.util.SplittableRandom(network == null ? 0 : network.seed() + 4);
        int width = embedding == null ? 0 : embedding.outputSize() + k;
        for (int c = 0; c < features.length; c++) {
            features[c] = new Embedding(fs.get(c).values(), fs.get(c).size(), embedding == null ? 0
                    : embedding.window(), featureRng);
            width += features[c].outputSize();
        }
        if (embedding != null && width != body.inputSize()) {
            throw new IllegalArgumentException("SequenceModel: embedding gives " + width
                    + " values per word but the recurrent body reads " + body.inputSize());
        }
        if (head != null && head.inputSize() != body.outputSize()) {
            throw new IllegalArgumentException("SequenceModel: output layer reads " + head.inputSize()
                    + " values but the recurrent body gives " + body.outputSize());
        }
        if (pooling != null && kind != Kind.MANY_TO_ONE) {
            throw new IllegalArgumentException("SequenceModel: pooling is for many-to-one models");
        }
        if (pooling != null && pooling.size() != body.outputSize()) {
            throw new IllegalArgumentException("SequenceModel: the pooling reads vectors of " + pooling.size()
                    + " values but the recurrent body gives " + body.outputSize() + "; make them equal");
        }
        this.pooling = kind == Kind.MANY_TO_ONE ? (pooling != null ? pooling
                : new SequencePooling(Pooling.LAST, body.outputSize(), 1, null)) : null;
        this.classes = head != null ? head.outputSize() : body.outputSize();
        if (embedding != null) {
            params.addAll("embedding.", embedding.params());
        }
        for (int c = 0; c < features.length; c++) {
            params.addAll("feature." + c + ".", features[c].params());
        }
        if (trigrams != null) {
            params.addAll("trigrams.", trigrams.params());
        }
        params.addAll("rnn.", body.params());
        if (this.pooling != null) {
            params.addAll("pool.", this.pooling.params());
        }
        if (head != null) {
            params.addAll("head.", head.params());
        }
        int buckets = network != null ? network.directFeatures() : 0;
        if (buckets > 0 && kind != Kind.MANY_TO_MANY) {
            throw new IllegalArgumentException("SequenceModel: direct features add to each step's scores, so they "
                    + "need a many-to-many model");
        }
        this.direct = buckets > 0 ? new rnnlab.layers.DirectFeatures(buckets, classes, network.directTemplates())
                : null;
        if (direct != null) {
            params.addAll("direct.", direct.params());
        }
        this.crf = crf;
        if (crf != null) {
            if (kind != Kind.MANY_TO_MANY) {
                throw new IllegalArgumentException("SequenceModel: a CRF layer scores label sequences, so it needs a "
                        + "many-to-many model (a label per step), not " + kind);
            }
            if (crf.labels() != classes) {
                throw new IllegalArgumentException("SequenceModel: the CRF layer has " + crf.labels()
                        + " labels but the network gives " + classes + " scores per step");
            }
            params.addAll("crf.", crf.params());
        }
    }

    /**
     * Sets the dropout of the body's input (word vectors) and of the body's output where the output layer reads it
     * (either may be null), and the control they and the body's own dropouts share. {@link Network#model()} calls
     * it; dropout then acts only while {@link #setTraining training} is on.
     */
    void setDropout(Dropout.Control control, Dropout input, Dropout output) {
        this.dropoutControl = java.util.Objects.requireNonNull(control, "control");
        this.inputDropout = input;
        this.outputDropout = head != null ? output : null;   // scores themselves are never dropped
    }

    /** The switch and random source of this model's dropouts. */
    public Dropout.Control dropoutControl() {
        return dropoutControl;
    }

    /**
     * Training mode (dropout acts, if the network has any) or evaluation mode (the default: dropout off, every
     * value passed on unchanged). The {@code Trainer} switches it on for its training steps and off to evaluate.
     */
    public void setTraining(boolean on) {
        dropoutControl.setTraining(on);
    }

    /** True in training mode. */
    public boolean isTraining() {
        return dropoutControl.training();
    }

    /** The CRF output layer, or null when each step has its own softmax. */
    public Crf crf() {
        return crf;
    }

    public Params params() {
        return params;
    }

    public RecurrentLayer body() {
        return body;
    }

    public Embedding embedding() {
        return embedding;
    }

    public Dense head() {
        return head;
    }

    public Kind kind() {
        return kind;
    }

    /** How a many-to-one model summarises the sequence (null for many-to-many). */
    public SequencePooling pooling() {
        return pooling;
    }

    /**
     * How much each valid step of sequence {@code r} of the last forward pass contributed to its summary (the
     * attention weights α for attention pooling, p.41); many-to-one only.
     */
    public double[] poolingWeights(int r, int[] lengths) {
        if (pooling == null) {
            throw new IllegalStateException("SequenceModel: poolingWeights is for many-to-one models");
        }
        if (T < 0) {
            throw new IllegalStateException("SequenceModel: no forward pass yet");
        }
        return pooling.weights(r, lengths, T);
    }

    /**
     * The description this model was built from ({@link Network#model()}), or null for a model assembled by hand
     * from its layers (such a model cannot be saved: a model file stores the description).
     */
    public Network network() {
        return network;
    }

    /**
     * Switches the recurrent body between DOUBLE and FLOAT32 for the next passes (the parameters are double either
     * way, so a model trained in float32 can be gradient-checked in double this way); the description
     * ({@link #network()}), and so a saved file, records the new precision. The output layer's products follow it
     * ({@link Dense#setPrecision}), and so does a many-to-many model's softmax and loss (float scores, exponentials
     * and ∂y, the loss added in double) unless a CRF layer or direct features read the scores; the embedding,
     * pooling and a CRF layer always compute in double. A body without a float path refuses FLOAT32.
     */
    public void setPrecision(rnnlab.core.Precision p) {
        Objects.requireNonNull(p, "SequenceModel.setPrecision");
        body.setPrecision(p);
        if (head != null) {
            head.setPrecision(p);
        }
        if (network != null && network.precision() != p) {
            network = network.withPrecision(p);
        }
    }

    /** The number type the recurrent body computes in. */
    public rnnlab.core.Precision precision() {
        return body.precision();
    }

    /** Number of output classes K. */
    public int classes() {
        return classes;
    }

    /** Input vector size the body expects when batches carry vectors. */
    public int inputSize() {
        return embedding != null ? embedding.vocabularySize() : body.inputSize();
    }

    private Matrix[] inputsOf(Batch batch) {
        if (batch.ids() != null) {
            if (embedding == null) {
                throw new IllegalArgumentException("SequenceModel: this model reads input vectors, but the batch "
                        + "holds word ids; build it with an embedding or give vectors");
            }
            Matrix[] xs = embedding.forward(batch.ids(), batch.lengths());
            if (trigrams != null || features.length > 0) {
                xs = joined(xs, batch);
            }
            return inputDropout == null ? xs : inputDropout.forward(xs);
        }
        if (embedding != null) {
            throw new IllegalArgumentException("SequenceModel: this model has an embedding and reads word ids, "
                    + "but the batch holds vectors");
        }
        return inputDropout == null ? batch.inputs() : inputDropout.forward(batch.inputs());
    }

    /**
     * xᵗ = [E-part ; feature 0 part ; … ; Σ G[trigrams of wordᵗ]] in buffers of this model; each feature part is
     * windowed like the words (the neighbours' values too).
     */
    private Matrix[] joined(Matrix[] xs, Batch batch) {
        if (trigrams != null && batch.trigrams() == null) {
            throw new IllegalArgumentException("SequenceModel: this network reads the letter trigrams of its words "
                    + "(trigrams " + trigrams.size() + "), but the batch has none; tag through a Tagger, or add them "
                    + "with batch.withTrigrams(TrigramEmbedding.of(sentences, T))");
        }
        int C = features.length;
        if (C > 0 && (batch.features() == null || batch.features().length != C)) {
            throw new IllegalArgumentException("SequenceModel: this network reads " + C + " feature column"
                    + (C == 1 ? "" : "s") + " besides the words, but the batch has "
                    + (batch.features() == null ? "none" : batch.features().length) + "; tag through a Tagger (it "
                    + "reads the sentences' feature columns), or add their value ids with batch.withFeatures(ids)");
        }
        int d = embedding.outputSize(), rows = xs[0].rows, width = body.inputSize();
        if (joined == null || joined.length != xs.length || joined[0].rows != rows) {
            joined = new Matrix[xs.length];
            for (int t = 0; t < xs.length; t++) {
                joined[t] = new Matrix(rows, width);
            }
        }
        copyColumns(xs, joined, d, 0);
        int offset = d;
        for (int c = 0; c < C; c++) {
            Matrix[] f = features[c].forward(batch.features()[c], batch.lengths());
            copyColumns(f, joined, features[c].outputSize(), offset);
            offset += features[c].outputSize();
        }
        if (trigrams != null) {
            trigrams.forward(batch.trigrams(), batch.lengths(), joined, offset);
        }
        return joined;
    }

    /** Copies the {@code n} columns of each {@code from[t]} into columns {@code offset …} of {@code to[t]}. */
    private static void copyColumns(Matrix[] from, Matrix[] to, int n, int offset) {
        for (int t = 0; t < from.length; t++) {
            for (int r = 0; r < from[t].rows; r++) {
                System.arraycopy(from[t].data[r], 0, to[t].data[r], offset, n);
            }
        }
    }

    /** The table of vectors of feature column {@code c} (its E is {@code feature.c.E}). */
    public Embedding feature(int c) {
        return features[c];
    }

    /** Number of feature columns the network reads besides the words (0 for none). */
    public int featureColumns() {
        return features.length;
    }

    /** The sparse features connected directly to the output scores (Huang et al. 2015), or null. */
    public rnnlab.layers.DirectFeatures direct() {
        return direct;
    }

    /** The letter-trigram input layer (lecture p.5), or null. */
    public rnnlab.layers.TrigramEmbedding trigrams() {
        return trigrams;
    }

    private void ensure(int t, int b) {
        if (t == T && b == B) {
            return;
        }
        T = t;
        B = b;
        logits = new Matrix[T];
        probs = new Matrix[T];
        dLogits = new Matrix[T];
        dBody = new Matrix[T];
        for (int i = 0; i < T; i++) {
            logits[i] = new Matrix(B, classes);
            probs[i] = new Matrix(B, classes);
            dLogits[i] = new Matrix(B, classes);
            dBody[i] = new Matrix(B, body.outputSize());
        }
        last = new Matrix(B, body.outputSize());
        dLast = new Matrix(B, body.outputSize());
        lastLogits = new Matrix(B, classes);
        lastLogitsOnly = new Matrix[] {lastLogits};
        logitsAll = tall(logits);
        probsAll = tall(probs);
        dLogitsAll = tall(dLogits);
        dBodyAll = tall(dBody);
        bodyAll = null; // pointed at the body's outputs in forward
        column = new int[B];
        column2 = new int[B];
        stepLoss = new double[T];
        lastProbs = new Matrix(B, classes);
        lastProbsOnly = new Matrix[] {lastProbs};
        dLastLogits = new Matrix(B, classes);
    }

    /** Runs the network; returns the scores, per step (many-to-many) or one B×K matrix in a length-1 array. */
    public Matrix[] forward(Batch batch) {
        return forward(batch, false);
    }

    /**
     * True when the loss runs as a float32 softmax ({@link SoftmaxCrossEntropy#lossAndGradientFloat}) on the float
     * scores of a float32 output layer: many-to-many, no CRF and no direct features (those add to or read the double
     * scores). The scores, probabilities and ∂y of such a pass stay float; {@link #forward}, {@link #predict} and
     * {@link #probabilities} run their own passes with double scores.
     */
    private boolean floatSoftmax() {
        return kind == Kind.MANY_TO_MANY && head != null && head.precision() == rnnlab.core.Precision.FLOAT32
                && crf == null && direct == null;
    }

    /**
     * {@link #forward(Batch)}; with {@code floatScores} (a loss pass where {@link #floatSoftmax()}) the output layer
     * leaves its scores in float in {@link #scoresF} and this returns null.
     */
    private Matrix[] forward(Batch batch, boolean floatScores) {
        return forward(batch, floatScores, false);
    }

    /**
     * ... and with {@code doubleSoftmax} (a loss pass where {@link #doubleSoftmax()}) the double output layer hands
     * each thread's rows of scores straight to the softmax ({@link #softmaxRowsDouble}): probabilities, ∂y and each
     * row's loss in {@link #rowLoss}.
     */
    private Matrix[] forward(Batch batch, boolean floatScores, boolean doubleSoftmax) {
        // a float32 body hands its outputs to a float32 output layer as floats (no conversion to double and back)
        boolean floats = kind == Kind.MANY_TO_MANY && head != null && outputDropout == null
                && head.precision() == rnnlab.core.Precision.FLOAT32
                && body.precision() == rnnlab.core.Precision.FLOAT32;
        // ... and takes its word vectors as floats from the embedding, when they are all it reads
        floatInputs = floats && embedding != null && batch.ids() != null && trigrams == null && features.length == 0
                && inputDropout == null && body.readsFloatInputs();
        Matrix[] xs = floatInputs ? null : inputsOf(batch);
        if (floats) {
            body.setDoubleOutputsNeeded(false);
            try {
                bodyOut = floatInputs ? body.forwardFloat(floatWordVectors(batch), batch.ids()[0].length,
                        batch.ids().length, batch.lengths()) : body.forward(xs, batch.lengths());
            } finally {
                body.setDoubleOutputsNeeded(true);
            }
        } else {
            bodyOut = body.forward(xs, batch.lengths());
        }
        bodyFloat = floats ? body.floatOutputs() : null;   // null: the body wrote doubles after all
        if (outputDropout != null) {
            bodyOut = outputDropout.forward(bodyOut);           // what the output layer reads: hᵗ ⊙ m while training
        }
        ensure(bodyOut.length, bodyOut[0].rows);
        if (kind == Kind.MANY_TO_ONE) {
            pooling.forward(body, bodyOut, batch.lengths(), last);
            if (head != null) {
                head.forward(last, lastLogits);
            } else {
                lastLogits.copyFrom(last);
            }
            return lastLogitsOnly;
        }
        if (floatScores) {
            // float y = h·W + b, every step at once, each thread's rows straight into the softmax
            requireRowLabels(batch);
            if (bodyFloat != null) {
                scoresF = head.forwardScores(bodyFloat, T * B, softmaxRows);
            } else {
                bodyAll = refillTall(bodyAll, bodyOut);
                scoresF = head.forwardScores(bodyAll, softmaxRows);
            }
            return null;
        }
        if (bodyFloat != null) {
            head.forward(bodyFloat, T * B, logitsAll);  // y = h·W + b for every step at once, from the float h
        } else if (head != null) {
            bodyAll = refillTall(bodyAll, bodyOut); // the body may hand back other matrices next pass
            if (doubleSoftmax) {
                requireRowLabels(batch);
                head.forward(bodyAll, logitsAll, softmaxRowsDouble);   // y = h·W + b, each thread's rows to softmax
            } else {
                head.forward(bodyAll, logitsAll);         // y = h·W + b for every step at once
            }
        } else {
            for (int t = 0; t < T; t++) {
                logits[t].copyFrom(bodyOut[t]);
            }
        }
        if (direct != null) {
            if (batch.direct() == null) {
                throw new IllegalArgumentException("SequenceModel: this network adds direct sparse features to its "
                        + "scores (directFeatures " + direct.buckets() + "), but the batch has none; tag through a "
                        + "Tagger, or add them with batch.withDirect(new HashedFeatures(" + direct.buckets()
                        + (direct.templates() != rnnlab.data.HashedFeatures.Templates.BASIC ? ", Templates."
                        + direct.templates() : "") + ").batch(sentences, columns, T))");
            }
            direct.forward(batch.direct(), batch.lengths(), logits);   // sᵗ += Σ W[f], in double
        }
        return logits;
    }

    /** True if the last forward pass gave the body its word vectors as floats (see {@link #forward}). */
    private boolean floatInputs;
    /** Those float word vectors, (T·B)×n in time order (re-made when T·B changes). */
    private float[][] xFloat;
    /** ∂L/∂x as doubles, made from the float gradients when {@link #inputGradients()} asks after a float pass. */
    private Matrix[] dInputsFromFloat;

    private float[][] floatWordVectors(Batch batch) {
        int n = batch.ids().length * (batch.ids().length == 0 ? 0 : batch.ids()[0].length);
        if (xFloat == null || xFloat.length != n) {
            xFloat = new float[n][embedding.outputSize()];
        }
        embedding.forwardFloat(batch.ids(), batch.lengths(), xFloat);
        return xFloat;
    }

    /** A (T·B)×cols matrix whose rows ARE the rows of m[0], m[1], … (no copy). */
    private static Matrix tall(Matrix[] m) {
        return refillTall(null, m);
    }

    /** Points the rows of {@code view} at those of m[0..T−1]; makes the view if null or of another height. */
    private static Matrix refillTall(Matrix view, Matrix[] m) {
        int b = m[0].rows;
        if (view == null || view.rows != m.length * b || view.cols != m[0].cols) {
            return Matrix.ofRows(copyRows(new double[m.length * b][], m));
        }
        copyRows(view.data, m);
        return view;
    }

    private static double[][] copyRows(double[][] rows, Matrix[] m) {
        int b = m[0].rows;
        for (int t = 0; t < m.length; t++) {
            System.arraycopy(m[t].data, 0, rows, t * b, b);
        }
        return rows;
    }

    /** Total cross-entropy of the batch (forward only). */
    public double loss(Batch batch) {
        return lossAndMaybeGradient(batch, false);
    }

    /** Zeroes the gradients, then forward and backward; returns the loss. Gradients are in {@link #params()}. */
    public double lossAndGradient(Batch batch) {
        params.zeroGrad();
        return lossAndMaybeGradient(batch, true);
    }

    private double lossAndMaybeGradient(Batch batch, boolean backward) {
        Kernels.holdHelper();   // the second kernel thread stays awake through the step's hand-overs
        try {
            return lossAndMaybeGradientHeld(batch, backward);
        } finally {
            Kernels.releaseHelper();
        }
    }

    private double lossAndMaybeGradientHeld(Batch batch, boolean backward) {
        boolean floats = floatSoftmax(), doubles = !floats && doubleSoftmax();
        if (doubles && batch.labels() == null) {
            throw new IllegalArgumentException("SequenceModel (many-to-many): the batch has no per-step labels");
        }
        Matrix[] out = forward(batch, floats, doubles);
        double loss = 0;
        int[] col = column;
        if (kind == Kind.MANY_TO_ONE) {
            if (batch.classes() == null) {
                throw new IllegalArgumentException("SequenceModel (many-to-one): the batch has no sequence classes");
            }
            loss = SoftmaxCrossEntropy.lossAndGradient(out[0], batch.classes(), lastProbs, dLastLogits);
        } else {
            if (batch.labels() == null) {
                throw new IllegalArgumentException("SequenceModel (many-to-many): the batch has no per-step labels");
            }
            if (crf != null) {
                loss = crf.lossAndGradient(out, batch.lengths(), batch.labels(), backward ? dLogits : null);
            }
            if (floats) {
                loss = floatSoftmaxLoss();
            } else if (doubles) {
                loss = doubleSoftmaxLoss();
            } else if (crf == null) {
                // the steps' softmax and loss, in two halves of the steps on the two kernel threads when large; the
                // per-step losses are then added in step order, so the sum has the bits of the serial loop
                softmaxBatch = batch;
                try {
                    if (T >= 2 && (long) T * B * classes >= SOFTMAX_SPLIT_MIN && Kernels.threads() > 1) {
                        softmaxSplit = T / 2;
                        Kernels.inParallel(softmaxLo, softmaxHi);
                    } else {
                        softmaxSplit = T;
                        softmaxLo.run();
                    }
                } finally {
                    softmaxBatch = null;
                }
                for (int t = 0; t < T; t++) {
                    loss += stepLoss[t];
                }
            }
        }
        if (!backward) {
            return loss;
        }
        if (direct != null) {
            direct.backward(dLogits);                          // ∂W[f] += ∂sᵗ
        }
        if (kind == Kind.MANY_TO_ONE) {
            if (head != null) {
                head.backward(last, dLastLogits, dLast);
            } else {
                dLast.copyFrom(dLastLogits);
            }
            for (Matrix m : dBody) {
                m.zero();
            }
            pooling.backward(body, dLast, batch.lengths(), dBody);
        } else if (bodyFloat != null) {
            // ∂W, ∂b and ∂h of every step at once, ∂h as floats straight into the float body; ∂y is the float
            // softmax's (or, with direct features or a CRF, the double ∂y)
            body.setInputGradientNeeded(inputGradientsNeeded());
            lastDInputs = body.backwardFloat(floats ? head.backwardFromScores(bodyFloat, T * B, true)
                    : head.backward(bodyFloat, T * B, dLogitsAll, true));
            if (floatInputs) {                                  // ∂x as floats straight into the word vectors
                embedding.backwardFloat(body.floatInputGradients());
                inputGradientsSkipped = false;
                dInputsFresh = false;
                return loss;
            }
            return afterBodyBackward(loss);
        } else {
            if (floats) {
                head.backwardFromScores(bodyAll, dBodyAll);    // from the float softmax's ∂y
            } else if (head != null) {
                head.backward(bodyAll, dLogitsAll, dBodyAll);  // ∂W, ∂b and ∂h of every step at once
            } else {
                for (int t = 0; t < T; t++) {
                    dBody[t].copyFrom(dLogits[t]);
                }
            }
        }
        body.setInputGradientNeeded(inputGradientsNeeded());
        lastDInputs = body.backward(outputDropout == null ? dBody : outputDropout.backward(dBody));
        return afterBodyBackward(loss);
    }

    /** ∂x of the body: needed by the look-up tables, else only if asked for ({@link #setInputGradients}). */
    private boolean inputGradientsNeeded() {
        return keepInputGradients || embedding != null || features.length > 0 || trigrams != null;
    }

    /** The input side after the body's backward pass: dropout, word vectors, feature columns, trigrams. */
    private double afterBodyBackward(double loss) {
        inputGradientsSkipped = lastDInputs == null;
        if (inputGradientsSkipped) {
            return loss;                                       // nothing below reads them (no tables)
        }
        if (inputDropout != null) {
            lastDInputs = inputDropout.backward(lastDInputs);
        }
        if (embedding != null) {
            embedding.backward(lastDInputs);                  // reads the first d·(2w+1) columns
        }
        int offset = embedding == null ? 0 : embedding.outputSize();
        for (Embedding f : features) {
            f.backward(lastDInputs, offset);
            offset += f.outputSize();
        }
        if (trigrams != null) {
            trigrams.backward(lastDInputs, offset);
        }
        return loss;
    }

    /** Scores (T·B·classes) from which the softmax of the steps is split between the two kernel threads. */
    private static final long SOFTMAX_SPLIT_MIN = 1L << 14;

    /** The float scores of a float32 loss pass, (T·B)×classes in time order (the output layer's buffer). */
    private float[][] scoresF;
    /** Label and loss of each of the T·B rows of a float32 loss pass (row t·B + b). */
    private int[] rowLabel = new int[0];
    private double[] rowLoss = new double[0];
    /** The softmax of a float32 loss pass, run by the output layer on each thread's rows of scores. */
    private final SoftmaxRows softmaxRows = new SoftmaxRows();

    /** Softmax, loss and ∂y of rows of float scores, with a scratch for each of the two kernel threads. */
    private final class SoftmaxRows implements Dense.ScoreRows {
        private final float[] lanesFirst = new float[rnnlab.core.FloatKernels.LANES_MAX],
                lanesSecond = new float[rnnlab.core.FloatKernels.LANES_MAX];

        @Override
        public void rows(float[][] scores, int r0, int r1, boolean first) {
            SoftmaxCrossEntropy.lossAndGradientFloat(scores, r0, r1, classes, rowLabel, rowLoss,
                    first ? lanesFirst : lanesSecond);
        }
    }

    /**
     * True when the loss of a pass runs as the double softmax on the rows of scores of a double output layer as each
     * thread makes them ({@link Dense#forward(Matrix, Matrix, Dense.Rows)}): many-to-many, no CRF, no direct
     * features (they add to the scores after the output layer).
     */
    private boolean doubleSoftmax() {
        return kind == Kind.MANY_TO_MANY && head != null && head.precision() == rnnlab.core.Precision.DOUBLE
                && crf == null && direct == null;
    }

    /** The double softmax of a loss pass, run by the output layer on each thread's rows of scores. */
    private final Dense.Rows softmaxRowsDouble = this::softmaxRows;

    private void softmaxRows(Matrix y, int r0, int r1, boolean first) {
        SoftmaxCrossEntropy.lossAndGradientRows(y.data, probsAll.data, dLogitsAll.data, r0, r1, classes, rowLabel,
                rowLoss);
    }

    /**
     * The double loss of such a pass: each step's labelled rows added in row order, then the steps in order (the
     * bits of {@link SoftmaxCrossEntropy#lossAndGradient} per step and the sum over steps of the separate pass).
     */
    private double doubleSoftmaxLoss() {
        double loss = 0;
        for (int t = 0; t < T; t++) {
            double step = 0;
            for (int b = 0, r = t * B; b < B; b++, r++) {
                if (rowLabel[r] >= 0) {
                    step += rowLoss[r];
                }
            }
            stepLoss[t] = step;
            loss += step;
        }
        return loss;
    }

    /** The labels of the T·B rows (row t·B + b) of the batch, checked, for the float softmax. */
    private void requireRowLabels(Batch batch) {
        int[][] labels = batch.labels();
        if (labels == null) {
            throw new IllegalArgumentException("SequenceModel (many-to-many): the batch has no per-step labels");
        }
        int n = T * B;
        if (rowLabel.length != n) {
            rowLabel = new int[n];
            rowLoss = new double[n];
        }
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                int y = labels[b][t];
                if (y < -1 || y >= classes) {
                    throw new IllegalArgumentException("SoftmaxCrossEntropy: label " + y + " in row " + b
                            + " is outside 0.." + (classes - 1) + " (or −1 for padding)");
                }
                rowLabel[t * B + b] = y;
            }
        }
    }

    /**
     * The float32 loss of a pass whose output layer ran the softmax on its rows of scores ({@link SoftmaxRows}, in
     * the output layer's two parts on the two kernel threads when large; each row by the same operations either
     * way; ∂y replaced the scores): the sum in double of the rows' losses in row order, so 1 and 2 threads give the
     * same bits.
     */
    private double floatSoftmaxLoss() {
        double loss = 0;
        for (int r = 0, n = T * B; r < n; r++) {
            loss += rowLoss[r];
        }
        return loss;
    }

    /** Softmax, loss and score gradients of the steps t0 … t1−1 (many-to-many, no CRF); {@code col} is scratch. */
    private void softmaxSteps(int t0, int t1, int[] col) {
        int[][] labels = softmaxBatch.labels();
        for (int t = t0; t < t1; t++) {
            for (int b = 0; b < B; b++) {
                col[b] = labels[b][t];
            }
            stepLoss[t] = SoftmaxCrossEntropy.lossAndGradient(logits[t], col, probs[t], dLogits[t]);
        }
    }

    private boolean keepInputGradients = true, inputGradientsSkipped, dInputsFresh;

    /**
     * Whether backward computes ∂L/∂xᵗ of the body's inputs for {@link #inputGradients()} (default true). A model
     * that reads dense input vectors and never asks for them can turn this off: its recurrent layers then skip the
     * product ∂x = δ·Wᵀ over all steps (in the benchmark's C shapes a tenth of a training step's arithmetic, as
     * PyTorch skips it for inputs that do not require a gradient). Parameter gradients are the same either way. Word
     * vectors, feature columns and trigrams always get their gradients.
     */
    public void setInputGradients(boolean keep) {
        keepInputGradients = keep;
    }

    /** ∂L/∂xᵗ of the last backward pass (the body's inputs), B×n per step. */
    public Matrix[] inputGradients() {
        if (inputGradientsSkipped) {
            throw new IllegalStateException("SequenceModel.inputGradients: the last backward pass did not compute"
                    + " them (setInputGradients(false)); call setInputGradients(true), then lossAndGradient(batch)");
        }
        if (floatInputs && !dInputsFresh && body.floatInputGradients() != null) {
            // the last pass kept them in float: convert them (the sum of a bidirectional layer's two directions in
            // double, as it adds them itself)
            float[][][] g = body.floatInputGradients();
            int n = body.inputSize();
            if (dInputsFromFloat == null || dInputsFromFloat.length != T || dInputsFromFloat[0].rows != B) {
                dInputsFromFloat = new Matrix[T];
                for (int t = 0; t < T; t++) {
                    dInputsFromFloat[t] = new Matrix(B, n);
                }
            }
            for (int t = 0; t < T; t++) {
                for (int r = 0; r < B; r++) {
                    double[] d = dInputsFromFloat[t].data[r];
                    float[] a = g[0][t * B + r], b = g.length > 1 ? g[1][t * B + r] : null;
                    for (int j = 0; j < n; j++) {
                        d[j] = b == null ? a[j] : (double) a[j] + (double) b[j];
                    }
                }
            }
            lastDInputs = dInputsFromFloat;
            dInputsFresh = true;
        }
        if (lastDInputs == null) {
            throw new IllegalStateException("SequenceModel.inputGradients: no backward pass yet; call "
                    + "lossAndGradient(batch) first, then read the input gradients");
        }
        return lastDInputs;
    }

    /** Probabilities per step (or one B×K for many-to-one) of the last forward pass. */
    public Matrix[] probabilities(Batch batch) {
        Matrix[] out = forward(batch);
        if (kind == Kind.MANY_TO_ONE) {
            SoftmaxCrossEntropy.softmax(out[0], lastProbs);
            return lastProbsOnly;
        }
        if (crf != null) {
            crf.marginals(out, batch.lengths(), probs); // P(yₜ = k | x) of the whole-sequence model
            return probs;
        }
        for (int t = 0; t < T; t++) {
            SoftmaxCrossEntropy.softmax(out[t], probs[t]);
        }
        return probs;
    }

    /**
     * Runs the model on {@code batch} and returns an immutable {@link Trace} of it: every cell's states and gates
     * and the output probabilities, copied (later passes do not change it; no cast to a cell type needed).
     */
    public Trace trace(Batch batch) {
        Matrix[] p = probabilities(batch);
        return new Trace(body.trace(), p, batch.lengths(), null);
    }

    /** {@link #trace(Batch)} of a batch of one sequence, labelled with its {@code tokens} (one per step). */
    public Trace trace(Batch batch, List<String> tokens) {
        if (batch.size() != 1 || tokens.size() != batch.steps()) {
            throw new IllegalArgumentException("SequenceModel.trace: give a batch of one sequence and one token per "
                    + "step; got " + batch.size() + " sequences of " + batch.steps() + " steps and " + tokens.size()
                    + " tokens");
        }
        return trace(batch).withTokens(tokens);
    }

    /** {@link #trace(Batch)} of one sequence of word ids, labelled with its {@code tokens} (one per id). */
    public Trace trace(int[] ids, List<String> tokens) {
        if (tokens != null && tokens.size() != ids.length) {
            throw new IllegalArgumentException("SequenceModel.trace: " + ids.length + " ids but " + tokens.size()
                    + " tokens");
        }
        Batch b = Batch.ofIds(new int[][] {ids.clone()}, null, null);
        if (trigrams != null && tokens != null) {
            b = b.withTrigrams(rnnlab.layers.TrigramEmbedding.of(List.of(tokens), ids.length));
        }
        if (features.length > 0) {
            throw new IllegalArgumentException("SequenceModel.trace: this network reads " + features.length
                    + " feature column(s) besides the words; trace a Batch that carries them (batch.withFeatures)");
        }
        if (direct != null && tokens != null) {
            b = b.withDirect(new int[][][] {direct.hashing().ids(tokens, List.of())});
        }
        return trace(b).withTokens(tokens);
    }

    /** Most probable class per step: [B][T], −1 at padding (many-to-many); use {@link #classify} for many-to-one. */
    public int[][] predict(Batch batch) {
        Matrix[] out = forward(batch);
        if (crf != null) {
            return crf.decode(out, batch.lengths()); // Viterbi: the best label sequence, not the best label per step
        }
        int[][] pred = new int[B][T];
        for (int b = 0; b < B; b++) {
            int n = batch.lengths() == null ? T : batch.lengths()[b];
            for (int t = 0; t < T; t++) {
                pred[b][t] = t < n ? argmax(out[kind == Kind.MANY_TO_ONE ? 0 : t].data[b]) : -1;
            }
        }
        return pred;
    }

    /** Most probable class per sequence (many-to-one). */
    public int[] classify(Batch batch) {
        Matrix[] out = forward(batch);
        int[] c = new int[B];
        for (int b = 0; b < B; b++) {
            c[b] = argmax(out[0].data[b]);
        }
        return c;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * Checks every gradient numerically on one batch: all parameters, the input vectors of every step (when the
     * batch carries vectors) and the initial states.
     */
    public GradCheckReport gradientCheck(Batch batch, GradCheck.Options options) {
        forward(batch); // creates the initial-state tensors for this batch size
        boolean keep = keepInputGradients;
        keepInputGradients = true;                       // the check compares the input gradients too
        try {
            return GradCheck.checkSequence(params, batch.inputs(), body.initialState(), () -> loss(batch),
                    () -> lossAndGradient(batch), () -> lastDInputs, options);
        } finally {
            keepInputGradients = keep;
        }
    }

    @Override
    public String toString() {
        return "SequenceModel(" + kind + (pooling != null && pooling.kind() != Pooling.LAST ? ", " + pooling : "")
                + ", classes=" + classes + ", params=" + params.count() + ")"
                + (network != null ? "\n  " + network : "")
                + (crf != null ? "\n  " + crf : "")
                + (embedding != null ? "\n  " + embedding : "") + "\n  " + body.toString().replace("\n", "\n  ")
                + (head != null ? "\n  head: " + head : "")
                + (direct != null ? "\n  direct: " + direct : "");
    }
}
