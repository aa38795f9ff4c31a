package rnnlab.train;

import rnnlab.cells.Jordan;
import rnnlab.models.Network;
import rnnlab.models.SequenceModel;

/**
 * The older, positional description of a tagging network, kept so that older notebooks run: a one-liner over
 * {@link Network} ({@link #toNetwork()}), which also holds the cell options this record cannot express. New code
 * uses {@link Network}. The shape of a tagging network: embedding (with an optional context window) → recurrent body → output layer →
 * softmax per word. {@link #build} makes the {@link SequenceModel}; a saved model records these fields and is
 * rebuilt from them.
 * <pre>
 *   x(t) = [E[w(t−window)] ; … ; E[w(t)] ; … ; E[w(t+window)]]     embedding·(2·window+1) values
 *   h(t) = body(x(1..t))      arch, hidden, layers (each bidirectional if asked)
 *   y(t) = softmax(h(t)·Wo + c)
 * </pre>
 * A one-layer unidirectional Jordan tagger stores its output in memory (lecture p.15) and has no separate output
 * layer: yᵗ = softmax(oᵗ) and the memory is the output score vector oᵗ ({@link Jordan.Feedback#SCORES}), not the
 * probabilities. Why: on slot filling "arrive" and "leave" are both labelled O, so a memory of the previous label
 * distribution is the same after either word and the tagger cannot tell a destination from a departure (measured:
 * chunk F1 0.47 with probability feedback against 0.99 with score feedback, same data and settings); the scores
 * keep what the probabilities squash away. Deeper or bidirectional Jordan bodies feed back their layer's scores as
 * {@link Network} builds them, with an output layer on top.
 *
 * @param arch          cell type, or FEEDFORWARD for the memory-less baseline
 * @param bidirectional a forward and a backward layer side by side (not for FEEDFORWARD)
 * @param layers        stacked layers, 1…8
 * @param hidden        hidden units per layer (per direction), 1…4096
 * @param embedding     word-vector size, 1…2048
 * @param window        context words on each side of the current word, 0…10
 * @param seed          seed of the initial weights
 *
 * @deprecated use {@link rnnlab.models.Network} ({@code Network.builder()…build()})
 */
@Deprecated
public record NetworkSettings(Architecture arch, boolean bidirectional, int layers, int hidden, int embedding,
                              int window, long seed) {
    /** Elman, 1 layer, 100 hidden units, 50-dimensional embeddings, no window, seed 42: works without tuning. */
    public static final NetworkSettings DEFAULT = new NetworkSettings(Architecture.ELMAN, false, 1, 100, 50, 0, 42);

    public NetworkSettings {
        if (arch == null) {
            throw new IllegalArgumentException("NetworkSettings: arch must not be null; choose " + Architecture.NAMES);
        }
        check("layers", layers, 1, 8);
        check("hidden", hidden, 1, 4096);
        check("embedding", embedding, 1, 2048);
        check("window", window, 0, 10);
        if (bidirectional && arch == Architecture.FEEDFORWARD) {
            throw new IllegalArgumentException("NetworkSettings: a feedforward layer reads each word on its own and has "
                    + "no direction; drop --bidirectional or choose a recurrent architecture");
        }
    }

    private static void check(String what, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("NetworkSettings: " + what + " must be between " + min + " and " + max
                    + ", got " + v);
        }
    }

    public NetworkSettings withArch(Architecture a) {
        return new NetworkSettings(a, bidirectional && a != Architecture.FEEDFORWARD, layers, hidden, embedding,
                window, seed);
    }

    public NetworkSettings withBidirectional(boolean b) {
        return new NetworkSettings(arch, b, layers, hidden, embedding, window, seed);
    }

    public NetworkSettings withLayers(int n) {
        return new NetworkSettings(arch, bidirectional, n, hidden, embedding, window, seed);
    }

    public NetworkSettings withHidden(int n) {
        return new NetworkSettings(arch, bidirectional, layers, n, embedding, window, seed);
    }

    public NetworkSettings withEmbedding(int n) {
        return new NetworkSettings(arch, bidirectional, layers, hidden, n, window, seed);
    }

    public NetworkSettings withWindow(int n) {
        return new NetworkSettings(arch, bidirectional, layers, hidden, embedding, n, seed);
    }

    public NetworkSettings withSeed(long s) {
        return new NetworkSettings(arch, bidirectional, layers, hidden, embedding, window, s);
    }

    /** The same network as a {@link Network} (vocabulary and classes not set yet). */
    public Network toNetwork() {
        return Network.builder().cell(arch.cell()).bidirectional(bidirectional).layers(layers).hidden(hidden)
                .embedding(embedding).window(window).seed(seed).build();
    }

    /** A fresh, seeded tagging network for {@code vocab} word ids and {@code classes} labels. */
    public SequenceModel build(int vocab, int classes) {
        return toNetwork().toBuilder().vocabulary(vocab).classes(classes).build().model();
    }
}
