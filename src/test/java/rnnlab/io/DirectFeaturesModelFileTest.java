package rnnlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.data.Dataset;
import rnnlab.data.Sentence;
import rnnlab.data.SlotFillingCorpus;
import rnnlab.io.ModelFileException.Problem;
import rnnlab.models.Network;
import rnnlab.train.Tagger;
import rnnlab.train.Trainer;

/** A tagger with direct sparse features is saved and loaded with them; corrupt values are refused. */
class DirectFeaturesModelFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripGivesTheSameOutputs() {
        Dataset train = SlotFillingCorpus.splits(60, 10, 10, 3).train();
        Tagger t = Tagger.create(train, Network.builder().cell(Network.Cell.LSTM).bidirectional(true).embedding(4)
                .hidden(5).crf(true).directFeatures(1000).build());
        new Trainer(Trainer.Settings.DEFAULT.withEpochs(1).withTrainMetrics(false)).fit(t, train, null);
        Path file = dir.resolve("direct.rnnlab");
        ModelFile.save(t, file);
        Tagger back = ModelFile.loadTagger(file);
        assertEquals(t.network(), back.network());
        assertEquals(1000, back.network().directFeatures());
        assertEquals("1000", ModelFile.info(file).settings().get("network.directFeatures"));
        for (int r = 0; r < 1000; r++) {
            assertArrayEquals(t.model().direct().W.value.data[r], back.model().direct().W.value.data[r], 0,
                    "direct.W row " + r);
        }
        assertEquals(t.evaluate(train).predicted(), back.evaluate(train).predicted());
        assertEquals(t.evaluate(train).loss(), back.evaluate(train).loss(), 0);
        Sentence s = train.get(0);
        assertArrayEquals(t.probabilities(s.tokens())[1], back.probabilities(s.tokens())[1], 0);
        // a file written without the option has no such setting and still loads as before
        Tagger plain = Tagger.create(train, Network.builder().embedding(4).hidden(5).build());
        ModelFile.save(plain, dir.resolve("plain.rnnlab"));
        assertFalse(ModelFile.info(dir.resolve("plain.rnnlab")).settings().containsKey("network.directFeatures"));
        assertEquals(null, ModelFile.loadTagger(dir.resolve("plain.rnnlab")).model().direct());
    }

    @Test
    void corruptValuesAreRefusedNamingTheSetting() throws IOException {
        for (String bad : List.of("lots", "-5", "16777217")) {
            ModelFileHardeningTest.Parts p = new ModelFileHardeningTest.Parts();
            p.settings.put("network.directFeatures", bad);
            refused(p.bytes(), "network.directFeatures=" + bad);
        }
        // a value the builder accepts but tensors that lack direct.W (a file changed by hand): refused before
        // allocating a table the file does not hold
        ModelFileHardeningTest.Parts p = new ModelFileHardeningTest.Parts();
        p.settings.put("network.directFeatures", "16777216");
        refused(p.bytes(), "values");
        p = new ModelFileHardeningTest.Parts();
        p.settings.put("network.directFeatures", "1");
        refused(p.bytes(), "direct.W");
    }

    private void refused(byte[] bytes, String... words) throws IOException {
        Path f = Files.write(dir.resolve("crafted.rnnlab"), bytes);
        for (ModelFileException e : List.of(assertThrows(ModelFileException.class, () -> ModelFile.loadTagger(f)),
                assertThrows(ModelFileException.class, () -> ModelFile.info(f)))) {
            assertEquals(Problem.MALFORMED, e.problem(), e.getMessage());
            assertTrue(e.getMessage().contains("crafted.rnnlab"), e.getMessage());
            for (String w : words) {
                assertTrue(e.getMessage().contains(w), "'" + w + "' in " + e.getMessage());
            }
        }
    }
}
