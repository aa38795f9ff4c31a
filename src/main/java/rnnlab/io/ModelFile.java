package rnnlab.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
import rnnlab.train.Classifier;
import rnnlab.train.Tagger;

/**
 * Saves and loads trained taggers, sentence classifiers and bare models. The format (documented in {@code docs/model-format.md}) is NOT Java serialization:
 * loading a file only reads numbers and strings, it never runs code from the file.
 * <pre>
 *   offset      size  content
 *   0           8     magic "RNNLABMF" (ASCII)
 *   8           4     format version, int32 big-endian (= {@value #FORMAT_VERSION})
 *   12          8     body length N, int64
 *   20          N     body (below)
 *   20+N        4     CRC32 of bytes 0 … 20+N−1, int32
 *
 *   body:  kind (string, "tagger", "classifier" or "model") · settings (string: UTF-8 "key=value" lines) · words (int32 count, strings in
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
    /** The kind of a saved many-to-one sentence {@link Classifier} (words, labels, network, tensors). */
    public static final String KIND_CLASSIFIER = "classifier";
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

    /** Saves a sentence classifier (kind "classifier") atomically: words, labels, network and tensors. */
    public static void save(Classifier classifier, Path file) {
        save(classifier, file, Map.of());
    }

    /** As {@link #save(Classifier, Path)}, with extra informational settings (e.g. {@code train.epochs=8}). */
    public static void save(Classifier classifier, Path file, Map<String, String> extra) {
        save(classifier, file, extra, out -> out);
    }

    /** As {@link #save(Classifier, Path, Map)}, with the output stream wrapped (tests use it to simulate a crash). */
    static void save(Classifier classifier, Path file, Map<String, String> extra, UnaryOperator<OutputStream> wrap) {
        writeAtomically(file, encode(KIND_CLASSIFIER, settingsOf(classifier.model(), classifier.words(), extra),
                classifier.words().tokens(), classifier.labels().labels(), classifier.model().params()), wrap);
    }

    /** The settings a classifier file stores (for tests that write damaged files). */
    static Map<String, String> settingsOf(Classifier c, Map<String, String> extra) {
        return settingsOf(c.model(), c.words(), extra);
    }

    /**
     * Saves a model without vocabularies (kind "model"): its {@link Network} description and its tensors. Use
     * {@link #save(Tagger, Path)} for a tagger, which also needs its word and label lists.
     */
    public static void save(SequenceModel model, Path file) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("rnnlab.version", RnnLab.version());
        putNetwork(s, describedWithoutLabels(model));
        writeAtomically(file, encode(KIND_MODEL, s, List.of(), List.of(), model.params()), out -> out);
    }

    private static Network describedNetwork(SequenceModel model) {
        if (model.network() == null) {
            throw new IllegalArgumentException("ModelFile: this model was assembled by hand from its layers, so there "
                    + "is no description to save; build it with Network.builder()…build().model()");
        }
        return model.network();
    }

    /** As {@link #describedNetwork}, for a file without label names (kind "model"). */
    private static Network describedWithoutLabels(SequenceModel model) {
        Network n = describedNetwork(model);
        if (n.iobConstraints() && n.crf()) {
            throw new IllegalArgumentException("ModelFile: the CRF layer's IOB constraints are made from the label "
                    + "names, which a model file of kind 'model' does not keep; save the Tagger instead "
                    + "(ModelFile.save(tagger, file))");
        }
        return n;
    }

    private static final String NETWORK = "network.";

    private static void putNetwork(Map<String, String> s, Network n) {
        n.toSettings().forEach((k, v) -> s.put(NETWORK + k, v));
    }

    static Map<String, String> settingsOf(Tagger t, Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>();
        // the value vocabularies of the feature columns, in id order; values never contain white space (CoNLL)
        for (int c = 0; c < t.featureValues().size(); c++) {
            s.put(FEATURE + c + ".values", String.join(" ", t.featureValues().get(c).tokens()));
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (s.containsKey(e.getKey())) {
                throw new IllegalArgumentException("ModelFile: extra setting '" + e.getKey() + "' would overwrite a "
                        + "model setting; use another key, e.g. train." + e.getKey());
            }
        }
        Map<String, String> all = settingsOf(t.model(), t.words(), extra);
        all.putAll(s);
        return all;
    }

    private static final String FEATURE = "feature.";

    /** The value vocabularies of the {@code columns} feature columns a tagger file lists ({@code feature.c.values}). */
    private static List<Vocabulary> featureValues(Map<String, String> s, int columns) {
        List<Vocabulary> out = new ArrayList<>(columns);
        for (int c = 0; c < columns; c++) {
            String v = s.get(FEATURE + c + ".values");
            if (v == null) {
                throw new IllegalArgumentException("the network reads " + columns + " feature columns but the "
                        + "setting " + FEATURE + c + ".values (the values of column " + c + ") is missing");
            }
            out.add(Vocabulary.fromTokens(List.of(v.trim().split(" +")), Vocabulary.Settings.DEFAULT));
        }
        if (s.containsKey(FEATURE + columns + ".values")) {
            throw new IllegalArgumentException("the file lists values of feature column " + columns + " but the "
                    + "network reads " + columns + " feature columns");
        }
        return out;
    }

    private static Map<String, String> settingsOf(SequenceModel model, Vocabulary words, Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("rnnlab.version", RnnLab.version());
        putNetwork(s, describedNetwork(model));
        Vocabulary.Settings v = words.settings();
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

    /** Writes {@code bytes} through {@link AtomicFile} (the stream wrapped by {@code wrap}, for tests). */
    static void writeAtomically(Path file, byte[] bytes, UnaryOperator<OutputStream> wrap) {
        try {
            AtomicFile.write(file, out -> {
                OutputStream o = wrap.apply(out);
                o.write(bytes);
                o.flush();
            });
        } catch (UncheckedIOException e) {
            throw new ModelFileException(file, Problem.WRITE_FAILED, "cannot save the model: "
                    + e.getMessage().replace(file + ": ", ""), e.getCause());
        }
    }

    // ---- loading ------------------------------------------------------------------------------------------------

    /**
     * The largest body read: a Java array holds at most about 2^31 bytes, and no tagger RNN Lab trains comes near
     * (the largest the CLI allows is refused for memory long before).
     */
    static final long MAX_BODY = Integer.MAX_VALUE - 64;
    /** The largest tensor dimension accepted (the CLI's largest sizes are far below). */
    static final int MAX_DIM = 1 << 24;
    /** Versions a later RNN Lab could plausibly write; anything else is a damaged header. */
    static final int MAX_PLAUSIBLE_VERSION = 64;

    /** Loads a model saved by {@link #save(SequenceModel, Path)} (kind "model"), with its description. */
    public static SequenceModel loadModel(Path file) {
        return buildModel(file, decode(file, KIND_MODEL));
    }

    /**
     * Loads a sentence classifier saved by {@link #save(Classifier, Path)}, checked as strictly as a tagger: kind,
     * settings, a many-to-one network whose vocabulary and classes match the file's word and label lists, tensor
     * names and shapes, finite weights.
     */
    public static Classifier loadClassifier(Path file) {
        return buildClassifier(file, decode(file, KIND_CLASSIFIER));
    }

    /** Loads a tagger saved by {@link #save}. */
    public static Tagger loadTagger(Path file) {
        return buildTagger(file, decode(file, KIND_TAGGER));
    }

    /** The file read and decoded, after checking that it holds a model of {@code kind}. */
    private static Decoded decode(Path file, String kind) {
        Decoded d = decode(file, read(file));
        requireKind(file, d.kind, kind);
        return d;
    }

    /**
     * Reads the header, settings and sizes of a model file of any kind, checking it fully: checksum and body, and for
     * a tagger everything {@link #loadTagger} checks (settings, tensor names and shapes, finite weights), so that a file
     * {@code info} accepts also loads.
     */
    public static Info info(Path file) {
        Decoded d = decode(file, read(file));
        if (d.kind.equals(KIND_TAGGER)) {
            buildTagger(file, d);
        } else if (d.kind.equals(KIND_CLASSIFIER)) {
            buildClassifier(file, d);
        } else if (d.kind.equals(KIND_MODEL)) {
            buildModel(file, d);
        }
        long values = 0;
        for (double[][] v : d.values) {
            values += (long) v.length * (v.length == 0 ? 0 : v[0].length);
        }
        return new Info(file, d.version, d.kind, d.settings, d.words.size(), d.labels.size(), d.names.size(),
                values);
    }

    /**
     * Reads the whole file after checking its header: the magic bytes and the version from the first bytes, then
     * the announced length against the file's size and {@link #MAX_BODY} and the free memory, before the body is
     * read. A device such as /dev/zero is refused after 8 bytes, a 3 GB file without reading it.
     */
    static byte[] read(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(HEADER);
            checkHeader(file, head, Files.isRegularFile(file) ? Files.size(file) : -1);
            long n = ByteBuffer.wrap(head).getLong(12);
            NotEnoughMemoryException.require("reading model file " + file + " (" + n + " bytes)", 3 * n);
            byte[] all = new byte[(int) (HEADER + n + TRAILER)];
            System.arraycopy(head, 0, all, 0, HEADER);
            int got = in.readNBytes(all, HEADER, (int) n + TRAILER);
            if (got < n + TRAILER) {
                throw truncated(file, HEADER + n + TRAILER, HEADER + got);
            }
            if (in.read() >= 0) {
                throw new ModelFileException(file, Problem.CORRUPTED, "the model file has unexpected bytes after "
                        + "its end (" + (HEADER + n + TRAILER) + " bytes announced); it was changed after saving; "
                        + "save it again");
            }
            return all;
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, Problem.NOT_READABLE, "no such model file; check the path (train one "
                    + "with 'rnnlab train … --model FILE', a classifier with 'rnnlab classify train … --model FILE')", e);
        } catch (IOException e) {
            throw new ModelFileException(file, Problem.NOT_READABLE, "cannot read the model file: " + e, e);
        }
    }

    /** Checks the first (up to {@link #HEADER}) bytes; {@code size} is the file's length, or -1 if unknown. */
    static void checkHeader(Path file, byte[] head, long size) {
        int k = Math.min(head.length, MAGIC_BYTES.length);
        if (!Arrays.equals(Arrays.copyOf(head, k), Arrays.copyOf(MAGIC_BYTES, k)) || head.length == 0) {
            throw new ModelFileException(file, Problem.NOT_A_MODEL, "not an RNN Lab model file (it does not start "
                    + "with \"" + MAGIC + "\"" + (head.length == 0 ? "; the file is empty" : "") + "); give a file "
                    + "written by 'rnnlab train --model' or ModelFile.save");
        }
        if (head.length < HEADER) {
            throw new ModelFileException(file, Problem.TRUNCATED, "the model file is truncated: only "
                    + head.length + " bytes, shorter than the " + HEADER + "-byte header; save the model again");
        }
        ByteBuffer buf = ByteBuffer.wrap(head);
        int version = buf.getInt(8);
        if (version < OLDEST_VERSION || version > FORMAT_VERSION) {
            if (version > FORMAT_VERSION && version <= MAX_PLAUSIBLE_VERSION) {
                throw new ModelFileException(file, Problem.WRONG_VERSION, "model format version " + version
                        + ", but this RNN Lab (" + RnnLab.version() + ") reads versions " + OLDEST_VERSION + " to "
                        + FORMAT_VERSION + "; use a newer RNN Lab to load it");
            }
            throw new ModelFileException(file, Problem.CORRUPTED, "the model file's header is damaged: its version "
                    + "field (bytes 8–11) holds " + version + ", which no RNN Lab writes (this one writes "
                    + FORMAT_VERSION + "); the file was changed after saving; save the model again");
        }
        long n = buf.getLong(12);
        if (n < 0 || n > MAX_BODY) {
            throw new ModelFileException(file, Problem.CORRUPTED, "the model file's header is damaged: its length "
                    + "field (bytes 12–19) holds " + n + ", " + (n < 0 ? "a negative length" : "more than the "
                    + MAX_BODY + " bytes a model file can have") + (size < 0 ? "" : " (the file has " + size
                    + " bytes)") + "; save the model again");
        }
        long expected = HEADER + n + TRAILER;
        if (size >= 0 && size < expected) {
            throw truncated(file, expected, size);
        }
        if (size > expected) {
            throw new ModelFileException(file, Problem.CORRUPTED, "the model file has " + (size - expected)
                    + " unexpected bytes after its end (" + expected + " bytes announced); it was changed after "
                    + "saving; save it again");
        }
    }

    private static ModelFileException truncated(Path file, long expected, long size) {
        return new ModelFileException(file, Problem.TRUNCATED, "the model file is truncated or its header damaged: "
                + "the header announces " + expected + " bytes but the file has " + size + "; copy or save it "
                + "again");
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
                throw new ModelFileException(file, Problem.MALFORMED, "settings line " + line + " is '" + Quote.cut(l)
                        + "', expected key=value");
            }
            if (s.put(l.substring(0, eq), l.substring(eq + 1)) != null) {
                throw new ModelFileException(file, Problem.MALFORMED, "setting '" + Quote.cut(l.substring(0, eq))
                        + "' appears twice (line " + line + ")");
            }
        }
        return s;
    }

    /** Decodes a whole file (checked by {@link #read}); every size is checked against the bytes left first. */
    static Decoded decode(Path file, byte[] bytes) {
        checkHeader(file, Arrays.copyOf(bytes, Math.min(bytes.length, HEADER)), bytes.length);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long n = buf.getLong(12);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, (int) (HEADER + n));
        int stored = buf.getInt((int) (HEADER + n));
        if ((int) crc.getValue() != stored) {
            throw new ModelFileException(file, Problem.CORRUPTED, String.format("the model file is corrupted: "
                    + "checksum CRC32 %08x expected, the content gives %08x; its bytes were changed after saving "
                    + "(disk error or editing); save the model again", stored, (int) crc.getValue()));
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, HEADER, (int) n).slice();
        try {
            String kind = readString(body, "the kind");
            Map<String, String> settings = parseSettings(file, readString(body, "the settings"));
            List<String> words = readStrings(body, "word");
            List<String> labels = readStrings(body, "label");
            int count = readCount(body, 4 + 8, "tensor count");
            List<String> names = new ArrayList<>(count);
            List<double[][]> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = readString(body, "a tensor name");
                names.add(name);
                need(body, 8, "the shape of tensor " + Quote.cut(name));
                int rows = body.getInt(), cols = body.getInt();
                if (rows < 0 || cols < 0 || rows > MAX_DIM || cols > MAX_DIM
                        || (long) rows * cols > body.remaining() / 8) {
                    throw new ModelFileException(file, Problem.MALFORMED, "tensor " + Quote.cut(name)
                            + " has an impossible shape " + rows + "×" + cols + " (" + body.remaining()
                            + " bytes left in the file, each dimension at most " + MAX_DIM + ")");
                }
                if (rows > 0 && cols == 0) {
                    throw new ModelFileException(file, Problem.MALFORMED, "tensor " + Quote.cut(name)
                            + " has an empty shape " + rows + "×0");
                }
                double[][] v = new double[rows][cols];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        double x = body.getDouble();
                        if (!Double.isFinite(x)) {
                            throw new ModelFileException(file, Problem.MALFORMED, "tensor " + Quote.cut(name)
                                    + " holds " + x + " at [" + r + "," + c + "]; a trained model has finite "
                                    + "weights only; retrain or save a model that did not diverge");
                        }
                        v[r][c] = x;
                    }
                }
                values.add(v);
            }
            if (body.remaining() > 0) {
                throw new ModelFileException(file, Problem.MALFORMED, "the model body is malformed: "
                        + body.remaining() + " bytes left over after the last tensor");
            }
            return new Decoded(buf.getInt(8), kind, settings, words, labels, names, values);
        } catch (BodyException e) {
            throw new ModelFileException(file, Problem.MALFORMED, "the model body is malformed although its "
                    + "checksum is right (the writer was faulty): " + e.getMessage(), e);
        }
    }

    /** A problem inside the body, turned into a MALFORMED {@link ModelFileException} by {@link #decode}. */
    private static final class BodyException extends Exception {
        BodyException(String message) {
            super(message);
        }
    }

    private static void need(ByteBuffer b, long bytes, String what) throws BodyException {
        if (bytes > b.remaining()) {
            throw new BodyException(what + " needs " + bytes + " bytes at body offset " + b.position() + " but "
                    + "only " + b.remaining() + " are left");
        }
    }

    /** A count of items of at least {@code minItemBytes} each, checked against the bytes left. */
    private static int readCount(ByteBuffer b, int minItemBytes, String what) throws BodyException {
        need(b, 4, what);
        int c = b.getInt();
        if (c < 0 || (long) c * minItemBytes > b.remaining()) {
            throw new BodyException(what + " " + c + " at body offset " + (b.position() - 4) + " is impossible with "
                    + b.remaining() + " bytes left");
        }
        return c;
    }

    private static String readString(ByteBuffer b, String what) throws BodyException {
        int len = readCount(b, 1, "the byte length of " + what);
        int at = b.position();
        ByteBuffer bytes = b.slice(at, len);
        b.position(at + len);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new BodyException(what + " at body offset " + at + " is not valid UTF-8");
        }
    }

    private static List<String> readStrings(ByteBuffer b, String what) throws BodyException {
        int c = readCount(b, 4, what + " count");
        List<String> out = new ArrayList<>(c);
        for (int i = 0; i < c; i++) {
            out.add(readString(b, what + " " + i));
        }
        return out;
    }

    private static void requireKind(Path file, String kind, String expected) {
        if (!kind.equals(expected)) {
            throw new ModelFileException(file, Problem.WRONG_KIND, "this file holds a '" + Quote.cut(kind)
                    + "' model, but a '" + expected + "' model was asked for" + switch (kind) {
                        case KIND_TAGGER -> "; use it with 'rnnlab eval' / 'rnnlab tag' (ModelFile.loadTagger)";
                        case KIND_CLASSIFIER -> "; use it with 'rnnlab classify eval' / 'rnnlab classify label' "
                                + "(ModelFile.loadClassifier)";
                        case KIND_MODEL -> "; load it with ModelFile.loadModel";
                        default -> "";
                    });
        }
    }

    private static Vocabulary.Settings vocabularySettings(Map<String, String> s) {
        return new Vocabulary.Settings(Integer.parseInt(get(s, "vocabulary.minCount")),
                Integer.parseInt(get(s, "vocabulary.maxSize")), new TokenNormalizer(bool(s, "vocabulary.lowerCase"),
                        TokenNormalizer.DigitMode.valueOf(get(s, "vocabulary.digits"))));
    }

    private static Classifier buildClassifier(Path file, Decoded d) {
        return fitting(file, () -> {
            Network net = networkOf(d);
            if (net.output() != SequenceModel.Kind.MANY_TO_ONE) {
                throw new IllegalArgumentException("a classifier's network is many-to-one, but the file says "
                        + "network.output=" + d.settings.get(NETWORK + "output"));
            }
            Vocabulary words = Vocabulary.fromTokens(d.words, vocabularySettings(d.settings));
            LabelVocabulary labels = LabelVocabulary.of(d.labels);
            requireFits(net, words, labels);
            return new Classifier(words, labels, filled(file, net, d, d.labels));
        });
    }

    private static Tagger buildTagger(Path file, Decoded d) {
        return fitting(file, () -> {
            Network net = networkOf(d);
            Vocabulary words = Vocabulary.fromTokens(d.words, vocabularySettings(d.settings));
            LabelVocabulary labels = LabelVocabulary.of(d.labels);
            requireFits(net, words, labels);
            List<Vocabulary> values = featureValues(d.settings, net.features().size());
            return new Tagger(words, values, labels, filled(file, net, d, d.labels));
        });
    }

    private static SequenceModel buildModel(Path file, Decoded d) {
        return fitting(file, () -> filled(file, networkOf(d), d, null));
    }

    /** Checks that {@code net} reads the file's words and has a class per label. */
    private static void requireFits(Network net, Vocabulary words, LabelVocabulary labels) {
        if (net.vocabulary() != words.size() || net.classes() != labels.size()) {
            throw new IllegalArgumentException("the network reads " + net.vocabulary() + " word ids and has "
                    + net.classes() + " classes, but the file lists " + words.size() + " words and "
                    + labels.size() + " labels");
        }
    }

    /** Builds a model from a file's parts; a part that does not fit is a {@link Problem#MALFORMED} file. */
    private static <T> T fitting(Path file, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFileException(file, Problem.MALFORMED, "the model's settings and tensors do not fit "
                    + "together: " + e.getMessage(), e);
        }
    }

    /**
     * The network a file describes: version 2 stores every value of the {@link Network} under {@code network.*}
     * (read by {@link Network#fromSettings}, the same code that wrote them); version 1 stored the cell type and
     * sizes only (every option at its default; vocabulary and classes are the word and label lists' sizes).
     */
    private static Network networkOf(Decoded d) {
        Map<String, String> s = d.settings;
        if (d.version == 1) {
            return Network.builder().cell(Network.Cell.parse(get(s, "network.arch")))
                    .bidirectional(bool(s, "network.bidirectional"))
                    .layers(Integer.parseInt(get(s, "network.layers")))
                    .hidden(Integer.parseInt(get(s, "network.hidden")))
                    .embedding(Integer.parseInt(get(s, "network.embedding")))
                    .window(Integer.parseInt(get(s, "network.window")))
                    .seed(Long.parseLong(get(s, "network.seed")))
                    .vocabulary(d.words.size()).classes(d.labels.size()).build();
        }
        get(s, NETWORK + "cell");
        return Network.fromSettings(s, NETWORK);
    }

    /**
     * Builds {@code net} and copies the file's tensors into it, after checking that the settings cannot claim a
     * network far bigger than the file (so a small file cannot fill the heap) and that the names and shapes agree.
     */
    private static SequenceModel filled(Path file, Network net, Decoded d, List<String> labelNames) {
        long inFile = 0;
        for (double[][] v : d.values) {
            inFile += (long) v.length * (v.length == 0 ? 0 : v[0].length);
        }
        long least = leastValues(net);
        if (least > inFile) {
            throw new IllegalArgumentException("the settings describe a network of at least " + least
                    + " values but the file holds " + inFile);
        }
        NotEnoughMemoryException.require("building the network of " + file, 2 * 8 * 6 * least);
        SequenceModel model = labelNames == null ? net.model() : net.model(labelNames);   // names: the IOB rules
        Params params = model.params();
        if (!params.names().equals(d.names)) {
            throw new IllegalArgumentException("the file has tensors " + d.names + " but a " + net
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
        return model;
    }

    /**
     * A lower bound on the number of values of the network {@code net} builds, from its settings alone: the
     * embedding table, the first layer's input weights, and a hidden×hidden matrix for each deeper layer and each
     * recurrence (every architecture has at least these). Checked against the file's tensors before building, so
     * settings that claim a huge network in a small file are refused instead of filling the heap; the whole
     * network is at most a few times this bound (≤ 4 gates, biases, output layer), which the memory check covers.
     */
    static long leastValues(Network net) {
        long dirs = net.bidirectional() ? 2 : 1, h = net.hidden();
        long in = net.embedding() > 0 ? (long) net.embedding() * (2L * net.window() + 1) : net.inputs();
        long v = (long) net.vocabulary() * net.embedding();
        v += in * h * dirs;
        v += (net.layers() - 1) * dirs * h * h;
        if (net.cell().isRecurrent() && net.cell() != Network.Cell.JORDAN) {
            v += net.layers() * dirs * h * h;
        }
        v += (long) net.directFeatures() * net.classes();   // direct.W
        return v + net.classes();
    }

    private static boolean bool(Map<String, String> s, String key) {
        String v = get(s, key);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("setting " + key + "=" + Quote.cut(v) + " is neither true "
                    + "nor false");
        };
    }

    private static String get(Map<String, String> s, String key) {
        String v = s.get(key);
        if (v == null) {
            throw new IllegalArgumentException("setting '" + key + "' is missing");
        }
        return v;
    }
}
