package rnnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConllTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsTabSeparatedSentences() throws IOException {
        Path p = file("a.conll", "arrive\tO\nTaipei\tB-dest\n\nleave\tO\nTaipei\tB-depart\n");
        Dataset d = Conll.read(p);
        assertEquals("a.conll", d.name());
        assertEquals(2, d.size());
        assertEquals(Sentence.parse("arrive Taipei", "O B-dest"), d.get(0));
        assertEquals(Sentence.parse("leave Taipei", "O B-depart"), d.get(1), "last sentence without blank line");
    }

    @Test
    void acceptsSpacesExtraColumnsDocstartCrlfBomAndRepeatedBlankLines() throws IOException {
        String text = "\uFEFF-DOCSTART- -X- -X- O\r\n\r\n"
                + "arrive  VB  B-VP  O\r\nNew NNP B-NP B-dest\r\nYork NNP I-NP I-dest\r\n\r\n\r\n  \r\n"
                + "-DOCSTART- -X- -X- O\r\n\r\n"
                + "leave VB B-VP O\r\n";
        Dataset d = Conll.read(file("b.conll", text));
        assertEquals(2, d.size());
        // the columns between token and label are the sentence's feature columns
        assertEquals(Sentence.parse("arrive New York", "O B-dest I-dest").withFeatures(List.of(
                List.of("VB", "NNP", "NNP"), List.of("B-VP", "B-NP", "I-NP"))), d.get(0));
        assertEquals(Sentence.parse("leave", "O").withFeatures(List.of(List.of("VB"), List.of("B-VP"))), d.get(1));
        assertEquals(2, d.featureColumns());
        assertEquals(Sentence.parse("leave", "O"), d.withoutFeatures().get(1));
    }

    @Test
    void oneColumnInALabelledFileNamesFileLineAndExpectation() throws IOException {
        Path p = file("train.conll", "arrive\tO\nTaipei\n");
        ConllFormatException e = assertThrows(ConllFormatException.class, () -> Conll.read(p));
        assertTrue(e.getMessage().startsWith(p + ", line 2: expected a token and a label"), e.getMessage());
        assertTrue(e.getMessage().contains("\"Taipei\""), e.getMessage());
        assertEquals(2, e.line());
        assertEquals(p.toString(), e.source());
    }

    @Test
    void inconsistentColumnCountIsAnError() throws IOException {
        Path p = file("c.conll", "arrive O\nNew York B-dest\n");
        ConllFormatException e = assertThrows(ConllFormatException.class, () -> Conll.read(p));
        assertTrue(e.getMessage().contains("line 2: expected 2 columns like line 1"), e.getMessage());
        assertTrue(e.getMessage().contains("found 3"), e.getMessage());
    }

    @Test
    void malformedUtf8IsReportedAtItsExactLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < 5000; i++) {   // far beyond any read-ahead buffer
            bytes.writeBytes(("w" + i + "\tO\n" + (i % 7 == 6 ? "\n" : "")).getBytes(StandardCharsets.UTF_8));
        }
        int lines = bytes.toString(StandardCharsets.UTF_8).split("\n", -1).length - 1;
        bytes.writeBytes(new byte[] {'c', 'a', 'f', (byte) 0xE9, '\t', 'O', '\n'});   // "café" in Latin-1
        Path p = dir.resolve("latin1.conll");
        Files.write(p, bytes.toByteArray());
        ConllFormatException e = assertThrows(ConllFormatException.class, () -> Conll.read(p));
        assertEquals(lines + 1, e.line());
        assertTrue(e.getMessage().contains("line " + (lines + 1) + ": malformed UTF-8"), e.getMessage());
        assertTrue(e.getMessage().contains("byte 4") && e.getMessage().contains("0xE9"), e.getMessage());
    }

    @Test
    void readsUtf8Text() throws IOException {
        Dataset d = Conll.read(file("u.conll", "臺北\tB-dest\nCafé\tO\n"));
        assertEquals(List.of("臺北", "Café"), d.get(0).tokens());
    }

    @Test
    void streamsWithoutReadingAhead() throws IOException {
        // the first sentence can be read although the file is broken further down: reading is lazy
        Path p = file("s.conll", "arrive\tO\nTaipei\tB-dest\n\nbroken\n");
        try (ConllReader r = Conll.open(p, Conll.Columns.LABELED)) {
            assertTrue(r.hasNext());
            assertEquals(Sentence.parse("arrive Taipei", "O B-dest"), r.next());
            assertEquals(3, r.lineNumber(), "only the first sentence and its blank line were read");
            assertThrows(ConllFormatException.class, r::hasNext);
        }
        try (Stream<Sentence> s = Conll.stream(p, Conll.Columns.LABELED)) {
            assertEquals("arrive Taipei", s.findFirst().orElseThrow().text());
        }
    }

    @Test
    void tokenFilesForTagging() throws IOException {
        Dataset d = Conll.readTokens(file("t.txt", "arrive\nTaipei\n\nleave extra columns ignored\n"));
        assertEquals(2, d.size());
        assertFalse(d.get(0).isLabeled());
        assertEquals(List.of("leave"), d.get(1).tokens());
        Iterator<Sentence> it = Conll.open(new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)),
                "<stdin>", Conll.Columns.TOKENS);
        assertEquals(List.of("a", "b"), it.next().tokens());
        assertFalse(it.hasNext());
    }

    @Test
    void missingFileSaysSo() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Conll.read(dir.resolve("nope.conll")));
        assertTrue(e.getMessage().contains("nope.conll") && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @Test
    void writeThenReadRoundTrips() {
        Dataset d = SlotFillingCorpus.generate(30, 3);
        Path p = dir.resolve("sub/out.conll");
        Conll.write(p, d);
        assertEquals(d.sentences(), Conll.read(p).sentences());
        StringBuilder sb = new StringBuilder();
        Conll.write(sb, List.of(Sentence.parse("arrive Taipei", "O B-dest"), Sentence.parse("leave")));
        assertEquals("arrive\tO\nTaipei\tB-dest\n\nleave\n\n", sb.toString());
    }

    @Test
    void failedWriteLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path p = file("keep.conll", "old\tO\n");
        Sentence bad = new Sentence(List.of("New York"), List.of("B-dest"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conll.write(p, List.of(Sentence.parse("ok", "O"), bad)));
        assertTrue(e.getMessage().contains("'New York' contains whitespace"), e.getMessage());
        assertEquals("old\tO\n", Files.readString(p));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
    }

    @Test
    void writesConllevalInput() {
        StringBuilder sb = new StringBuilder();
        Conll.writePredictions(sb, List.of(Sentence.parse("leave Taipei", "O B-depart")),
                List.of(List.of("O", "B-dest")));
        assertEquals("leave\tO\tO\nTaipei\tB-depart\tB-dest\n\n", sb.toString());
        assertThrows(IllegalArgumentException.class, () -> Conll.writePredictions(new StringBuilder(),
                List.of(Sentence.parse("leave Taipei", "O B-depart")), List.of(List.of("O"))));
    }
}
