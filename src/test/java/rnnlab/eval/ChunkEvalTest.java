package rnnlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.data.ConllFormatException;

/**
 * Hand-made cases, one per conlleval rule. Counts are written out by hand from the rules in {@link ChunkEval}'s
 * Javadoc; {@link ConllevalCrossCheckTest} compares with the Perl script itself on random files.
 */
class ChunkEvalTest {
    private static final double EPS = 1e-12;

    private static ChunkReport one(String gold, String predicted) {
        return ChunkEval.evaluate(List.of(List.of(gold.split(" "))), List.of(List.of(predicted.split(" "))));
    }

    /** Asserts {gold chunks, predicted chunks, correct chunks}. */
    private static void counts(ChunkReport r, int gold, int predicted, int correct) {
        assertEquals(gold, r.goldChunks(), "gold chunks");
        assertEquals(predicted, r.predictedChunks(), "predicted chunks");
        assertEquals(correct, r.correctChunks(), "correct chunks");
    }

    @Test
    void identicalLabelsScorePerfectly() {
        ChunkReport r = one("O B-dest I-dest O B-arrive_date I-arrive_date", "O B-dest I-dest O B-arrive_date I-arrive_date");
        counts(r, 2, 2, 2);
        assertEquals(1.0, r.f1(), EPS);
        assertEquals(1.0, r.accuracy(), EPS);
    }

    @Test
    void bStartsAChunkAndIContinuesOnlyTheSameType() {
        assertEquals(List.of(new Chunk("dest", 0, 2)), ChunkEval.chunks(List.of("B-dest", "I-dest")));
        // I- of another type does not continue: it starts a new chunk
        assertEquals(List.of(new Chunk("dest", 0, 1), new Chunk("depart", 1, 2)),
                ChunkEval.chunks(List.of("B-dest", "I-depart")));
        // B- after B- of the same type: two chunks
        assertEquals(List.of(new Chunk("dest", 0, 1), new Chunk("dest", 1, 2)),
                ChunkEval.chunks(List.of("B-dest", "B-dest")));
    }

    @Test
    void iAfterOStartsANewChunkAndIsNotAnError() {
        assertEquals(List.of(new Chunk("dest", 1, 3)), ChunkEval.chunks(List.of("O", "I-dest", "I-dest")));
        // so a prediction that uses I- for the first word still matches the gold chunk exactly
        ChunkReport r = one("O B-dest I-dest", "O I-dest I-dest");
        counts(r, 1, 1, 1);
        assertEquals(1.0, r.f1(), EPS);
        assertEquals(2.0 / 3, r.accuracy(), EPS, "the tags differ, so token accuracy drops");
    }

    @Test
    void iAfterAnotherTypeStartsANewChunk() {
        ChunkReport r = one("B-dest I-dest", "B-depart I-dest");
        // predicted: depart[0,1) and dest[1,2); gold dest[0,2): nothing correct
        counts(r, 1, 2, 0);
        assertEquals(0.0, r.f1(), EPS);
    }

    @Test
    void aChunkIsCorrectOnlyIfStartEndAndTypeMatch() {
        counts(one("B-dest I-dest O", "B-dest O O"), 1, 1, 0);         // end differs
        counts(one("B-dest I-dest O", "B-dest I-dest I-dest"), 1, 1, 0); // end differs (too long)
        counts(one("O B-dest I-dest", "B-dest I-dest I-dest"), 1, 1, 0); // start differs
        counts(one("B-dest I-dest", "B-depart I-depart"), 1, 1, 0);      // type differs
        counts(one("B-dest I-dest", "B-dest B-dest"), 1, 2, 0);          // split in two
        counts(one("B-dest B-dest", "B-dest B-dest"), 2, 2, 2);
    }

    @Test
    void chunksNeverCrossSentences() {
        // sentence 1 ends in dest, sentence 2 starts with I-dest: two chunks, not one
        ChunkReport r = ChunkEval.evaluate(List.of(List.of("O", "B-dest"), List.of("I-dest", "O")),
                List.of(List.of("O", "B-dest"), List.of("I-dest", "O")));
        counts(r, 2, 2, 2);
        assertEquals(4, r.tokens(), "boundaries are not tokens");
        // a chunk ending at the last token of the last sentence counts
        counts(one("O B-dest", "O B-dest"), 1, 1, 1);
    }

    @Test
    void iobeEndTagsAndSTagsAsConllevalTreatsThem() {
        // IOE: E- closes a chunk, the next I- opens one: I E I E = two chunks
        assertEquals(List.of(new Chunk("X", 0, 2), new Chunk("X", 2, 4)),
                ChunkEval.chunks(List.of("I-X", "E-X", "I-X", "E-X")));
        ChunkReport r = one("I-X E-X I-X E-X", "I-X E-X I-X O");
        counts(r, 2, 2, 1);
        // conlleval has no rule for (E, B): B E B E of one type is ONE chunk (checked against the Perl script)
        assertEquals(List.of(new Chunk("X", 0, 4)), ChunkEval.chunks(List.of("B-X", "E-X", "B-X", "E-X")));
        // E-X E-X: (E,E) ends and starts
        assertEquals(2, ChunkEval.chunks(List.of("E-X", "E-X")).size());
        // conlleval (2004) has no rule for S-: consecutive S-X of one type are one chunk
        assertEquals(List.of(new Chunk("X", 0, 2)), ChunkEval.chunks(List.of("S-X", "S-X")));
        assertEquals(List.of(new Chunk("X", 0, 1), new Chunk("Y", 1, 2)), ChunkEval.chunks(List.of("S-X", "S-Y")));
    }

    @Test
    void typesSplitAtTheFirstHyphen() {
        ChunkReport r = one("B-fromloc-city I-fromloc-city", "B-fromloc-city I-fromloc-city");
        assertEquals("fromloc-city", r.types().get(0).type());
        counts(r, 1, 1, 1);
    }

    @Test
    void noChunksGivesZeroNotNaN() {
        ChunkReport r = one("O O", "O O");
        counts(r, 0, 0, 0);
        assertEquals(0.0, r.precision());
        assertEquals(0.0, r.recall());
        assertEquals(0.0, r.f1());
        assertEquals(1.0, r.accuracy());
        assertEquals("processed 2 tokens with 0 phrases; found: 0 phrases; correct: 0.\n"
                + "accuracy: 100.00%; precision:   0.00%; recall:   0.00%; FB1:   0.00\n", r.toConllevalString());
    }

    /**
     * Three sentences, counted by hand.
     * <pre>
     * 1 I would like to arrive Taipei on November 2nd
     *   gold O O O O O B-dest   O B-arrive_date I-arrive_date
     *   pred O O O O O B-depart O B-arrive_date I-arrive_date    dest missed, depart wrong, date correct
     * 2 leave New York on Monday                                 all correct (depart, depart_date)
     * 3 from Boston to San Francisco
     *   gold O B-depart O B-dest I-dest
     *   pred O B-depart O B-dest O                                depart correct, dest too short
     * tokens 9+5+5 = 19, correct tags 8+5+4 = 17
     * gold chunks 2+2+2 = 6, predicted 2+2+2 = 6, correct 1+2+1 = 4: P = R = F1 = 4/6
     * arrive_date 1/1/1; depart gold 2, predicted 3, correct 2; depart_date 1/1/1; dest gold 2, predicted 1, correct 0
     * </pre>
     */
    @Test
    void multiSentenceExampleByHand() {
        List<List<String>> gold = List.of(
                List.of("O", "O", "O", "O", "O", "B-dest", "O", "B-arrive_date", "I-arrive_date"),
                List.of("O", "B-depart", "I-depart", "O", "B-depart_date"),
                List.of("O", "B-depart", "O", "B-dest", "I-dest"));
        List<List<String>> pred = List.of(
                List.of("O", "O", "O", "O", "O", "B-depart", "O", "B-arrive_date", "I-arrive_date"),
                List.of("O", "B-depart", "I-depart", "O", "B-depart_date"),
                List.of("O", "B-depart", "O", "B-dest", "O"));
        ChunkReport r = ChunkEval.evaluate(gold, pred);
        assertEquals(19, r.tokens());
        assertEquals(17, r.correctTags());
        counts(r, 6, 6, 4);
        assertEquals(4.0 / 6, r.precision(), EPS);
        assertEquals(4.0 / 6, r.recall(), EPS);
        assertEquals(4.0 / 6, r.f1(), EPS);
        assertEquals(17.0 / 19, r.accuracy(), EPS);
        ChunkReport.TypeCounts depart = r.type("depart");
        assertEquals(new ChunkReport.TypeCounts("depart", 2, 2, 3), depart);
        assertEquals(2.0 / 3, depart.precision(), EPS);
        assertEquals(1.0, depart.recall(), EPS);
        assertEquals(0.8, depart.f1(), EPS);
        assertEquals(new ChunkReport.TypeCounts("dest", 0, 2, 1), r.type("dest"));
        assertEquals(List.of("arrive_date", "depart", "depart_date", "dest"),
                r.types().stream().map(ChunkReport.TypeCounts::type).toList());
        // conlleval's layout: 17/19 = 89.47%, 4/6 = 66.67%, per type "%17s: " and the predicted count last
        assertEquals("processed 19 tokens with 6 phrases; found: 6 phrases; correct: 4.\n"
                + "accuracy:  89.47%; precision:  66.67%; recall:  66.67%; FB1:  66.67\n"
                + "      arrive_date: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n"
                + "           depart: precision:  66.67%; recall: 100.00%; FB1:  80.00  3\n"
                + "      depart_date: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n"
                + "             dest: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n", r.toConllevalString());
        assertEquals(r.toConllevalString(), r.toString());
        assertTrue(r.toHtml().contains(">depart</td>"), r.toHtml());
    }

    @Test
    void streamingAccumulatorEqualsBatchEvaluation() {
        ChunkEval e = new ChunkEval();
        e.add(List.of("O", "B-dest"), List.of("O", "B-dest"));
        assertEquals(1, e.report().correctChunks(), "report() can be called mid-way");
        e.add(List.of("B-depart", "I-depart"), List.of("B-depart", "O"));
        ChunkReport r = e.report();
        counts(r, 2, 2, 1);
        // token by token without a boundary: the open chunk at the end still counts
        ChunkEval t = new ChunkEval().addToken("B-dest", "B-dest").addToken("I-dest", "I-dest");
        counts(t.report(), 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> new ChunkEval().add(List.of("O"), List.of("O", "O")));
    }

    @Test
    void paddedIdBatchesGiveTheSameScores() {
        rnnlab.data.LabelVocabulary labels = rnnlab.data.LabelVocabulary.of("O", "B-dest", "I-dest", "B-depart");
        int[][] gold = {{0, 1, 2}, {3, 0, -1}};
        int[][] pred = {{0, 1, 0}, {3, 0, 0}};
        ChunkReport fromIds = new ChunkEval().add(gold, pred, new int[] {3, 2}, labels).report();
        ChunkReport fromStrings = ChunkEval.evaluate(List.of(List.of("O", "B-dest", "I-dest"), List.of("B-depart", "O")),
                List.of(List.of("O", "B-dest", "O"), List.of("B-depart", "O")));
        assertEquals(fromStrings, fromIds);
        counts(fromIds, 2, 2, 1);
        assertEquals(5, fromIds.tokens(), "padding is not counted");
    }

    /** Perl's printf rounds the exact binary value half-to-even: 12.125 prints as 12.12 (Java's %.2f: 12.13). */
    @Test
    void roundingIsPerlsNotJavas() {
        assertEquals(" 12.12", ChunkReport.f62(12.125));
        assertEquals(" 12.38", ChunkReport.f62(12.375));
        assertEquals(" 66.67", ChunkReport.f62(200.0 / 3));
        assertEquals("100.00", ChunkReport.f62(100));
        ChunkEval e = new ChunkEval();
        for (int i = 0; i < 800; i++) {       // 97 of 800 tags correct: accuracy exactly 12.125%
            e.addToken("O", i < 97 ? "O" : "B-X");
        }
        assertTrue(e.report().toConllevalString().contains("accuracy:  12.12%;"), e.report().toConllevalString());
    }

    @Test
    void evaluatesAConllevalFile(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("pred.txt");
        Files.writeString(p, "leave O O\nTaipei B-depart B-depart\n\narrive O O\nTaipei\tB-dest\tB-depart\n",
                StandardCharsets.UTF_8);
        ChunkReport r = ChunkEval.evaluateFile(p);
        assertEquals(4, r.tokens());
        counts(r, 2, 2, 1);
        Files.writeString(p, "leave O O\nTaipei B-depart\n");
        ConllFormatException e = assertThrows(ConllFormatException.class, () -> ChunkEval.evaluateFile(p));
        assertTrue(e.getMessage().contains(p + ", line 2: expected 3 columns like line 1"), e.getMessage());
    }
}
