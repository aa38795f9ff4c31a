package rnnlab.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The imports a notebook or a jshell session starts with, computed from what this jar really contains.
 *
 * <p>Packages are imported only if they exist (an import of a missing package is a compile error in JShell), so
 * the list follows the library as packages are added: first {@link #LIBRARY_PACKAGES} in that order, then any other
 * direct subpackage of {@code rnnlab} the jar has (alphabetically), except {@link #NOT_IMPORTED}. The same list serves the JJava extension and
 * {@code scripts/jshell}, which runs {@code java -cp lib/rnnlab.jar rnnlab.notebook.NotebookImports} to write its
 * start-up file.
 */
public final class NotebookImports {
    private NotebookImports() {}

    /** The library packages imported with {@code .*}, in this order, when the jar contains them. */
    public static final List<String> LIBRARY_PACKAGES = List.of(
            "rnnlab", "rnnlab.core", "rnnlab.cells", "rnnlab.layers", "rnnlab.models", "rnnlab.train",
            "rnnlab.data", "rnnlab.eval", "rnnlab.viz", "rnnlab.table");

    /** Subpackages never imported with {@code .*} (tools, not notebook vocabulary). */
    public static final Set<String> NOT_IMPORTED = Set.of("rnnlab.notebook", "rnnlab.cli");

    /** Third-party packages imported with {@code .*} when present, keyed by one class that proves it. */
    static final List<String[]> THIRD_PARTY = List.of(
            new String[] {"org.knowm.xchart", "org.knowm.xchart.XYChart"},
            new String[] {"tech.tablesaw.api", "tech.tablesaw.api.Table"});

    /** Single classes imported by name (notebook helpers). */
    static final List<String> SINGLE_CLASSES = List.of("rnnlab.notebook.Live");

    /** The import statements, one per line, e.g. {@code import rnnlab.core.*;}. */
    public static List<String> statements() {
        ClassLoader cl = NotebookImports.class.getClassLoader();
        Set<String> present = libraryPackagesPresent();
        List<String> out = new ArrayList<>();
        for (String pkg : LIBRARY_PACKAGES) {
            if (present.contains(pkg)) {
                out.add("import " + pkg + ".*;");
            }
        }
        for (String pkg : new TreeSet<>(present)) {
            if (!LIBRARY_PACKAGES.contains(pkg) && !NOT_IMPORTED.contains(pkg)) {
                out.add("import " + pkg + ".*;");
            }
        }
        for (String[] tp : THIRD_PARTY) {
            if (classExists(tp[1], cl)) {
                out.add("import " + tp[0] + ".*;");
            }
        }
        for (String cls : SINGLE_CLASSES) {
            if (classExists(cls, cl)) {
                out.add("import " + cls + ";");
            }
        }
        return out;
    }

    /** All import statements as one snippet (newline-separated). */
    public static String snippet() {
        return String.join("\n", statements());
    }

    /** Prints the import statements, one per line (used by {@code scripts/jshell}). */
    public static void main(String[] args) {
        for (String s : statements()) {
            System.out.println(s);
        }
    }

    private static boolean classExists(String name, ClassLoader cl) {
        try {
            Class.forName(name, false, cl);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Names of {@code rnnlab} and its direct subpackages that hold at least one class (other than package-info)
     * in the jar or folder this class was loaded from.
     */
    static Set<String> libraryPackagesPresent() {
        Set<String> found = new HashSet<>();
        Path where = codeLocation();
        try {
            if (where != null && Files.isRegularFile(where)) {
                try (JarFile jar = new JarFile(where.toFile())) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        addIfLibrary(entries.nextElement().getName(), found);
                    }
                }
            } else if (where != null && Files.isDirectory(where)) {
                try (Stream<Path> files = Files.walk(where.resolve("rnnlab"))) {
                    files.forEach(p -> addIfLibrary(where.relativize(p).toString().replace('\\', '/'), found));
                }
            } else {
                // Unknown code source: fall back to asking the class loader for each package folder.
                ClassLoader cl = NotebookImports.class.getClassLoader();
                for (String pkg : LIBRARY_PACKAGES) {
                    if (cl.getResource(pkg.replace('.', '/') + "/") != null) {
                        found.add(pkg);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the packages in " + where, e);
        }
        return found;
    }

    private static void addIfLibrary(String entry, Set<String> found) {
        if (!entry.endsWith(".class") || entry.endsWith("package-info.class")) {
            return;
        }
        int slash = entry.lastIndexOf('/');
        if (slash < 0) {
            return;
        }
        String pkg = entry.substring(0, slash).replace('/', '.');
        // "rnnlab" itself or "rnnlab.x" (one level down); deeper packages are implementation details
        if (pkg.equals("rnnlab") || (pkg.startsWith("rnnlab.") && pkg.indexOf('.', "rnnlab.".length()) < 0)) {
            found.add(pkg);
        }
    }

    private static Path codeLocation() {
        try {
            CodeSource cs = NotebookImports.class.getProtectionDomain().getCodeSource();
            URL url = cs == null ? null : cs.getLocation();
            return url == null || !"file".equals(url.getProtocol()) ? null : Path.of(url.toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
