package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.data.Dataset;
import rnnlab.data.Sentence;
import rnnlab.io.ModelFile;
import rnnlab.models.Network;
import rnnlab.structured.ValidIob;

/** A tagger without a CRF layer that decodes with IOB2's rules (Network.iobConstraints). */
class TaggerIobTest {
    @TempDir
    Path dir;

    /**
     * An untrained tagger with spread weights breaks IOB2 often word by word; with the rules every decoded sentence
     * keeps them, the probabilities (and the loss) are the same, and the rules survive a model file.
     */
    @Test
    void decodedSequencesKeepTheRulesAndTheProbabilitiesAreUnchanged() throws Exception {
        Dataset train = TaggerCrfTest.SPLITS.train(), test = TaggerCrfTest.SPLITS.test();
        Network plain = TaggerCrfTest.small().cell(Network.Cell.LSTM).build();
        Tagger word = Tagger.create(train, plain), rules = Tagger.create(train, plain.toBuilder()
                .iobConstraints(true).build());
        for (Tagger t : new Tagger[] {word, rules}) {     // the same weights, spread wide: many labels
            java.util.SplittableRandom rng = new java.util.SplittableRandom(9);
            for (rnnlab.core.Param p : t.model().params()) {
                rnnlab.core.Init.uniform(p.value, 3, rng);
            }
        }
        List<List<String>> a = word.tag(test), b = rules.tag(test);
        assertFalse(ValidIob.keptBy(a), "word by word, spread weights break IOB2 somewhere");
        assertTrue(ValidIob.keptBy(b), "with the rules, never");
        for (int i = 0; i < a.size(); i++) {
            if (ValidIob.keptBy(List.of(a.get(i)))) {
                assertEquals(a.get(i), b.get(i), "a valid word-by-word sequence is kept: sentence " + i);
            }
        }
        assertEquals(word.evaluate(test).loss(), rules.evaluate(test).loss(), 0, "same probabilities");
        Path f = dir.resolve("iob.rnnlab");
        ModelFile.save(rules, f);
        Tagger back = ModelFile.loadTagger(f);
        assertTrue(back.model().network().iobConstraints());
        assertEquals(b, back.tag(test));
    }

    /** Training labels that break IOB2 are refused before training, naming the sentence, as for the CRF. */
    @Test
    void labelsThatAreNotIob2AreRefused() {
        Dataset bad = Dataset.of("bad.conll", List.of(Sentence.of(List.of("a", "b"), List.of("B-x", "I-x")),
                Sentence.of(List.of("c", "d"), List.of("O", "I-x"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tagger.create(bad, TaggerCrfTest.small().iobConstraints(true).build()));
        assertTrue(e.getMessage().contains("sentence 2 of bad.conll") && e.getMessage().contains("I-x after O"),
                e.getMessage());
    }
}
