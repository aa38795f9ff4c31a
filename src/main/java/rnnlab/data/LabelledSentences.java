package rnnlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Sentences with one label each, for many-to-one models (sentiment, lecture Part II p.39–40), one per line:
 * <pre>
 *   label&lt;TAB&gt;text of the sentence, tokens separated by spaces
 *   positive	not good , but fine
 *   negative	good , but not fine
 * </pre>
 * Blank lines and lines starting with {@code #} are skipped. The file must be UTF-8; every error names the file
 * and line ({@code reviews.tsv, line 12: …}) and says what to fix.
 */
public final class LabelledSentences {
    /** One labelled sentence. */
    public record Example(String label, List<String> tokens) {
        public Example {
            Objects.requireNonNull(label, "label");
            if (label.isBlank() || label.contains("\t")) {
                throw new IllegalArgumentException("LabelledSentences.Example: the label must be non-empty without "
                        + "tabs, got '" + label + "'");
            }
            if (tokens.isEmpty()) {
                throw new IllegalArgumentException("LabelledSentences.Example: a sentence needs at least one token");
            }
            tokens = List.copyOf(tokens);
        }

        /** An example from a label and a space-separated sentence. */
        public static Example of(String label, String text) {
            return new Example(label, List.of(text.strip().split("\\s+")));
        }

        /** The tokens joined by spaces. */
        public String text() {
            return String.join(" ", tokens);
        }

        @Override
        public String toString() {
            return label + "\t" + text();
        }
    }

    private LabelledSentences() {}

    /** Reads a "label&lt;TAB&gt;text" file. */
    public static List<Example> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file; give the path of a 'label<TAB>text' file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        }
    }

    /** Reads "label&lt;TAB&gt;text" lines from a stream; {@code source} names it in errors. */
    public static List<Example> read(InputStream in, String source) {
        List<Example> out = new ArrayList<>();
        try (Utf8Lines lines = new Utf8Lines(in, source)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw lines.error("no tab: each line is 'label<TAB>text' (the label, one tab character, then "
                            + "the sentence); got '" + preview(line) + "'");
                }
                String label = line.substring(0, tab).strip(), text = line.substring(tab + 1).strip();
                if (label.isEmpty()) {
                    throw lines.error("empty label before the tab; write the sentence's class first");
                }
                if (text.isEmpty()) {
                    throw lines.error("no text after the tab for label '" + label + "'");
                }
                if (text.contains("\t")) {
                    throw lines.error("more than one tab; the text must not contain tabs (use spaces between "
                            + "tokens)");
                }
                out.add(new Example(label, List.of(text.split("\\s+"))));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(source + ": no labelled sentences (every line was blank or a "
                    + "# comment)");
        }
        return out;
    }

    /** Parses text in the file format (for small examples and tests). */
    public static List<Example> parse(String text, String source) {
        return read(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), source);
    }

    /** Writes examples in the file format (atomically, with {@link rnnlab.io.AtomicFile}). */
    public static void write(List<Example> examples, Path file) {
        StringBuilder sb = new StringBuilder();
        for (Example e : examples) {
            sb.append(e).append('\n');
        }
        rnnlab.io.AtomicFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The labels that occur, in order of first appearance. */
    public static List<String> labels(List<Example> examples) {
        LinkedHashSet<String> s = new LinkedHashSet<>();
        for (Example e : examples) {
            s.add(e.label());
        }
        return List.copyOf(s);
    }

    private static String preview(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
