package rnnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The templates and the hash of the direct sparse features, on a hand-made sentence. */
class HashedFeaturesTest {
    static final List<String> WORDS = List.of("He", "reckons", "3-D");
    static final List<List<String>> POS = List.of(List.of("PRP", "VBZ", "NN"));

    @Test
    void theStringsOfTheMiddleToken() {
        assertEquals(List.of(
                "w[-2]=<s>", "w[-1]=he", "w[0]=reckons", "w[+1]=3-d", "w[+2]=</s>",
                "w[-1]|w[0]=he|reckons", "w[0]|w[+1]=reckons|3-d",
                "c0[-2]=<s>", "c0[-1]=PRP", "c0[0]=VBZ", "c0[+1]=NN", "c0[+2]=</s>",
                "c0[-2]|c0[-1]=<s>|PRP", "c0[-1]|c0[0]=PRP|VBZ", "c0[0]|c0[+1]=VBZ|NN", "c0[+1]|c0[+2]=NN|</s>",
                "c0[-2]|c0[-1]|c0[0]=<s>|PRP|VBZ", "c0[-1]|c0[0]|c0[+1]=PRP|VBZ|NN",
                "c0[0]|c0[+1]|c0[+2]=VBZ|NN|</s>",
                "case=lower", "pre1=r", "pre2=re", "pre3=rec", "suf1=s", "suf2=ns", "suf3=ons"),
                HashedFeatures.strings(WORDS, POS, 1));
    }

    @Test
    void theStringsAtTheEdgesAndTheSpelling() {
        List<String> first = HashedFeatures.strings(WORDS, POS, 0);
        assertEquals(List.of("w[-2]=<s>", "w[-1]=<s>", "w[0]=he", "w[+1]=reckons", "w[+2]=3-d"), first.subList(0, 5));
        assertEquals(List.of("case=title", "pre1=h", "pre2=he", "suf1=e", "suf2=he"), first.subList(19, 24),
                "a 2-letter word has no pre3/suf3");
        assertEquals(24, first.size());
        List<String> last = HashedFeatures.strings(WORDS, POS, 2);
        assertEquals(List.of("case=upper", "digits=some", "hyphen=yes", "pre1=3", "pre2=3-", "pre3=3-d", "suf1=d",
                "suf2=-d", "suf3=3-d"), last.subList(19, last.size()));
        assertEquals("c0[0]|c0[+1]|c0[+2]=NN|</s>|</s>", last.get(18));
        // the other spelling classes
        assertEquals("mixed", HashedFeatures.caseClass("iPod"));
        assertEquals("mixed", HashedFeatures.caseClass("McDonald"));
        assertEquals("title", HashedFeatures.caseClass("Paris"));
        assertEquals("none", HashedFeatures.caseClass("1987"));
        List<String> year = HashedFeatures.strings(List.of("1987"), List.of(), 0);
        assertTrue(year.contains("case=none") && year.contains("digits=all") && !year.contains("punct=yes"), year.toString());
        List<String> comma = HashedFeatures.strings(List.of(","), List.of(), 0);
        assertEquals(List.of("case=none", "punct=yes", "pre1=,", "suf1=,"), comma.subList(7, comma.size()),
                "no column: words and spelling only");
        // characters are code points: an accented letter is one character, lower-cased
        assertEquals(List.of("case=title", "pre1=é", "pre2=ét", "pre3=été", "suf1=é", "suf2=té", "suf3=été"),
                HashedFeatures.strings(List.of("Été"), List.of(), 0).subList(7, 14));
    }

    /** Huang et al. 2015's other spelling features come after the basic ones, which stay as they were. */
    @Test
    void theHuang2015TemplatesAddTheOtherSpellingFeatures() {
        HashedFeatures.Templates huang = HashedFeatures.Templates.HUANG2015;
        List<String> words = List.of("D56y-3", "I.B.M.", "John's", "McDonald", "A.T.&T.", "cat", "'s", "Été");
        for (int t = 0; t < words.size(); t++) {
            List<String> basic = HashedFeatures.strings(words, List.of(), t);
            List<String> rich = HashedFeatures.strings(words, List.of(), t, huang);
            assertEquals(basic, rich.subList(0, basic.size()), "the basic features first, unchanged: " + words.get(t));
            assertEquals(basic, HashedFeatures.strings(words, List.of(), t, HashedFeatures.Templates.BASIC));
        }
        // the paper's example word, D56y-3 → A00a-0 and A0a-0
        assertEquals(List.of("pre4=d56y", "pre5=d56y-", "suf4=6y-3", "suf5=56y-3", "letterDigit=yes", "hasPunct=yes",
                "letters=Dy", "nonLetters=56-3", "shape=A00a-0", "shortShape=A0a-0"), added(words, 0));
        assertEquals(List.of("pre4=i.b.", "pre5=i.b.m", "suf4=b.m.", "suf5=.b.m.", "innerCap=yes", "hasPunct=yes",
                "letters=IBM", "nonLetters=...", "shape=A.A.A.", "shortShape=A.A.A."), added(words, 1));
        assertEquals(List.of("pre4=john", "pre5=john'", "suf4=hn's", "suf5=ohn's", "hasPunct=yes", "apostropheS=yes",
                "letters=Johns", "nonLetters='", "shape=Aaaa'a", "shortShape=Aa'a"), added(words, 2));
        assertEquals(List.of("pre4=mcdo", "pre5=mcdon", "suf4=nald", "suf5=onald", "innerCap=yes",
                "shape=AaAaaaaa", "shortShape=AaAa"), added(words, 3), "letters only: no letters/nonLetters");
        assertTrue(added(words, 4).contains("nonLetters=..&."), added(words, 4).toString());
        assertEquals(List.of("shape=aaa", "shortShape=a"), added(words, 5), "a 3-letter word has no pre4/suf4");
        assertEquals(List.of("hasPunct=yes", "apostropheS=yes", "letters=s", "nonLetters='", "shape='a",
                "shortShape='a"), added(words, 6));
        assertEquals(List.of("shape=Aaa", "shortShape=Aa"), added(words, 7), "accented letters are letters");
        HashedFeatures h = new HashedFeatures(1 << 18, huang);
        assertEquals(huang, h.templates());
        // (h ^ h >>> 32) mod 2^18 of FNV-1a 64, computed independently of this code
        int[] ids = h.ids(words, List.of(), 0);
        List<String> s = HashedFeatures.strings(words, List.of(), 0, huang);
        assertEquals(101150, ids[s.indexOf("shape=A00a-0")]);
        assertEquals(86799, ids[s.indexOf("shortShape=A0a-0")]);
        assertEquals(181138, ids[s.indexOf("suf5=56y-3")]);
        assertEquals(103681, h.id("letters=IBM"));
        assertTrue(h.toString().contains("huang2015"), h.toString());
        assertTrue(!new HashedFeatures(5).toString().contains("huang2015"));
        assertEquals(HashedFeatures.Templates.BASIC, new HashedFeatures(5).templates());
        assertEquals(huang, HashedFeatures.Templates.parse("huang2015"));
        assertEquals("basic", HashedFeatures.Templates.BASIC.key());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HashedFeatures.Templates.parse("HUANG"));
        assertTrue(e.getMessage().contains("\"HUANG\"") && e.getMessage().contains("choose basic or huang2015"),
                e.getMessage());
        assertThrows(NullPointerException.class, () -> new HashedFeatures(5, null));
    }

    /** The features of HUANG2015 after the basic ones, for token t. */
    private static List<String> added(List<String> words, int t) {
        int basic = HashedFeatures.strings(words, List.of(), t).size();
        List<String> all = HashedFeatures.strings(words, List.of(), t, HashedFeatures.Templates.HUANG2015);
        return all.subList(basic, all.size());
    }

    /** FNV-1a 64 by its published test vectors, and fixed ids: a saved model reads the same ids on any JVM. */
    @Test
    void theHashIsFixed() {
        assertEquals(0xcbf29ce484222325L, HashedFeatures.fnv1a64(""));
        assertEquals(0xaf63dc4c8601ec8cL, HashedFeatures.fnv1a64("a"));
        assertEquals(0x85944171f73967e8L, HashedFeatures.fnv1a64("foobar"));
        HashedFeatures h = new HashedFeatures(1 << 18);
        // (h ^ h >>> 32) mod 2^18, computed independently of this code
        assertEquals(231580, h.id("w[0]=reckons"));
        assertEquals(244491, h.id("c0[-1]|c0[0]=PRP|VBZ"));
        assertEquals(171583, h.id("pre1=é"), "UTF-8 bytes, not UTF-16 chars");
        assertEquals(32, new HashedFeatures(37).id("c0[-1]|c0[0]=PRP|VBZ"), "any number of buckets");
        int[] ids = h.ids(WORDS, POS, 1);
        List<String> s = HashedFeatures.strings(WORDS, POS, 1);
        assertEquals(s.size(), ids.length);
        for (int i = 0; i < ids.length; i++) {
            assertEquals(h.id(s.get(i)), ids[i], s.get(i));
            assertTrue(ids[i] >= 0 && ids[i] < 1 << 18);
        }
        assertArrayEquals(ids, new HashedFeatures(1 << 18).ids(WORDS, POS, 1), "same ids from another instance");
        // templates do not collide systematically: the same value under two templates, two buckets
        assertTrue(h.id("w[0]=he") != h.id("w[-1]=he"));
    }

    /**
     * The fast path (no strings built, template states precomputed) gives the ids of the strings, on random
     * sentences of ASCII, accented, CJK, 4-byte (emoji) and broken (unpaired surrogate) words with 0–3 columns.
     */
    @Test
    void theFastIdsAreTheIdsOfTheStrings() {
        String[] pieces = {"a", "B", "-", "7", ",", "é", "É", "字", "\uD83D\uDE00", "\uD800", "ß", "İ", "x", "'s"};
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int buckets : new int[] {1, 37, 1 << 18})
        for (HashedFeatures.Templates templates : HashedFeatures.Templates.values()) {
            HashedFeatures h = new HashedFeatures(buckets, templates);
            for (int i = 0; i < 200; i++) {
                int n = 1 + r.nextInt(6), columns = r.nextInt(4);
                List<String> words = new java.util.ArrayList<>();
                List<List<String>> cols = new java.util.ArrayList<>();
                for (int c = 0; c < columns; c++) {
                    cols.add(new java.util.ArrayList<>());
                }
                for (int t = 0; t < n; t++) {
                    StringBuilder w = new StringBuilder();
                    for (int k = 1 + r.nextInt(5); k > 0; k--) {
                        w.append(pieces[r.nextInt(pieces.length)]);
                    }
                    words.add(w.toString());
                    for (List<String> c : cols) {
                        c.add(pieces[r.nextInt(pieces.length)] + "X");
                    }
                }
                int[][] fast = h.ids(words, cols);
                for (int t = 0; t < n; t++) {
                    List<String> strings = HashedFeatures.strings(words, cols, t, templates);
                    int[] slow = strings.stream().mapToInt(h::id).toArray();
                    assertArrayEquals(slow, fast[t], "token " + t + " of " + words + " " + cols + ": " + strings);
                    assertArrayEquals(slow, h.ids(words, cols, t));
                }
            }
        }
    }

    @Test
    void batchesPadWithNoFeaturesAndReadTheFirstColumns() {
        HashedFeatures h = new HashedFeatures(1000);
        Sentence s = Sentence.unlabeled(WORDS).withFeatures(List.of(POS.get(0), List.of("a", "b", "c")));
        Sentence hi = Sentence.parse("Hi").withFeatures(List.of(List.of("UH"), List.of("x")));
        int[][][] b = h.batch(List.of(s, hi), 1, 3);
        assertArrayEquals(h.ids(WORDS, POS, 2), b[0][2], "only the first column is read");
        assertEquals(0, b[1][1].length, "padding has no features");
        assertArrayEquals(h.ids(List.of("Hi"), List.of(List.of("UH")), 0), b[1][0]);
        assertArrayEquals(h.ids(List.of("Hi"), List.of(), 0), h.batch(List.of(hi), 0, 1)[0][0], "columns 0: none");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> h.batch(List.of(Sentence.parse("Hi")), 1, 1));
        assertTrue(e.getMessage().contains("0 feature columns but 1 are read"), e.getMessage());
    }

    @Test
    void badArgumentsAreRefused() {
        for (int bad : new int[] {0, -3, HashedFeatures.MAX_BUCKETS + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HashedFeatures(bad));
            assertTrue(e.getMessage().contains("between 1 and 16777216") && e.getMessage().contains("got " + bad),
                    e.getMessage());
        }
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> HashedFeatures.strings(WORDS, List.of(List.of("PRP")), 0));
        assertTrue(ragged.getMessage().contains("feature column 0 has 1 values for 3 tokens"), ragged.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> HashedFeatures.strings(WORDS, POS, 3));
    }
}
