package rnnlab.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import rnnlab.data.Conll;
import rnnlab.data.Dataset;
import rnnlab.data.LabelVocabulary;
import rnnlab.data.Utf8Lines;
import rnnlab.io.Quote;

/**
 * Chunk-level precision, recall and F1, computed exactly as the CoNLL-2000 evaluation script {@code conlleval}
 * (Erik Tjong Kim Sang, version 2004-01-26) computes them.
 *
 * <p>A label is split at its first '-' into a tag and a type: {@code B-dest} = (B, dest), {@code I-New-York} =
 * (I, New-York), {@code O} = (O, ""). Between the previous and the current token a chunk
 * <b>ends</b> if (previous tag, tag) is one of (B,B) (B,O) (I,B) (I,O) (E,E) (E,I) (E,O), or the previous tag is
 * not O and the types differ; a chunk <b>starts</b> if (previous tag, tag) is one of (B,B) (I,B) (O,B) (O,I) (E,E)
 * (E,I) (O,E), or the tag is not O and the types differ. ("[" and "]" tags are one-token chunks, "." is ignored
 * for the type rule, as in the script.) So:
 * <ul>
 *   <li>B-X starts a chunk; I-X continues it only after B-X or I-X of the same type;</li>
 *   <li>I-X after O, or after a tag of another type, starts a new chunk (it is not an error);</li>
 *   <li>E-X ends a chunk as in the IOE schemes (I I E I E = two chunks). conlleval has no rule for (E, B) and none
 *       for S-: "B-X E-X B-X E-X" and "S-X S-X" each count as ONE chunk of type X. This class counts exactly the
 *       same (it is a faithful port); convert IOBES output to IOB before scoring if that is not what you want;</li>
 *   <li>a predicted chunk is correct only if its type, start and end all equal a gold chunk's;</li>
 *   <li>precision = correct / predicted chunks, recall = correct / gold chunks, F1 = 2PR/(P+R), summed over all
 *       types (micro average), and per type;</li>
 *   <li>accuracy = tokens whose full predicted label equals the gold label / tokens.</li>
 * </ul>
 * Sentences are separated as by conlleval's blank lines: a boundary counts as an O token that is not counted,
 * so no chunk crosses sentences.
 *
 * <pre>
 *   ChunkReport r = ChunkEval.evaluate(goldLabelLists, predictedLabelLists);
 *   r.f1()                     // 0..1
 *   r.toConllevalString()      // "processed 14 tokens with 5 phrases; found: 5 phrases; correct: 4.\n…"
 * </pre>
 *
 * An instance accumulates sentences ({@link #add}); {@link #report()} may be called at any time.
 */
public final class ChunkEval {
    /** conlleval's sentence-boundary marker in the first column. */
    public static final String BOUNDARY = "-X-";

    private String lastCorrect = "O";
    private String lastCorrectType = "";
    private String lastGuessed = "O";
    private String lastGuessedType = "";
    private boolean inCorrect;
    private int correctChunk;
    private int correctTags;
    private int foundCorrect;
    private int foundGuessed;
    private int tokenCounter;
    /** type -&gt; {correct chunks, gold chunks, predicted chunks}. */
    private final Map<String, int[]> perType = new TreeMap<>();

    /** Scores whole corpora: {@code gold.get(i)} and {@code predicted.get(i)} are the labels of sentence i. */
    public static ChunkReport evaluate(List<? extends List<String>> gold, List<? extends List<String>> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " sentences but the predictions have "
                    + predicted.size());
        }
        ChunkEval e = new ChunkEval();
        for (int i = 0; i < gold.size(); i++) {
            e.add(gold.get(i), predicted.get(i), i);
        }
        return e.report();
    }

    /** Scores predictions against a labelled dataset. */
    public static ChunkReport evaluate(Dataset gold, List<? extends List<String>> predicted) {
        return evaluate(gold.labelLists(), predicted);
    }

    /** Adds one sentence (gold and predicted labels of equal length), then a sentence boundary. */
    public ChunkEval add(List<String> gold, List<String> predicted) {
        return add(gold, predicted, -1);
    }

    private ChunkEval add(List<String> gold, List<String> predicted, int index) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException((index >= 0 ? "sentence " + index + ": " : "") + gold.size()
                    + " gold labels but " + predicted.size() + " predicted labels (" + gold + " vs " + predicted
                    + ")");
        }
        for (int t = 0; t < gold.size(); t++) {
            line("", gold.get(t), predicted.get(t));
        }
        endSentence();
        return this;
    }

    /**
     * Adds a padded batch of label ids, as a training loop has them: rows {@code gold[b]} and {@code predicted[b]},
     * the first {@code lengths[b]} positions, decoded with {@code labels}; one sentence per row.
     */
    public ChunkEval add(int[][] gold, int[][] predicted, int[] lengths, LabelVocabulary labels) {
        if (gold.length != predicted.length || gold.length != lengths.length) {
            throw new IllegalArgumentException("batch sizes differ: gold " + gold.length + ", predicted "
                    + predicted.length + ", lengths " + lengths.length);
        }
        for (int b = 0; b < gold.length; b++) {
            add(labels.labels(gold[b], lengths[b]), labels.labels(predicted[b], lengths[b]), b);
        }
        return this;
    }

    /** Adds one token (no boundary), as one line of a conlleval input file. */
    public ChunkEval addToken(String gold, String predicted) {
        line("", gold, predicted);
        return this;
    }

    /** A sentence boundary (conlleval's blank line). */
    public ChunkEval endSentence() {
        line(BOUNDARY, "O", "O");
        return this;
    }

    /**
     * One line of conlleval input: first column, gold label, predicted label. A first column equal to
     * {@value #BOUNDARY} is a boundary: the predicted tag is forced to O and the token is not counted.
     */
    void line(String firstItem, String correctLabel, String guessedLabel) {
        String[] g = split(guessedLabel);
        String guessed = g[0];
        String guessedType = g[1];
        String[] c = split(correctLabel);
        String correct = c[0];
        String correctType = c[1];
        boolean boundary = firstItem.equals(BOUNDARY);
        if (boundary) {
            // conlleval replaces a boundary line by (-X-, O, O): both labels are O, whatever the line says
            guessed = "O";
            guessedType = "";
            correct = "O";
            correctType = "";
        }
        if (inCorrect) {
            boolean endCorrect = endOfChunk(lastCorrect, correct, lastCorrectType, correctType);
            boolean endGuessed = endOfChunk(lastGuessed, guessed, lastGuessedType, guessedType);
            if (endCorrect && endGuessed && lastGuessedType.equals(lastCorrectType)) {
                inCorrect = false;
                correctChunk++;
                stats(lastCorrectType)[0]++;
            } else if (endCorrect != endGuessed || !guessedType.equals(correctType)) {
                inCorrect = false;
            }
        }
        boolean startCorrect = startOfChunk(lastCorrect, correct, lastCorrectType, correctType);
        boolean startGuessed = startOfChunk(lastGuessed, guessed, lastGuessedType, guessedType);
        if (startCorrect && startGuessed && guessedType.equals(correctType)) {
            inCorrect = true;
        }
        if (startCorrect) {
            foundCorrect++;
            stats(correctType)[1]++;
        }
        if (startGuessed) {
            foundGuessed++;
            stats(guessedType)[2]++;
        }
        if (!boundary) {
            if (correct.equals(guessed) && guessedType.equals(correctType)) {
                correctTags++;
            }
            tokenCounter++;
        }
        lastGuessed = guessed;
        lastCorrect = correct;
        lastGuessedType = guessedType;
        lastCorrectType = correctType;
    }

    private int[] stats(String type) {
        return perType.computeIfAbsent(type, k -> new int[3]);
    }

    /**
     * Splits a label at its first '-' as conlleval's {@code /^([^-]*)-(.*)$/} does: {tag, type}. A type that Perl
     * treats as false ("" or "0") becomes "".
     */
    static String[] split(String label) {
        int dash = label.indexOf('-');
        if (dash < 0) {
            return new String[] {label, ""};
        }
        String type = label.substring(dash + 1);
        return new String[] {label.substring(0, dash), type.equals("0") ? "" : type};
    }

    /** conlleval's endOfChunk: did a chunk end between the previous and the current token? */
    static boolean endOfChunk(String prevTag, String tag, String prevType, String type) {
        return END_PAIRS.contains(prevTag + " " + tag)
                || (!prevTag.equals("O") && !prevTag.equals(".") && !prevType.equals(type))
                || prevTag.equals("]") || prevTag.equals("[");                // 1998-12-22: one-token chunks
    }

    /** conlleval's startOfChunk: did a chunk start between the previous and the current token? */
    static boolean startOfChunk(String prevTag, String tag, String prevType, String type) {
        return START_PAIRS.contains(prevTag + " " + tag)
                || (!tag.equals("O") && !tag.equals(".") && !prevType.equals(type))
                || tag.equals("[") || tag.equals("]");                        // 1998-12-22: one-token chunks
    }

    /** conlleval's (previous tag, tag) pairs that end a chunk, written "previous tag" + " " + "tag" (labels hold no white space). */
    private static final Set<String> END_PAIRS = Set.of("B B", "B O", "I B", "I O", "E E", "E I", "E O");
    /** conlleval's (previous tag, tag) pairs that start a chunk. */
    private static final Set<String> START_PAIRS = Set.of("B B", "I B", "O B", "O I", "E E", "E I", "O E");

    /**
     * The chunks of one label sequence under the same start/end rules (a sentence boundary before and after).
     * Useful to show what was found; the scores themselves come from {@link #report()}.
     */
    public static List<Chunk> chunks(List<String> labels) {
        List<Chunk> out = new ArrayList<>();
        String prevTag = "O";
        String prevType = "";
        int start = -1;
        String type = null;
        for (int t = 0; t <= labels.size(); t++) {
            String[] tt = t < labels.size() ? split(labels.get(t)) : new String[] {"O", ""};
            if (start >= 0 && (endOfChunk(prevTag, tt[0], prevType, tt[1])
                    || startOfChunk(prevTag, tt[0], prevType, tt[1]))) {
                out.add(new Chunk(type, start, t));
                start = -1;
            }
            if (t < labels.size() && startOfChunk(prevTag, tt[0], prevType, tt[1])) {
                start = t;
                type = tt[1];
            }
            prevTag = tt[0];
            prevType = tt[1];
        }
        return out;
    }

    /**
     * Scores a conlleval input file: {@code token … gold predicted} per line (the last two columns are the gold and
     * the predicted label), blank lines (or a first column {@value #BOUNDARY}) between sentences, UTF-8. Columns may
     * be separated by any white space ({@link Conll#isSeparator}; conlleval needs {@code -d '\t'} for tabs). A line
     * whose first column is {@value #BOUNDARY} counts as a blank line with both labels O, as in conlleval. Every line
     * must have the same number of columns, at least 2; errors name the file and line.
     */
    public static ChunkReport evaluateFile(Path file) {
        ChunkEval e = new ChunkEval();
        int expected = -1;
        int expectedLine = 0;
        try (Utf8Lines lines = new Utf8Lines(Files.newInputStream(file), file.toString())) {
            String line;
            while ((line = lines.next()) != null) {
                String[] f = Conll.fields(line).toArray(String[]::new);
                if (f.length == 0) {
                    e.line(BOUNDARY, "O", "O");
                    continue;
                }
                String trimmed = Quote.cut(line.strip());
                if (expected < 0) {
                    expected = f.length;
                    expectedLine = lines.lineNumber();
                } else if (f.length != expected) {
                    throw lines.error("expected " + expected + " columns like line " + expectedLine
                            + " (token … gold predicted) but found " + f.length + ": \"" + trimmed + "\"");
                }
                if (f.length < 2) {
                    throw lines.error("expected at least 2 columns (… gold predicted) but found 1: \"" + trimmed
                            + "\"");
                }
                e.line(f.length > 2 ? f[0] : "", f[f.length - 2], f[f.length - 1]);
            }
        } catch (NoSuchFileException ex) {
            throw new UncheckedIOException("file to evaluate " + file + " does not exist", ex);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file + ": " + ex, ex);
        }
        return e.report();
    }

    /** The scores of everything added so far (a chunk still open at the end counts, as in conlleval). */
    public ChunkReport report() {
        int correct = correctChunk;
        Map<String, int[]> types = new TreeMap<>();
        perType.forEach((k, v) -> types.put(k, v.clone()));
        if (inCorrect) {
            correct++;
            types.get(lastCorrectType)[0]++;
        }
        List<ChunkReport.TypeCounts> rows = new ArrayList<>();
        types.forEach((k, v) -> {
            if (v[1] > 0 || v[2] > 0) {
                rows.add(new ChunkReport.TypeCounts(k, v[0], v[1], v[2]));
            }
        });
        return new ChunkReport(tokenCounter, correctTags, foundCorrect, foundGuessed, correct, rows);
    }

    @Override
    public String toString() {
        return "ChunkEval(conlleval 2004 rules; so far " + tokenCounter + " tokens, " + foundCorrect
                + " gold chunks, " + foundGuessed + " predicted chunks)";
    }
}
