package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import rnnlab.core.Matrix;

/**
 * The encoder–decoder's parts and its sequence vectors z (the auto-encoder's code, p.52–59): z is the encoder's last
 * state, one per sequence whatever else is in the list; translate is greedy decoding with 3 tokens to spare.
 * Written against the uncovered lines of mutation testing (docs/testing.md).
 */
class Seq2SeqAccessorsTest {
    static final List<Seq2Seq.Pair> PAIRS = List.of(Seq2Seq.Pair.of("a b c", "x y"), Seq2Seq.Pair.of("b", "y z x"),
            Seq2Seq.Pair.of("c a", "z"));

    @Test
    void vectorsAreTheEncodersLastStateOfEachSequence() {
        Seq2Seq m = Seq2Seq.create(PAIRS, Seq2Seq.Settings.DEFAULT.withCell(Network.Cell.GRU).withEmbedding(3)
                .withHidden(4).withSeed(5));
        assertEquals(4, m.vectorSize());
        assertNotNull(m.encoder());
        assertNotNull(m.decoder());
        assertNull(m.attention(), "no attention asked for");
        assertEquals(4, m.settings().hidden());
        List<String> abc = List.of("a", "b", "c"), ca = List.of("c", "a");
        double[] z = m.vector(abc);
        assertEquals(4, z.length);
        // the encoder's own last output for "a b c", read through the public parts
        int[][] ids = {m.sourceVocabulary().ids(abc)};
        Matrix[] h = m.encoder().forward(embedded(m, ids), null);
        assertArrayEquals(h[2].data[0], z, 1e-15, "z = h³ of the encoder");
        double[][] both = m.vectors(List.of(ca, abc));
        assertArrayEquals(z, both[1], 1e-15, "each sequence on its own");
        assertFalse(Arrays.equals(both[0], both[1]), "two sequences, two vectors");
        assertArrayEquals(m.vector(ca), both[0], 1e-15);
        var e = assertThrows(IllegalArgumentException.class, () -> m.vectors(List.of(abc, List.of())));
        assertEquals("Seq2Seq.vectors: sequence 1 is empty", e.getMessage());
        assertEquals(List.of("a", "<other>"), m.sourceTokens(List.of("a", "zzz")));
    }

    static Matrix[] embedded(Seq2Seq m, int[][] ids) {
        // the source embedding is the first parameter block: rebuild its lookup from the values
        Matrix e = m.params().list().get(0).value;
        Matrix[] xs = new Matrix[ids[0].length];
        for (int t = 0; t < xs.length; t++) {
            xs[t] = Matrix.of(e.data[ids[0][t]]);
        }
        return xs;
    }

    @Test
    void translateIsGreedyWithThreeTokensToSpare() {
        Seq2Seq m = Seq2Seq.create(PAIRS, Seq2Seq.Settings.DEFAULT.withCell(Network.Cell.LSTM).withEmbedding(3)
                .withHidden(3).withAttention(2).withSeed(8));
        assertNotNull(m.attention());
        List<String> src = List.of("b", "c");
        assertEquals(m.greedy(src, 5).tokens(), m.translate(src));
        assertTrue(m.translate(src).size() <= 5);
        String s = m.toString();
        assertTrue(s.startsWith("Seq2Seq(" + m.settings() + ", source vocabulary " + m.sourceVocabulary().size()
                + ", target vocabulary " + m.targetVocabulary().size() + ", params=" + m.params().count() + ")\n  encoder: "), s);
        assertTrue(s.contains("\n  decoder: LSTM(") && s.contains("\n  AdditiveAttention(") && s.contains("\n  head: Dense("), s);
    }
}
