package rnnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class DatasetTest {
    private static final Dataset DATA = Dataset.of("toy", List.of(
            Sentence.parse("arrive Taipei on November 2nd", "O B-dest O B-arrive_date I-arrive_date"),
            Sentence.parse("leave Taipei", "O B-depart"),
            Sentence.parse("from New York", "O B-depart I-depart")));
    private static final Vocabulary WORDS = Vocabulary.build(DATA, Vocabulary.Settings.DEFAULT);
    private static final LabelVocabulary LABELS = LabelVocabulary.build(DATA);

    @Test
    void sentenceValidatesAndPrints() {
        Sentence s = DATA.get(1);
        assertEquals("leave/O Taipei/B-depart", s.toString());
        assertThrows(IllegalArgumentException.class, () -> Sentence.parse("arrive Taipei", "O"));
        assertThrows(IllegalArgumentException.class, () -> Sentence.parse(""));
        assertFalse(Sentence.parse("arrive Taipei").isLabeled());
        assertThrows(IllegalStateException.class, () -> Sentence.parse("arrive Taipei").label(0));
    }

    @Test
    void batchesArePaddedWithZeroIdsAndMinusOneLabels() {
        List<SentenceBatch> batches = DATA.batches(2, WORDS, LABELS);
        assertEquals(2, batches.size());
        SentenceBatch b = batches.get(0);
        assertEquals(2, b.size());
        assertEquals(5, b.maxLength());
        assertArrayEquals(new int[] {5, 2}, b.lengths());
        assertArrayEquals(WORDS.ids(List.of("leave", "Taipei")), java.util.Arrays.copyOf(b.ids()[1], 2));
        assertArrayEquals(new int[] {Vocabulary.PAD_ID, Vocabulary.PAD_ID, Vocabulary.PAD_ID},
                java.util.Arrays.copyOfRange(b.ids()[1], 2, 5));
        assertArrayEquals(new int[] {LABELS.id("O"), LABELS.id("B-depart"), -1, -1, -1}, b.labels()[1]);
        assertArrayEquals(LABELS.ids(DATA.get(0).labels()), b.labels()[0]);
        assertArrayEquals(new int[] {0, 1}, b.indices());
        SentenceBatch last = batches.get(1);
        assertEquals(1, last.size());
        assertEquals(3, last.maxLength());
        assertArrayEquals(new int[] {2}, last.indices());
        assertEquals(10, batches.stream().mapToInt(SentenceBatch::tokenCount).sum());
    }

    @Test
    void convertsToTheModelsBatch() {
        SentenceBatch b = DATA.batches(3, WORDS, LABELS).get(0);
        rnnlab.models.Batch m = b.toModelBatch();
        assertEquals(3, m.size());
        assertEquals(5, m.steps());
        assertEquals(10, m.labelCount());
        assertTrue(b.isLabeled());
        SentenceBatch unlabeled = DATA.batches(3, WORDS, null).get(0);
        assertFalse(unlabeled.isLabeled());
        assertEquals(null, unlabeled.toModelBatch().labels());
        assertEquals(List.of(List.of("O", "B-dest", "O", "B-arrive_date", "I-arrive_date"), List.of("O", "B-depart")),
                LABELS.labels(java.util.Arrays.copyOf(b.labels(), 2), new int[] {5, 2}));
    }

    @Test
    void batchSizeOneHasNoPadding() {
        List<SentenceBatch> batches = DATA.batches(1, WORDS, LABELS);
        assertEquals(3, batches.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(DATA.get(i).length(), batches.get(i).maxLength());
            for (int id : batches.get(i).ids()[0]) {
                assertNotEquals(Vocabulary.PAD_ID, id);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> DATA.batches(0, WORDS, LABELS));
    }

    @Test
    void unlabelledSentencesGetMinusOneLabels() {
        Dataset d = Dataset.of(List.of(Sentence.parse("arrive Gandalf")));
        SentenceBatch b = d.batches(4, WORDS, null).get(0);
        assertArrayEquals(new int[] {WORDS.id("arrive"), Vocabulary.OTHER_ID}, b.ids()[0]);
        assertArrayEquals(new int[] {-1, -1}, b.labels()[0]);
    }

    @Test
    void unknownLabelIsNamedWithItsPlace() {
        Dataset d = Dataset.of("test", List.of(Sentence.parse("on Monday", "O B-depart_date")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.batches(1, WORDS, LABELS));
        assertTrue(e.getMessage().contains("'B-depart_date'") && e.getMessage().contains("sentence 0")
                && e.getMessage().contains("token 1"), e.getMessage());
    }

    @Test
    void shuffleIsSeededAndAPermutation() {
        Dataset big = SlotFillingCorpus.generate(50, 1);
        Dataset a = big.shuffled(7);
        Dataset b = big.shuffled(7);
        Dataset c = big.shuffled(8);
        assertEquals(a.sentences(), b.sentences());
        assertNotEquals(a.sentences(), c.sentences());
        assertNotEquals(big.sentences(), a.sentences());
        assertEquals(new HashSet<>(big.sentences()), new HashSet<>(a.sentences()));
        assertEquals(big.size(), a.size());
    }

    @Test
    void countsAndSummary() {
        assertEquals(10, DATA.tokenCount());
        assertEquals(4, DATA.labelCounts().get("O"), "arrive, on, leave, from");
        assertEquals(2, DATA.labelCounts().get("B-depart"));
        DatasetSummary s = DATA.summary();
        assertEquals(3, s.sentences());
        assertEquals(2, s.minLength());
        assertEquals(5, s.maxLength());
        assertEquals(3.0, s.medianLength());
        assertEquals(10.0 / 3, s.meanLength(), 1e-12);
        assertEquals(9, s.vocabularySize());
        assertEquals(List.of("O", "B-arrive_date", "I-arrive_date", "B-depart", "I-depart", "B-dest"),
                List.copyOf(s.labelCounts().keySet()));
        assertTrue(s.toString().contains("3 sentences, 10 tokens"), s.toString());
        assertTrue(s.toHtml().startsWith("<div"), s.toHtml());
        assertTrue(DATA.toString().contains("3 sentences"), DATA.toString());
        String html = DATA.toHtml();
        assertTrue(html.contains("text-align:center\">Taipei</td>"), html);
        assertTrue(html.contains(">B-dest</td>"), html);
        assertEquals(3, html.split("<table").length - 1, "one table per sentence");
    }

    /** Words in the padded batches of {@code d} cut into runs of {@code b}, over the words themselves. */
    private static double paddedShare(Dataset d, int b) {
        long padded = 0;
        for (int from = 0; from < d.size(); from += b) {
            int max = 0, n = Math.min(d.size(), from + b) - from;
            for (int i = from; i < from + n; i++) {
                max = Math.max(max, d.get(i).length());
            }
            padded += (long) max * n;
        }
        return (double) padded / d.tokenCount();
    }

    @Test
    void shuffledForBatchesGroupsSimilarLengthsAndStillShuffles() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        List<Sentence> many = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            many.add(Sentence.unlabeled(java.util.Collections.nCopies(1 + r.nextInt(60), "w" + i)));
        }
        Dataset d = Dataset.of("lengths", many);
        Dataset a = d.shuffledForBatches(3, 16);
        assertEquals(d.size(), a.size());
        java.util.Set<Sentence> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        all.addAll(a.sentences());
        assertEquals(d.size(), all.size(), "every sentence exactly once");
        assertTrue(all.containsAll(d.sentences()));
        assertEquals(a.sentences(), d.shuffledForBatches(3, 16).sentences(), "the seed decides");
        assertNotEquals(a.sentences(), d.shuffledForBatches(4, 16).sentences(), "another epoch, other batches");
        double random = paddedShare(d.shuffled(3), 16), bucketed = paddedShare(a, 16);
        assertTrue(random > 1.5, "random batches of lengths 1..60 are padded a lot: " + random);
        assertTrue(bucketed < 1.05, "batches of similar lengths: " + bucketed);
        boolean ascending = true;                                     // the batch order is shuffled, not sorted
        for (int i = 16; i < 16 * 40; i += 16) {
            ascending &= a.get(i).length() >= a.get(i - 16).length();
        }
        assertFalse(ascending);
        assertEquals(d.sentences().size(), d.shuffledForBatches(3, 1).size());
        assertThrows(IllegalArgumentException.class, () -> d.shuffledForBatches(3, 0));
    }
}
