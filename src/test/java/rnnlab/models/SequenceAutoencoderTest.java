package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import rnnlab.core.GradCheck;
import rnnlab.train.Adam;
import rnnlab.train.Clipping;

/**
 * The sequence auto-encoder (p.52–59): an encoder–decoder whose target is its source. Its gradient is exact, it
 * learns to copy short sequences, its code z is the encoder's, and it refuses the settings that defeat its purpose.
 * (It had no test at all: mutation testing found every line uncovered, docs/testing.md.)
 */
class SequenceAutoencoderTest {
    static final List<List<String>> SEQUENCES = List.of(List.of("a", "b"), List.of("b", "a"), List.of("c"),
            List.of("a", "c", "b"));

    static Seq2Seq.Settings settings() {
        return Seq2Seq.Settings.DEFAULT.withCell(Network.Cell.GRU).withEmbedding(4).withHidden(8).withSeed(3);
    }

    @Test
    void refusesAttentionNoEndSymbolAndNoSequences() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SequenceAutoencoder.create(SEQUENCES, settings().withAttention(2)));
        assertTrue(e.getMessage().startsWith("SequenceAutoencoder: attention must be 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SequenceAutoencoder.create(SEQUENCES, settings().withEndSymbol(false)));
        assertEquals("SequenceAutoencoder: the decoder needs the end symbol to know the length; use "
                + "settings.withEndSymbol(true)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SequenceAutoencoder.create(List.of(), settings()));
        assertEquals("SequenceAutoencoder: no sequences", e.getMessage());
    }

    @Test
    void exactGradientAndTheEncodersCode() {
        SequenceAutoencoder ae = SequenceAutoencoder.create(SEQUENCES, settings());
        ae.gradientCheck(SEQUENCES, GradCheck.Options.full()).assertAccurate(1e-6);
        assertArrayEquals(ae.model().vector(List.of("a", "b")), ae.vector(List.of("a", "b")), 0);
        assertArrayEquals(ae.model().vectors(SEQUENCES)[3], ae.vectors(SEQUENCES)[3], 0);
        assertEquals(8, ae.vector(List.of("c")).length);
        assertTrue(ae.toString().startsWith("SequenceAutoencoder(vector size 8)\n  Seq2Seq("), ae.toString());
    }

    @Test
    void learnsToCopyShortSequences() {
        SequenceAutoencoder ae = SequenceAutoencoder.create(SEQUENCES, settings());
        double before = ae.exactReconstructionRate(SEQUENCES);
        double[] history = ae.fit(SEQUENCES, 150, 4, Adam.Settings.DEFAULT, Clipping.norm(5), 1);
        assertTrue(history[history.length - 1] < history[0] / 5, "the loss per token falls: " + history[0] + " → "
                + history[history.length - 1]);
        assertEquals(1.0, ae.exactReconstructionRate(SEQUENCES), 0, "every sequence copied exactly (before: " + before + ")");
        assertEquals(List.of("a", "c", "b"), ae.reconstruct(List.of("a", "c", "b")));
    }
}
