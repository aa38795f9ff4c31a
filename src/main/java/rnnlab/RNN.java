package rnnlab;

import java.util.SplittableRandom;

import rnnlab.cells.Bidirectional;
import rnnlab.cells.Clockwork;
import rnnlab.cells.Elman;
import rnnlab.cells.GRU;
import rnnlab.cells.Jordan;
import rnnlab.cells.LSTM;
import rnnlab.cells.RecurrentLayer;
import rnnlab.cells.SCRN;
import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.models.Network;
import rnnlab.models.SequenceModel;

/**
 * One-line factories for single cells, for jshell and notebooks; whole networks are described by
 * {@link Network}:
 * <pre>
 *   var rnn  = RNN.elman(2, 2, Activation.LINEAR);          // the lecture's toy RNN (p.9)
 *   var cell = RNN.lstm(LSTM.Config.lecture(3, 1));          // the lecture's LSTM cell (p.20)
 *   var tagger = Network.builder().cell(Network.Cell.LSTM).vocabulary(10).embedding(4).hidden(5)
 *           .bidirectional(true).classes(3).seed(42).build().model();
 * </pre>
 * Every factory is seeded ({@link Init#DEFAULT_SEED} unless a seed is given): same seed, same weights. The
 * positional network factories below ({@link #tagger}, {@link #deep}, …) are one-liners over {@link Network}, kept
 * so that older notebooks run; new code uses {@link Network}.
 */
public final class RNN {
    private RNN() {}

    /**
     * The recurrent cell types: the lecture's Elman, Jordan, LSTM and GRU, and the other remedies for vanishing
     * gradients of p.38: IRNN (ReLU Elman with identity recurrent weights), Clockwork RNN and SCRN. The same as
     * {@link Network.Cell} (kept for older code; use that).
     *
     * @deprecated use {@link Network.Cell}
     */
    @Deprecated
    public enum Arch {
        ELMAN, JORDAN, LSTM, GRU, IRNN, CLOCKWORK, SCRN;

        /** The matching {@link Network.Cell}. */
        public Network.Cell cell() {
            return Network.Cell.valueOf(name());
        }

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
        return Network.clockworkModules(hidden);
    }

    /** The number of SCRN context units {@link #layer} uses for {@code hidden} hidden units: ⌈hidden / 2⌉. */
    public static int scrnContext(int hidden) {
        return Network.scrnContext(hidden);
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

    /** A body-only description: {@code layers} layers of {@code arch} reading {@code in}-value vectors. */
    private static Network body(Arch arch, int in, int hidden, int layers, boolean bidirectional, long seed) {
        return Network.builder().cell(arch.cell()).embedding(0).inputs(in).hidden(hidden).layers(layers)
                .bidirectional(bidirectional).seed(seed).build();
    }

    /**
     * One layer of the given type with the default options ({@link #clockworkModules} modules for a Clockwork
     * layer; an SCRN layer outputs its {@code hidden} units and {@link #scrnContext} context units; a Jordan layer
     * feeds back its scores, {@code hidden} values). Use {@code Network.Cell.X.layer(network, in, reverse, rng)}
     * for other options.
     *
     * @deprecated use {@code Network.Cell.X.layer(network, in, reverse, rng)}
     */
    @Deprecated
    public static RecurrentLayer layer(Arch arch, int in, int hidden, boolean reverse, SplittableRandom rng) {
        return arch.cell().layer(body(arch, in, hidden, 1, false, 0), in, reverse, rng);
    }

    /** A forward and a backward layer side by side; {@code Network…bidirectional(true).build().body()}.
     *
     * @deprecated use {@code Network.builder()…bidirectional(true).build().body()} */
    @Deprecated
    public static Bidirectional bidirectional(Arch arch, int in, int hidden, long seed) {
        return (Bidirectional) body(arch, in, hidden, 1, true, seed).body();
    }

    /** {@code layers} layers stacked (each bidirectional if asked); {@code Network…build().body()}.
     *
     * @deprecated use {@code Network.builder()…embedding(0).inputs(n)…build().body()} */
    @Deprecated
    public static RecurrentLayer deep(Arch arch, int in, int hidden, int layers, boolean bidirectional, long seed) {
        return body(arch, in, hidden, layers, bidirectional, seed).body();
    }

    /** A slot-filling tagger (embedding → RNN → output layer → softmax per word); {@code Network…model()}.
     *
     * @deprecated use {@code Network.builder()…build().model()} */
    @Deprecated
    public static SequenceModel tagger(Arch arch, int vocab, int embedding, int hidden, int layers,
                                       boolean bidirectional, int classes, long seed) {
        return model(arch, vocab, embedding, 0, hidden, layers, bidirectional, classes, seed,
                SequenceModel.Kind.MANY_TO_MANY);
    }

    /** A many-to-one classifier (one class per sequence); {@code Network…manyToOne().build().model()}.
     *
     * @deprecated use {@code Network.builder()…manyToOne().build().model()} */
    @Deprecated
    public static SequenceModel classifier(Arch arch, int vocab, int embedding, int hidden, int layers,
                                           boolean bidirectional, int classes, long seed) {
        return model(arch, vocab, embedding, 0, hidden, layers, bidirectional, classes, seed,
                SequenceModel.Kind.MANY_TO_ONE);
    }

    /** The positional form of {@link Network#model()}.
     *
     * @deprecated use {@code Network.builder()…build().model()} */
    @Deprecated
    public static SequenceModel model(Arch arch, int vocab, int embedding, int window, int hidden, int layers,
                                      boolean bidirectional, int classes, long seed, SequenceModel.Kind kind) {
        return Network.builder().cell(arch.cell()).vocabulary(vocab).embedding(embedding).window(window)
                .hidden(hidden).layers(layers).bidirectional(bidirectional).classes(classes).seed(seed).output(kind)
                .build().model();
    }
}
