package rnnlab.data;

/**
 * A CoNLL (or other line-based) file that cannot be read. The message starts with the file and the line number,
 * says what was found and what was expected.
 */
public final class ConllFormatException extends IllegalArgumentException {
    private final String source;
    private final int line;

    public ConllFormatException(String source, int line, String problem) {
        super(source + ", line " + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** The file (or stream name) being read. */
    public String source() {
        return source;
    }

    /** The 1-based line number. */
    public int line() {
        return line;
    }
}
