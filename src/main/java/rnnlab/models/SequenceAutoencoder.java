package rnnlab.models;

import java.util.ArrayList;
import java.util.List;

import rnnlab.train.Clipping;
import rnnlab.train.OptimizerSettings;

/**
 * A sequence-to-sequence auto-encoder (lecture Part II p.52–59): an encoder reads a sequence, a decoder writes the
 * same sequence back from the encoder's last memory z alone, and encoder and decoder are "jointly trained to
 * reconstruct" the input. Then z is "the vector we want": a fixed-length vector for a sequence of any length that
 * keeps its order — "white blood cells destroying an infection" and "an infection destroying white blood cells"
 * have exactly the same bag of words but different vectors (p.52).
 * <pre>
 *   z = Enc(x₁ … x_S)            Dec(z) → x₁ … x_S "==="        L = Σₜ −log p(xₜ)
 * </pre>
 * There is no attention: a decoder that could read the encoder's states would copy them and z would not need to
 * hold the sequence. Compare and plot the vectors with {@link rnnlab.eval.Vectors}.
 */
public final class SequenceAutoencoder {
    private final Seq2Seq model;

    private SequenceAutoencoder(Seq2Seq model) {
        this.model = model;
    }

    /**
     * An auto-encoder for these sequences (their tokens make the vocabulary).
     *
     * @param settings cells and sizes; its attention must be 0
     */
    public static SequenceAutoencoder create(List<? extends List<String>> sequences, Seq2Seq.Settings settings) {
        if (settings.attention() != 0) {
            throw new IllegalArgumentException("SequenceAutoencoder: attention must be 0 (a decoder that reads the "
                    + "encoder's states copies them, and z no longer has to hold the sequence); use "
                    + "settings.withAttention(0)");
        }
        if (!settings.endSymbol()) {
            throw new IllegalArgumentException("SequenceAutoencoder: the decoder needs the end symbol to know the "
                    + "length; use settings.withEndSymbol(true)");
        }
        return new SequenceAutoencoder(Seq2Seq.create(pairs(sequences), settings));
    }

    static List<Seq2Seq.Pair> pairs(List<? extends List<String>> sequences) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("SequenceAutoencoder: no sequences");
        }
        List<Seq2Seq.Pair> p = new ArrayList<>(sequences.size());
        for (List<String> s : sequences) {
            p.add(new Seq2Seq.Pair(s, s));
        }
        return p;
    }

    /** Trains to reconstruct {@code sequences}; returns the mean loss per token of each epoch. */
    public double[] fit(List<? extends List<String>> sequences, int epochs, int batchSize, OptimizerSettings optimizer,
                        Clipping clipping, long seed) {
        return model.fit(pairs(sequences), epochs, batchSize, optimizer, clipping, seed);
    }

    /** The vector z of a sequence. */
    public double[] vector(List<String> sequence) {
        return model.vector(sequence);
    }

    /** z of each sequence, one row each. */
    public double[][] vectors(List<? extends List<String>> sequences) {
        return model.vectors(sequences);
    }

    /** What the decoder writes back from z (greedy, at most 3 tokens longer than the input). */
    public List<String> reconstruct(List<String> sequence) {
        return model.translate(sequence);
    }

    /** Share of the sequences reconstructed exactly. */
    public double exactReconstructionRate(List<? extends List<String>> sequences) {
        int ok = 0;
        for (List<String> s : sequences) {
            ok += reconstruct(s).equals(s) ? 1 : 0;
        }
        return (double) ok / sequences.size();
    }

    /** Checks every gradient numerically on reconstructing these sequences. */
    public rnnlab.core.GradCheckReport gradientCheck(List<? extends List<String>> sequences,
                                                     rnnlab.core.GradCheck.Options options) {
        return model.gradientCheck(pairs(sequences), options);
    }

    /** The encoder–decoder inside (its gradient check, parameters, vocabulary). */
    public Seq2Seq model() {
        return model;
    }

    @Override
    public String toString() {
        return "SequenceAutoencoder(vector size " + model.vectorSize() + ")\n  " + model.toString().replace("\n", "\n  ");
    }
}
