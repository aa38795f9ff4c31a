package rnnlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import rnnlab.io.AtomicFile;

/**
 * Checks an output path before a command does any work: it must not be one of the command's inputs (compared as
 * files, so {@code ./a} and {@code a}, links and hard links count as the same), and {@link AtomicFile#check} must
 * accept it (an existing folder, a regular or new file, not read-only). A refusal is a {@link UsageException}
 * (exit 2, one line).
 */
final class Outputs {
    private Outputs() {}

    static void check(String option, Path output, Map<String, Path> inputs, Map<String, Path> moreInputs) {
        Map<String, Path> all = new LinkedHashMap<>(inputs);
        all.putAll(moreInputs);
        for (Map.Entry<String, Path> in : all.entrySet()) {
            if (in.getValue() != null && sameFile(output, in.getValue())) {
                throw new UsageException("--" + option + " " + output + " is the same file as --" + in.getKey() + " "
                        + in.getValue() + "; writing it would destroy the input; choose another output file");
            }
        }
        try {
            AtomicFile.check(output);
        } catch (UncheckedIOException e) {
            throw new UsageException("--" + option + " " + e.getMessage());
        }
    }

    /** Whether two paths name the same file (by identity when both exist, else by their normalised absolute form). */
    static boolean sameFile(Path a, Path b) {
        if (Files.exists(a) && Files.exists(b)) {
            try {
                return Files.isSameFile(a, b);
            } catch (IOException e) {
                // fall through to the names
            }
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
