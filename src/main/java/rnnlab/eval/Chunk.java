package rnnlab.eval;

/**
 * A labelled span of a sentence, e.g. "New York" = {@code Chunk("dest", 5, 7)}.
 *
 * @param type  the chunk type: the label without its "B-"/"I-" prefix (everything after the first '-')
 * @param start index of the first token
 * @param end   index after the last token (exclusive)
 */
public record Chunk(String type, int start, int end) {
    public Chunk {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("a chunk needs 0 <= start < end, got [" + start + ", " + end + ")");
        }
    }

    /** Number of tokens. */
    public int length() {
        return end - start;
    }

    @Override
    public String toString() {
        return type + "[" + start + "," + end + ")";
    }
}
