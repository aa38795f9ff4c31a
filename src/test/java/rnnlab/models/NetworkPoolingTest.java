package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.core.GradCheck;
import rnnlab.core.Matrix;
import rnnlab.io.ModelFile;

/** Pooling as an option of the network description: built, validated, stored and read back. */
class NetworkPoolingTest {
    static Network net(Pooling p) {
        return Network.builder().cell(Network.Cell.GRU).vocabulary(9).embedding(3).hidden(4).bidirectional(true)
                .classes(2).manyToOne().pooling(p).seed(3).build();
    }

    static Batch batch() {
        return Batch.ofIdsForClasses(new int[][] {{2, 3, 4, 5}, {6, 7, 0, 0}}, new int[] {4, 2}, new int[] {0, 1});
    }

    @Test
    void everyPoolingBuildsAModelWithThatPoolingAndExactGradients() {
        for (Pooling p : Pooling.values()) {
            SequenceModel m = net(p).model();
            assertEquals(p, m.pooling().kind());
            assertEquals(p == Pooling.ATTENTION, m.params().contains("pool.Wk"));
            var r = p == Pooling.MAX ? m.gradientCheck(batch(), new GradCheck.Options(1e-5, 0, 1, 4))
                    : m.gradientCheck(batch(), GradCheck.Options.full());
            r.assertAccurate(GradCheck.SEQUENCE_TOLERANCE);
        }
    }

    @Test
    void storedOnlyWhenSetAndReadBack() {
        assertFalse(net(Pooling.LAST).toSettings().containsKey("pooling"), "the default keeps old files unchanged");
        assertEquals("attention", net(Pooling.ATTENTION).toSettings().get("pooling"));
        for (Pooling p : Pooling.values()) {
            assertEquals(net(p), Network.fromSettings(net(p).toSettings()));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Network.builder().pooling(Pooling.MEAN).build());
        assertTrue(e.getMessage().contains("manyToOne"), e.getMessage());
    }

    @Test
    void aSavedAttentionModelComesBackWithTheSameProbabilities(@TempDir Path dir) {
        SequenceModel m = net(Pooling.ATTENTION).model();
        Matrix before = m.probabilities(batch())[0].copy();
        Path f = dir.resolve("m.rnnlab");
        ModelFile.save(m, f);
        SequenceModel back = ModelFile.loadModel(f);
        assertEquals(Pooling.ATTENTION, back.pooling().kind());
        Matrix after = back.probabilities(batch())[0];
        for (int r = 0; r < before.rows; r++) {
            assertArrayEquals(before.data[r], after.data[r], 0.0);
        }
    }
}
