package rnnlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

import rnnlab.notebook.NotebookImports;

/**
 * Every {@code ```java} block of README.md runs, in order, in a JShell with the imports that jshell and notebooks
 * get, so the README cannot drift from the library. The LSTM block's numbers are checked too.
 */
class ReadmeExamplesTest {

    static List<String> javaBlocks() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void everyJavaBlockOfTheReadmeRuns() throws Exception {
        List<String> blocks = javaBlocks();
        assertTrue(blocks.size() >= 3, "README.md should have its java examples, found " + blocks.size());
        String cp = System.getProperty("java.class.path");
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            for (String entry : cp.split(java.io.File.pathSeparator)) {
                shell.addToClasspath(entry);
            }
            run(shell, "import java.util.*;");   // jshell's and JJava's default imports include java.util
            for (String imp : NotebookImports.statements()) {
                run(shell, imp);
            }
            for (String block : blocks) {
                SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
                String rest = block;
                while (!rest.isBlank()) {
                    SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(rest);
                    assertFalse(info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE,
                            "incomplete snippet in README.md: " + rest);
                    run(shell, info.source());
                    rest = info.remaining();
                }
            }
            assertEquals("6.0", value(shell, "h.get(0, 1)"), "toy RNN memory after two steps");
            assertEquals("6.9995", value(shell, "String.format(java.util.Locale.ROOT, \"%.4f\", y[3].get(0, 0))"));
            assertEquals("0.99995", value(shell, "String.format(java.util.Locale.ROOT, \"%.5f\", "
                    + "trace.value(\"forget gate\", 2, 0, 0))"));
            assertEquals("[O, B-dest, O, B-arrive_date, I-arrive_date]",
                    value(shell, "tagger.tag(List.of(\"arrive\", \"Taipei\", \"on\", \"November\", \"2nd\")).toString()"),
                    "the trained tagger's slots, as the README shows them");
        }
    }

    private static void run(JShell shell, String source) {
        for (SnippetEvent e : shell.eval(source)) {
            if (e.status() == Snippet.Status.REJECTED) {
                StringBuilder why = new StringBuilder();
                shell.diagnostics(e.snippet()).forEach(d -> why.append(d.getMessage(null)).append("; "));
                fail("README.md snippet does not compile: " + source.strip() + " — " + why);
            }
            if (e.exception() != null) {
                fail("README.md snippet threw " + e.exception() + ": " + source.strip());
            }
        }
    }

    private static String value(JShell shell, String expr) {
        List<SnippetEvent> ev = shell.eval(expr);
        String v = ev.get(0).value();
        return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
