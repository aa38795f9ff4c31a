package rnnlab.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;

import rnnlab.RnnLab;
import rnnlab.core.Param;
import rnnlab.core.Params;
import rnnlab.data.LabelVocabulary;
import rnnlab.data.TokenNormalizer;
import rnnlab.data.Vocabulary;
import rnnlab.io.ModelFileException.Problem;
import rnnlab.models.Network;
import rnnlab.models.SequenceModel;
import rnnlab.train.Tagger;

/**
 * Saves and loads trained taggers. The format (documented in {@code docs/model-format.md}) is NOT Java serialization:
 * loading a file only reads numbers and strings, it never runs code from the file.
 * <pre>
 *   offset      size  content
 *   0           8     magic "RNNLABMF" (ASCII)
 *   8           4     format version, int32 big-endian (= {@value #FORMAT_VERSION})
 *   12          8     body length N, int64
 *   20          N     body (below)
 *   20+N        4     CRC32 of bytes 0 … 20+N−1, int32
 *
 *   body:  kind (string, "tagger" or "model") · settings (string: UTF-8 "key=value" lines) · words (int32 count, strings in
 *          id order) · labels (int32 count, strings in id order) · parameters (int32 count; each: name string,
 *          int32 rows, int32 cols, rows·cols float64 row by row)
 *   string: int32 byte length + UTF-8 bytes
 * </pre>
 * Writing is atomic: the bytes go to a temporary file in the target's folder, which is flushed to disk and then
 * moved over the target; if anything fails the old file is untouched. Reading checks, in this order: the magic
 * bytes, the version, the length (truncation), the checksum (corruption), the kind; every failure is a
 * {@link ModelFileException} naming the file and the problem.
 */
public final class ModelFile {
    /** The first 8 bytes of every model file. */
    public static final String MAGIC = "RNNLABMF";
    /**
     * The format version written by this library. Version 2 stores the whole {@link Network} description (cell
     * options included); version 1 files (cell type and sizes only, every option at its default) are still read.
     */
    public static final int FORMAT_VERSION = 2;
    /** The oldest format version this library reads. */
    public static final int OLDEST_VERSION = 1;
    /** The kind of a saved {@link Tagger}. */
    public static final String KIND_TAGGER = "tagger";
    /** The kind of a saved {@link SequenceModel} without vocabularies (e.g. a many-to-one classifier on vectors). */
    public static final String KIND_MODEL = "model";
    static final int HEADER = 20, TRAILER = 4;
    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);

    private ModelFile() {}

    /** What a model file says about itself, read without building the model. */
    public record Info(Path file, int version, String kind, Map<String, String> settings, int words, int labels,
                       int tensors, long values) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("model file ").append(file).append(": format ").append(version)
                    .append(", kind ").append(kind).append(", ").append(words).append(" words, ").append(labels)
                    .append(" labels, ").append(tensors).append(" tensors, ").append(values).append(" values");
            settings.forEach((k, v) -> sb.append("\n  ").append(k).append('=').append(v));
            return sb.toString();
        }
    }

    // ---- saving -------------------------------------------------------------------------------------------------

    /** Saves {@code tagger} to {@code file} atomically (an existing file is replaced only once the new one is whole). */
    public static void save(Tagger tagger, Path file) {
        save(tagger, file, Map.of());
    }

    /**
     * Saves {@code tagger} with extra informational settings (e.g. how it was trained: {@code train.epochs=20});
     * extra keys must not contain '=' or line breaks and are read back by {@link #info}.
     */
    public static void save(Tagger tagger, Path file, Map<String, String> extra) {
        save(tagger, file, extra, out -> out);
    }

    /** As {@link #save(Tagger, Path, Map)}, with the output stream wrapped (tests use it to simulate a crash). */
    static void save(Tagger tagger, Path file, Map<String, String> extra, UnaryOperator<OutputStream> wrap) {
        writeAtomically(file, encode(KIND_TAGGER, settingsOf(tagger, extra), tagger.words().tokens(),
                tagger.labels().labels(), tagger.model().params()), wrap);
    }

    /**
     * Saves a model without vocabularies (kind "model"): its {@link Network} description and its tensors. Use
     * {@link #save(Tagger, Path)} for a tagger, which also needs its word and label lists.
     */
    public static void save(SequenceModel model, Path file) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("rnnlab.version", RnnLab.version());
        putNetwork(s, describedNetwork(model));
        writeAtomically(file, encode(KIND_MODEL, s, List.of(), List.of(), model.params()), out -> out);
    }

    private static Network describedNetwork(SequenceModel model) {
        if (model.network() == null) {
            throw new IllegalArgumentException("ModelFile: this model was assembled by hand from its layers, so there "
                    + "is no description to save; build it with Network.builder()…build().model()");
        }
        return model.network();
    }

    private static void putNetwork(Map<String, String> s, Network n) {
        n.toSettings().forEach((k, v) -> s.put(NETWORK + k, v));
    }

    private static final String NETWORK = "network.";

    static Map<String, String> settingsOf(Tagger t, Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("rnnlab.version", RnnLab.version());
        putNetwork(s, describedNetwork(t.model()));
        Vocabulary.Settings v = t.words().settings();
        s.put("vocabulary.minCount", Integer.toString(v.minCount()));
        s.put("vocabulary.maxSize", Integer.toString(v.maxSize()));
        s.put("vocabulary.lowerCase", Boolean.toString(v.normalizer().lowerCase()));
        s.put("vocabulary.digits", v.normalizer().digits().name());
        for (Map.Entry<String, String> e : extra.entrySet()) {
            String k = e.getKey(), val = e.getValue();
            if (k.isEmpty() || k.contains("=") || k.contains("\n") || val.contains("\n") || k.contains("\r")
                    || val.contains("\r")) {
                throw new IllegalArgumentException("ModelFile: extra setting '" + k + "' must be a key without '=' "
                        + "and a value without line breaks");
            }
            if (s.containsKey(k)) {
                throw new IllegalArgumentException("ModelFile: extra setting '" + k + "' would overwrite a model "
                        + "setting; use another key, e.g. train." + k);
            }
            s.put(k, val);
        }
        return s;
    }

    /** The complete file content. */
    static byte[] encode(String kind, Map<String, String> settings, List<String> words, List<String> labels,
                         Params params) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(body);
            writeString(d, kind);
            StringBuilder text = new StringBuilder();
            settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            writeString(d, text.toString());
            d.writeInt(words.size());
            for (String w : words) {
                writeString(d, w);
            }
            d.writeInt(labels.size());
            for (String l : labels) {
                writeString(d, l);
            }
            d.writeInt(params.size());
            for (Param p : params) {
                writeString(d, p.name);
                d.writeInt(p.value.rows);
                d.writeInt(p.value.cols);
                for (double[] row : p.value.data) {
                    for (double v : row) {
                        d.writeDouble(v);
                    }
                }
            }
            d.flush();
            byte[] b = body.toByteArray();
            ByteBuffer all = ByteBuffer.allocate(HEADER + b.length + TRAILER);
            all.put(MAGIC_BYTES).putInt(FORMAT_VERSION).putLong(b.length).put(b);
            CRC32 crc = new CRC32();
            crc.update(all.array(), 0, HEADER + b.length);
            all.putInt((int) crc.getValue());
            return all.array();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e); // cannot happen with byte arrays
        }
    }

    private static void writeString(DataOutputStream d, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.writeInt(b.length);
        d.write(b);
    }

    /** Writes {@code bytes} to a temporary file next to {@code file}, syncs it, then moves it over {@code file}. */
    static void writeAtomically(Path file, byte[] bytes, UnaryOperator<OutputStream> wrap) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            if (dir != null && !Files.isDirectory(dir)) {
                throw new ModelFileException(file, Problem.WRITE_FAILED, "cannot save the model: folder " + dir
                        + " does not exist; create it first");
            }
            if (Files.isDirectory(abs)) {
                throw new ModelFileException(file, Problem.WRITE_FAILED, "cannot save the model: this is a folder; "
                        + "give a file name such as " + abs.resolve("model.rnnlab"));
            }
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
                 OutputStream out = wrap.apply(fos)) {
                out.write(bytes);
                out.flush();
                fos.getFD().sync();                 // on disk before it replaces the old file
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new ModelFileException(file, Problem.WRITE_FAILED, "cannot save the model (" + e
                    + "); the previous file, if any, is unchanged", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray .tmp file is harmless
                }
            }
        }
    }

    // ---- loading ------------------------------------------------------------------------------------------------

    /** Loads a tagger saved by {@link #save}. */
    public static Tagger loadTagger(Path file) {
        Decoded d = decode(file, read(file));
        requireKind(file, d.kind, KIND_TAGGER);
        return buildTagger(file, d);
    }

    /** Loads a model saved by {@link #save(SequenceModel, Path)} (kind "model"), with its description. */
    public static SequenceModel loadModel(Path file) {
        Decoded d = decode(file, read(file));
        requireKind(file, d.kind, KIND_MODEL);
        try {
            SequenceModel model = networkOf(d).model();
            fill(model, d);
            return model;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFileException(file, Problem.MALFORMED, "the model's settings and tensors do not fit "
                    + "together: " + e.getMessage(), e);
        }
    }

    /** Reads the header, settings and sizes of any model file, checking it fully (checksum included). */
    public static Info info(Path file) {
        Decoded d = decode(file, read(file));
        long values = 0;
        for (double[][] v : d.values) {
            values += (long) v.length * (v.length == 0 ? 0 : v[0].length);
        }
        return new Info(file, d.version, d.kind, d.settings, d.words.size(), d.labels.size(), d.names.size(),
                values);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, Problem.NOT_READABLE, "no such model file; check the path (train one "
                    + "with 'rnnlab train … --model FILE')", e);
        } catch (IOException e) {
            throw new ModelFileException(file, Problem.NOT_READABLE, "cannot read the model file: " + e, e);
        }
    }

    private record Decoded(int version, String kind, Map<String, String> settings, List<String> words, List<String> labels,
                           List<String> names, List<double[][]> values) {}

    static Map<String, String> parseSettings(Path file, String text) {
        Map<String, String> s = new LinkedHashMap<>();
        int line = 0;
        for (String l : text.split("\n")) {
            line++;
            if (l.isEmpty()) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new ModelFileException(file, Problem.MALFORMED, "settings line " + line + " is '" + l
                        + "', expected key=value");
            }
            s.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return s;
    }

    private static Decoded decode(Path file, byte[] bytes) {
        if (bytes.length < MAGIC_BYTES.length
                || !Arrays.equals(Arrays.copyOf(bytes, MAGIC_BYTES.length), MAGIC_BYTES)) {
            if (bytes.length < MAGIC_BYTES.length && bytes.length > 0
                    && Arrays.equals(bytes, Arrays.copyOf(MAGIC_BYTES, bytes.length))) {
                throw new ModelFileException(file, Problem.TRUNCATED, "the model file is truncated: only "
                        + bytes.length + " bytes; save the model again");
            }
            throw new ModelFileException(file, Problem.NOT_A_MODEL, "not an RNN Lab model file (it does not start "
                    + "with \"" + MAGIC + "\"" + (bytes.length == 0 ? "; the file is empty" : "") + "); give a file "
                    + "written by 'rnnlab train --model' or ModelFile.save");
        }
        if (bytes.length < HEADER) {
            throw new ModelFileException(file, Problem.TRUNCATED, "the model file is truncated: " + bytes.length
                    + " bytes, shorter than the " + HEADER + "-byte header; save the model again");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int version = buf.getInt(8);
        if (version < OLDEST_VERSION || version > FORMAT_VERSION) {
            throw new ModelFileException(file, Problem.WRONG_VERSION, "model format version " + version
                    + ", but this RNN Lab (" + RnnLab.version() + ") reads versions " + OLDEST_VERSION + " to "
                    + FORMAT_VERSION
                    + (version > FORMAT_VERSION ? "; use a newer RNN Lab to load it" : "; retrain or re-save the model"));
        }
        long n = buf.getLong(12);
        long expected = HEADER + n + TRAILER;
        if (n < 0 || bytes.length < expected) {
            throw new ModelFileException(file, Problem.TRUNCATED, "the model file is truncated: its header announces "
                    + (n < 0 ? "an impossible length " + n : expected + " bytes") + " but it has " + bytes.length
                    + "; it was probably cut off while copying; copy or save it again");
        }
        if (bytes.length > expected) {
            throw new ModelFileException(file, Problem.CORRUPTED, "the model file has " + (bytes.length - expected)
                    + " unexpected bytes after its end (" + expected + " bytes announced); it was changed after "
                    + "saving; save it again");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, (int) (HEADER + n));
        int stored = buf.getInt((int) (HEADER + n));
        if ((int) crc.getValue() != stored) {
            throw new ModelFileException(file, Problem.CORRUPTED, String.format("the model file is corrupted: "
                    + "checksum CRC32 %08x expected, the content gives %08x; its bytes were changed after saving "
                    + "(disk error or editing); save the model again", stored, (int) crc.getValue()));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, HEADER, (int) n))) {
            String kind = readString(in, n);
            Map<String, String> settings = parseSettings(file, readString(in, n));
            List<String> words = readStrings(in, n);
            List<String> labels = readStrings(in, n);
            int count = readCount(in, n);
            List<String> names = new ArrayList<>(count);
            List<double[][]> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                names.add(readString(in, n));
                int rows = in.readInt(), cols = in.readInt();
                if (rows < 0 || cols < 0 || (long) rows * cols * 8 > n) {
                    throw new IOException("tensor " + names.get(i) + " has an impossible shape " + rows + "×" + cols);
                }
                double[][] v = new double[rows][cols];
                for (double[] row : v) {
                    for (int c = 0; c < cols; c++) {
                        row[c] = in.readDouble();
                    }
                }
                values.add(v);
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes left over after the last tensor");
            }
            return new Decoded(version, kind, settings, words, labels, names, values);
        } catch (EOFException e) {
            throw new ModelFileException(file, Problem.MALFORMED, "the model body ends too early although its "
                    + "checksum is right; the writer was faulty", e);
        } catch (IOException e) {
            throw new ModelFileException(file, Problem.MALFORMED, "the model body is malformed: " + e.getMessage(), e);
        }
    }

    private static int readCount(DataInputStream in, long n) throws IOException {
        int c = in.readInt();
        if (c < 0 || c > n) {
            throw new IOException("impossible count " + c);
        }
        return c;
    }

    private static String readString(DataInputStream in, long n) throws IOException {
        int len = readCount(in, n);
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static List<String> readStrings(DataInputStream in, long n) throws IOException {
        int c = readCount(in, n);
        List<String> out = new ArrayList<>(c);
        for (int i = 0; i < c; i++) {
            out.add(readString(in, n));
        }
        return out;
    }

    private static void requireKind(Path file, String kind, String expected) {
        if (!kind.equals(expected)) {
            throw new ModelFileException(file, Problem.WRONG_KIND, "this file holds a '" + kind + "' model, but a '"
                    + expected + "' model was asked for");
        }
    }

    private static Tagger buildTagger(Path file, Decoded d) {
        try {
            Map<String, String> s = d.settings;
            Network net = networkOf(d);
            Vocabulary.Settings vs = new Vocabulary.Settings(Integer.parseInt(get(s, "vocabulary.minCount")),
                    Integer.parseInt(get(s, "vocabulary.maxSize")), new TokenNormalizer(
                            Boolean.parseBoolean(get(s, "vocabulary.lowerCase")),
                            TokenNormalizer.DigitMode.valueOf(get(s, "vocabulary.digits"))));
            Vocabulary words = Vocabulary.fromTokens(d.words, vs);
            LabelVocabulary labels = LabelVocabulary.of(d.labels);
            if (net.vocabulary() != words.size() || net.classes() != labels.size()) {
                throw new IllegalArgumentException("the network reads " + net.vocabulary() + " word ids and has "
                        + net.classes() + " classes, but the file lists " + words.size() + " words and "
                        + labels.size() + " labels");
            }
            SequenceModel model = net.model();
            fill(model, d);
            return new Tagger(words, labels, model);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFileException(file, Problem.MALFORMED, "the model's settings and tensors do not fit "
                    + "together: " + e.getMessage(), e);
        }
    }

    /**
     * The network a file describes: version 2 stores every value of the {@link Network} under {@code network.*};
     * version 1 stored the cell type and sizes only (every option at its default, vocabulary and classes from the
     * word and label lists).
     */
    private static Network networkOf(Decoded d) {
        Map<String, String> s = d.settings;
        if (d.version == 1) {
            return Network.builder().cell(Network.Cell.parse(get(s, "network.arch")))
                    .bidirectional(Boolean.parseBoolean(get(s, "network.bidirectional")))
                    .layers(Integer.parseInt(get(s, "network.layers"))).hidden(Integer.parseInt(get(s, "network.hidden")))
                    .embedding(Integer.parseInt(get(s, "network.embedding")))
                    .window(Integer.parseInt(get(s, "network.window"))).seed(Long.parseLong(get(s, "network.seed")))
                    .vocabulary(d.words.size()).classes(d.labels.size()).build();
        }
        Map<String, String> n = new LinkedHashMap<>();
        s.forEach((k, v) -> {
            if (k.startsWith(NETWORK)) {
                n.put(k.substring(NETWORK.length()), v);
            }
        });
        if (!n.containsKey("cell")) {
            throw new IllegalArgumentException("setting 'network.cell' is missing");
        }
        return Network.fromSettings(n);
    }

    /** Copies the file's tensors into {@code model}, checking names and shapes. */
    private static void fill(SequenceModel model, Decoded d) {
        Params params = model.params();
        if (!params.names().equals(d.names)) {
            throw new IllegalArgumentException("the file has tensors " + d.names + " but a " + model.network()
                    + " has " + params.names());
        }
        for (int i = 0; i < d.names.size(); i++) {
            Param p = params.get(d.names.get(i));
            double[][] v = d.values.get(i);
            int cols = v.length == 0 ? 0 : v[0].length;
            if (v.length != p.value.rows || cols != p.value.cols) {
                throw new IllegalArgumentException("tensor " + p.name + " is " + v.length + "×" + cols
                        + " in the file but " + p.value.shape() + " in the network");
            }
            p.value.set(v);
        }
    }

    private static String get(Map<String, String> s, String key) {
        String v = s.get(key);
        if (v == null) {
            throw new IllegalArgumentException("setting '" + key + "' is missing");
        }
        return v;
    }
}
