package rnnlab.io;

import java.nio.file.Path;

/**
 * A model file could not be read or written. The message names the file and the problem and says what to do;
 * {@link #problem()} tells the cases apart for programs.
 */
public final class ModelFileException extends RuntimeException {
    /** What went wrong. */
    public enum Problem {
        /** The file does not exist or cannot be read. */
        NOT_READABLE,
        /** The file does not start with the model-file magic bytes. */
        NOT_A_MODEL,
        /** The file ends before the length its header announces. */
        TRUNCATED,
        /** The checksum does not match: the bytes were changed after writing. */
        CORRUPTED,
        /** The file uses a format version this library does not read. */
        WRONG_VERSION,
        /** The file holds another kind of model than was asked for. */
        WRONG_KIND,
        /** The checksum matches but the content does not make sense (e.g. written by a buggy tool). */
        MALFORMED,
        /** Writing failed (disk full, no permission, …); an existing file was left as it was. */
        WRITE_FAILED
    }

    private final transient Path file;
    private final Problem problem;

    public ModelFileException(Path file, Problem problem, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
        this.problem = problem;
    }

    public ModelFileException(Path file, Problem problem, String message) {
        this(file, problem, message, null);
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }

    /** What went wrong. */
    public Problem problem() {
        return problem;
    }
}
