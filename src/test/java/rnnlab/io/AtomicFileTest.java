package rnnlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one atomic writer (issue 10 points 2, 4, 5, 17): non-regular targets refused, links kept, Unix permissions,
 * temporaries removed on failure, on SIGTERM and on the next save.
 */
class AtomicFileTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private List<String> temporaries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    @Test
    void newFilesGetTheUmaskModeLikeAnyTool() throws IOException {
        Path plain = dir.resolve("plain");
        try (OutputStream o = Files.newOutputStream(plain)) {          // what the umask gives an ordinary new file
            o.write(1);
        }
        Path written = dir.resolve("written");
        AtomicFile.write(written, new byte[] {1});
        assertEquals(mode(plain), mode(written));
    }

    @Test
    void replacingKeepsTheModeOfTheTarget() throws IOException {
        for (String m : List.of("rw-r--r--", "rw-rw-r--", "rw-------", "rwxr-x---")) {
            Path f = Files.writeString(dir.resolve("f" + m.hashCode()), "old");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(m));
            AtomicFile.write(f, "new".getBytes(StandardCharsets.UTF_8));
            assertEquals("new", Files.readString(f));
            assertEquals(m, mode(f));
        }
    }

    @Test
    void aReadOnlyTargetIsRefusedAndKept() throws IOException {
        Path f = Files.writeString(dir.resolve("ro"), "precious");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFile.write(f, new byte[] {1}));
        assertTrue(e.getMessage().contains("read-only") && e.getMessage().contains("chmod u+w"), e.getMessage());
        assertEquals("precious", Files.readString(f));
        assertEquals("r--r--r--", mode(f));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void aFifoIsRefusedAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFile.write(fifo, new byte[] {1}));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo) && !Files.isDirectory(fifo), "still a FIFO");
        assertEquals(List.of(), temporaries());
    }

    @Test
    void aFolderIsRefused() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFile.write(dir, new byte[1]));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }

    @Test
    void aSymbolicLinkStaysALinkAndItsFileIsReplaced() throws IOException {
        Path real = Files.writeString(dir.resolve("real"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real.getFileName());
        AtomicFile.write(link, "new".getBytes(StandardCharsets.UTF_8));
        assertTrue(Files.isSymbolicLink(link), "the link is not replaced by a regular file");
        assertEquals("new", Files.readString(real));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFile.write(dangling, new byte[1]));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(Files.isSymbolicLink(dangling));
        assertFalse(Files.exists(dir.resolve("nowhere")));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "old");
        assertThrows(UncheckedIOException.class, () -> AtomicFile.write(f, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void staleTemporariesOfDeadProcessesAreRemovedOnTheNextSave() throws IOException {
        Path f = dir.resolve("m.rnnlab");
        String prefix = AtomicFile.tempPrefix("m.rnnlab");
        Path dead = Files.writeString(dir.resolve(prefix + Long.MAX_VALUE + "-abc.tmp"), "stale");
        Path mine = Files.writeString(dir.resolve(prefix + ProcessHandle.current().pid() + "-old.tmp"), "stale");
        Path alive = Files.writeString(dir.resolve(prefix + "1-xyz.tmp"), "another process saving now");
        Path other = Files.writeString(dir.resolve(".m.rnnlab.12345.tmp"), "not ours");
        AtomicFile.write(f, new byte[] {1});
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(mine));
        assertTrue(Files.exists(alive), "a running process's temporary is left alone");
        assertTrue(Files.exists(other));
    }

    @Test
    void longNamesFitBecauseOnlyTheTemporaryNameIsShortened() throws IOException {
        String name = "m".repeat(240) + ".rnnlab";
        Path f = dir.resolve(name);
        AtomicFile.write(f, new byte[] {7});
        assertEquals(1, Files.size(f));
        AtomicFile.write(f, new byte[] {7, 8});
        assertEquals(2, Files.size(f));
        assertTrue(AtomicFile.tempName(name, Long.MAX_VALUE, "z".repeat(13)).length() <= AtomicFile.MAX_NAME_BYTES);
        String wide = "字".repeat(84);                                   // 252 bytes
        assertTrue(AtomicFile.tempName(wide, 1, "a").getBytes(StandardCharsets.UTF_8).length
                <= AtomicFile.MAX_NAME_BYTES);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFile.check(dir.resolve("x".repeat(256))));
        assertTrue(e.getMessage().contains("shorter name"), e.getMessage());
    }

    @Test
    void aMissingFolderIsRefusedUnlessAskedToCreateIt() {
        Path f = dir.resolve("no/such/folder/f");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFile.write(f, new byte[1]));
        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("mkdir"), e.getMessage());
        AtomicFile.createFolders(f);
        AtomicFile.write(f, new byte[1]);
        assertTrue(Files.isRegularFile(f));
    }

    /** Run in a child JVM by {@link #sigtermDuringASaveRemovesTheTemporary}: saves slowly until killed. */
    public static final class SlowSave {
        public static void main(String[] args) {
            AtomicFile.write(Path.of(args[0]), out -> {
                out.write(new byte[4096]);
                out.flush();
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    @Test
    void sigtermDuringASaveRemovesTheTemporary() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path target = Files.writeString(dir.resolve("model.rnnlab"), "old");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SlowSave.class.getName(), target.toString()).redirectErrorStream(true).start();
        try {
            String first = new String(child.getInputStream().readNBytes(8), StandardCharsets.UTF_8);
            assertEquals("writing\n", first.replace("\r", ""));
            assertEquals(1, temporaries().size(), "the save is under way: " + temporaries());
            child.destroy();                                               // SIGTERM on Unix
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ends on SIGTERM");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(List.of(), temporaries(), "the shutdown hook removed the temporary");
        assertEquals("old", Files.readString(target));
    }
}
