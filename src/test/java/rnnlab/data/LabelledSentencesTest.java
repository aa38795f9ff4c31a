package rnnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.data.LabelledSentences.Example;

class LabelledSentencesTest {
    @Test
    void readsLabelTabTextSkippingBlankAndCommentLines() {
        var ex = LabelledSentences.parse("# reviews\npositive\tnot good , but fine\n\nnegative\t good ,  but not fine \n",
                "reviews.tsv");
        assertEquals(2, ex.size());
        assertEquals(new Example("positive", List.of("not", "good", ",", "but", "fine")), ex.get(0));
        assertEquals(List.of("good", ",", "but", "not", "fine"), ex.get(1).tokens());
        assertEquals(List.of("positive", "negative"), LabelledSentences.labels(ex));
    }

    @Test
    void errorsNameFileAndLineAndTheFix() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> LabelledSentences.parse("positive\tfine\nnegative bad\n", "reviews.tsv"));
        assertTrue(e.getMessage().startsWith("reviews.tsv, line 2: no tab"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelledSentences.parse("\tfine\n", "r.tsv"));
        assertTrue(e.getMessage().contains("line 1: empty label"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelledSentences.parse("a\tb\n\npositive\t  \n", "r.tsv"));
        assertTrue(e.getMessage().contains("line 3: no text after the tab"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelledSentences.parse("a\tb\tc\n", "r.tsv"));
        assertTrue(e.getMessage().contains("line 1: more than one tab"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelledSentences.parse("# only\n\n", "r.tsv"));
        assertTrue(e.getMessage().contains("no labelled sentences"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelledSentences.read(Path.of("/nonexistent/x.tsv")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void badUtf8NamesTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.tsv");
        Files.write(f, new byte[] {'a', '\t', 'b', '\n', 'c', '\t', (byte) 0xE9, '\n'});
        var e = assertThrows(IllegalArgumentException.class, () -> LabelledSentences.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void writeThenReadGivesTheSameExamples(@TempDir Path dir) {
        var ex = SentimentCorpus.generate(20, 1);
        Path f = dir.resolve("s.tsv");
        LabelledSentences.write(ex, f);
        assertEquals(ex, LabelledSentences.read(f));
    }

    @Test
    void sentimentCorpusLabelsFollowTheClauseAfterBut() {
        for (Example e : SentimentCorpus.generate(300, 7)) {
            List<String> t = e.tokens();
            int but = t.indexOf("but");
            List<String> clause = but >= 0 ? t.subList(but + 1, t.size()) : t;
            String adj = clause.get(clause.size() - 1);
            boolean not = clause.size() >= 2 && clause.get(clause.size() - 2).equals("not");
            int pol = SentimentCorpus.polarity(adj, not);
            assertEquals(pol > 0 ? "positive" : "negative", e.label(), e.toString());
        }
        var pairs = SentimentCorpus.orderPairs();
        assertEquals(40, pairs.size());
        assertEquals(Example.of("positive", "not good , but fine"), pairs.get(0)[0]);
        assertEquals(Example.of("negative", "good , but not fine"), pairs.get(0)[1]);
        var generated = SentimentCorpus.generate(2000, 3);
        for (Example[] p : pairs) {
            assertTrue(generated.stream().noneMatch(e -> e.tokens().equals(p[0].tokens())));
        }
    }
}
