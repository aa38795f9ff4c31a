package rnnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class ToyDataTest {
    @Test
    void numberWords() {
        assertEquals(List.of("zero"), NumberWords.words(0));
        assertEquals(List.of("seven"), NumberWords.words(7));
        assertEquals(List.of("forty"), NumberWords.words(40));
        assertEquals(List.of("forty", "two"), NumberWords.words(42));
        assertEquals(List.of("three", "hundred", "twelve"), NumberWords.words(312));
        assertEquals(List.of("nine", "hundred"), NumberWords.words(900));
        assertEquals(List.of("one", "hundred", "five"), NumberWords.words(105));
        assertEquals(List.of("3", "1", "2"), NumberWords.digits(312));
        var split = NumberWords.split(999, 0.8, 42);
        assertEquals(800, split.get(0).size());
        assertEquals(200, split.get(1).size());
        var all = new HashSet<List<String>>();
        split.forEach(s -> s.forEach(p -> all.add(p.source())));
        assertEquals(1000, all.size(), "every number once, no two with the same words");
        assertEquals(split.get(0), NumberWords.split(999, 0.8, 42).get(0), "seeded");
        assertThrows(IllegalArgumentException.class, () -> NumberWords.words(1000));
    }

    @Test
    void whoDestroysWhomHasTheLecturePairWithOneBagOfWords() {
        var s = ToySentences.whoDestroysWhom();
        assertEquals(90, s.size());
        assertEquals(90, new HashSet<>(s).size());
        var a = List.of("white", "blood", "cells", "destroying", "an", "infection");
        var b = List.of("an", "infection", "destroying", "white", "blood", "cells");
        assertTrue(s.contains(a) && s.contains(b));
        var sa = new ArrayList<>(a);
        var sb = new ArrayList<>(b);
        Collections.sort(sa);
        Collections.sort(sb);
        assertEquals(sa, sb);
        assertEquals("an infection", ToySentences.subjectOf(b));
        assertThrows(IllegalArgumentException.class, () -> ToySentences.subjectOf(List.of("nobody", "fighting")));
    }
}
