package rnnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class VocabularyTest {
    private static final List<List<String>> TEXT = List.of(
            List.of("arrive", "Taipei", "on", "November", "2nd"),
            List.of("leave", "Taipei", "on", "November", "3rd"),
            List.of("arrive", "Tokyo", "on", "Monday"));

    @Test
    void idsAreByCountThenAlphabetical() {
        Vocabulary v = Vocabulary.build(TEXT, Vocabulary.Settings.DEFAULT);
        // on:3; November:2, Taipei:2, arrive:2 (alphabetical: "November" < "Taipei" < "arrive" by String order)
        assertEquals(List.of("<pad>", "<other>", "on", "November", "Taipei", "arrive",
                "2nd", "3rd", "Monday", "Tokyo", "leave"), v.tokens());
        assertEquals(11, v.size());
        assertEquals(2, v.id("on"));
        assertEquals(3, v.count(2));
        assertEquals("Taipei", v.token(4));
    }

    @Test
    void unknownWordsMapToOther() {
        Vocabulary v = Vocabulary.build(TEXT, Vocabulary.Settings.DEFAULT);
        assertEquals(Vocabulary.OTHER_ID, v.id("Gandalf"));
        assertEquals(Vocabulary.OTHER_ID, v.id("Sauron"));
        assertEquals(Vocabulary.OTHER_ID, v.id("<pad>"), "the padding token is never a look-up result");
        assertFalse(v.contains("Gandalf"));
        assertTrue(v.contains("Taipei"));
    }

    @Test
    void minCountDropsRareWordsIntoOther() {
        Vocabulary v = Vocabulary.build(TEXT, Vocabulary.Settings.minCount(2));
        assertEquals(List.of("<pad>", "<other>", "on", "November", "Taipei", "arrive"), v.tokens());
        assertEquals(Vocabulary.OTHER_ID, v.id("Tokyo"));
        assertEquals(5, v.count(Vocabulary.OTHER_ID), "2nd, 3rd, Monday, Tokyo, leave were dropped");
        assertEquals(5.0 / 14, v.unknownRate(TEXT), 1e-12);
    }

    @Test
    void maxSizeKeepsTheMostFrequent() {
        Vocabulary v = Vocabulary.build(TEXT, Vocabulary.Settings.DEFAULT.withMaxSize(4));
        assertEquals(List.of("<pad>", "<other>", "on", "November"), v.tokens());
    }

    @Test
    void lowerCasingAndDigitsMergeTokens() {
        TokenNormalizer n = new TokenNormalizer(true, TokenNormalizer.DigitMode.ZERO);
        Vocabulary v = Vocabulary.build(List.of(List.of("Taipei", "taipei", "2nd", "3rd", "1st")),
                Vocabulary.Settings.DEFAULT.withNormalizer(n));
        assertEquals(List.of("<pad>", "<other>", "taipei", "0nd", "0rd", "0st"), v.tokens());
        assertEquals(v.id("taipei"), v.id("TAIPEI"));
        assertEquals(v.id("0nd"), v.id("9nd"));
    }

    @Test
    void normalizerModes() {
        assertEquals("0nd", new TokenNormalizer(false, TokenNormalizer.DigitMode.ZERO).apply("2nd"));
        assertEquals("00:00", new TokenNormalizer(false, TokenNormalizer.DigitMode.ZERO).apply("10:30"));
        assertEquals("DIGITDIGITDIGITDIGIT",
                new TokenNormalizer(false, TokenNormalizer.DigitMode.SHAPE).apply("1999"));
        assertEquals("DIGITnd", new TokenNormalizer(true, TokenNormalizer.DigitMode.SHAPE).apply("2ND"));
        assertEquals("November", TokenNormalizer.NONE.apply("November"));
        assertTrue(TokenNormalizer.NONE.isIdentity());
    }

    @Test
    void sameDataSameIdsInAnyOrder() {
        Vocabulary a = Vocabulary.build(TEXT, Vocabulary.Settings.DEFAULT);
        Vocabulary b = Vocabulary.build(List.of(TEXT.get(2), TEXT.get(0), TEXT.get(1)), Vocabulary.Settings.DEFAULT);
        assertEquals(a.tokens(), b.tokens());
    }

    @Test
    void fromTokensRoundTripsAndValidates() {
        Vocabulary a = Vocabulary.build(TEXT, Vocabulary.Settings.DEFAULT);
        Vocabulary b = Vocabulary.fromTokens(a.tokens(), a.settings());
        assertEquals(a.id("Taipei"), b.id("Taipei"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.fromTokens(List.of("Taipei", "Tokyo"), Vocabulary.Settings.DEFAULT));
        assertTrue(e.getMessage().contains("<pad>"), e.getMessage());
    }

    @Test
    void settingsValidate() {
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.Settings.minCount(0));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.Settings.DEFAULT.withMaxSize(1));
        assertTrue(Vocabulary.Settings.DEFAULT.toString().contains("minCount=1"));
    }

    @Test
    void toStringShowsSizeAndSettings() {
        String s = Vocabulary.build(TEXT, Vocabulary.Settings.minCount(2)).toString();
        assertTrue(s.contains("size=6") && s.contains("minCount=2") && s.contains("<other>"), s);
    }

    @Test
    void labelVocabularyOrderAndUnknownLabel() {
        LabelVocabulary l = LabelVocabulary.build(List.of(List.of("I-dest", "B-depart", "O", "B-dest", "I-depart")));
        assertEquals(List.of("O", "B-depart", "I-depart", "B-dest", "I-dest"), l.labels());
        assertEquals(3, l.id("B-dest"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.id("B-airline"));
        assertTrue(e.getMessage().contains("'B-airline'"), e.getMessage());
        assertTrue(e.getMessage().contains("B-dest"), "lists the known labels: " + e.getMessage());
        assertEquals(List.of("B-dest", "O"), l.labels(new int[] {3, 0, -1, -1}));
    }
}
