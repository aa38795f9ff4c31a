package rnnlab.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import rnnlab.cells.RecurrentLayer;
import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.core.Objective;
import rnnlab.core.Params;
import rnnlab.data.Vocabulary;
import rnnlab.layers.AdditiveAttention;
import rnnlab.layers.Dense;
import rnnlab.layers.Embedding;
import rnnlab.layers.SoftmaxCrossEntropy;
import rnnlab.train.Clipping;
import rnnlab.train.Optimizer;
import rnnlab.train.OptimizerSettings;

/**
 * Sequence to sequence, the lecture's "many to many, no limitation" (Part II p.46–49): an encoder RNN reads the
 * source ("machine learning"); its last memory z "contains all information about the input"; a decoder RNN writes
 * the target one token at a time, reading the token it wrote before (機 器 學 習 …), and stops when it writes the
 * symbol {@value #END} ("斷", the break of p.49; Sutskever et al. 2014). Without that symbol it "doesn't know when
 * to stop" ({@link Settings#withEndSymbol}(false) trains such a model, to see it).
 * <pre>
 *   encoder   hᵢ = Enc(E_src[xᵢ], hᵢ₋₁)            i = 1 … S       any cell, deep, uni- or bidirectional
 *             z  = hₛ (a bidirectional encoder: [h→ₛ ; h←₁])       B×Z     the vector of the sequence
 *   decoder   sₜ = Dec([E_tgt[yₜ₋₁] ; z], sₜ₋₁)    t = 1 … T       y₀ = "===", any left-to-right cell (also
 *                                                                    Clockwork, SCRN), deep
 *   attention cₜ = Σᵢ αₜᵢ hᵢ,  αₜ = softmax(v·tanh(sₜ·Wq + hᵢ·Wk + b))   (optional; {@link AdditiveAttention})
 *   output    pₜ = softmax([sₜ ; cₜ]·Wo + bo)       over the target vocabulary
 *   loss      L = Σₜ −log pₜ[yₜ]                     yₜ the target, y_T = "==="   (teacher forcing: the decoder
 *                                                    reads the true previous token while training)
 * </pre>
 * The context z enters every decoder step as part of its input (Cho et al. 2014), so any recurrent layer can decode
 * without knowing how another cell stores its state. The attention reads with the decoder's state of the same step
 * and its context goes to the output layer (Luong et al. 2015's placement of Bahdanau's additive score): training
 * runs the decoder over the whole target in one pass with exact gradients. Decoding (greedy or beam search) runs the
 * decoder one step at a time ({@link StateCarry}).
 *
 * <p>Parameters: {@code src.E}, {@code encoder.…}, {@code tgt.E}, {@code decoder.…}, {@code attention.…},
 * {@code head.W}, {@code head.b}. A training pass of the same shape allocates nothing once its buffers exist.
 */
public final class Seq2Seq {
    /** The end symbol of p.49 (also read by the decoder as the "previous token" of its first step). */
    public static final String END = "===";

    /** A source sentence and its target. */
    public record Pair(List<String> source, List<String> target) {
        public Pair {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
            if (source.isEmpty()) {
                throw new IllegalArgumentException("Seq2Seq.Pair: empty source; give at least one token");
            }
            if (target.contains(END)) {
                throw new IllegalArgumentException("Seq2Seq.Pair: the target " + target + " contains the end symbol "
                        + END + "; the model adds it itself");
            }
            source = List.copyOf(source);
            target = List.copyOf(target);
        }

        /** A pair of whitespace-separated sentences, e.g. {@code Pair.of("three hundred twelve", "3 1 2")}. */
        public static Pair of(String source, String target) {
            return new Pair(tokens(source), tokens(target));
        }

        private static List<String> tokens(String s) {
            String t = s.strip();
            return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
        }
    }

    /**
     * The network: cells of encoder and decoder, sizes, a bidirectional encoder, attention size (0 = no attention),
     * whether targets end with {@value #END}, and the seed.
     */
    public record Settings(Network.Cell encoder, Network.Cell decoder, int embedding, int hidden, int layers,
                           boolean bidirectionalEncoder, int attention, boolean endSymbol, long seed) {
        /** LSTM encoder and decoder, 16-wide embeddings, 32 hidden units, 1 layer, no attention, "===" on. */
        public static final Settings DEFAULT = new Settings(Network.Cell.LSTM, Network.Cell.LSTM, 16, 32, 1, false, 0,
                true, Init.DEFAULT_SEED);

        public Settings {
            Objects.requireNonNull(encoder, "encoder");
            Objects.requireNonNull(decoder, "decoder");
            if (embedding <= 0 || hidden <= 0 || layers <= 0 || attention < 0) {
                throw new IllegalArgumentException("Seq2Seq.Settings: embedding, hidden and layers must be positive "
                        + "and attention ≥ 0 (0 = none), got embedding=" + embedding + ", hidden=" + hidden
                        + ", layers=" + layers + ", attention=" + attention);
            }
        }

        public Settings withEncoder(Network.Cell a) {
            return new Settings(a, decoder, embedding, hidden, layers, bidirectionalEncoder, attention, endSymbol, seed);
        }

        public Settings withDecoder(Network.Cell a) {
            return new Settings(encoder, a, embedding, hidden, layers, bidirectionalEncoder, attention, endSymbol, seed);
        }

        /** The same cell type for encoder and decoder. */
        public Settings withCell(Network.Cell a) {
            return new Settings(a, a, embedding, hidden, layers, bidirectionalEncoder, attention, endSymbol, seed);
        }

        public Settings withEmbedding(int n) {
            return new Settings(encoder, decoder, n, hidden, layers, bidirectionalEncoder, attention, endSymbol, seed);
        }

        public Settings withHidden(int n) {
            return new Settings(encoder, decoder, embedding, n, layers, bidirectionalEncoder, attention, endSymbol, seed);
        }

        public Settings withLayers(int n) {
            return new Settings(encoder, decoder, embedding, hidden, n, bidirectionalEncoder, attention, endSymbol, seed);
        }

        public Settings withBidirectionalEncoder(boolean b) {
            return new Settings(encoder, decoder, embedding, hidden, layers, b, attention, endSymbol, seed);
        }

        /** Additive attention with a scoring layer of {@code size} units; 0 switches it off. */
        public Settings withAttention(int size) {
            return new Settings(encoder, decoder, embedding, hidden, layers, bidirectionalEncoder, size, endSymbol, seed);
        }

        /** false: targets are trained without the final "===" (the model then cannot know when to stop). */
        public Settings withEndSymbol(boolean b) {
            return new Settings(encoder, decoder, embedding, hidden, layers, bidirectionalEncoder, attention, b, seed);
        }

        public Settings withSeed(long s) {
            return new Settings(encoder, decoder, embedding, hidden, layers, bidirectionalEncoder, attention, endSymbol, s);
        }
    }

    /** A decoded output: its tokens (without "==="), log-probability, and whether it ended with "===". */
    public record Decoded(List<String> tokens, double logProb, boolean ended) {
        @Override
        public String toString() {
            return String.join(" ", tokens) + (ended ? " " + END : " …") + String.format(java.util.Locale.ROOT,
                    "  (log p = %.3f)", logProb);
        }
    }

    private final Settings settings;
    private final Vocabulary source, target;
    private final int endId;
    private final Embedding srcEmb, tgtEmb;
    private final RecurrentLayer encoder, decoder;
    private final AdditiveAttention attention;
    private final Dense head;
    private final Params params = new Params();
    private final int E, Z, Hs, Hd, V;

    // buffers of a training pass, sized for (S, T, B)
    private int S = -1, T = -1, B = -1;
    private Matrix z, dz;
    private Matrix[] decIn, dDec, headIn, dHeadIn, logits, probs, dLogits, dEnc, dTgtEmb, dCtx;
    private int[] column;
    private Matrix[] encOut, decOut, ctx;

    /** A model for these vocabularies (build them with {@link #create}). */
    public Seq2Seq(Vocabulary source, Vocabulary target, Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        if (!target.contains(END)) {
            throw new IllegalArgumentException("Seq2Seq: the target vocabulary has no end symbol " + END
                    + "; build it with Seq2Seq.create or add " + END + " to its tokens");
        }
        endId = target.id(END);
        SplittableRandom rng = new SplittableRandom(settings.seed());
        E = settings.embedding();
        srcEmb = new Embedding(source.size(), E, 0, rng);
        tgtEmb = new Embedding(target.size(), E, 0, rng);
        encoder = body(settings.encoder(), E, settings.bidirectionalEncoder(), rng.nextLong());
        Hs = encoder.outputSize();
        Z = Hs;
        decoder = body(settings.decoder(), E + Z, false, rng.nextLong());
        StateCarry.requireSteppable(decoder, "Seq2Seq decoder");
        Hd = decoder.outputSize();
        attention = settings.attention() > 0 ? new AdditiveAttention(Hs, Hd, settings.attention(), rng) : null;
        V = target.size();
        head = new Dense(Hd + (attention != null ? Hs : 0), V, rng);
        params.addAll("src.", srcEmb.params());
        params.addAll("encoder.", encoder.params());
        params.addAll("tgt.", tgtEmb.params());
        params.addAll("decoder.", decoder.params());
        if (attention != null) {
            params.addAll("attention.", attention.params());
        }
        params.addAll("head.", head.params());
    }

    /** Builds the vocabularies from the pairs (every token kept; "===" added to the target side) and the model. */
    public static Seq2Seq create(List<Pair> pairs, Settings settings) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("Seq2Seq.create: no training pairs");
        }
        List<List<String>> src = new ArrayList<>(), tgt = new ArrayList<>();
        for (Pair p : pairs) {
            src.add(p.source());
            List<String> t = new ArrayList<>(p.target());
            t.add(END);
            tgt.add(t);
        }
        return new Seq2Seq(Vocabulary.build(src, Vocabulary.Settings.DEFAULT),
                Vocabulary.build(tgt, Vocabulary.Settings.DEFAULT), settings);
    }

    public Settings settings() {
        return settings;
    }

    public Params params() {
        return params;
    }

    public Vocabulary sourceVocabulary() {
        return source;
    }

    public Vocabulary targetVocabulary() {
        return target;
    }

    public RecurrentLayer encoder() {
        return encoder;
    }

    public RecurrentLayer decoder() {
        return decoder;
    }

    /** The attention layer, or null when the model has none. */
    public AdditiveAttention attention() {
        return attention;
    }

    /** Size of the sequence vector z. */
    public int vectorSize() {
        return Z;
    }

    // ---- batches ----------------------------------------------------------------------------------------------

    /** Padded ids of a list of pairs: source, decoder input (=== y₁ … yₙ) and output (y₁ … yₙ ===) with masks. */
    record Encoded(int[][] src, int[] srcLen, int[][] decIn, int[][] out, int[] tgtLen) {}

    Encoded encode(List<Pair> pairs) {
        int b = pairs.size();
        if (b == 0) {
            throw new IllegalArgumentException("Seq2Seq: empty batch");
        }
        int s = 0, t = 0;
        for (Pair p : pairs) {
            s = Math.max(s, p.source().size());
            t = Math.max(t, p.target().size() + (settings.endSymbol() ? 1 : 0));
        }
        if (t == 0) {
            throw new IllegalArgumentException("Seq2Seq: every target is empty and the end symbol is off; "
                    + "nothing to predict");
        }
        int[][] src = new int[b][s], in = new int[b][t], out = new int[b][t];
        int[] sl = new int[b], tl = new int[b];
        for (int r = 0; r < b; r++) {
            Pair p = pairs.get(r);
            sl[r] = p.source().size();
            for (int i = 0; i < sl[r]; i++) {
                src[r][i] = source.id(p.source().get(i));
            }
            List<String> y = p.target();
            tl[r] = y.size() + (settings.endSymbol() ? 1 : 0);
            if (tl[r] == 0) {
                throw new IllegalArgumentException("Seq2Seq: pair " + r + " has an empty target and the end symbol "
                        + "is off; nothing to predict");
            }
            Arrays.fill(out[r], -1);
            for (int k = 0; k < tl[r]; k++) {
                in[r][k] = k == 0 ? endId : target.id(y.get(k - 1));
                out[r][k] = k < y.size() ? target.id(y.get(k)) : endId;
            }
        }
        return new Encoded(src, sl, in, out, tl);
    }

    private void ensure(int s, int t, int b) {
        if (s == S && t == T && b == B) {
            return;
        }
        S = s;
        T = t;
        B = b;
        z = new Matrix(B, Z);
        dz = new Matrix(B, Z);
        decIn = Matrix.zeros(T, B, E + Z);
        dDec = Matrix.zeros(T, B, Hd);
        int hin = head.inputSize();
        headIn = Matrix.zeros(T, B, hin);
        dHeadIn = Matrix.zeros(T, B, hin);
        logits = Matrix.zeros(T, B, V);
        probs = Matrix.zeros(T, B, V);
        dLogits = Matrix.zeros(T, B, V);
        dTgtEmb = Matrix.zeros(T, B, E);
        dCtx = attention != null ? Matrix.zeros(T, B, Hs) : null;
        dEnc = Matrix.zeros(S, B, Hs);
        column = new int[B];
    }

    // ---- training pass ------------------------------------------------------------------------------------------

    /** Total cross-entropy of the pairs (teacher forcing), forward only. */
    public double loss(List<Pair> pairs) {
        return pass(encode(pairs), false);
    }

    /** Zeroes the gradients, runs forward and backward; returns the loss. Gradients are in {@link #params()}. */
    public double lossAndGradient(List<Pair> pairs) {
        params.zeroGrad();
        return pass(encode(pairs), true);
    }

    double pass(Encoded e, boolean backward) {
        Matrix[] xs = srcEmb.forward(e.src(), e.srcLen());
        encOut = encoder.forward(xs, e.srcLen());                     // hᵢ
        ensure(e.src()[0].length, e.decIn()[0].length, e.src().length);
        encoder.gatherLast(encOut, e.srcLen(), z);                    // z = the encoder's last memory
        Matrix[] ys = tgtEmb.forward(e.decIn(), e.tgtLen());
        for (int t = 0; t < T; t++) {
            for (int r = 0; r < B; r++) {                              // decoder input [E[yₜ₋₁] ; z]
                System.arraycopy(ys[t].data[r], 0, decIn[t].data[r], 0, E);
                System.arraycopy(z.data[r], 0, decIn[t].data[r], E, Z);
            }
        }
        decOut = decoder.forward(decIn, e.tgtLen());                  // sₜ
        ctx = attention != null ? attention.forward(decOut, encOut, e.srcLen()) : null; // cₜ
        double loss = 0;
        for (int t = 0; t < T; t++) {
            for (int r = 0; r < B; r++) {                              // [sₜ ; cₜ]
                System.arraycopy(decOut[t].data[r], 0, headIn[t].data[r], 0, Hd);
                if (ctx != null) {
                    System.arraycopy(ctx[t].data[r], 0, headIn[t].data[r], Hd, Hs);
                }
                column[r] = e.out()[r][t];
            }
            head.forward(headIn[t], logits[t]);
            loss += SoftmaxCrossEntropy.lossAndGradient(logits[t], column, probs[t], backward ? dLogits[t] : null);
        }
        if (!backward) {
            return loss;
        }
        for (int t = 0; t < T; t++) {
            head.backward(headIn[t], dLogits[t], dHeadIn[t]);
            for (int r = 0; r < B; r++) {
                System.arraycopy(dHeadIn[t].data[r], 0, dDec[t].data[r], 0, Hd);
                if (ctx != null) {
                    System.arraycopy(dHeadIn[t].data[r], Hd, dCtx[t].data[r], 0, Hs);
                }
            }
        }
        if (attention != null) {
            attention.backward(dCtx);
            Matrix[] dq = attention.queryGradients();
            for (int t = 0; t < T; t++) {
                add(dDec[t], dq[t]);
            }
        }
        Matrix[] dDecIn = decoder.backward(dDec);
        dz.zero();
        for (int t = 0; t < T; t++) {
            for (int r = 0; r < B; r++) {
                double[] d = dDecIn[t].data[r], g = dz.data[r];
                System.arraycopy(d, 0, dTgtEmb[t].data[r], 0, E);
                for (int j = 0; j < Z; j++) {
                    g[j] += d[E + j];                                   // z is read at every step
                }
            }
        }
        tgtEmb.backward(dTgtEmb);
        for (Matrix m : dEnc) {
            m.zero();
        }
        encoder.scatterLast(dz, e.srcLen(), dEnc);
        if (attention != null) {
            Matrix[] dk = attention.keyGradients();
            for (int i = 0; i < S; i++) {
                add(dEnc[i], dk[i]);
            }
        }
        srcEmb.backward(encoder.backward(dEnc));
        return loss;
    }

    private static void add(Matrix into, Matrix m) {
        for (int r = 0; r < into.rows; r++) {
            double[] a = into.data[r], b = m.data[r];
            for (int j = 0; j < a.length; j++) {
                a[j] += b[j];
            }
        }
    }

    /** Checks every parameter's gradient numerically on these pairs. */
    public GradCheckReport gradientCheck(List<Pair> pairs, GradCheck.Options options) {
        Encoded e = encode(pairs);
        Objective objective = new Objective() {
            @Override
            public double loss() {
                return pass(e, false);
            }

            @Override
            public double gradients() {
                params.zeroGrad();
                return pass(e, true);
            }
        };
        return GradCheck.check(objective, params.list(), options);
    }

    /**
     * Trains with teacher forcing: {@code epochs} passes over the pairs in seeded random order, mini-batches of
     * {@code batchSize}, gradient clipping, one optimiser step per batch. Returns the mean loss per target token of
     * each epoch.
     */
    public double[] fit(List<Pair> pairs, int epochs, int batchSize, OptimizerSettings optimizer, Clipping clipping,
                        long seed) {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("Seq2Seq.fit: epochs and batch size must be ≥ 1, got " + epochs
                    + ", " + batchSize);
        }
        Optimizer opt = optimizer.create();
        SplittableRandom rng = new SplittableRandom(seed);
        List<Pair> order = new ArrayList<>(pairs);
        double[] history = new double[epochs];
        for (int ep = 0; ep < epochs; ep++) {
            for (int i = order.size() - 1; i > 0; i--) {
                java.util.Collections.swap(order, i, rng.nextInt(i + 1));
            }
            double sum = 0;
            long tokens = 0;
            for (int from = 0; from < order.size(); from += batchSize) {
                List<Pair> batch = order.subList(from, Math.min(order.size(), from + batchSize));
                double l = lossAndGradient(batch);
                if (!Double.isFinite(l)) {
                    throw new IllegalStateException("Seq2Seq.fit: the loss became " + l + " in epoch " + (ep + 1)
                            + "; lower the learning rate or clip the gradient");
                }
                clipping.apply(params);
                opt.step(params);
                sum += l;
                for (Pair p : batch) {
                    tokens += p.target().size() + (settings.endSymbol() ? 1 : 0);
                }
            }
            history[ep] = sum / tokens;
        }
        return history;
    }

    // ---- vectors --------------------------------------------------------------------------------------------------

    /** The encoder's vector z of one sequence (the sequence auto-encoder's code, p.52–59). */
    public double[] vector(List<String> sourceTokens) {
        return vectors(List.of(sourceTokens))[0];
    }

    /** z of each sequence, one row each. */
    public double[][] vectors(List<? extends List<String>> sequences) {
        double[][] out = new double[sequences.size()][];
        for (int k = 0; k < sequences.size(); k++) {
            List<String> s = sequences.get(k);
            if (s.isEmpty()) {
                throw new IllegalArgumentException("Seq2Seq.vectors: sequence " + k + " is empty");
            }
            int[][] ids = {source.ids(s)};
            Matrix[] h = encoder.forward(srcEmb.forward(ids, null), null);
            Matrix zz = new Matrix(1, Z);
            encoder.gatherLast(h, null, zz);
            out[k] = zz.data[0];
        }
        return out;
    }

    // ---- decoding ---------------------------------------------------------------------------------------------

    /** The encoder's states of one source, copied (they are the keys of attention while decoding). */
    private Matrix[] encodeOne(List<String> src, Matrix zOut) {
        if (src.isEmpty()) {
            throw new IllegalArgumentException("Seq2Seq: empty source; give at least one token");
        }
        int[][] ids = {source.ids(src)};
        Matrix[] h = encoder.forward(srcEmb.forward(ids, null), null);
        encoder.gatherLast(h, null, zOut);
        Matrix[] keys = new Matrix[h.length];
        for (int i = 0; i < h.length; i++) {
            keys[i] = h[i].copy();
        }
        return keys;
    }

    /**
     * One decoder step for R hypotheses: their previous tokens and states in, log-probabilities of the next token
     * (R×V) out; {@code states} is replaced by the new states.
     */
    private Matrix step(int[] prev, List<Matrix>[] states, Matrix zz, Matrix[] keys) {
        int R = prev.length;
        StateCarry.write(decoder, states[0]);
        Matrix x = new Matrix(R, E + Z);
        for (int r = 0; r < R; r++) {
            System.arraycopy(tgtEmb.E.value.data[prev[r]], 0, x.data[r], 0, E);
            System.arraycopy(zz.data[0], 0, x.data[r], E, Z);
        }
        Matrix s = decoder.forward(new Matrix[] {x}, null)[0];
        states[0] = StateCarry.read(decoder, 0);
        Matrix in = new Matrix(R, head.inputSize());
        for (int r = 0; r < R; r++) {
            System.arraycopy(s.data[r], 0, in.data[r], 0, Hd);
        }
        if (attention != null) {
            Matrix[] keysR = new Matrix[keys.length];
            for (int i = 0; i < keys.length; i++) {
                keysR[i] = new Matrix(R, Hs);
                for (int r = 0; r < R; r++) {
                    System.arraycopy(keys[i].data[0], 0, keysR[i].data[r], 0, Hs);
                }
            }
            Matrix c = attention.forward(new Matrix[] {s}, keysR, null)[0];
            for (int r = 0; r < R; r++) {
                System.arraycopy(c.data[r], 0, in.data[r], Hd, Hs);
            }
        }
        Matrix lg = new Matrix(R, V);
        head.forward(in, lg);
        for (int r = 0; r < R; r++) {
            double[] row = lg.data[r];
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (double v : row) {
                max = Math.max(max, v);
            }
            for (double v : row) {
                sum += Math.exp(v - max);
            }
            double log = max + Math.log(sum);
            for (int k = 0; k < V; k++) {
                row[k] -= log;                                        // log softmax
            }
        }
        return lg;
    }

    /** Greedy decoding: at each step the most probable token, until "===" or {@code maxLength} tokens. */
    public Decoded greedy(List<String> src, int maxLength) {
        return beam(src, 1, maxLength).get(0);
    }

    /** {@link #greedy} with at most 3 tokens more than the source has, as a list of tokens. */
    public List<String> translate(List<String> src) {
        return greedy(src, src.size() + 3).tokens();
    }

    /**
     * Beam search: keeps the {@code width} most probable partial outputs at each step (width 1 is greedy decoding);
     * an output is complete when it writes "===". Returns up to {@code width} outputs, most probable first
     * (complete ones before any cut at {@code maxLength}). Deterministic: ties go to the lower token id.
     */
    public List<Decoded> beam(List<String> src, int width, int maxLength) {
        if (width < 1 || maxLength < 1) {
            throw new IllegalArgumentException("Seq2Seq.beam: width and maxLength must be ≥ 1, got width=" + width
                    + ", maxLength=" + maxLength);
        }
        Matrix zz = new Matrix(1, Z);
        Matrix[] keys = encodeOne(src, zz);
        record Hyp(int[] tokens, double logp, int row) {}
        List<Hyp> alive = new ArrayList<>(List.of(new Hyp(new int[0], 0, 0)));
        List<Decoded> finished = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Matrix>[] states = new List[] {StateCarry.zeros(decoder, 1)};
        try {
            for (int step = 0; step < maxLength && !alive.isEmpty(); step++) {
                int[] prev = new int[alive.size()];
                for (int r = 0; r < prev.length; r++) {
                    Hyp h = alive.get(r);
                    prev[r] = h.tokens().length == 0 ? endId : h.tokens()[h.tokens().length - 1];
                }
                Matrix logp = step(prev, states, zz, keys);
                List<Hyp> cand = new ArrayList<>();
                for (int r = 0; r < alive.size(); r++) {
                    for (int k = 0; k < V; k++) {
                        if (k == Vocabulary.PAD_ID || (k == endId && !settings.endSymbol())) {
                            continue;
                        }
                        int[] tk = Arrays.copyOf(alive.get(r).tokens(), alive.get(r).tokens().length + 1);
                        tk[tk.length - 1] = k;
                        cand.add(new Hyp(tk, alive.get(r).logp() + logp.data[r][k], r));
                    }
                }
                cand.sort(Comparator.comparingDouble((Hyp h) -> -h.logp()));
                List<Hyp> next = new ArrayList<>();
                int want = width - finished.size();                    // the beam shrinks as outputs complete
                for (Hyp h : cand.subList(0, Math.min(want, cand.size()))) {
                    int last = h.tokens()[h.tokens().length - 1];
                    if (last == endId) {
                        finished.add(decoded(Arrays.copyOf(h.tokens(), h.tokens().length - 1), h.logp(), true));
                    } else {
                        next.add(h);
                    }
                }
                int[] parents = new int[next.size()];
                for (int r = 0; r < next.size(); r++) {
                    parents[r] = next.get(r).row();
                    next.set(r, new Hyp(next.get(r).tokens(), next.get(r).logp(), r));
                }
                alive = next;
                if (!alive.isEmpty()) {
                    states[0] = StateCarry.selectRows(states[0], parents);
                }
            }
        } finally {
            StateCarry.write(decoder, StateCarry.zeros(decoder, 1)); // training starts from zero states again
        }
        finished.sort(Comparator.comparingDouble((Decoded d) -> -d.logProb()));
        List<Decoded> out = new ArrayList<>(finished);
        for (Hyp h : alive) {
            if (out.size() >= width) {
                break;
            }
            out.add(decoded(h.tokens(), h.logp(), false));
        }
        return out.subList(0, Math.min(width, out.size()));
    }

    private Decoded decoded(int[] ids, double logp, boolean ended) {
        return new Decoded(target.tokens(ids), logp, ended);
    }

    /**
     * Attention weights when the model writes {@code output} for {@code src} (teacher forcing, so for the model's own
     * greedy output they are the weights it used): one row per output step (the tokens, then "==="), one column per
     * source token. Needs attention.
     */
    public double[][] attentionWeights(List<String> src, List<String> output) {
        if (attention == null) {
            throw new IllegalStateException("Seq2Seq: this model has no attention; build it with "
                    + "Settings.withAttention(size)");
        }
        Encoded e = encode(List.of(new Pair(src, output)));
        pass(e, false);
        return attention.weightsOf(0);
    }

    /** The tokens the model reads from the source, as the source vocabulary sees them (unknown → "&lt;other&gt;"). */
    public List<String> sourceTokens(List<String> src) {
        return source.tokens(source.ids(src));
    }

    @Override
    public String toString() {
        return "Seq2Seq(" + settings + ", source vocabulary " + source.size() + ", target vocabulary " + V
                + ", params=" + params.count() + ")\n  encoder: " + encoder.toString().replace("\n", "\n  ")
                + "\n  decoder: " + decoder.toString().replace("\n", "\n  ")
                + (attention != null ? "\n  " + attention : "") + "\n  head: " + head;
    }

    /** The encoder's or decoder's layers: {@code settings.layers()} layers of {@code cell} reading {@code in} values. */
    private RecurrentLayer body(Network.Cell cell, int in, boolean bidirectional, long seed) {
        return Network.builder().cell(cell).embedding(0).inputs(in).hidden(settings.hidden())
                .layers(settings.layers()).bidirectional(bidirectional).seed(seed).build().body();
    }
}
