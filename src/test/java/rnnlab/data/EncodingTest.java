package rnnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** 1-of-N, letter trigrams and context windows, with the lecture's examples (p.4–5). */
class EncodingTest {
    private static final List<String> LEXICON = List.of("apple", "bag", "cat", "dog", "elephant");

    @Test
    void oneHotLectureLexicon() {
        OneHot h = OneHot.of(LEXICON);
        assertEquals(5, h.dimension());
        assertArrayEquals(new double[] {1, 0, 0, 0, 0}, h.encode("apple"));
        assertArrayEquals(new double[] {0, 1, 0, 0, 0}, h.encode("bag"));
        assertArrayEquals(new double[] {0, 0, 1, 0, 0}, h.encode("cat"));
        assertArrayEquals(new double[] {0, 0, 0, 1, 0}, h.encode("dog"));
        assertArrayEquals(new double[] {0, 0, 0, 0, 1}, h.encode("elephant"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.encode("Gandalf"));
        assertTrue(e.getMessage().contains("Gandalf") && e.getMessage().contains("withOther"), e.getMessage());
    }

    @Test
    void oneHotOtherDimension() {
        OneHot h = OneHot.withOther(LEXICON);
        assertEquals(6, h.dimension());
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0}, h.encode("apple"));
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1}, h.encode("Gandalf"));
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1}, h.encode("Sauron"));
        assertEquals("<other>", h.word(5));
    }

    @Test
    void oneHotOverVocabularyUsesIdsAndPadIsZero() {
        Vocabulary v = Vocabulary.build(List.of(List.of("arrive", "Taipei", "Taipei")), Vocabulary.Settings.DEFAULT);
        OneHot h = OneHot.of(v);
        assertEquals(4, h.dimension());
        assertArrayEquals(new double[] {0, 0, 1, 0}, h.encode("Taipei"));
        assertArrayEquals(new double[] {0, 1, 0, 0}, h.encode("Gandalf"));
        assertArrayEquals(new double[] {0, 0, 0, 0}, h.encodeId(Vocabulary.PAD_ID));
        assertArrayEquals(new double[] {0, 0, 0, 1}, h.encodeId(3));
    }

    @Test
    void appleHasTheThreeTrigramsOfTheSlide() {
        int[] idx = LetterTrigrams.indices("apple");
        // a=0, p=15, l=11, e=4:  app = (0*26+15)*26+15, ppl = (15*26+15)*26+11, ple = (15*26+11)*26+4
        int app = (0 * 26 + 15) * 26 + 15;
        int ppl = (15 * 26 + 15) * 26 + 11;
        int ple = (15 * 26 + 11) * 26 + 4;
        int[] expected = {app, ppl, ple};
        Arrays.sort(expected);
        assertArrayEquals(expected, idx);
        double[] v = new LetterTrigrams().encode("apple");
        assertEquals(17_576, v.length);
        assertEquals(3.0, Arrays.stream(v).sum());
        assertEquals(1.0, v[LetterTrigrams.index("app")]);
        assertEquals(1.0, v[LetterTrigrams.index("ppl")]);
        assertEquals(1.0, v[LetterTrigrams.index("ple")]);
        assertEquals(List.of("app", "ple", "ppl"), List.of(LetterTrigrams.trigrams("Apple")));
    }

    @Test
    void trigramIndexRoundTrips() {
        for (int i = 0; i < LetterTrigrams.DIMENSION; i++) {
            assertEquals(i, LetterTrigrams.index(LetterTrigrams.trigram(i)));
        }
        assertEquals(26 * 26 * 26, LetterTrigrams.DIMENSION);
    }

    @Test
    void trigramsOfShortWordsAndNonLetters() {
        assertEquals(0, LetterTrigrams.indices("to").length);
        assertEquals(0, LetterTrigrams.indices("I").length);
        assertEquals(0, LetterTrigrams.indices("2nd").length);
        assertEquals(List.of("clo", "loc", "ock"), List.of(LetterTrigrams.trigrams("o'clock")),
                "the apostrophe splits the word: no trigram spans it");
        assertEquals(List.of("cit", "ity"), List.of(LetterTrigrams.trigrams("city-2")));
        assertEquals(3, LetterTrigrams.indices("banana").length, "ban, ana, nan: repeated 'ana' counts once");
        assertEquals(1.0, new LetterTrigrams().encode("banana")[LetterTrigrams.index("ana")]);
        assertThrows(IllegalArgumentException.class, () -> LetterTrigrams.index("a1c"));
    }

    @Test
    void contextWindowIdsPadAtTheEdges() {
        ContextWindow w = new ContextWindow(1);
        assertEquals(3, w.size());
        int[][] win = w.ids(new int[] {7, 8, 9});
        assertArrayEquals(new int[] {0, 7, 8}, win[0]);
        assertArrayEquals(new int[] {7, 8, 9}, win[1]);
        assertArrayEquals(new int[] {8, 9, 0}, win[2]);
        assertEquals(List.of("<pad>", "arrive", "Taipei"), w.words(List.of("arrive", "Taipei", "on"), 0));
        assertEquals(2, ContextWindow.ofSize(5).radius());
        assertThrows(IllegalArgumentException.class, () -> ContextWindow.ofSize(4));
        assertThrows(IllegalArgumentException.class, () -> new ContextWindow(-1));
    }

    @Test
    void contextWindowOnABatchStopsAtEachLength() {
        ContextWindow w = new ContextWindow(1);
        int[][][] win = w.ids(new int[][] {{5, 6, 0}, {7, 8, 9}}, new int[] {2, 3});
        assertArrayEquals(new int[] {5, 6, 0}, win[0][1], "the window of the last word ends in padding");
        assertArrayEquals(new int[] {0, 0, 0}, win[0][2], "padded positions are all padding");
        assertArrayEquals(new int[] {8, 9, 0}, win[1][2]);
    }

    @Test
    void contextWindowConcatenatesVectors() {
        double[][] x = {{1, 2}, {3, 4}};
        double[][] c = new ContextWindow(1).vectors(x);
        assertArrayEquals(new double[] {0, 0, 1, 2, 3, 4}, c[0]);
        assertArrayEquals(new double[] {1, 2, 3, 4, 0, 0}, c[1]);
        assertArrayEquals(x[1], new ContextWindow(0).vectors(x)[1]);
    }
}
