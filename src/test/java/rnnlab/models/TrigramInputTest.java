package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.core.GradCheck;
import rnnlab.core.Matrix;
import rnnlab.core.Objective;
import rnnlab.core.Param;
import rnnlab.data.Dataset;
import rnnlab.data.LetterTrigrams;
import rnnlab.data.Sentence;
import rnnlab.data.Vocabulary;
import rnnlab.io.ModelFile;
import rnnlab.layers.TrigramEmbedding;
import rnnlab.train.Tagger;

/** Letter trigrams (word hashing, lecture p.5) as an input option of a network. */
class TrigramInputTest {
    @TempDir
    Path dir;

    static final List<List<String>> WORDS = List.of(List.of("apple", "on", "Taipei"), List.of("banana", "pie"));

    /** Every gradient, including the rows of G of the trigrams the batch contains. */
    @Test
    void gradientsAreExact() {
        SequenceModel m = Network.builder().cell(Network.Cell.LSTM).bidirectional(true).vocabulary(6).embedding(3)
                .window(1).trigrams(4).hidden(4).classes(3).dropout(0.3, 0.3, 0.3).build().model();
        assertEquals(3 * 3 + 4, m.body().inputSize(), "x = [3 windowed word vectors ; 4 trigram values]");
        Batch batch = Batch.ofIds(new int[][] {{2, 3, 4}, {5, 1, 0}}, new int[] {3, 2},
                new int[][] {{0, 1, 2}, {2, 0, -1}}).withTrigrams(TrigramEmbedding.of(WORDS, 3));
        m.setTraining(true);
        m.dropoutControl().hold(true);
        m.loss(batch);
        List<Param> tensors = new ArrayList<>();
        for (Param p : m.params()) {
            if (!p.name.equals("trigrams.G")) {
                tensors.add(p);
            }
        }
        // G has 17,576 rows; check the rows of the batch's trigrams (a view sharing their arrays)
        List<Integer> rows = new ArrayList<>();
        for (List<String> s : WORDS) {
            for (String w : s) {
                for (int g : LetterTrigrams.indices(w)) {
                    if (!rows.contains(g)) {
                        rows.add(g);
                    }
                }
            }
        }
        assertTrue(rows.contains(LetterTrigrams.index("app")) && rows.contains(LetterTrigrams.index("ana")));
        Param G = m.trigrams().G;
        double[][] v = new double[rows.size()][], g = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            v[i] = G.value.data[rows.get(i)];
            g[i] = G.grad.data[rows.get(i)];
        }
        tensors.add(new Param("trigrams.G[used rows]", Matrix.ofRows(v), Matrix.ofRows(g), -1));
        Objective objective = new Objective() {
            @Override
            public double loss() {
                return m.loss(batch);
            }

            @Override
            public double gradients() {
                return m.lossAndGradient(batch);
            }
        };
        GradCheck.check(objective, tensors, GradCheck.Options.full()).assertAccurate(GradCheck.SEQUENCE_TOLERANCE);
        m.lossAndGradient(batch);
        double other = 0;
        for (int r = 0; r < LetterTrigrams.DIMENSION; r++) {
            if (!rows.contains(r)) {
                for (double x : G.grad.data[r]) {
                    other = Math.max(other, Math.abs(x));
                }
            }
        }
        assertEquals(0, other, 0, "rows of trigrams the batch does not contain get no gradient");
    }

    /** Two unseen words are both <other>; their trigrams still tell them apart. */
    @Test
    void unseenWordsDifferThroughTheirTrigrams(@TempDir Path tmp) {
        Dataset train = Dataset.of("train", List.of(Sentence.parse("leave Taipei", "O B-city"),
                Sentence.parse("leave Boston", "O B-city")));
        Tagger with = Tagger.create(train, Network.builder().embedding(4).hidden(5).trigrams(6).build(),
                Vocabulary.Settings.DEFAULT);
        Tagger without = Tagger.create(train, Network.builder().embedding(4).hidden(5).build(),
                Vocabulary.Settings.DEFAULT);
        List<String> a = List.of("leave", "Taipeh"), b = List.of("leave", "Bostonian");
        assertEquals(with.words().id("Taipeh"), with.words().id("Bostonian"), "both map to <other>");
        assertArrayEquals(without.probabilities(a)[1], without.probabilities(b)[1], 0,
                "without trigrams two unseen words are the same input");
        assertFalse(java.util.Arrays.equals(with.probabilities(a)[1], with.probabilities(b)[1]),
                "with trigrams they differ");
        // and the option survives a model file
        Path file = tmp.resolve("tri.rnnlab");
        ModelFile.save(with, file);
        Tagger back = ModelFile.loadTagger(file);
        assertEquals(6, back.network().trigrams());
        assertArrayEquals(with.probabilities(b)[1], back.probabilities(b)[1], 0);
        assertEquals(with.network(), back.network());
    }

    @Test
    void settingsAreStoredAndChecked() {
        Network n = Network.builder().trigrams(30).build();
        assertEquals("30", n.toSettings().get("trigrams"));
        assertEquals(n, Network.fromSettings(n.toSettings()));
        assertFalse(Network.defaults().toSettings().containsKey("trigrams"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Network.builder().embedding(0).inputs(3).trigrams(5).build());
        assertTrue(e.getMessage().contains("trigrams(5)") && e.getMessage().contains(".embedding(E)"), e.getMessage());
        SequenceModel m = n.withVocabulary(5).withClasses(2).model();
        IllegalArgumentException noTrigrams = assertThrows(IllegalArgumentException.class,
                () -> m.loss(Batch.ofIds(new int[][] {{2, 3}}, null, new int[][] {{0, 1}})));
        assertTrue(noTrigrams.getMessage().contains("withTrigrams"), noTrigrams.getMessage());
    }
}
