package rnnlab.io;

import java.util.Locale;

/**
 * A task would need more memory than the Java heap has: refused before anything big is allocated. The message says
 * how much is needed, how much there is, and how to give Java more ({@code -Xmx}, or {@code RNNLAB_JAVA_OPTS} for
 * {@code bin/rnnlab}). The command line reports it with exit code 5, like an {@link OutOfMemoryError}.
 */
public final class NotEnoughMemoryException extends RuntimeException {
    private final long needed;

    public NotEnoughMemoryException(String what, long needed) {
        super(what + " needs about " + mib(needed) + " of memory but the Java heap has only "
                + mib(available()) + " free (" + mib(Runtime.getRuntime().maxMemory()) + " in all); use smaller "
                + "settings or give Java more memory: java -Xmx" + suggest(needed) + ", or RNNLAB_JAVA_OPTS=-Xmx"
                + suggest(needed) + " for bin/rnnlab");
        this.needed = needed;
    }

    /** Bytes needed. */
    public long needed() {
        return needed;
    }

    /** Refuses (throws) if {@code bytes} do not fit into the free heap. */
    public static void require(String what, long bytes) {
        if (bytes < 0 || bytes > available()) {
            throw new NotEnoughMemoryException(what, bytes < 0 ? Long.MAX_VALUE : bytes);
        }
    }

    /** Heap that can still be allocated: the maximum minus what is in use. */
    public static long available() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    /** "123 MiB" / "4.5 GiB". */
    public static String mib(long bytes) {
        if (bytes >= 1L << 40) {
            return String.format(Locale.ROOT, "%.3g TiB", bytes / (double) (1L << 40));
        }
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return (bytes >> 20) + " MiB";
    }

    private static String suggest(long bytes) {
        long g = Math.max(1, (long) Math.ceil((bytes + (256L << 20)) / (double) (1L << 30)));
        return g > 1_000_000 ? "<more than 1 PB>" : g + "g";
    }
}
