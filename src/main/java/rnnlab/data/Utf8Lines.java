package rnnlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads a byte stream line by line as strict UTF-8, keeping the line number, so that malformed bytes are reported
 * with the exact line and byte position (a {@link java.io.BufferedReader} decodes ahead and cannot say where).
 *
 * <p>Lines end at "\n", "\r\n" (Windows) or a lone "\r" (old Mac files); a UTF-8 byte-order mark at the start of
 * the file is skipped. Only one line is held in memory at a time, and a line may have at most
 * {@link #MAX_LINE_BYTES} bytes (longer is an error naming the line), so a file without line breaks cannot fill
 * the memory.
 */
public final class Utf8Lines implements AutoCloseable {
    /** The longest line read: 1 MiB, far more than a CoNLL line or a sentence of text needs. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private boolean afterCr;
    private final String source;
    private final byte[] buffer = new byte[1 << 16];
    private int bufferPos;
    private int bufferEnd;
    private byte[] line = new byte[256];
    private int lineNumber;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /**
     * @param in     the bytes; closed by {@link #close()}
     * @param source the name used in error messages, usually the file path
     */
    public Utf8Lines(InputStream in, String source) {
        this.in = Objects.requireNonNull(in, "in");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The name used in error messages. */
    public String source() {
        return source;
    }

    /** The 1-based number of the line last returned (0 before the first). */
    public int lineNumber() {
        return lineNumber;
    }

    /** The next line without its line terminator, or null at the end of the input. */
    public String next() {
        int n = 0;
        boolean any = false;
        try {
            while (true) {
                if (bufferPos == bufferEnd) {
                    bufferEnd = in.read(buffer, 0, buffer.length);
                    bufferPos = 0;
                    if (bufferEnd <= 0) {
                        bufferEnd = 0;
                        break;
                    }
                }
                byte b = buffer[bufferPos++];
                if (afterCr) {
                    afterCr = false;
                    if (b == '\n') {
                        continue;                 // the "\n" of "\r\n"
                    }
                }
                any = true;
                if (b == '\n') {
                    break;
                }
                if (b == '\r') {
                    afterCr = true;
                    break;
                }
                if (n == MAX_LINE_BYTES) {
                    lineNumber++;
                    throw error("the line is longer than " + (MAX_LINE_BYTES >> 20) + " MiB; a CoNLL line holds one "
                            + "token and its labels, a text line one sentence: is this the right file?");
                }
                if (n == line.length) {
                    line = Arrays.copyOf(line, Math.min(n * 2, MAX_LINE_BYTES));
                }
                line[n++] = b;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + " after line " + lineNumber + ": "
                    + e.getMessage(), e);
        }
        if (!any) {
            return null;
        }
        lineNumber++;
        int start = 0;
        if (lineNumber == 1 && n >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
            start = 3;
        }
        ByteBuffer bytes = ByteBuffer.wrap(line, start, n - start);
        CharBuffer chars = CharBuffer.allocate(n - start);
        decoder.reset();
        CoderResult r = decoder.decode(bytes, chars, true);
        if (!r.isError()) {
            r = decoder.flush(chars);
        }
        if (r.isError()) {
            int at = bytes.position();
            throw error("malformed UTF-8: byte " + (at + 1) + " of the line (0x"
                    + String.format("%02X", line[at] & 0xFF) + ") is not valid UTF-8; expected a UTF-8 text file"
                    + " (re-save it as UTF-8, e.g. iconv -f latin1 -t utf-8)");
        }
        chars.flip();
        return chars.toString();
    }

    /** An error about the line last returned. */
    public ConllFormatException error(String problem) {
        return new ConllFormatException(source, lineNumber == 0 ? 1 : lineNumber, problem);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Utf8Lines(" + source + ", line " + lineNumber + ")";
    }
}
