package rnnlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;

class NotebookImportsTest {

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** A JShell (in this JVM) with the library, XChart and Tablesaw on its class path, as in the kernel. */
    private static JShell shell() throws URISyntaxException {
        JShell shell = JShell.builder().executionEngine("local").build();
        shell.addToClasspath(location(NotebookImports.class));
        shell.addToClasspath(location(org.knowm.xchart.XYChart.class));
        shell.addToClasspath(location(tech.tablesaw.api.Table.class));
        return shell;
    }

    @Test
    void importsTheCorePackagesAndTheChartAndTableLibraries() {
        List<String> s = NotebookImports.statements();
        assertTrue(s.contains("import rnnlab.*;"), s::toString);
        assertTrue(s.contains("import rnnlab.core.*;"), s::toString);
        assertTrue(s.contains("import org.knowm.xchart.*;"), s::toString);
        assertTrue(s.contains("import tech.tablesaw.api.*;"), s::toString);
        assertTrue(s.contains("import rnnlab.notebook.Live;"), s::toString);
        assertFalse(s.contains("import rnnlab.notebook.*;"), "tool packages are not imported: " + s);
        assertEquals(s.size(), s.stream().distinct().count(), "no import twice: " + s);
        assertEquals("import rnnlab.*;", s.get(0), "the root package comes first: " + s);
    }

    @Test
    void everyImportCompilesInJShell() throws Exception {
        try (JShell shell = shell()) {
            for (String statement : NotebookImports.statements()) {
                List<SnippetEvent> events = shell.eval(statement);
                assertEquals(1, events.size(), statement);
                assertEquals(Snippet.Status.VALID, events.get(0).status(), () -> "JShell rejected: " + statement);
            }
        }
    }

    @Test
    void jshellRejectsAMissingPackageSoTheCheckAboveCanFail() throws Exception {
        try (JShell shell = shell()) {
            List<SnippetEvent> events = shell.eval("import rnnlab.nosuchpackage.*;");
            assertEquals(Snippet.Status.REJECTED, events.get(0).status());
        }
    }

    @Test
    void onlyPackagesWithClassesAreListed() {
        for (String pkg : NotebookImports.libraryPackagesPresent()) {
            assertTrue(pkg.equals("rnnlab") || pkg.matches("rnnlab\\.[a-z0-9_]+"), pkg);
        }
        List<String> listed = NotebookImports.statements().stream()
                .filter(x -> x.startsWith("import rnnlab.") && x.endsWith(".*;"))
                .map(x -> x.substring("import ".length(), x.length() - ".*;".length()))
                .collect(Collectors.toList());
        assertTrue(NotebookImports.libraryPackagesPresent().containsAll(listed), listed::toString);
    }
}
