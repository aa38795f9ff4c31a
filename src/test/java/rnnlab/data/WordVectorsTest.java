package rnnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.models.Network;
import rnnlab.train.Tagger;

class WordVectorsTest {
    @TempDir
    Path dir;

    Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsWord2vecWithHeaderAndGloveWithout() throws IOException {
        WordVectors w2v = WordVectors.read(file("w.txt", "3 2\nleave 0.5 -1\nTaipei 2 3e-1\n\nleave 9 9\n"));
        assertEquals(2, w2v.dimension());
        assertEquals(3, w2v.fileWords());
        assertEquals(1, w2v.duplicates(), "'leave' twice");
        assertArrayEquals(new double[] {0.5, -1}, w2v.lookUp("leave"), "the first vector is kept");
        assertArrayEquals(new double[] {2, 0.3}, w2v.lookUp("Taipei"));
        WordVectors glove = WordVectors.read(file("g.txt", "\uFEFFtaipei 1 2 3\non\t4 5 6\n"));
        assertEquals(3, glove.dimension());
        assertArrayEquals(new double[] {1, 2, 3}, glove.lookUp("Taipei"), "then the lower-cased word");
        assertNull(glove.lookUp("Friday"), "out of vocabulary");
        WordVectors some = WordVectors.read(file("s.txt", "a 1\nb 2\nc 3\n"), w -> !w.equals("b"));
        assertEquals(2, some.vectors().size(), "only the wanted words are kept");
        assertEquals(3, some.fileWords());
    }

    @Test
    void malformedFilesNameTheFileAndLine() throws IOException {
        assertError(file("a.txt", "x 1 2\ny 1 2 3\n"), "a.txt:2:", "'y' has 3 values, the vectors before it 2");
        assertError(file("b.txt", "x 1 2\ny 1 two\n"), "b.txt:2:", "value 2 of 'y' is 'two', not a number");
        assertError(file("c.txt", "x 1 NaN\n"), "c.txt:1:", "finite");
        assertError(file("d.txt", "5 2\nx 1 2\n"), "d.txt:1:", "header says 5 words but the file has 1");
        assertError(file("e.txt", "2 3\nx 1 2\ny 1 2\n"), "e.txt:2:", "header says 3 values");
        assertError(file("f.txt", "x 1\nlonely\n"), "f.txt:2:", "a word with no numbers");
        assertError(file("g.txt", "\n\n"), "g.txt", "no word vectors");
        Path latin1 = dir.resolve("h.txt");
        Files.write(latin1, new byte[] {'x', ' ', '1', '\n', (byte) 0xe9, ' ', '2', '\n'});
        assertError(latin1, "h.txt", "line 2", "UTF-8");
        assertThrows(java.io.UncheckedIOException.class, () -> WordVectors.read(dir.resolve("none.txt")));
    }

    static void assertError(Path p, String... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WordVectors.read(p));
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' in " + e.getMessage());
        }
    }

    @Test
    void aTaggerStartsFromTheVectorsAndReportsCoverage() throws IOException {
        Dataset train = Dataset.of("train", List.of(Sentence.parse("leave Taipei on Friday", "O B-x O B-y"),
                Sentence.parse("leave Boston on Monday", "O B-x O B-y")));
        // vocabulary (min count 1): leave, on (twice each), Boston, Friday, Monday, Taipei
        Tagger tagger = Tagger.create(train, Network.builder().embedding(2).hidden(3).build(),
                Vocabulary.Settings.DEFAULT);
        WordVectors v = WordVectors.read(file("v.txt", "leave 1 -1\ntaipei 3 1\nboston 2 2\nzebra 5 5\n"));
        WordVectors.Coverage c = tagger.useVectors(v, train);
        assertEquals(6, c.words());
        assertEquals(1, c.exact(), "leave");
        assertEquals(2, c.lowerCased(), "Taipei, Boston");
        assertEquals(3, c.missing(), "on, Friday, Monday");
        assertEquals(8, c.tokens());
        assertEquals(4, c.tokensCovered(), "leave ×2, Taipei, Boston");
        assertTrue(c.toString().startsWith("3 of 6 vocabulary words have a vector (50.0%; 1 as written, 2 "
                + "lower-cased), 50.0% of the training tokens"), c.toString());
        double[][] E = tagger.model().embedding().E.value.data;
        assertArrayEquals(new double[] {3, 1}, E[tagger.words().id("Taipei")]);
        assertArrayEquals(new double[] {1, -1}, E[tagger.words().id("leave")]);
        // σ of the six values 1 −1 3 1 2 2 is √(20/6 − 4/3·… ) : compute it as the code must
        double[] vals = {1, -1, 3, 1, 2, 2};
        double mean = 4.0 / 3, ss = 0;
        for (double x : vals) {
            ss += x * x;
        }
        double bound = Math.sqrt(3) * Math.sqrt(ss / 6 - mean * mean);
        for (String oov : List.of("on", "Friday", "Monday", Vocabulary.OTHER)) {
            for (double x : E[tagger.words().id(oov)]) {
                assertTrue(Math.abs(x) <= bound && x != 0, oov + ": " + x + " within ±" + bound);
            }
        }
        Tagger wrong = Tagger.create(train, Network.builder().embedding(5).hidden(3).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wrong.useVectors(v, train));
        assertTrue(e.getMessage().contains("2 values per word") && e.getMessage().contains(".embedding(2)"),
                e.getMessage());
    }
}
