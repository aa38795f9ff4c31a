package rnnlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import rnnlab.io.AtomicFile;
import rnnlab.io.Quote;

/**
 * Reads and writes CoNLL-style files: one token per line, blank lines between sentences.
 *
 * <pre>
 *   I         O
 *   would     O
 *   arrive    O
 *   Taipei    B-dest
 *   on        O
 *   November  B-arrive_date
 *   2nd       I-arrive_date
 *                                  &larr; blank line: next sentence
 *   leave     O
 *   …
 * </pre>
 *
 * Reading ({@link Columns#LABELED}):
 * <ul>
 *   <li>columns are separated by any run of white space ({@link #isSeparator}: tabs, spaces, and also no-break,
 *       full-width and other Unicode spaces, the same rule the writer enforces); extra columns are allowed
 *       (e.g. CoNLL-2003 {@code word POS chunk NER}): the token is the first column and the label the last;</li>
 *   <li>every non-blank line must have the same number of columns, at least 2 (as conlleval requires);</li>
 *   <li>lines whose first column is {@code -DOCSTART-} are skipped; several blank lines count as one; lines of
 *       spaces count as blank; a final sentence without a trailing blank line is read too;</li>
 *   <li>the file must be UTF-8 (a byte-order mark is skipped; "\n", "\r\n" and "\r" end lines; a line has at most
 *       1 MiB);</li>
 *   <li>errors are {@link ConllFormatException}s naming the file, the line number, what was found and what was
 *       expected.</li>
 * </ul>
 * Columns between the token and the label are the sentence's feature columns ({@link Sentence#features()}, e.g.
 * the part-of-speech column of CoNLL-2000's {@code word POS chunk}); a {@link rnnlab.train.Tagger} reads them as
 * inputs. {@link Columns#TOKENS} reads unlabelled text for tagging: one token per line, the first column is the
 * token and any further columns are ignored (so a labelled file can be tagged as it is);
 * {@link Columns#TOKENS_WITH_COLUMNS} keeps the further columns as feature columns.
 *
 * <p>Reading streams: {@link #open} and {@link #stream} hold one sentence at a time; {@link #read} collects them.
 * Writing a file is atomic: the text goes to a temporary file in the same folder, which then replaces the target,
 * so a crash never leaves a half-written file behind.
 */
public final class Conll {
    private Conll() {}

    /** Which columns a file has. */
    public enum Columns {
        /** token … label: the first column is the token, the last is the label. */
        LABELED,
        /** token (…): the first column is the token, other columns are ignored. */
        TOKENS,
        /**
         * token column…: the first column is the token, every further column is kept as a feature column
         * ({@link Sentence#features()}); every line must have the same number of columns. What a tagger that reads
         * feature columns tags.
         */
        TOKENS_WITH_COLUMNS
    }

    /** Reads a labelled file into memory; the dataset is named after the file. */
    public static Dataset read(Path file) {
        return read(file, Columns.LABELED);
    }

    /** Reads an unlabelled file (one token per line) into memory. */
    public static Dataset readTokens(Path file) {
        return read(file, Columns.TOKENS);
    }

    /** Reads a file into memory. */
    public static Dataset read(Path file, Columns columns) {
        List<Sentence> sentences = new ArrayList<>();
        try (ConllReader r = open(file, columns)) {
            r.forEachRemaining(sentences::add);
        }
        return Dataset.of(file.getFileName() == null ? file.toString() : file.getFileName().toString(), sentences);
    }

    /** Opens a file for streaming; close the reader when done. */
    public static ConllReader open(Path file, Columns columns) {
        try {
            return new ConllReader(new Utf8Lines(Files.newInputStream(file), file.toString()), columns);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("CoNLL file " + file + " does not exist (working folder: "
                    + Path.of("").toAbsolutePath() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open CoNLL file " + file + ": " + e, e);
        }
    }

    /** Streams sentences from any input, e.g. {@code System.in}; {@code source} names it in error messages. */
    public static ConllReader open(InputStream in, String source, Columns columns) {
        return new ConllReader(new Utf8Lines(in, source), columns);
    }

    /** A lazy stream of the file's sentences; close it (try-with-resources) to close the file. */
    public static Stream<Sentence> stream(Path file, Columns columns) {
        ConllReader r = open(file, columns);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(r, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(r::close);
    }

    /**
     * Writes sentences as {@code token<TAB>label} lines (or {@code token} lines for unlabelled sentences), a blank
     * line after each sentence; feature columns go between the token and the label
     * ({@code token<TAB>feature…<TAB>label}). Atomic: the file is either the old one or the complete new one.
     */
    public static void write(Path file, Iterable<Sentence> sentences) {
        atomicWrite(file, w -> write(w, sentences));
    }

    /** Writes sentences to any text output (e.g. standard output). */
    public static void write(Appendable out, Iterable<Sentence> sentences) {
        int index = 0;
        try {
            for (Sentence s : sentences) {
                for (int t = 0; t < s.length(); t++) {
                    out.append(checked(s.token(t), "token", index, t));
                    for (int c = 0; c < s.featureColumns(); c++) {
                        out.append('\t').append(checked(s.feature(c, t), "feature " + c, index, t));
                    }
                    if (s.isLabeled()) {
                        out.append('\t').append(checked(s.label(t), "label", index, t));
                    }
                    out.append('\n');
                }
                out.append('\n');
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CoNLL sentence " + index + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code token<TAB>gold<TAB>predicted} lines, the input format of the conlleval script and of
     * {@code rnnlab.eval.ChunkEval.evaluateFile}. Atomic.
     */
    public static void writePredictions(Path file, Iterable<Sentence> gold, List<? extends List<String>> predicted) {
        atomicWrite(file, w -> writePredictions(w, gold, predicted));
    }

    /** Writes {@code token<TAB>gold<TAB>predicted} lines to any text output. */
    public static void writePredictions(Appendable out, Iterable<Sentence> gold,
                                        List<? extends List<String>> predicted) {
        Iterator<? extends List<String>> p = predicted.iterator();
        int index = 0;
        try {
            for (Sentence s : gold) {
                if (!p.hasNext()) {
                    throw new IllegalArgumentException("predictions end after " + index + " sentences, but the gold"
                            + " data has more");
                }
                List<String> pred = p.next();
                if (pred.size() != s.length() || !s.isLabeled()) {
                    throw new IllegalArgumentException("sentence " + index + " (\"" + s.text() + "\") has "
                            + s.length() + (s.isLabeled() ? " gold labels" : " tokens and no gold labels") + " but "
                            + pred.size() + " predicted labels");
                }
                for (int t = 0; t < s.length(); t++) {
                    out.append(checked(s.token(t), "token", index, t)).append('\t')
                            .append(checked(s.label(t), "label", index, t)).append('\t')
                            .append(checked(pred.get(t), "predicted label", index, t)).append('\n');
                }
                out.append('\n');
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sentence " + index + ": " + e.getMessage(), e);
        }
        if (p.hasNext()) {
            throw new IllegalArgumentException("there are more predicted sentences than the " + index
                    + " gold sentences");
        }
    }

    private static String checked(String field, String what, int sentence, int t) {
        if (field.isEmpty()) {
            throw new IllegalArgumentException("sentence " + sentence + ", position " + t + ": " + what + " is "
                    + "empty, which a CoNLL line cannot hold");
        }
        for (int i = 0; i < field.length(); ) {
            int cp = field.codePointAt(i);
            if (isSeparator(cp)) {
                throw new IllegalArgumentException("sentence " + sentence + ", position " + t + ": " + what + " '"
                        + Quote.cut(field) + "' contains whitespace (U+" + String.format("%04X", cp) + "), which CoNLL "
                        + "columns cannot hold; replace it (e.g. by '_')");
            }
            i += Character.charCount(cp);
        }
        if (what.equals("token") && field.equals(ConllReader.DOCSTART)) {
            throw new IllegalArgumentException("sentence " + sentence + ", position " + t + ": the token "
                    + ConllReader.DOCSTART + " would be read back as a document marker and skipped");
        }
        return field;
    }

    /**
     * The one definition of what separates CoNLL columns and the words of a text line, used by every reader and
     * writer: any Unicode white space — space, tab, vertical tab, form feed, the line and paragraph separators,
     * no-break and ideographic (full-width, U+3000) spaces, U+0085 — and the zero-width no-break space U+FEFF
     * (a byte-order mark inside a text). A token or label never contains one.
     */
    public static boolean isSeparator(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85 || cp == 0xFEFF;
    }

    /** The fields of a line split at runs of {@linkplain #isSeparator separators}; none for a blank line. */
    public static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            if (isSeparator(cp)) {
                if (start >= 0) {
                    out.add(line.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            out.add(line.substring(start));
        }
        return out;
    }

    /** Something that writes text. */
    @FunctionalInterface
    interface TextWriter {
        void writeTo(Writer w) throws IOException;
    }

    /** Writes through {@link AtomicFile} (creating the folder if needed). */
    static void atomicWrite(Path file, TextWriter body) {
        AtomicFile.createFolders(file);
        AtomicFile.writeText(file, body::writeTo);
    }
}
