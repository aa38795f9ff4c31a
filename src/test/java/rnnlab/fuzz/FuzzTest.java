package rnnlab.fuzz;

import rnnlab.models.Network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.cli.Main;
import rnnlab.data.Conll;
import rnnlab.data.ConllFormatException;
import rnnlab.data.ConllReader;
import rnnlab.data.Sentence;
import rnnlab.data.SlotFillingCorpus;
import rnnlab.io.ModelFile;
import rnnlab.io.ModelFileException;
import rnnlab.io.NotEnoughMemoryException;
import rnnlab.train.Tagger;

/**
 * The fuzzing suite of issue 10 (docs/reliability.md): seeded, bounded in time, more than 100,000 cases per run.
 * Generated and mutated CoNLL files, {@code tag --text} inputs and model files (flip a bit, cut, splice two files,
 * inflate a length field, insert separators, invalid UTF-8, line ends). Every case must end in
 * <ul>
 *   <li>a correct result: a generated file reads as exactly the sentences generated, a mutated file that reads at
 *       all reads the same again after writing; a model that loads also passes {@code info} and tags; text is
 *       tagged one line per word; or</li>
 *   <li>a documented error: {@link ConllFormatException} (with the source and a line number),
 *       {@link ModelFileException} or {@link NotEnoughMemoryException}, or for the command line exit code 1 with
 *       one line on standard error that is not an internal error;</li>
 * </ul>
 * never another exception, never a case running longer than {@link #CASE_SECONDS} or allocating more than
 * {@link #CASE_BYTES} (measured per case with the JVM's per-thread allocation counter), and never a whole category
 * running longer than its time limit. The counts of cases and outcomes are printed.
 */
class FuzzTest {
    static final long SEED = 20_161_230L;
    /** Cases per category; {@code -Dfuzz.scale=10} runs ten times as many (a longer hunt, same seed). */
    static final double SCALE = Double.parseDouble(System.getProperty("fuzz.scale", "1"));
    static final int CONLL_CASES = (int) (72_000 * SCALE), MODEL_CASES = (int) (24_000 * SCALE),
            TEXT_CASES = (int) (6_000 * SCALE);
    /** The most any single case may allocate, in bytes (inputs are at most a few hundred KB). */
    static final long CASE_BYTES = 64L << 20;
    /** The most CPU time any single case may use, in seconds. */
    static final double CASE_CPU_SECONDS = 2;
    /** The longest any single case may take on the clock (a hang; generous, as the machine may be loaded). */
    static final double CASE_SECONDS = 60;
    /** The most CPU time a category may use, in seconds (about 10 s each on an idle machine). */
    static final double CATEGORY_CPU_SECONDS = 60 * Math.max(1, SCALE);

    @TempDir
    static Path dir;
    static byte[] modelBytes;
    static Path modelPath;
    static final Map<String, Integer> OUTCOMES = new TreeMap<>();
    static int cases;
    static long t0;

    @BeforeAll
    static void smallModel() throws IOException {
        SlotFillingCorpus.Splits data = SlotFillingCorpus.splits(40, 5, 5, 3);
        Tagger t = Tagger.create(data.train(), Network.builder().cell(Network.Cell.LSTM).bidirectional(true).hidden(3).embedding(3).window(1).seed(5).build());
        modelPath = dir.resolve("fuzz.rnnlab");
        ModelFile.save(t, modelPath);
        modelBytes = Files.readAllBytes(modelPath);
        t0 = System.nanoTime();
    }

    @AfterAll
    static void report() {
        System.out.printf("fuzz: %d cases in %.1f s (seed %d; seconds per category %s, of which CPU in the cases "
                + "%s); outcomes %s%n", cases, (System.nanoTime() - t0) / 1e9, SEED, SECONDS, CPU, OUTCOMES);
        assertTrue(cases >= 100_000 * Math.min(1, SCALE), "at least 100,000 cases per run, had " + cases);
    }

    static final Map<String, Double> SECONDS = new TreeMap<>();
    /** A category still running after this is hung (the clock, not the CPU: generous for a loaded machine). */
    static final Duration HANG = Duration.ofMinutes((long) (15 * Math.max(1, SCALE)));

    private static synchronized void timed(String category, long start) {
        SECONDS.merge(category, (System.nanoTime() - start) / 1e9, Double::sum);
        double cpu = CPU.getOrDefault(category, 0.0);
        assertTrue(cpu < CATEGORY_CPU_SECONDS, category + " used " + cpu + " s of CPU, more than "
                + CATEGORY_CPU_SECONDS);
    }

    private static synchronized void count(String outcome) {
        OUTCOMES.merge(outcome, 1, Integer::sum);
        cases++;
    }

    /** Runs one case, checks its time and allocation; returns its outcome name. */
    private static void oneCase(String category, String what, java.util.concurrent.Callable<String> body) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long a0 = mx.getThreadAllocatedBytes(id);
        long c0 = mx.getCurrentThreadCpuTime();
        long s0 = System.nanoTime();
        String outcome;
        try {
            outcome = body.call();
        } catch (Throwable e) {
            throw new AssertionError(category + " case " + what + ": undocumented outcome " + e, e);
        }
        double seconds = (System.nanoTime() - s0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        long bytes = mx.getThreadAllocatedBytes(id) - a0;
        if (seconds > CASE_SECONDS || cpu > CASE_CPU_SECONDS || bytes > CASE_BYTES) {
            fail(category + " case " + what + " took " + seconds + " s (" + cpu + " s CPU) and allocated " + bytes
                    + " bytes");
        }
        count(category + ":" + outcome);
        synchronized (FuzzTest.class) {
            CPU.merge(category, (mx.getCurrentThreadCpuTime() - c0) / 1e9, Double::sum);
        }
    }

    static final Map<String, Double> CPU = new TreeMap<>();

    // ---- generators and mutations -----------------------------------------------------------------------------

    static final String TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzAZ0189-_.,'\"éü字ß€😀\u0301";
    static final String[] SEPARATORS = {" ", "\t", "  ", " \t ", "\u3000", "\u00A0", "\u000B", "\u2003", "\u0085"};
    static final String[] LABELS = {"O", "B-dest", "I-dest", "B-depart", "B-arrive_date", "I-arrive_date", "B-字"};

    static String token(SplittableRandom r) {
        int[] cps = TOKEN_CHARS.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(7); i < n; i++) {
            sb.appendCodePoint(cps[r.nextInt(cps.length)]);
        }
        return sb.toString();
    }

    static List<Sentence> sentences(SplittableRandom r) {
        List<Sentence> out = new ArrayList<>();
        for (int s = 0, n = r.nextInt(6); s < n; s++) {
            List<String> tokens = new ArrayList<>(), labels = new ArrayList<>();
            for (int t = 0, len = 1 + r.nextInt(9); t < len; t++) {
                tokens.add(token(r));
                labels.add(LABELS[r.nextInt(LABELS.length)]);
            }
            out.add(new Sentence(tokens, labels));
        }
        return out;
    }

    /** A CoNLL text of {@code sentences} with random separators, extra columns, line ends, blank and marker lines. */
    static byte[] render(List<Sentence> sentences, SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        if (r.nextInt(8) == 0) {
            sb.append('\uFEFF');
        }
        String[] ends = {"\n", "\r\n", "\r"};
        String end = ends[r.nextInt(3)];
        int extra = r.nextInt(3);
        if (r.nextInt(5) == 0) {
            sb.append(ConllReader.DOCSTART).append(" X".repeat(extra + 1)).append(end).append(end);
        }
        for (Sentence s : sentences) {
            for (int t = 0; t < s.length(); t++) {
                if (r.nextInt(6) == 0) {
                    sb.append(SEPARATORS[r.nextInt(SEPARATORS.length)]);
                }
                sb.append(s.token(t));
                for (int c = 0; c < extra; c++) {
                    sb.append(SEPARATORS[r.nextInt(SEPARATORS.length)]).append("NN");
                }
                sb.append(SEPARATORS[r.nextInt(SEPARATORS.length)]).append(s.label(t));
                if (r.nextInt(6) == 0) {
                    sb.append(SEPARATORS[r.nextInt(SEPARATORS.length)]);
                }
                sb.append(end);
            }
            sb.append(end);
            if (r.nextInt(4) == 0) {
                sb.append(" \t").append(end);
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static final byte[][] INSERTS = {"\u3000".getBytes(StandardCharsets.UTF_8), {(byte) 0xFF}, {(byte) 0xC3},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {'\r'}, {'\n'}, {'\t'}, {0}, "\uFEFF".getBytes(StandardCharsets.UTF_8),
        "-X-".getBytes(StandardCharsets.UTF_8), " O\n".getBytes(StandardCharsets.UTF_8)};

    /** One random mutation of {@code b}: flip, cut, splice with {@code other}, insert, inflate a line, repeat. */
    static byte[] mutate(byte[] b, byte[] other, SplittableRandom r, StringBuilder how) {
        int kind = r.nextInt(6);
        int at = b.length == 0 ? 0 : r.nextInt(b.length + 1);
        switch (kind) {
            case 0 -> {
                how.append("flip@").append(at);
                if (b.length == 0) {
                    return b;
                }
                byte[] c = b.clone();
                c[Math.min(at, b.length - 1)] ^= (byte) (1 << r.nextInt(8));
                return c;
            }
            case 1 -> {
                how.append("cut@").append(at);
                return java.util.Arrays.copyOf(b, at);
            }
            case 2 -> {
                int from = other.length == 0 ? 0 : r.nextInt(other.length + 1);
                how.append("splice@").append(at).append('+').append(from);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(b, 0, at);
                o.write(other, from, other.length - from);
                return o.toByteArray();
            }
            case 3 -> {
                byte[] ins = INSERTS[r.nextInt(INSERTS.length)];
                how.append("insert@").append(at);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(b, 0, at);
                o.write(ins, 0, ins.length);
                o.write(b, at, b.length - at);
                return o.toByteArray();
            }
            case 4 -> {
                int len = r.nextInt(40) == 0 ? (1 << 20) + r.nextInt(100) : 1 + r.nextInt(300);
                how.append("inflate@").append(at).append('x').append(len);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(b, 0, at);
                byte[] fill = new byte[len];
                java.util.Arrays.fill(fill, (byte) 'x');
                o.write(fill, 0, len);
                o.write(b, at, b.length - at);
                return o.toByteArray();
            }
            default -> {
                how.append("twice;");
                return mutate(mutate(b, other, r, how), other, r, how);
            }
        }
    }

    // ---- CoNLL ------------------------------------------------------------------------------------------------

    static List<Sentence> readAll(byte[] bytes, Conll.Columns columns) {
        List<Sentence> out = new ArrayList<>();
        try (ConllReader reader = Conll.open(new ByteArrayInputStream(bytes), "fuzz.conll", columns)) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void conllFiles() {
        SplittableRandom r = new SplittableRandom(SEED);
        long start = System.nanoTime();
        assertTimeoutPreemptively(HANG, () -> {
            byte[] previous = new byte[0];
            for (int i = 0; i < CONLL_CASES; i++) {
                List<Sentence> generated = sentences(r);
                byte[] bytes = render(generated, r);
                boolean mutated = i % 2 == 1;
                StringBuilder how = new StringBuilder(i + ":");
                byte[] input = mutated ? mutate(bytes, previous, r, how) : bytes;
                previous = bytes;
                Conll.Columns columns = r.nextInt(4) == 0 ? Conll.Columns.TOKENS : Conll.Columns.LABELED;
                oneCase("conll", how.toString(), () -> {
                    List<Sentence> read;
                    try {
                        read = readAll(input, columns);
                    } catch (ConllFormatException e) {
                        assertTrue(e.line() >= 1 && e.getMessage().startsWith("fuzz.conll, line ")
                                && e.getMessage().length() < 1000, e.getMessage());
                        return "ConllFormatException";
                    }
                    if (!mutated && columns == Conll.Columns.LABELED) {
                        // the extra "NN" columns between token and label are the sentences' feature columns
                        assertEquals(generated, read.stream().map(Sentence::withoutFeatures).toList(),
                                "a generated file reads as generated");
                        int extra = read.isEmpty() ? 0 : read.get(0).featureColumns();
                        for (Sentence s : read) {
                            assertEquals(java.util.Collections.nCopies(extra, java.util.Collections.nCopies(
                                    s.length(), "NN")), s.features(), "the extra columns are feature columns");
                        }
                    }
                    StringBuilder again = new StringBuilder();
                    Conll.write(again, read);                        // what was read can always be written …
                    assertEquals(read, readAll(again.toString().getBytes(StandardCharsets.UTF_8), columns),
                            "… and reads back the same");
                    return "read";
                });
            }
        });
        timed("conll", start);
    }

    // ---- tag --text -------------------------------------------------------------------------------------------

    @Test
    void tagTextInputs() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        long start = System.nanoTime();
        assertTimeoutPreemptively(HANG, () -> {
            byte[] previous = new byte[0];
            for (int i = 0; i < TEXT_CASES; i++) {
                StringBuilder text = new StringBuilder(r.nextInt(5) == 0 ? "\uFEFF" : "");
                for (int l = 0, lines = r.nextInt(5); l < lines; l++) {
                    for (int w = 0, words = r.nextInt(8); w < words; w++) {
                        text.append(token(r)).append(SEPARATORS[r.nextInt(SEPARATORS.length)]);
                    }
                    text.append(new String[] {"\n", "\r\n", "\r"}[r.nextInt(3)]);
                }
                byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                boolean mutated = i % 2 == 1;
                StringBuilder how = new StringBuilder(i + ":");
                byte[] input = mutated ? mutate(bytes, previous, r, how) : bytes;
                previous = bytes;
                oneCase("text", how.toString(), () -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
                    int code = Main.run(new String[] {"tag", "--model", modelPath.toString(), "--text"},
                            new ByteArrayInputStream(input), new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8));
                    String e = err.toString(StandardCharsets.UTF_8);
                    if (code == 1) {
                        assertEquals(1, e.lines().count(), e);
                        assertTrue(e.startsWith("rnnlab tag: standard input, line ") && e.length() < 1000, e);
                        return "exit 1";
                    }
                    assertEquals(0, code, e);
                    long words = 0;
                    String decoded = new String(input, StandardCharsets.UTF_8);
                    for (String line : decoded.replace("\uFEFF", " ").split("\r\n|\r|\n")) {
                        words += Conll.fields(line).size();
                    }
                    assertEquals(words, out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty())
                            .count(), "one output line per word");
                    return "tagged";
                });
            }
        });
        timed("text", start);
    }

    // ---- model files ------------------------------------------------------------------------------------------

    /** Offsets of every length and count field of the model file (the header's length included). */
    static List<Integer> lengthFields(byte[] b) {
        List<Integer> at = new ArrayList<>(List.of(12));
        ByteBuffer buf = ByteBuffer.wrap(b);
        int p = 20;
        for (int s = 0; s < 2; s++) {                                   // kind, settings
            at.add(p);
            p += 4 + buf.getInt(p);
        }
        for (int list = 0; list < 2; list++) {                          // words, labels
            at.add(p);
            int n = buf.getInt(p);
            p += 4;
            for (int i = 0; i < n; i++) {
                at.add(p);
                p += 4 + buf.getInt(p);
            }
        }
        at.add(p);
        int tensors = buf.getInt(p);
        p += 4;
        for (int i = 0; i < tensors; i++) {
            at.add(p);
            p += 4 + buf.getInt(p);
            at.add(p);
            at.add(p + 4);
            p += 8 + 8 * buf.getInt(p) * buf.getInt(p + 4);
        }
        return at;
    }

    static void fixChecksum(byte[] b) {
        if (b.length < 24) {
            return;
        }
        long n = ByteBuffer.wrap(b).getLong(12);
        if (n < 0 || 20 + n + 4 != b.length) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, (int) (20 + n));
        ByteBuffer.wrap(b).putInt((int) (20 + n), (int) crc.getValue());
    }

    @Test
    void modelFiles() {
        SplittableRandom r = new SplittableRandom(SEED + 2);
        List<Integer> fields = lengthFields(modelBytes);
        long[] big = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 1 << 20, 1 << 30, modelBytes.length, 0};
        long start = System.nanoTime();
        assertTimeoutPreemptively(HANG, () -> {
            for (int i = 0; i < MODEL_CASES; i++) {
                StringBuilder how = new StringBuilder(i + ":");
                byte[] b;
                if (i % 50 == 0) {
                    b = modelBytes;
                    how.append("valid");
                } else if (i % 3 == 0) {                                  // inflate a length field
                    b = modelBytes.clone();
                    int at = fields.get(r.nextInt(fields.size()));
                    long v = big[r.nextInt(big.length)] + r.nextInt(3) - 1;
                    if (at == 12) {
                        ByteBuffer.wrap(b).putLong(at, r.nextBoolean() ? v : Long.MAX_VALUE - r.nextInt(30));
                    } else {
                        ByteBuffer.wrap(b).putInt(at, (int) v);
                    }
                    how.append("length@").append(at).append('=').append(v);
                } else {
                    b = mutate(modelBytes, modelBytes, r, how);
                }
                if (r.nextInt(3) > 0) {
                    b = b == modelBytes ? b : b.clone();
                    fixChecksum(b);                                      // reach the body checks, not only the CRC
                }
                boolean original = java.util.Arrays.equals(b, modelBytes);
                byte[] input = b;
                oneCase("model", how.toString(), () -> {
                    Path f = dir.resolve("case.rnnlab");
                    Files.write(f, input);
                    String loaded, checked;
                    Tagger t = null;
                    try {
                        t = ModelFile.loadTagger(f);
                        loaded = "loaded";
                    } catch (ModelFileException | NotEnoughMemoryException e) {
                        assertTrue(e.getMessage().length() < 1000, e.getMessage());
                        loaded = e instanceof ModelFileException m ? m.problem().name() : "NotEnoughMemory";
                    }
                    try {
                        ModelFile.info(f);
                        checked = "loaded";
                    } catch (ModelFileException | NotEnoughMemoryException e) {
                        checked = e instanceof ModelFileException m ? m.problem().name() : "NotEnoughMemory";
                    }
                    if (!(loaded.equals("WRONG_KIND") && checked.equals("loaded"))) {  // info reads any kind
                        assertEquals(loaded, checked, "info accepts exactly what loading accepts");
                    }
                    if (original) {
                        assertEquals("loaded", loaded, "the valid file loads");
                    }
                    if (t != null) {
                        assertEquals(3, t.tagAll(List.of(List.of("leave", "Taipei", "now"))).get(0).size());
                    }
                    return loaded;
                });
            }
        });
        timed("model", start);
    }
}
