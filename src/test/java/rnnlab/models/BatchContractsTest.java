package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import rnnlab.core.Matrix;

/**
 * A batch refuses every inconsistency between ids, vectors, lengths, labels, classes, trigrams and feature columns
 * with a message naming the row, the step and the fix; the edges that are fine (label 0, the last valid step, −1
 * exactly at padding) are accepted. Written against the survivors of mutation testing (docs/testing.md).
 */
class BatchContractsTest {
    static String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void idsOrVectorsAndNotEmpty() {
        assertEquals("Batch: give either word ids or input vectors, not both or neither",
                refusal(() -> new Batch(null, null, null, null, null)));
        assertEquals("Batch: give either word ids or input vectors, not both or neither",
                refusal(() -> new Batch(new int[][] {{1}}, new Matrix[] {new Matrix(1, 2)}, null, null, null)));
        assertEquals("Batch: empty (0 sequences × 0 steps)", refusal(() -> Batch.ofIds(new int[0][], null, null)));
        assertEquals("Batch: empty (1 sequences × 0 steps)", refusal(() -> Batch.ofIds(new int[][] {{}}, null, null)));
        assertEquals("Batch: empty (0 sequences × 0 steps)", refusal(() -> Batch.ofInputs(new Matrix[0], null, null)));
        assertEquals("Batch: empty (0 sequences × 1 steps)",
                refusal(() -> Batch.ofInputs(new Matrix[] {new Matrix(0, 2)}, null, null)));
        Batch one = Batch.ofInputs(new Matrix[] {new Matrix(1, 2)}, null, null);
        assertEquals(1, one.inputs().length, "one sequence of one step is a batch");
    }

    @Test
    void lengthsLabelsAndClassesFollowTheBatch() {
        int[][] ids = {{1, 2, 3}, {4, 5, 0}};
        assertEquals("Batch: 1 lengths for 2 sequences", refusal(() -> Batch.ofIds(ids, new int[] {3}, null)));
        assertEquals("Batch: 1 label rows for 2 sequences", refusal(() -> Batch.ofIds(ids, null, new int[][] {{0, 0, 0}})));
        assertEquals("Batch: label row 1 has 2 entries but the batch has 3 steps; pad labels with −1",
                refusal(() -> Batch.ofIds(ids, null, new int[][] {{0, 0, 0}, {0, 0}})));
        assertEquals("Batch: sequence 1 has no label at step 2 although its length is 2; the mask and the labels disagree",
                refusal(() -> Batch.ofIds(ids, new int[] {3, 2}, new int[][] {{0, 1, 2}, {0, -1, -1}})));
        assertEquals("Batch: sequence 1 has label 0 at padding step 3 (length 2); the mask and the labels disagree",
                refusal(() -> Batch.ofIds(ids, new int[] {3, 2}, new int[][] {{0, 1, 2}, {1, 0, 0}})));
        assertEquals("Batch: sequence 0 has no label at step 3 although its length is 3; the mask and the labels disagree",
                refusal(() -> Batch.ofIds(ids, null, new int[][] {{0, 1, -1}, {1, 0, 0}})));
        // label 0 on the last valid step, −1 from the first padding step on: fine
        Batch ok = Batch.ofIds(ids, new int[] {3, 2}, new int[][] {{0, 0, 0}, {0, 0, -1}});
        assertEquals(2, ok.lengths()[1]);
        assertEquals("Batch: 3 classes for 2 sequences",
                refusal(() -> Batch.ofIdsForClasses(ids, null, new int[] {0, 1, 0})));
        assertEquals("Batch: 1 classes for 2 sequences",
                refusal(() -> Batch.ofInputsForClasses(new Matrix[] {new Matrix(2, 1)}, null, new int[] {0})));
    }

    @Test
    void trigramsAndFeatureColumnsFollowTheWordIds() {
        int[][] ids = {{1, 2}, {3, 4}};
        Batch base = Batch.ofIds(ids, null, null);
        assertEquals("Batch: trigrams for 1 sequences but 2 rows of ids",
                refusal(() -> base.withTrigrams(new int[][][] {{{1}, {2}}})));
        assertEquals("Batch: feature column 0 has ids for 1 sequences but the batch has 2",
                refusal(() -> base.withFeatures(new int[][][] {{{1, 2}}})));
        assertEquals("Batch: feature column 1, sequence 1 has 1 steps but its word ids have 2",
                refusal(() -> base.withFeatures(new int[][][] {{{1, 2}, {3, 4}}, {{1, 2}, {3}}})));
        Batch vectors = Batch.ofInputs(new Matrix[] {new Matrix(2, 1)}, null, null);
        assertEquals("Batch: feature column 0 has ids for 2 sequences but the batch has no word ids (feature columns "
                + "go with word ids)", refusal(() -> vectors.withFeatures(new int[][][] {{{1}, {2}}})));
        assertEquals(2, base.withFeatures(new int[][][] {{{1, 2}, {3, 4}}}).features()[0].length);
    }
}
