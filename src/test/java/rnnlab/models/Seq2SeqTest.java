package rnnlab.models;

import rnnlab.cells.Bidirectional;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import rnnlab.core.GradCheck;
import rnnlab.core.Init;
import rnnlab.data.NumberWords;
import rnnlab.testing.SteadyState;
import rnnlab.train.Adam;
import rnnlab.train.Clipping;

/** Encoder–decoder: exact gradients on the whole grid, teacher forcing, "===", greedy and beam search. */
class Seq2SeqTest {
    static final List<Seq2Seq.Pair> PAIRS = List.of(Seq2Seq.Pair.of("a b c", "x y"), Seq2Seq.Pair.of("b", "y z x"),
            Seq2Seq.Pair.of("c a", "z"));

    /** The cells that can decode (run one step at a time); every cell can encode. */
    static final List<Network.Cell> DECODERS = List.of(Network.Cell.ELMAN, Network.Cell.JORDAN, Network.Cell.LSTM, Network.Cell.GRU,
            Network.Cell.IRNN);

    static Stream<Arguments> grid() {
        List<Arguments> l = new ArrayList<>();
        for (Network.Cell arch : DECODERS) {
            for (boolean bi : new boolean[] {false, true}) {
                for (int att : new int[] {0, 3}) {
                    for (int layers : new int[] {1, 2}) {
                        l.add(Arguments.of(arch, bi, att, layers));
                    }
                }
            }
        }
        return l.stream();
    }

    static Seq2Seq small(Network.Cell arch, boolean bi, int att, int layers) {
        Seq2Seq m = Seq2Seq.create(PAIRS, Seq2Seq.Settings.DEFAULT.withCell(arch).withEmbedding(3).withHidden(3)
                .withLayers(layers).withBidirectionalEncoder(bi).withAttention(att).withSeed(5));
        SplittableRandom rng = new SplittableRandom(9);
        for (var p : m.params()) {
            Init.uniform(p.value, 1.0, rng); // spread the weights so every gradient is well above rounding noise
        }
        return m;
    }

    @ParameterizedTest(name = "{0} bidirectional encoder={1} attention={2} layers={3}")
    @MethodSource("grid")
    void everyGradientMatchesCentredDifferences(Network.Cell arch, boolean bi, int att, int layers) {
        Seq2Seq m = small(arch, bi, att, layers);
        var r = m.gradientCheck(PAIRS, GradCheck.Options.full()); // padded batch: lengths 3,1,2 and 3,4,2
        // every difference double precision can resolve is within 1e-6; a few entries of a 2-layer bidirectional
        // LSTM encoder have gradients near 1e-7 whose last digits are rounding noise (≈ 1e-6 relative), so the
        // strict bound over all entries is 1e-5
        r.assertAccurate(GradCheck.SEQUENCE_TOLERANCE).assertBelow(1e-5);
        assertTrue(r.entries().stream().anyMatch(e -> e.name().startsWith("encoder.")));
        assertEquals(att > 0, r.entries().stream().anyMatch(e -> e.name().startsWith("attention.")));
    }

    /** Clockwork and SCRN decoders (stepped with their clock and slow context): exact gradients, consistent decoding. */
    @Test
    void clockworkAndScrnDecode() {
        for (Network.Cell arch : List.of(Network.Cell.CLOCKWORK, Network.Cell.SCRN)) {
            for (int att : new int[] {0, 3}) {
                for (int layers : new int[] {1, 2}) {
                    Seq2Seq m = Seq2Seq.create(PAIRS, Seq2Seq.Settings.DEFAULT.withEncoder(Network.Cell.GRU)
                            .withDecoder(arch).withEmbedding(3).withHidden(4).withLayers(layers).withAttention(att)
                            .withSeed(5));
                    SplittableRandom rng = new SplittableRandom(9);
                    for (var p : m.params()) {
                        Init.uniform(p.value, 1.0, rng);
                    }
                    m.gradientCheck(PAIRS, GradCheck.Options.full()).assertAccurate(GradCheck.SEQUENCE_TOLERANCE)
                            .assertBelow(1e-5);
                    for (Seq2Seq.Pair p : PAIRS) {
                        Seq2Seq.Decoded g = m.greedy(p.source(), 8), b1 = m.beam(p.source(), 1, 8).get(0);
                        assertEquals(g.tokens(), b1.tokens());
                        assertEquals(g.logProb(), b1.logProb(), 1e-12);
                        if (g.ended()) {                 // stepping scored the output as one teacher-forced pass does
                            assertEquals(-g.logProb(), m.loss(List.of(new Seq2Seq.Pair(p.source(), g.tokens()))),
                                    1e-9, arch + " att=" + att + " layers=" + layers);
                        }
                    }
                }
            }
        }
    }

    /** A decoder that was stepped through as many steps as a teacher-forced pass gives that pass's loss. */
    @Test
    void steppedClockworkDecoderMatchesTeacherForcing() {
        List<Seq2Seq.Pair> data = NumberWords.split(99, 0.8, 1).get(0);
        for (Network.Cell arch : List.of(Network.Cell.CLOCKWORK, Network.Cell.SCRN)) {
            Seq2Seq m = Seq2Seq.create(data, Seq2Seq.Settings.DEFAULT.withEncoder(Network.Cell.GRU).withDecoder(arch)
                    .withHidden(16).withEmbedding(8).withAttention(8));
            m.fit(data, 6, 8, Adam.Settings.DEFAULT, Clipping.norm(5), 3);
            int ended = 0;
            for (Seq2Seq.Pair p : data.subList(0, 20)) {
                Seq2Seq.Decoded g = m.greedy(p.source(), 8);
                if (g.ended()) {
                    ended++;
                    assertEquals(-g.logProb(), m.loss(List.of(new Seq2Seq.Pair(p.source(), g.tokens()))), 1e-9,
                            arch + " " + p);
                }
            }
            assertTrue(ended >= 10, arch + ": " + ended + " of 20 outputs ended with ===");
        }
    }

    @Test
    void everyOtherCellEncodes() {
        for (Network.Cell arch : Network.Cell.recurrent()) {
            if (DECODERS.contains(arch)) {
                continue;
            }
            for (boolean bi : new boolean[] {false, true}) {
                Seq2Seq m = Seq2Seq.create(PAIRS, Seq2Seq.Settings.DEFAULT.withEncoder(arch).withDecoder(Network.Cell.GRU)
                        .withBidirectionalEncoder(bi).withEmbedding(3).withHidden(4).withAttention(2).withSeed(5));
                SplittableRandom rng = new SplittableRandom(9);
                for (var p : m.params()) {
                    Init.uniform(p.value, 1.0, rng);
                }
                m.gradientCheck(PAIRS, GradCheck.Options.full()).assertBelow(GradCheck.SEQUENCE_TOLERANCE);
            }
        }
    }

    @Test
    void mixingCellsEncoderGruDecoderElman() {
        Seq2Seq m = Seq2Seq.create(PAIRS, Seq2Seq.Settings.DEFAULT.withEncoder(Network.Cell.GRU)
                .withDecoder(Network.Cell.ELMAN).withEmbedding(3).withHidden(3).withAttention(2));
        m.gradientCheck(PAIRS, GradCheck.Options.full()).assertBelow(GradCheck.SEQUENCE_TOLERANCE);
    }

    @Test
    void teacherForcingInputsStartWithTheEndSymbolAndOutputsEndWithIt() {
        Seq2Seq m = small(Network.Cell.ELMAN, false, 0, 1);
        var e = m.encode(PAIRS);
        int end = m.targetVocabulary().id(Seq2Seq.END);
        var tv = m.targetVocabulary();
        assertArrayEquals(new int[] {end, tv.id("y"), tv.id("z"), tv.id("x")}, e.decIn()[1]);
        assertArrayEquals(new int[] {tv.id("y"), tv.id("z"), tv.id("x"), end}, e.out()[1]);
        assertArrayEquals(new int[] {tv.id("z"), end, -1, -1}, e.out()[2]);
        assertArrayEquals(new int[] {3, 4, 2}, e.tgtLen());
        Seq2Seq noEnd = Seq2Seq.create(PAIRS, Seq2Seq.Settings.DEFAULT.withEndSymbol(false));
        assertArrayEquals(new int[] {2, 3, 1}, noEnd.encode(PAIRS).tgtLen());
    }

    @Test
    void aSecondTrainingPassAllocatesAlmostNothing() {
        for (int att : new int[] {0, 3}) {
            Seq2Seq m = small(Network.Cell.ELMAN, false, att, 1);
            var e = m.encode(PAIRS);
            m.params().zeroGrad();
            SteadyState.assertAtMost("seq2seq Elman, attention=" + att, AllocationTest.MAX_BYTES, () -> m.pass(e, true));
        }
    }

    @Test
    void learnsNumberWordsGreedyAndBeamAgreeWithWidthOne() {
        List<Seq2Seq.Pair> data = NumberWords.split(99, 0.8, 1).get(0);
        Seq2Seq m = Seq2Seq.create(data, Seq2Seq.Settings.DEFAULT.withCell(Network.Cell.GRU).withHidden(24)
                .withEmbedding(8).withAttention(8));
        double[] hist = m.fit(data, 12, 8, Adam.Settings.DEFAULT, Clipping.norm(5), 3);
        assertTrue(hist[11] < hist[0] / 4, "loss per token fell: " + java.util.Arrays.toString(hist));
        int right = 0;
        for (Seq2Seq.Pair p : data) {
            Seq2Seq.Decoded g = m.greedy(p.source(), 6);
            Seq2Seq.Decoded b1 = m.beam(p.source(), 1, 6).get(0);
            assertEquals(g.tokens(), b1.tokens());
            assertEquals(g.logProb(), b1.logProb(), 1e-12);
            List<Seq2Seq.Decoded> b3 = m.beam(p.source(), 3, 6);
            assertTrue(b3.get(0).logProb() >= g.logProb() - 1e-12 || !g.ended(), "beam finds at least greedy's score");
            for (int k = 1; k < b3.size(); k++) {
                assertTrue(b3.get(k - 1).logProb() >= b3.get(k).logProb(), "best first");
            }
            right += g.tokens().equals(p.target()) ? 1 : 0;
        }
        assertTrue(right > data.size() * 0.8, right + " of " + data.size() + " training numbers right");
        // the model's own log-probability of its output equals the teacher-forced loss of that output
        Seq2Seq.Pair p = data.get(0);
        Seq2Seq.Decoded g = m.greedy(p.source(), 6);
        assertTrue(g.ended());
        assertEquals(-g.logProb(), m.loss(List.of(new Seq2Seq.Pair(p.source(), g.tokens()))), 1e-9);
        double[][] w = m.attentionWeights(p.source(), g.tokens());
        assertEquals(g.tokens().size() + 1, w.length);
        assertEquals(p.source().size(), w[0].length);
        // decoding left the decoder at zero state: training loss is unchanged by decoding
        double before = m.loss(data.subList(0, 1));
        m.beam(data.get(3).source(), 4, 6);
        assertEquals(before, m.loss(data.subList(0, 1)), 0.0);
    }

    @Test
    void withoutTheEndSymbolDecodingNeverStops() {
        List<Seq2Seq.Pair> data = NumberWords.split(30, 0.9, 1).get(0);
        Seq2Seq m = Seq2Seq.create(data, Seq2Seq.Settings.DEFAULT.withEndSymbol(false).withHidden(8));
        m.fit(data, 2, 8, Adam.Settings.DEFAULT, Clipping.norm(5), 3);
        Seq2Seq.Decoded d = m.greedy(NumberWords.words(7), 5);
        assertFalse(d.ended());
        assertEquals(5, d.tokens().size());
    }

    @Test
    void clearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Seq2Seq.Pair.of("", "1"));
        assertTrue(e.getMessage().contains("empty source"));
        e = assertThrows(IllegalArgumentException.class, () -> Seq2Seq.Pair.of("a", "1 ==="));
        assertTrue(e.getMessage().contains("end symbol"));
        e = assertThrows(IllegalArgumentException.class, () -> new Seq2Seq.Settings(Network.Cell.GRU, Network.Cell.GRU, 0, 3,
                1, false, 0, true, 1));
        assertTrue(e.getMessage().contains("embedding"));
        Seq2Seq noAtt = small(Network.Cell.GRU, false, 0, 1);
        assertThrows(IllegalStateException.class, () -> noAtt.attentionWeights(List.of("a"), List.of("x")));
        e = assertThrows(IllegalArgumentException.class, () -> noAtt.beam(List.of("a"), 0, 3));
        assertTrue(e.getMessage().contains("width"));
        e = assertThrows(IllegalArgumentException.class,
                () -> StateCarry.requireSteppable((Bidirectional) Network.builder().cell(Network.Cell.GRU).embedding(0).inputs(2).hidden(2).bidirectional(true).seed(1).build().body(), "decoder"));
        assertTrue(e.getMessage().contains("unidirectional"), e.getMessage());
    }
}
