package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnnlab.cli.MainTest.assertUserError;
import static rnnlab.cli.MainTest.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.cli.MainTest.Run;

/** Issue 10: no path, output stream or argument may destroy data or pass silently (points 1–5, 17, 18). */
class ReliabilityTest {
    @TempDir
    static Path shared;
    static Path data;
    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainSmallModel() {
        data = shared.resolve("data");
        Run g = run("generate", "--out", data.toString(), "--train", "60", "--dev", "20", "--test", "20");
        assertEquals(0, g.code(), g.all());
        model = shared.resolve("small.rnnlab");
        Run t = run("train", "--train", data.resolve("train.conll").toString(), "--model", model.toString(),
                "--hidden", "6", "--embedding", "4", "--epochs", "1", "--quiet", "--no-train-metrics");
        assertEquals(0, t.code(), t.all());
    }

    private Path copy(String name) throws IOException {
        return Files.copy(data.resolve(name), dir.resolve(name));
    }

    /** Refused before any work: exit 2, one line naming both options, the file unchanged. */
    private static void refusedAsSame(Run r, Path file, byte[] before, String output, String input) throws IOException {
        assertUserError(r, 2, "--" + output, "--" + input, "same file");
        assertFalse(r.err().contains("read "), "refused before reading: " + r.all());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "the input is untouched");
    }

    @Test
    void anOutputThatIsAnInputIsRefusedBeforeAnyWork() throws IOException {
        Path train = copy("train.conll");
        Path dev = copy("dev.conll");
        byte[] t = Files.readAllBytes(train), d = Files.readAllBytes(dev);
        refusedAsSame(run("train", "--train", train.toString(), "--model", train.toString()), train, t, "model", "train");
        Path dotted = dir.resolve(".").resolve("sub/..").resolve("dev.conll");
        Files.createDirectories(dir.resolve("sub"));
        refusedAsSame(run("train", "--train", train.toString(), "--dev", dev.toString(), "--model", dotted.toString()),
                dev, d, "model", "dev");
        Path link = Files.createSymbolicLink(dir.resolve("link.conll"), train);
        refusedAsSame(run("train", "--train", link.toString(), "--model", train.toString()), train, t, "model", "train");
        Path hard = Files.createLink(dir.resolve("hard.conll"), train);
        refusedAsSame(run("train", "--train", train.toString(), "--model", hard.toString()), train, t, "model", "train");

        refusedAsSame(run("tag", "--model", model.toString(), "--input", train.toString(), "--output",
                link.toString()), train, t, "output", "input");
        byte[] m = Files.readAllBytes(model);
        refusedAsSame(run("tag", "--model", model.toString(), "--input", train.toString(), "--output",
                model.toString()), model, m, "output", "model");
        refusedAsSame(run("eval", "--model", model.toString(), "--test", dev.toString(), "--predictions",
                dev.toString()), dev, d, "predictions", "test");
        refusedAsSame(run("eval", "--model", model.toString(), "--test", dev.toString(), "--predictions",
                model.toString()), model, m, "predictions", "model");
    }

    @Test
    void aFifoOrAFolderIsNeverReplacedAndALinkStaysALink() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path train = data.resolve("train.conll").toAbsolutePath();
        Run r = run("train", "--train", train.toString(), "--model", fifo.toString(), "--epochs", "1");
        assertUserError(r, 2, "--model", "not a regular file");
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "still a FIFO");
        assertUserError(run("tag", "--model", model.toString(), "--input", train.toString(), "--output",
                fifo.toString()), 2, "not a regular file");
        assertUserError(run("train", "--train", train.toString(), "--model", dir.toString()), 2, "folder");

        Path real = Files.writeString(dir.resolve("tagged.conll"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("out.conll"), real);
        Run t = run("tag", "--model", model.toString(), "--input", data.resolve("test.conll").toString(), "--output",
                link.toString());
        assertEquals(0, t.code(), t.all());
        assertTrue(Files.isSymbolicLink(link), "the link is kept");
        assertTrue(Files.readString(real).length() > 100, "its file holds the tags");
    }

    @Test
    void permissionsAreKeptAndReadOnlyTargetsRefused() throws IOException {
        Path out = Files.writeString(dir.resolve("tagged.conll"), "old\n");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r--r--"));
        String test = data.resolve("test.conll").toString();
        assertEquals(0, run("tag", "--model", model.toString(), "--input", test, "--output", out.toString()).code());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("r--r--r--"));
        byte[] before = Files.readAllBytes(out);
        assertUserError(run("tag", "--model", model.toString(), "--input", test, "--output", out.toString()), 2,
                "read-only");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(out)));
        Path copyOfModel = Files.copy(model, dir.resolve("ro.rnnlab"));
        Files.setPosixFilePermissions(copyOfModel, PosixFilePermissions.fromString("r--r--r--"));
        assertUserError(run("train", "--train", test, "--model", copyOfModel.toString(), "--epochs", "1"), 2,
                "read-only");
    }

    /** A stream that fails like standard output on a full disk. */
    static PrintStream failing() {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        }, false, StandardCharsets.UTF_8);
    }

    private static Run withFailingOut(String stdin, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), failing(),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, "", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writeErrorsOnStandardOutputAreNotSuccess() {
        String test = data.resolve("test.conll").toString();
        List<Run> runs = List.of(
                withFailingOut("leave\nTaipei\n", "tag", "--model", model.toString()),
                withFailingOut("leave Taipei\n", "tag", "--model", model.toString(), "--text"),
                withFailingOut("", "eval", "--model", model.toString(), "--test", test),
                withFailingOut("", "info", "--model", model.toString()),
                withFailingOut("", "generate", "--out", dir.resolve("g").toString(), "--train", "5", "--dev", "5",
                        "--test", "5"),
                withFailingOut("", "train", "--train", test, "--model", dir.resolve("m").toString(), "--epochs", "1",
                        "--quiet"),
                withFailingOut("", "--help"));
        for (Run r : runs) {
            assertEquals(1, r.code(), r.all());
            assertTrue(r.err().contains("cannot write to standard output"), r.all());
        }
    }

    @Test
    void outputProblemsAreFoundBeforeTraining() throws IOException {
        String train = data.resolve("train.conll").toString();
        Run folder = run("train", "--train", train, "--model", dir.toString());
        assertUserError(folder, 2, "--model", "is a folder");
        Run longName = run("train", "--train", train, "--model", dir.resolve("m".repeat(300)).toString());
        assertUserError(longName, 2, "--model", "shorter name");
        Run missing = run("train", "--train", train, "--model", dir.resolve("none/m.rnnlab").toString());
        assertUserError(missing, 2, "--model", "does not exist");
        // a 240-character name is fine: only the temporary name is shortened
        Path ok = dir.resolve("m".repeat(240));
        Run r = run("train", "--train", train, "--model", ok.toString(), "--epochs", "1", "--hidden", "4",
                "--embedding", "3", "--quiet");
        assertEquals(0, r.code(), r.all());
        assertTrue(Files.isRegularFile(ok));
        try (Stream<Path> s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary left");
        }
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!Files.isWritable(readOnly)) {                   // root may write anywhere: nothing to refuse then
            assertUserError(run("train", "--train", train, "--model", readOnly.resolve("m").toString()), 2,
                    "not writable");
        }
    }

    @Test
    void commandLineInconsistenciesAreGone() throws IOException {
        String train = data.resolve("train.conll").toString();
        Path empty = Files.writeString(dir.resolve("empty.conll"), "\n\n");
        assertUserError(run("train", "--train", train, "--dev", empty.toString(), "--model",
                dir.resolve("m").toString()), 1, "empty.conll", "no sentences in the dev file");
        Run zero = run("train", "--train", train, "--model", dir.resolve("z").toString(), "--clip", "0.0",
                "--epochs", "1", "--hidden", "4", "--embedding", "3", "--quiet");
        assertEquals(0, zero.code(), zero.all());
        assertTrue(Files.readString(dir.resolve("z"), StandardCharsets.ISO_8859_1).contains("train.clip=Clipping(NONE)"),
                "--clip 0.0 turns clipping off like --clip 0");
        assertUserError(run("train", "--train", train, "--model", "--"), 2, "--model", "looks like an option");
        assertUserError(run("eval", "--model", model.toString(), "--test", ""), 2, "--test", "empty");
        assertUserError(run("tag", "--model", model.toString(), "--input", train, "--output",
                dir.resolve("new/t.conll").toString()), 2, "does not exist");
        assertUserError(run("eval", "--model", model.toString(), "--test", train, "--predictions",
                dir.resolve("new/p.txt").toString()), 2, "does not exist");
        Run usage = run();
        assertEquals(2, usage.code());
        assertEquals("", usage.out(), "a usage error goes to standard error");
        assertTrue(usage.err().contains("usage: rnnlab COMMAND"), usage.all());
        assertEquals(0, run("--help").code());
        assertTrue(run("--help").out().contains("usage: rnnlab COMMAND"));
    }

    private static Run withBytes(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tagTextSkipsTheByteOrderMarkSplitsFullWidthSpacesAndRefusesBadUtf8() throws IOException {
        String m = model.toString();
        Run plain = MainTest.withInput("leave Taipei on Friday\n", "tag", "--model", m, "--text");
        assertEquals(0, plain.code(), plain.all());
        Run bom = MainTest.withInput("\uFEFFleave Taipei on Friday\n", "tag", "--model", m, "--text");
        assertEquals(plain.out(), bom.out(), "a byte-order mark changes nothing");
        Run wide = MainTest.withInput("leave\u3000Taipei on\u00A0Friday\n", "tag", "--model", m, "--text");
        assertEquals(plain.out(), wide.out(), "full-width and no-break spaces separate words");
        byte[] bad = "leave Taipei\narrive \u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
        assertUserError(withBytes(bad, "tag", "--model", m, "--text"), 1, "standard input, line 2", "UTF-8");
        Path file = Files.write(dir.resolve("bad.txt"), bad);
        assertUserError(run("tag", "--model", m, "--text", "--input", file.toString()), 1, "bad.txt, line 2",
                "UTF-8");
        Path mac = Files.writeString(dir.resolve("mac.txt"), "leave Taipei on Friday\rleave Taipei on Friday\r");
        Run cr = run("tag", "--model", m, "--text", "--input", mac.toString());
        assertEquals(plain.out() + plain.out(), cr.out(), "CR-only line ends are lines");
        Path tokens = Files.writeString(dir.resolve("u3000.conll"), "New\u3000York\tB-dest\nTaipei\tB-dest\n");
        Run tagged = run("tag", "--model", m, "--input", tokens.toString());
        assertEquals(0, tagged.code(), tagged.all());
        Run eval = run("eval", "--model", m, "--test", tokens.toString(), "--predictions",
                dir.resolve("p.txt").toString());
        assertUserError(eval, 1, "u3000.conll", "line 2", "columns");
    }

    @Test
    void infoRejectsWhatLoadingRejects() throws IOException {
        byte[] good = Files.readAllBytes(model);
        String text = new String(good, StandardCharsets.ISO_8859_1).replace("network.bidirectional=false",
                "network.bidirectional=nein!");
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, 0, b.length - 4);
        java.nio.ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        Path crafted = Files.write(dir.resolve("crafted.rnnlab"), b);
        assertUserError(run("info", "--model", crafted.toString()), 1, "network.bidirectional=nein!");
        assertUserError(run("tag", "--model", crafted.toString()), 1, "network.bidirectional=nein!");
    }

    @Test
    void aHugeLearningRateIsDivergenceAndNothingIsSaved() throws IOException {
        String train = data.resolve("train.conll").toString();
        Path keep = Files.copy(model, dir.resolve("good.rnnlab"));
        byte[] before = Files.readAllBytes(keep);
        for (String lr : List.of("1e6", "1e100", "1e300")) {
            Run r = run("train", "--train", train, "--model", keep.toString(), "--optimizer", "sgd", "--lr", lr,
                    "--epochs", "2", "--hidden", "6", "--embedding", "4", "--quiet", "--no-train-metrics");
            assertEquals(3, r.code(), lr + ": " + r.all());
            assertEquals(1, r.err().lines().filter(l -> l.startsWith("rnnlab train:")).count(), r.all());
            assertTrue(r.err().contains("training stopped") && r.err().contains("lower learning rate"), r.all());
            assertTrue(r.err().contains("Nothing was saved") && r.err().contains("unchanged"), r.all());
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(keep)), "the good model is kept: " + lr);
        }
        Run ok = run("train", "--train", train, "--model", dir.resolve("fine.rnnlab").toString(), "--epochs", "3",
                "--hidden", "6", "--embedding", "4", "--quiet");
        assertEquals(0, ok.code(), "ordinary training is not divergence: " + ok.all());
    }
}
