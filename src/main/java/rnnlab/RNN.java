package rnnlab;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import rnnlab.cells.Bidirectional;
import rnnlab.cells.Clockwork;
import rnnlab.cells.Elman;
import rnnlab.cells.GRU;
import rnnlab.cells.Jordan;
import rnnlab.cells.LSTM;
import rnnlab.cells.RecurrentLayer;
import rnnlab.cells.SCRN;
import rnnlab.cells.Stacked;
import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.layers.Dense;
import rnnlab.layers.Embedding;
import rnnlab.models.SequenceModel;

/**
 * One-line factories for the common networks, for jshell and notebooks:
 * <pre>
 *   var rnn  = RNN.elman(2, 2, Activation.LINEAR);          // the lecture's toy RNN (p.9)
 *   var cell = RNN.lstm(LSTM.Config.lecture(3, 1));          // the lecture's LSTM cell (p.20)
 *   var deep = RNN.deep(RNN.Arch.LSTM, 100, 64, 2, true, 1); // 2-layer bidirectional LSTM
 *   var tagger = RNN.tagger(RNN.Arch.ELMAN, 600, 50, 100, 1, false, 127, 1);
 * </pre>
 * Every factory is seeded ({@link Init#DEFAULT_SEED} unless a seed is given): same seed, same weights.
 */
public final class RNN {
    private RNN() {}

    /**
     * The recurrent cell types: the lecture's Elman, Jordan, LSTM and GRU, and the other remedies for vanishing
     * gradients of p.38: IRNN (ReLU Elman with identity recurrent weights), Clockwork RNN and SCRN.
     */
    public enum Arch {
        ELMAN, JORDAN, LSTM, GRU, IRNN, CLOCKWORK, SCRN;

        /** Parses a name such as "elman", "lstm" or "clockwork" (any case). */
        public static Arch parse(String s) {
            for (Arch a : values()) {
                if (a.name().equalsIgnoreCase(s.trim())) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown architecture '" + s
                    + "'; choose elman, jordan, lstm, gru, irnn, clockwork or scrn");
        }
    }

    /** An IRNN layer (Le, Jaitly, Hinton 2015): ReLU Elman with Wh = I and b = 0 at the start. */
    public static Elman irnn(int in, int hidden) {
        return Elman.irnn(in, hidden, false, new SplittableRandom(Init.DEFAULT_SEED));
    }

    /** A Clockwork RNN layer with {@code modules} modules of periods 1, 2, 4, … (hidden must be a multiple). */
    public static Clockwork clockwork(int in, int hidden, int modules) {
        return new Clockwork(in, hidden, modules, false, new SplittableRandom(Init.DEFAULT_SEED));
    }

    /** An SCRN layer with {@code context} slow context units (α = 0.95); outputs hidden + context values. */
    public static SCRN scrn(int in, int hidden, int context) {
        return new SCRN(in, hidden, context, false, new SplittableRandom(Init.DEFAULT_SEED));
    }

    /** The number of Clockwork modules {@link #layer} uses for {@code hidden} units: the largest of 4, 2, 1 dividing it. */
    public static int clockworkModules(int hidden) {
        return hidden % 4 == 0 ? 4 : hidden % 2 == 0 ? 2 : 1;
    }

    /** The number of SCRN context units {@link #layer} uses for {@code hidden} hidden units: ⌈hidden / 2⌉. */
    public static int scrnContext(int hidden) {
        return (hidden + 1) / 2;
    }

    /** An Elman layer with tanh units. */
    public static Elman elman(int in, int hidden) {
        return new Elman(in, hidden);
    }

    /** An Elman layer with the given activation (LINEAR for the lecture's toy example). */
    public static Elman elman(int in, int hidden, Activation activation) {
        return new Elman(in, hidden, activation, false, new SplittableRandom(Init.DEFAULT_SEED));
    }

    /** A Jordan layer: memory is the previous output (K = {@code out} values, fed back as probabilities). */
    public static Jordan jordan(int in, int hidden, int out) {
        return new Jordan(in, hidden, out);
    }

    /** A usual LSTM layer (tanh, sigmoid gates, forget bias 1). */
    public static LSTM lstm(int in, int hidden) {
        return new LSTM(in, hidden);
    }

    /** An LSTM layer with the given settings, e.g. {@code LSTM.Config.lecture(3, 1)}. */
    public static LSTM lstm(LSTM.Config config) {
        return new LSTM(config, false, new SplittableRandom(Init.DEFAULT_SEED));
    }

    /** A GRU layer. */
    public static GRU gru(int in, int hidden) {
        return new GRU(in, hidden);
    }

    /**
     * One layer of the given type ({@link #clockworkModules} modules for a Clockwork layer; an SCRN layer outputs
     * its {@code hidden} units and {@link #scrnContext} context units). A Jordan layer built here is a hidden layer whose output has no target of its
     * own, so it feeds back its scores ({@link Jordan.Feedback#SCORES}, {@code hidden} values).
     */
    public static RecurrentLayer layer(Arch arch, int in, int hidden, boolean reverse, SplittableRandom rng) {
        return switch (arch) {
            case ELMAN -> new Elman(in, hidden, Activation.TANH, reverse, rng);
            case JORDAN -> new Jordan(in, hidden, hidden, Activation.TANH, Jordan.Feedback.SCORES, reverse, rng);
            case LSTM -> new LSTM(rnnlab.cells.LSTM.Config.of(in, hidden), reverse, rng);
            case GRU -> new GRU(in, hidden, reverse, rng);
            case IRNN -> Elman.irnn(in, hidden, reverse, rng);
            case CLOCKWORK -> new Clockwork(in, hidden, clockworkModules(hidden), reverse, rng);
            case SCRN -> new SCRN(in, hidden, scrnContext(hidden), reverse, rng);
        };
    }

    /** A forward and a backward layer side by side (outputs 2·hidden values per step). */
    public static Bidirectional bidirectional(Arch arch, int in, int hidden, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new Bidirectional(layer(arch, in, hidden, false, rng), layer(arch, in, hidden, true, rng));
    }

    /** {@code layers} layers stacked (each bidirectional if asked); one layer is returned as is. */
    public static RecurrentLayer deep(Arch arch, int in, int hidden, int layers, boolean bidirectional, long seed) {
        if (layers < 1) {
            throw new IllegalArgumentException("RNN.deep: need at least 1 layer, got " + layers);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<RecurrentLayer> list = new ArrayList<>();
        int width = in;
        for (int i = 0; i < layers; i++) {
            RecurrentLayer l = bidirectional
                    ? new Bidirectional(layer(arch, width, hidden, false, rng), layer(arch, width, hidden, true, rng))
                    : layer(arch, width, hidden, false, rng);
            list.add(l);
            width = l.outputSize();
        }
        return layers == 1 ? list.get(0) : new Stacked(list);
    }

    /**
     * A slot-filling tagger: embedding → RNN → output layer → softmax per word. A one-layer unidirectional Jordan
     * tagger feeds back its real output (the K = classes scores, see docs/design-notes.md "Jordan memory"), with no
     * separate output layer.
     */
    public static SequenceModel tagger(Arch arch, int vocab, int embedding, int hidden, int layers,
                                       boolean bidirectional, int classes, long seed) {
        return model(arch, vocab, embedding, 0, hidden, layers, bidirectional, classes, seed,
                SequenceModel.Kind.MANY_TO_MANY);
    }

    /** A many-to-one classifier (one class per sequence, e.g. sentiment). */
    public static SequenceModel classifier(Arch arch, int vocab, int embedding, int hidden, int layers,
                                           boolean bidirectional, int classes, long seed) {
        return model(arch, vocab, embedding, 0, hidden, layers, bidirectional, classes, seed,
                SequenceModel.Kind.MANY_TO_ONE);
    }

    /** The general builder behind {@link #tagger} and {@link #classifier}, with a context window. */
    public static SequenceModel model(Arch arch, int vocab, int embedding, int window, int hidden, int layers,
                                      boolean bidirectional, int classes, long seed, SequenceModel.Kind kind) {
        SplittableRandom rng = new SplittableRandom(seed);
        Embedding emb = new Embedding(vocab, embedding, window, rng);
        if (arch == Arch.JORDAN && layers == 1 && !bidirectional && kind == SequenceModel.Kind.MANY_TO_MANY) {
            Jordan j = new Jordan(emb.outputSize(), hidden, classes, Activation.TANH, Jordan.Feedback.SCORES,
                    false, rng);
            return new SequenceModel(emb, j, null, kind);
        }
        RecurrentLayer body = deep(arch, emb.outputSize(), hidden, layers, bidirectional, rng.nextLong());
        Dense head = new Dense(body.outputSize(), classes, rng);
        return new SequenceModel(emb, body, head, kind);
    }
}
