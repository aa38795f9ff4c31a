package rnnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.eval.ChunkEval;

/** Issue 10 points 7, 9, 11, 16: readers and writers agree on separators and line ends; messages stay short. */
class ReadWriteAgreementTest {
    @TempDir
    Path dir;

    /** Characters a token may be made of, including tricky non-separators (accents, CJK, emoji, dashes). */
    static final String ALPHABET = "abcXYZ019-_.,'\"é字ß€😀\u0301\u200B";
    /** Separators that used to slip through the reader but stop the writer. */
    static final String SEPARATORS = "\u3000\u000B\u000C\u00A0\u2007\u202F\u2028\u0085\u1680\u2003\uFEFF";

    static String token(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(6);
        int[] cps = ALPHABET.codePoints().toArray();
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(cps[r.nextInt(cps.length)]);
        }
        String t = sb.toString();
        return t.equals(ConllReader.DOCSTART) ? "x" : t;
    }

    @Test
    void readingWhatWasWrittenGivesTheSameSentences() throws IOException {
        SplittableRandom r = new SplittableRandom(10);
        for (int trial = 0; trial < 300; trial++) {
            List<Sentence> sentences = new ArrayList<>();
            boolean labeled = trial % 2 == 0;
            for (int s = 0, n = 1 + r.nextInt(5); s < n; s++) {
                List<String> tokens = new ArrayList<>(), labels = new ArrayList<>();
                for (int t = 0, len = 1 + r.nextInt(8); t < len; t++) {
                    tokens.add(token(r));
                    labels.add(token(r));
                }
                sentences.add(labeled ? new Sentence(tokens, labels) : Sentence.unlabeled(tokens));
            }
            Path f = dir.resolve("t.conll");
            Conll.write(f, sentences);
            Dataset back = labeled ? Conll.read(f) : Conll.readTokens(f);
            assertEquals(sentences, back.sentences(), "trial " + trial);
        }
    }

    @Test
    void everySeparatorSplitsColumnsAndNoWriterAcceptsOne() throws IOException {
        for (int cp : SEPARATORS.codePoints().toArray()) {
            String sep = new String(Character.toChars(cp));
            assertTrue(Conll.isSeparator(cp), Integer.toHexString(cp));
            Path f = Files.writeString(dir.resolve("s.conll"), "Taipei" + sep + "B-dest\nTokyo\tB-dest\n");
            assertEquals(List.of(new Sentence(List.of("Taipei", "Tokyo"), List.of("B-dest", "B-dest"))),
                    Conll.read(f).sentences(), "U+" + Integer.toHexString(cp));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conll.write(
                    new StringBuilder(), List.of(new Sentence(List.of("a" + sep + "b"), List.of("O")))));
            assertTrue(e.getMessage().contains("whitespace"), e.getMessage());
            assertEquals(List.of("a", "b"), Sentence.parse("a" + sep + "b").tokens());
        }
        String text = "arrive\u3000Taipei";                                  // a full-width space, as typed in CJK
        assertEquals(List.of("arrive", "Taipei"), Conll.fields(text));
    }

    @Test
    void crOnlyAndMixedLineEndsAreReadAsLines() throws IOException {
        Path f = Files.writeString(dir.resolve("mac.conll"), "arrive\tO\rTaipei\tB-dest\r\rleave\tO\r\nBoston\tB-depart\r\n\n");
        List<Sentence> s = Conll.read(f).sentences();
        assertEquals(2, s.size(), s.toString());
        assertEquals(List.of("arrive", "Taipei"), s.get(0).tokens());
        assertEquals(List.of("B-dest"), s.get(0).labels().subList(1, 2));
        assertEquals(List.of("leave", "Boston"), s.get(1).tokens());
        Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream("a\r\r\nb\r".getBytes(StandardCharsets.UTF_8)), "x");
        assertEquals("a", lines.next());
        assertEquals("", lines.next());
        assertEquals("b", lines.next());
        assertEquals(null, lines.next());
    }

    @Test
    void longLinesAreRefusedAndQuotedShort() throws IOException {
        String huge = "x".repeat(2 << 20);
        Path f = Files.writeString(dir.resolve("long.conll"), "a\tO\n" + huge + "\tO\n");
        ConllFormatException e = assertThrows(ConllFormatException.class, () -> Conll.read(f));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("longer than 1 MiB") && e.getMessage().length() < 300, e.getMessage());
        String wide = "y".repeat(500_000);
        Path g = Files.writeString(dir.resolve("wide.conll"), "a\tO\n" + wide + "\n");
        ConllFormatException w = assertThrows(ConllFormatException.class, () -> Conll.read(g));
        assertTrue(w.getMessage().length() < 500 && w.getMessage().contains("500000 characters"), w.getMessage());
    }

    @Test
    void aDocumentBoundaryLineIsOForBothLabelsAsInConlleval() throws IOException {
        // conlleval 2004-01-26 replaces a -X- line by (-X-, O, O): FB1 100.00 here
        Path f = Files.writeString(dir.resolve("x.txt"), "w B-X B-X\n-X- I-X O\nv O O\n");
        String report = ChunkEval.evaluateFile(f).toConllevalString();
        assertTrue(report.contains("processed 2 tokens with 1 phrases; found: 1 phrases; correct: 1."), report);
        assertTrue(report.contains("FB1: 100.00"), report);
        Path tabs = Files.writeString(dir.resolve("t.txt"), "w\u3000B-X\tB-X\n");
        assertEquals(1, ChunkEval.evaluateFile(tabs).tokens(), "the same separators as CoNLL files");
    }
}
