package rnnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotFillingCorpusTest {

    @Test
    void sameSeedSameCorpusOtherSeedOtherCorpus() {
        assertEquals(SlotFillingCorpus.generate(200, 5).sentences(), SlotFillingCorpus.generate(200, 5).sentences());
        assertNotEquals(SlotFillingCorpus.generate(200, 5).sentences(),
                SlotFillingCorpus.generate(200, 6).sentences());
        assertEquals(SlotFillingCorpus.generate(200, 5).subset(0, 50).sentences(),
                SlotFillingCorpus.generate(50, 5).sentences(), "a longer corpus extends a shorter one");
    }

    @Test
    void splitsAreIndependentOfEachOthersSizes() {
        SlotFillingCorpus.Splits a = SlotFillingCorpus.splits(100, 20, 30, 9);
        SlotFillingCorpus.Splits b = SlotFillingCorpus.splits(500, 40, 30, 9);
        assertEquals(a.test().sentences(), b.test().sentences());
        assertEquals(a.train().sentences(), b.train().subset(0, 100).sentences());
        assertEquals(List.of("train", "dev", "test"), List.of(a.train().name(), a.dev().name(), a.test().name()));
        assertNotEquals(a.train().subset(0, 20).sentences(), a.dev().sentences());
    }

    @Test
    void labelsAreValidIobFromTheFixedLabelSet() {
        Dataset d = SlotFillingCorpus.generate(2000, 11);
        Set<String> known = new HashSet<>(SlotFillingCorpus.labels());
        assertEquals(13, known.size());
        for (Sentence s : d) {
            for (int t = 0; t < s.length(); t++) {
                String l = s.label(t);
                assertTrue(known.contains(l), l);
                if (l.startsWith("I-")) {
                    String prev = t == 0 ? "O" : s.label(t - 1);
                    assertTrue(prev.equals("B-" + l.substring(2)) || prev.equals(l), "I- continues a chunk: " + s);
                }
            }
        }
        assertEquals(known, d.labelCounts().keySet(), "every label occurs in 2000 sentences");
        assertEquals(SlotFillingCorpus.labels(), SlotFillingCorpus.labelVocabulary().labels());
    }

    @Test
    void modestVocabularyAndTheLectureSentence() {
        Dataset d = SlotFillingCorpus.generate(5000, 1);
        int words = Vocabulary.build(d, Vocabulary.Settings.DEFAULT).size() - 2;
        assertTrue(words >= 100 && words <= 300, "vocabulary size " + words);
        Set<String> texts = new HashSet<>();
        d.forEach(s -> texts.add(s.text()));
        assertTrue(texts.stream().anyMatch(t -> t.contains("New York")));
        assertTrue(texts.stream().anyMatch(t -> t.contains("Salt Lake City")));
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("I would like to arrive ")));
        Sentence lecture = SlotFillingCorpus.lectureExample();
        assertEquals("B-dest", lecture.label(5));
        assertEquals("Taipei", lecture.token(5));
    }

    /** The same words must play both roles about equally often, or a feedforward tagger could separate them. */
    @Test
    void everySlotWordPlaysBothRolesAboutEqually() {
        Dataset d = SlotFillingCorpus.generate(20000, 2);
        Map<String, int[]> roles = new HashMap<>();
        for (Sentence s : d) {
            for (int t = 0; t < s.length(); t++) {
                String l = s.label(t);
                if (!l.equals("O")) {
                    String type = l.substring(2);
                    String kind = type.contains("date") ? "date" : type.contains("time") ? "time" : "city";
                    boolean arrive = type.equals("dest") || type.startsWith("arrive");
                    roles.computeIfAbsent(s.token(t) + "/" + kind, k -> new int[2])[arrive ? 0 : 1]++;
                }
            }
        }
        int checked = 0;
        for (Map.Entry<String, int[]> e : roles.entrySet()) {
            int n = e.getValue()[0] + e.getValue()[1];
            if (n >= 300) {
                double arrive = (double) e.getValue()[0] / n;
                assertTrue(arrive > 0.42 && arrive < 0.58, e.getKey() + " is arrival in " + arrive + " of " + n);
                checked++;
            }
        }
        assertTrue(checked >= 40, "checked " + checked + " words");
    }

    /**
     * Lecture p.7: a tagger that sees only the current word (the best such tagger predicts each word's most
     * frequent label) cannot tell arrival from departure; one that also sees the previous word can for cities.
     */
    @Test
    void theCurrentWordAloneCannotSeparateArriveFromLeave() {
        SlotFillingCorpus.Splits s = SlotFillingCorpus.splits(4000, 0, 1000, 3);
        Map<String, Map<String, Integer>> byWord = new HashMap<>();
        for (Sentence x : s.train()) {
            for (int t = 0; t < x.length(); t++) {
                byWord.computeIfAbsent(x.token(t), k -> new HashMap<>()).merge(x.label(t), 1, Integer::sum);
            }
        }
        int cityChunks = 0;
        int cityCorrect = 0;
        for (Sentence x : s.test()) {
            for (int t = 0; t < x.length(); t++) {
                if (x.label(t).equals("B-dest") || x.label(t).equals("B-depart")) {
                    cityChunks++;
                    Map<String, Integer> m = byWord.get(x.token(t));
                    String best = m.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                    if (best.equals(x.label(t))) {
                        cityCorrect++;
                    }
                }
            }
        }
        double accuracy = (double) cityCorrect / cityChunks;
        assertTrue(accuracy > 0.40 && accuracy < 0.60, "unigram tagger gets " + accuracy + " of " + cityChunks
                + " city roles right: it should be a coin toss");
    }

    /** A perfect tagger exists: the same token sequence always carries the same labels. */
    @Test
    void labelsAreAFunctionOfTheWholeSentence() {
        Map<List<String>, List<String>> seen = new HashMap<>();
        int repeats = 0;
        for (Sentence x : SlotFillingCorpus.generate(20000, 8)) {
            List<String> before = seen.putIfAbsent(x.tokens(), x.labels());
            if (before != null) {
                repeats++;
                assertEquals(before, x.labels(), "ambiguous: " + x.text());
            }
        }
        assertTrue(repeats > 100, "the check saw " + repeats + " repeated sentences");
    }

    /** When the cue comes first, the word right before a city decides its role (a window of one word suffices). */
    @Test
    void theWordBeforeACityDecidesItsRoleInForwardSentences() {
        Map<String, Set<String>> roleByPrevious = new HashMap<>();
        for (Sentence x : SlotFillingCorpus.generate(20000, 12)) {
            for (int t = 1; t < x.length(); t++) {
                if (x.label(t).equals("B-dest") || x.label(t).equals("B-depart")) {
                    roleByPrevious.computeIfAbsent(x.token(t - 1), k -> new HashSet<>()).add(x.label(t));
                }
            }
        }
        roleByPrevious.forEach((w, roles) -> assertEquals(1, roles.size(), "'" + w + "' precedes " + roles));
        assertEquals(Set.of("B-dest"), roleByPrevious.get("arrive"));
        assertEquals(Set.of("B-depart"), roleByPrevious.get("leave"));
    }

    @Test
    void cueAfterFractionIsRespected() {
        Dataset none = SlotFillingCorpus.generate(2000, 4, SlotFillingCorpus.Settings.DEFAULT.withCueAfterFraction(0));
        Dataset all = SlotFillingCorpus.generate(500, 4, SlotFillingCorpus.Settings.DEFAULT.withCueAfterFraction(1));
        assertTrue(none.stream().noneMatch(x -> x.label(0).startsWith("B-")), "no sentence starts with a city");
        assertTrue(all.stream().allMatch(x -> x.label(0).equals("B-dest") || x.label(0).equals("B-depart")));
        long cueAfter = SlotFillingCorpus.generate(10000, 4).stream().filter(x -> x.label(0).startsWith("B-")).count();
        assertTrue(cueAfter > 500 && cueAfter < 700, cueAfter + " of 10000 with default 6%");
    }

    @Test
    void writesTheSplitsAsConll(@TempDir Path dir) {
        SlotFillingCorpus.Splits s = SlotFillingCorpus.splits(40, 10, 10, 1);
        List<Path> files = s.writeConll(dir);
        assertEquals(List.of(dir.resolve("train.conll"), dir.resolve("dev.conll"), dir.resolve("test.conll")), files);
        assertEquals(s.train().sentences(), Conll.read(files.get(0)).sentences());
        assertEquals(s.test().sentences(), Conll.read(files.get(2)).sentences());
    }
}
