package rnnlab.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import rnnlab.io.Quote;

/**
 * Streams the sentences of a CoNLL file one at a time (only the current sentence is in memory). Obtain one with
 * {@link Conll#open}; close it (try-with-resources) when done. See {@link Conll} for the format.
 */
public final class ConllReader implements Iterator<Sentence>, AutoCloseable {
    /** The first line of each document in the CoNLL-2003 files; skipped. */
    public static final String DOCSTART = "-DOCSTART-";

    private final Utf8Lines lines;
    private final Conll.Columns columns;
    private Sentence next;
    private boolean done;
    private int expectedColumns = -1;
    private int expectedColumnsLine;

    ConllReader(Utf8Lines lines, Conll.Columns columns) {
        this.lines = lines;
        this.columns = columns;
    }

    /** The file or stream name used in messages. */
    public String source() {
        return lines.source();
    }

    /** Number of lines read so far. */
    public int lineNumber() {
        return lines.lineNumber();
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = readSentence();
            if (next == null) {
                done = true;
            }
        }
        return next != null;
    }

    @Override
    public Sentence next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more sentences in " + lines.source());
        }
        Sentence s = next;
        next = null;
        return s;
    }

    private Sentence readSentence() {
        List<String> tokens = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<List<String>> features = new ArrayList<>();
        String line;
        while ((line = lines.next()) != null) {
            String[] cols = Conll.fields(line).toArray(String[]::new);
            if (cols.length == 0) {
                if (!tokens.isEmpty()) {
                    break;
                }
                continue;
            }
            String trimmed = Quote.cut(line.strip());
            if (cols[0].equals(DOCSTART)) {
                if (!tokens.isEmpty()) {
                    break;
                }
                continue;
            }
            if (columns == Conll.Columns.TOKENS_WITH_COLUMNS) {
                if (expectedColumns < 0) {
                    expectedColumns = cols.length;
                    expectedColumnsLine = lines.lineNumber();
                } else if (cols.length != expectedColumns) {
                    throw lines.error("expected " + expectedColumns + " columns like line " + expectedColumnsLine
                            + " (every line has the token and then the same columns) but found " + cols.length
                            + ": \"" + trimmed + "\". Give every line the same columns (a value for each, e.g. "
                            + "'_' for none); a token may not contain white space");
                }
                addFeatures(features, cols, 1, cols.length);
            }
            if (columns == Conll.Columns.LABELED) {
                if (cols.length < 2) {
                    throw lines.error("expected a token and a label (2 or more columns separated by a tab or"
                            + " spaces, the label in the last column) but found 1 column: \"" + trimmed + "\". Blank"
                            + " lines separate sentences; an unlabelled file (one token per line) is read with"
                            + " Conll.readTokens");
                }
                if (expectedColumns < 0) {
                    expectedColumns = cols.length;
                    expectedColumnsLine = lines.lineNumber();
                } else if (cols.length != expectedColumns) {
                    throw lines.error("expected " + expectedColumns + " columns like line " + expectedColumnsLine
                            + " (every line of a CoNLL file has the same number of columns) but found "
                            + cols.length + ": \"" + trimmed + "\". A token may not contain white space");
                }
                labels.add(cols[cols.length - 1]);
                addFeatures(features, cols, 1, cols.length - 1);
            }
            tokens.add(cols[0]);
        }
        if (tokens.isEmpty()) {
            return null;
        }
        return new Sentence(tokens, labels, features);
    }

    /** Appends {@code cols[from … to−1]} to the feature columns (made at the sentence's first line). */
    private static void addFeatures(List<List<String>> features, String[] cols, int from, int to) {
        for (int c = from; c < to; c++) {
            if (features.size() < c - from + 1) {
                features.add(new ArrayList<>());
            }
            features.get(c - from).add(cols[c]);
        }
    }

    @Override
    public void close() {
        done = true;
        next = null;
        lines.close();
    }

    @Override
    public String toString() {
        return "ConllReader(" + lines.source() + ", " + columns + ", line " + lines.lineNumber() + ")";
    }
}
