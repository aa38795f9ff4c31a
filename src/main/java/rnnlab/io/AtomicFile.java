package rnnlab.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way RNN Lab writes a file (model files, CoNLL files, pictures): atomically, so that a reader, a crash, a
 * full disk or {@code kill -9} only ever sees the old file or the complete new one.
 *
 * <p>How: the bytes go to a temporary file {@code .NAME.rnnlab-PID-RANDOM.tmp} in the target's folder, which is
 * flushed to disk ({@code fsync}) and then renamed over the target. Rules (documented in docs/reliability.md):
 * <ul>
 *   <li>Only regular files are replaced. A folder, a device, a FIFO or a socket at the target is refused with an
 *       {@link UncheckedIOException} before anything is written (renaming over {@code /dev/null} would replace the
 *       system's device by a file).</li>
 *   <li>A symbolic link is followed: the regular file it points to is replaced atomically and the link stays a link.
 *       A link to nothing (dangling) is refused.</li>
 *   <li>Permissions behave like ordinary Unix tools: a new file gets {@code rw-rw-rw-} minus the umask; replacing an
 *       existing file keeps its mode (and its owner and group when the process may set them). A read-only target
 *       (no write permission for its owner) is refused, also for root.</li>
 *   <li>The folder must exist ({@link #write} does not create it; {@link #createFolders} does, for callers that want
 *       that).</li>
 *   <li>Temporary files of this process are deleted on failure and, by a shutdown hook, on SIGTERM/SIGINT (Ctrl-C).
 *       After {@code kill -9} a temporary file may stay; the next save to the same target removes the stale
 *       temporaries of RNN Lab processes that are no longer running.</li>
 *   <li>A name too long for the temporary file's prefix is shortened in the temporary name only.</li>
 * </ul>
 */
public final class AtomicFile {
    /** Writes the content to a stream (which the caller must not close). */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes text content (UTF-8). */
    @FunctionalInterface
    public interface TextBody {
        void writeTo(Writer out) throws IOException;
    }

    /** Marks this program's temporary files: {@code .NAME.rnnlab-PID-RANDOM.tmp}. */
    static final String MARK = ".rnnlab-";
    static final String SUFFIX = ".tmp";
    /** The longest file name (in UTF-8 bytes) of common Linux and macOS file systems. */
    static final int MAX_NAME_BYTES = 255;

    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private AtomicFile() {}

    /** Writes {@code bytes} to {@code file} atomically. */
    public static void write(Path file, byte[] bytes) {
        write(file, out -> out.write(bytes));
    }

    /** Writes UTF-8 text to {@code file} atomically. */
    public static void writeText(Path file, TextBody body) {
        write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            body.writeTo(w);
            w.flush();
        });
    }

    /** Creates the folder of {@code file} (and its parents) if needed, as {@code mkdir -p}. */
    public static void createFolders(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + dir + " for " + file + ": " + e, e);
        }
    }

    /**
     * Checks that {@code file} can be written by {@link #write} without writing anything, and returns the regular
     * file that would be replaced (the target of a symbolic link, else the absolute path).
     *
     * @throws UncheckedIOException saying why not and what to do: the folder is missing or not writable, the target
     *                              is a folder, a device, a FIFO, a dangling link, read-only, or its name too long
     */
    public static Path check(Path file) {
        Path abs = file.toAbsolutePath();
        if (abs.getFileName() == null) {
            throw refused(file, "this is not a file name");
        }
        Path target = abs;
        if (Files.isSymbolicLink(abs)) {
            try {
                target = abs.toRealPath();
            } catch (IOException e) {
                throw refused(file, "this is a symbolic link to a file that does not exist; give the real file "
                        + "name or remove the link");
            }
        }
        String name = target.getFileName().toString();
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw refused(file, "the file name has " + name.getBytes(StandardCharsets.UTF_8).length
                    + " bytes, more than the " + MAX_NAME_BYTES + " a file system allows; choose a shorter name");
        }
        if (Files.exists(target)) {
            if (Files.isDirectory(target)) {
                throw refused(file, "this is a folder; give a file name such as " + target.resolve("out"));
            }
            if (!Files.isRegularFile(target)) {
                throw refused(file, "this is not a regular file (a device, FIFO or socket); RNN Lab saves by "
                        + "replacing the file, which would destroy it; give the name of a regular file");
            }
            Set<PosixFilePermission> mode = permissions(target);
            if ((mode != null && !mode.contains(PosixFilePermission.OWNER_WRITE)) || !Files.isWritable(target)) {
                throw refused(file, "the file is read-only" + (mode == null ? "" : " (" + PosixFilePermissions
                        .toString(mode) + ")") + "; make it writable (chmod u+w) or choose another name");
            }
        }
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            throw refused(file, "folder " + dir + " does not exist; create it first (mkdir -p)");
        }
        if (!Files.isWritable(dir)) {
            throw refused(file, "folder " + dir + " is not writable; choose another folder");
        }
        return target;
    }

    /**
     * Writes the file atomically (see the class comment for the rules).
     *
     * @throws UncheckedIOException naming the file, the cause and that the previous file, if any, is unchanged
     */
    public static void write(Path file, Body body) {
        Path target = check(file);
        Path dir = target.getParent();
        removeStale(target);
        installHook();
        Path tmp = dir.resolve(tempName(target.getFileName().toString(), ProcessHandle.current().pid(),
                Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)));
        LIVE.add(tmp);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                if (Files.exists(target)) {
                    copyModeAndOwner(target, tmp);
                }
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.writeTo(new NonClosing(out));
                out.flush();
                ch.force(true);                   // on disk before it replaces the old file
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncFolder(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " (" + e + "); the previous file, if any, is "
                    + "unchanged", e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more; the next save removes it
                }
            }
            LIVE.remove(tmp);
        }
    }

    /** The temporary name for a target name: {@code .NAME.rnnlab-PID-RANDOM.tmp}, NAME shortened to fit 255 bytes. */
    static String tempName(String name, long pid, String random) {
        return tempPrefix(name) + pid + "-" + random + SUFFIX;
    }

    /** {@code .NAME.rnnlab-}, with NAME cut (at a character boundary) so that the whole temporary name fits. */
    static String tempPrefix(String name) {
        int room = MAX_NAME_BYTES - 1 - MARK.length() - 20 - 1 - 13 - SUFFIX.length();   // pid ≤ 20, random ≤ 13
        String n = name;
        while (n.getBytes(StandardCharsets.UTF_8).length > room) {
            n = n.substring(0, n.offsetByCodePoints(n.length(), -1));
        }
        return "." + n + MARK;
    }

    /** Removes temporaries for {@code target} left by RNN Lab processes that are no longer running. */
    static void removeStale(Path target) {
        String prefix = tempPrefix(target.getFileName().toString());
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target.getParent(),
                p -> {
                    String s = p.getFileName().toString();
                    return s.startsWith(prefix) && s.endsWith(SUFFIX);
                })) {
            for (Path p : ds) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, Math.max(0, dash)));
                } catch (NumberFormatException e) {
                    continue;                                     // not one of ours
                }
                boolean ours = pid == ProcessHandle.current().pid();
                if ((ours && !LIVE.contains(p)) || (!ours && ProcessHandle.of(pid).isEmpty())) {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: a stale temporary is harmless
        }
    }

    /** Deletes this process's temporary files; run by the shutdown hook (SIGTERM, SIGINT) and by tests. */
    static void deleteLiveTemporaries() {
        for (Path p : LIVE) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the process is ending
            }
        }
    }

    private static void installHook() {
        if (!hookInstalled) {
            synchronized (AtomicFile.class) {
                if (!hookInstalled) {
                    try {
                        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::deleteLiveTemporaries,
                                "rnnlab-temporaries"));
                    } catch (IllegalStateException e) {
                        // already shutting down
                    }
                    hookInstalled = true;
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
    }

    private static void copyModeAndOwner(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        PosixFileAttributes a = view.readAttributes();
        PosixFileAttributeView toView = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        try {
            toView.setGroup(a.group());
        } catch (IOException | SecurityException ignored) {
            // not allowed: the group of the new file is the process's, like cp
        }
        try {
            if (!toView.getOwner().equals(a.owner())) {
                toView.setOwner(a.owner());
            }
        } catch (IOException | SecurityException ignored) {
            // only root may give a file away
        }
        toView.setPermissions(a.permissions());
    }

    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);                       // the rename itself survives a power cut
        } catch (IOException | UnsupportedOperationException e) {
            // not supported everywhere (e.g. Windows); the data is already on disk
        }
    }

    private static UncheckedIOException refused(Path file, String why) {
        return new UncheckedIOException(file + ": cannot write here: " + why, new IOException(why));
    }

    /** Keeps a body from closing the stream before it is synced. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
