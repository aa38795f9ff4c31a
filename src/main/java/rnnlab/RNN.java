package rnnlab;

import java.util.SplittableRandom;

import rnnlab.cells.Clockwork;
import rnnlab.cells.Elman;
import rnnlab.cells.GRU;
import rnnlab.cells.Jordan;
import rnnlab.cells.LSTM;
import rnnlab.cells.SCRN;
import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.models.Network;

/**
 * One-line factories for single cells, for jshell and notebooks; whole networks are described by
 * {@link Network}:
 * <pre>
 *   var rnn  = RNN.elman(2, 2, Activation.LINEAR);          // the lecture's toy RNN (p.9)
 *   var cell = RNN.lstm(LSTM.Config.lecture(3, 1));          // the lecture's LSTM cell (p.20)
 *   var tagger = Network.builder().cell(Network.Cell.LSTM).vocabulary(10).embedding(4).hidden(5)
 *           .bidirectional(true).classes(3).seed(42).build().model();
 * </pre>
 * Every factory is seeded ({@link Init#DEFAULT_SEED}): same seed, same weights. Layers with other options:
 * {@code Network.Cell.X.layer(network, in, reverse, rng)}.
 */
public final class RNN {
    private RNN() {}

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

    /** The number of Clockwork modules {@link Network} uses for {@code hidden} units: the largest of 4, 2, 1 dividing it. */
    public static int clockworkModules(int hidden) {
        return Network.clockworkModules(hidden);
    }

    /** The number of SCRN context units {@link Network} uses for {@code hidden} hidden units: ⌈hidden / 2⌉. */
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
}
