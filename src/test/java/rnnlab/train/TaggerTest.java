package rnnlab.train;

import rnnlab.models.Network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import rnnlab.data.Dataset;
import rnnlab.data.Sentence;
import rnnlab.data.SlotFillingCorpus;

class TaggerTest {
    static final SlotFillingCorpus.Splits DATA = SlotFillingCorpus.splits(80, 10, 10, 4);

    static Tagger tagger() {
        return Tagger.create(DATA.train(), Network.builder().cell(Network.Cell.ELMAN).hidden(8).embedding(4).seed(1).build());
    }

    @Test
    void tagsOneSentenceLikeABatch() {
        Tagger t = tagger();
        List<List<String>> all = t.tag(DATA.test());
        for (int i = 0; i < DATA.test().size(); i++) {
            assertEquals(all.get(i), t.tag(DATA.test().get(i).tokens()), "sentence " + i);
            assertEquals(DATA.test().get(i).length(), all.get(i).size());
        }
        assertEquals(List.of(), t.tag(List.of()));
        List<String> unknown = t.tag(List.of("Gandalf", "Sauron"));   // both map to <other> (lecture p.5)
        assertEquals(2, unknown.size());
        assertTrue(t.labels().labels().containsAll(unknown));
    }

    @Test
    void probabilitiesSumToOneAndTheirArgmaxIsTheTag() {
        Tagger t = tagger();
        List<String> words = DATA.test().get(0).tokens();
        double[][] p = t.probabilities(words);
        List<String> tags = t.tag(words);
        assertEquals(words.size(), p.length);
        for (int i = 0; i < p.length; i++) {
            assertEquals(t.labels().size(), p[i].length);
            assertEquals(1.0, java.util.Arrays.stream(p[i]).sum(), 1e-12);
            int best = 0;
            for (int k = 1; k < p[i].length; k++) {
                best = p[i][k] > p[i][best] ? k : best;
            }
            assertEquals(tags.get(i), t.labels().label(best), "word " + i);
        }
    }

    @Test
    void evaluationCountsUnknownGoldLabelsAsErrors() {
        Tagger t = tagger();
        Dataset odd = Dataset.of("odd", List.of(Sentence.parse("leave Taipei", "O B-spaceport")));
        Evaluation e = t.evaluate(odd);
        assertEquals(1, e.chunks().goldChunks());
        assertEquals(0, e.chunks().correctChunks());
        assertTrue(Double.isFinite(e.loss()), "loss over the known label only: " + e.loss());
        assertEquals(2, e.predicted().get(0).size());
    }

    @Test
    void refusesUnlabelledTrainingData() {
        Dataset raw = Dataset.of("raw", List.of(Sentence.parse("arrive Taipei")));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Tagger.create(raw, Network.defaults()));
        assertTrue(ex.getMessage().contains("raw") && ex.getMessage().contains("label"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tagger().evaluate(raw));
    }

    @Test
    void everyArchitectureBuildsAndTags() {
        for (Network.Cell a : Network.Cell.values()) {
            Network n = Network.builder().cell(a).bidirectional(a.isRecurrent()).layers(2).hidden(6).embedding(4)
                    .window(1).seed(2).build();
            Tagger t = Tagger.create(DATA.train(), n);
            assertEquals(DATA.test().tokenCount(), t.tag(DATA.test()).stream().mapToInt(List::size).sum(), a.name());
            assertTrue(t.toString().contains("cell=" + a.label()), t.toString());
        }
        assertEquals(Network.Cell.FEEDFORWARD, Network.Cell.parse(" FeedForward "));
        assertThrows(IllegalArgumentException.class, () -> Network.Cell.parse("transformer"));
    }
}
