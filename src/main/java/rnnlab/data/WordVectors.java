package rnnlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Pretrained word vectors read from the text format of word2vec ({@code -binary 0}) and GloVe: one word per line
 * followed by its d numbers, separated by spaces (or tabs).
 * <pre>
 *   400000 50                  word2vec: an optional first line "count dimension"
 *   the 0.418 0.24968 -0.41242 …
 *   , 0.013441 0.23682 -0.16899 …
 * </pre>
 * GloVe files have no first line; the dimension is that of the first vector. Rules, each broken one an
 * {@link IllegalArgumentException} naming the file, the line and the fix:
 * <ul>
 *   <li>the file is UTF-8 (a byte-order mark is skipped); blank lines are skipped;</li>
 *   <li>every vector has the same number of values d, and every value is a finite number;</li>
 *   <li>a word that appears twice keeps its first vector (large GloVe files have a few such words); {@link
 *       #duplicates()} counts them;</li>
 *   <li>a header, if present, must give the dimension the vectors have.</li>
 * </ul>
 * Only the words a caller asks for are kept ({@link #read(Path, Predicate)}), so a 400,000-word file costs the
 * memory of the vocabulary, not of the file.
 */
public final class WordVectors {
    private final Map<String, double[]> vectors;
    private final int dimension, lines, duplicates;
    private final String source;

    private WordVectors(Map<String, double[]> vectors, int dimension, int lines, int duplicates, String source) {
        this.vectors = Collections.unmodifiableMap(vectors);
        this.dimension = dimension;
        this.lines = lines;
        this.duplicates = duplicates;
        this.source = source;
    }

    /** Every vector of {@code file}. */
    public static WordVectors read(Path file) {
        return read(file, w -> true);
    }

    /**
     * The vectors of the words {@code wanted} accepts (every line is still checked). For a tagger: the words of its
     * vocabulary and their lower-cased forms, see {@link #lookUp}.
     */
    public static WordVectors read(Path file, Predicate<String> wanted) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), wanted);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("word vectors file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read word vectors file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads from a stream; {@code name} names it in messages. */
    public static WordVectors read(InputStream in, String name, Predicate<String> wanted) throws IOException {
        Utf8Lines r = new Utf8Lines(in, name);          // strict UTF-8: a bad byte is reported with its line
        Map<String, double[]> map = new HashMap<>();
        int dim = -1, headerDim = -1, lineNo = 0, count = 0, duplicates = 0;
        long headerCount = -1;
        String line;
        while ((line = r.next()) != null) {
            lineNo = r.lineNumber();
            String[] f = line.strip().split("[ \t]+");
            if (line.isBlank()) {
                continue;
            }
            if (lineNo == 1 && f.length == 2 && isCount(f[0]) && isCount(f[1])) {
                headerCount = Long.parseLong(f[0]);
                headerDim = Integer.parseInt(f[1]);
                if (headerDim < 1) {
                    throw new IllegalArgumentException(name + ":1: the header gives dimension " + headerDim
                            + "; a word2vec header is \"COUNT DIMENSION\" with DIMENSION at least 1");
                }
                continue;
            }
            if (f.length < 2) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": a word with no numbers ('"
                        + cut(line) + "'); each line is a word followed by its vector's values, separated by spaces");
            }
            int d = f.length - 1;
            if (dim < 0) {
                dim = d;
                if (headerDim > 0 && headerDim != d) {
                    throw new IllegalArgumentException(name + ":" + lineNo + ": the header says " + headerDim
                            + " values per word, but this line has " + d + "; fix the header or the file");
                }
            } else if (d != dim) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": '" + cut(f[0]) + "' has " + d
                        + " values, the vectors before it " + dim + (d > dim ? " (a word containing a space?)" : "")
                        + "; every vector must have the same size");
            }
            count++;
            String word = f[0];
            boolean keep = wanted.test(word);
            if (keep && map.containsKey(word)) {
                duplicates++;
                keep = false;
            }
            double[] v = keep ? new double[d] : null;
            for (int j = 0; j < d; j++) {
                double x;
                try {
                    x = Double.parseDouble(f[j + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + ":" + lineNo + ": value " + (j + 1) + " of '"
                            + cut(word) + "' is '" + cut(f[j + 1]) + "', not a number");
                }
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException(name + ":" + lineNo + ": value " + (j + 1) + " of '"
                            + cut(word) + "' is " + f[j + 1] + "; vectors must be finite numbers");
                }
                if (v != null) {
                    v[j] = x;
                }
            }
            if (v != null) {
                map.put(word, v);
            }
        }
        if (dim < 0) {
            throw new IllegalArgumentException(name + ": no word vectors in the file; give a word2vec or GloVe text "
                    + "file (a word and its values on each line)");
        }
        if (headerCount >= 0 && headerCount != count) {
            throw new IllegalArgumentException(name + ":1: the header says " + headerCount + " words but the file "
                    + "has " + count + " (a truncated file?); fix the header or the file");
        }
        return new WordVectors(map, dim, count, duplicates, name);
    }

    private static boolean isCount(String s) {
        return s.matches("[0-9]{1,9}");
    }

    private static String cut(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** Values per vector d. */
    public int dimension() {
        return dimension;
    }

    /** Vectors in the file (every line, not only those kept). */
    public int fileWords() {
        return lines;
    }

    /** Words kept that appeared again later in the file (their first vector is kept). */
    public int duplicates() {
        return duplicates;
    }

    /** The words kept, with their vectors (read-only). */
    public Map<String, double[]> vectors() {
        return vectors;
    }

    /** Where the vectors came from. */
    public String source() {
        return source;
    }

    /**
     * The vector for a word: the word as it is, else its lower-cased form (GloVe and many word2vec files are
     * lower-cased), else null (an out-of-vocabulary word).
     */
    public double[] lookUp(String word) {
        double[] v = vectors.get(word);
        return v != null ? v : vectors.get(word.toLowerCase(Locale.ROOT));
    }

    /**
     * How many of a vocabulary's words the vectors cover.
     *
     * @param words        words of the vocabulary (not counting its reserved entries)
     * @param exact        found as they are
     * @param lowerCased   found only in lower case
     * @param tokens       training tokens
     * @param tokensCovered training tokens whose word has a vector
     */
    public record Coverage(int words, int exact, int lowerCased, long tokens, long tokensCovered) {
        public int found() {
            return exact + lowerCased;
        }

        public int missing() {
            return words - found();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d of %d vocabulary words have a vector (%.1f%%; %d as written, %d "
                    + "lower-cased), %.1f%% of the training tokens; the other %d keep random vectors", found(), words,
                    words == 0 ? 0.0 : 100.0 * found() / words, exact, lowerCased,
                    tokens == 0 ? 0.0 : 100.0 * tokensCovered / tokens, missing());
        }
    }

    @Override
    public String toString() {
        return "WordVectors(" + source + ", dimension=" + dimension + ", " + vectors.size() + " of " + lines
                + " words kept)";
    }
}
