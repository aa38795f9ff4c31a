package rnnlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hand-made sparse features of each token, hashed into {@code buckets} ids: what the "direct connections" of Huang
 * et al. 2015 (BI-LSTM-CRF, section 4.2 "Features") read, a maximum-entropy model beside the recurrent network
 * ({@link rnnlab.layers.DirectFeatures} adds a trained score vector per id to the output scores).
 *
 * <p>Each feature is a string {@code template=value}; its id is the FNV-1a 64-bit hash of the string's UTF-8 bytes,
 * folded and reduced to {@code [0, buckets)}:
 * <pre>
 *   h = FNV-1a-64(utf8("template=value"))     offset basis 0xcbf29ce484222325, prime 0x100000001b3
 *   id = unsigned((h ^ (h &gt;&gt;&gt; 32)) mod buckets)
 * </pre>
 * The template's name is part of the hashed string, so two templates with the same value ("w[0]=the" and
 * "w[-1]=the") land in unrelated buckets and collide only by chance; the hash is fixed by its definition (not
 * {@link String#hashCode} of a JVM run), so a saved model reads the same ids on any machine.
 *
 * <p>The templates of token t of a sentence w₁…w_n with feature columns c = 0, 1, … (e.g. CoNLL-2000's POS column),
 * in this order (words lower-cased with {@link Locale#ROOT}, column values as written; outside the sentence the
 * value is {@code <s>} before it and {@code </s>} after it):
 * <pre>
 *   w[-2] w[-1] w[0] w[+1] w[+2]                      the word at offsets −2 … +2            "w[-1]=the"
 *   w[-1]|w[0]  w[0]|w[+1]                            word bigrams                             "w[0]|w[+1]=cat|sat"
 *   for each column c:
 *     c[-2] c[-1] c[0] c[+1] c[+2]                    unigrams                                 "c0[0]=NN"
 *     c[-2]|c[-1]  c[-1]|c[0]  c[0]|c[+1]  c[+1]|c[+2]                       bigrams          "c0[-1]|c0[0]=DT|NN"
 *     c[-2]|c[-1]|c[0]  c[-1]|c[0]|c[+1]  c[0]|c[+1]|c[+2]                   trigrams
 *   case        one of upper ("IBM"), title ("Paris"), mixed ("iPod", "McDonald"), lower ("cat"), none (no letter)
 *   digits      all (every character a digit, "1987") or some ("2nd", "3.5"); absent without digits
 *   hyphen      present ("hyphen=yes") when the word has a '-'
 *   punct       present ("punct=yes") when the word has no letter and no digit (",", "--", "$")
 *   pre1 pre2 pre3, suf1 suf2 suf3                    lower-cased first / last 1–3 characters; a word shorter
 *                                                     than n has no pre{n} / suf{n}
 * </pre>
 * Letters and digits are {@link Character#isLetter} and {@link Character#isDigit}; "upper" means every letter is
 * upper case, "title" the first character is an upper-case letter and the other letters lower case. Characters are
 * counted as Unicode code points. A token of a sentence with one column has 5 + 2 + 12 + 1 + 0…3 + 2…6 features.
 *
 * <p>Those are the {@link Templates#BASIC} templates. {@link Templates#HUANG2015} adds, after them, the rest of the
 * spelling features of Huang et al. 2015 (section 4.2.1), for token t only:
 * <pre>
 *   pre4 pre5, suf4 suf5      lower-cased first / last 4–5 characters (the paper's affixes of 2–5 letters)
 *   innerCap                  "innerCap=yes" when a letter after the first character is upper case ("McDonald", "IBM")
 *   letterDigit               "letterDigit=yes" when the word has both letters and digits ("2nd", "B52")
 *   hasPunct                  "hasPunct=yes" when a character is neither letter nor digit ("U.S.", "well-known", ",")
 *   apostropheS               "apostropheS=yes" when the lower-cased word ends with "'s" ("'s", "John's")
 *   letters                   the letters only, as written, when the word has letters and other characters
 *                             ("I.B.M." → "letters=IBM")
 *   nonLetters                the other characters only, when the word has letters and other characters
 *                             ("A.T.&amp;T." → "nonLetters=..&amp;.")
 *   shape                     upper-case letters → A, other letters → a, digits → 0, the rest as written
 *                             ("D56y-3" → "shape=A00a-0")
 *   shortShape                the shape with runs of one character written once ("D56y-3" → "shortShape=A0a-0")
 * </pre>
 */
public final class HashedFeatures {
    /** Before the first token. */
    public static final String BEFORE = "<s>";
    /** After the last token. */
    public static final String AFTER = "</s>";
    /** The largest number of buckets (2²⁴). */
    public static final int MAX_BUCKETS = 1 << 24;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final String[] OFFSET = {"[-2]", "[-1]", "[0]", "[+1]", "[+2]"};

    /** Which feature templates are hashed: a saved model records its set ({@code Network.directTemplates}). */
    public enum Templates {
        /** Words, word bigrams, column n-grams, case, digits, hyphen, punctuation, affixes of 1–3 characters. */
        BASIC("basic"),
        /** {@link #BASIC} and the rest of Huang et al. 2015's spelling features (see the class comment). */
        HUANG2015("huang2015");

        private final String key;

        Templates(String key) {
            this.key = key;
        }

        /** The name in model files and on the command line: "basic" or "huang2015". */
        public String key() {
            return key;
        }

        /** The set named {@code key} ("basic" or "huang2015"). */
        public static Templates parse(String key) {
            for (Templates t : values()) {
                if (t.key.equals(key)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown feature templates \"" + key + "\"; choose basic or huang2015");
        }
    }

    private final int buckets;
    private final Templates templates;

    /** Features of the {@link Templates#BASIC} templates hashed into {@code buckets} ids, 1 … {@value #MAX_BUCKETS}. */
    public HashedFeatures(int buckets) {
        this(buckets, Templates.BASIC);
    }

    /** Features of {@code templates} hashed into {@code buckets} ids, 1 … {@value #MAX_BUCKETS}. */
    public HashedFeatures(int buckets, Templates templates) {
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("HashedFeatures: buckets must be between 1 and " + MAX_BUCKETS
                    + " (e.g. 262144 = 2^18), got " + buckets);
        }
        this.buckets = buckets;
        this.templates = java.util.Objects.requireNonNull(templates, "templates");
    }

    /** The templates hashed. */
    public Templates templates() {
        return templates;
    }

    /** The number of ids, B. */
    public int buckets() {
        return buckets;
    }

    /**
     * The feature strings {@code template=value} of token {@code t} (0-based), in the order of the class comment:
     * what is hashed.
     *
     * @param words   the sentence's tokens as written
     * @param columns its feature columns (each one value per token), possibly empty
     */
    public static List<String> strings(List<String> words, List<? extends List<String>> columns, int t) {
        return strings(words, columns, t, Templates.BASIC);
    }

    /** The feature strings of token {@code t} of {@code templates}, in the order of the class comment. */
    public static List<String> strings(List<String> words, List<? extends List<String>> columns, int t,
            Templates templates) {
        check(words, columns, t);
        List<String> out = new ArrayList<>(32);
        for (int d = -2; d <= 2; d++) {
            out.add("w" + OFFSET[d + 2] + "=" + word(words, t + d));
        }
        out.add("w[-1]|w[0]=" + word(words, t - 1) + "|" + word(words, t));
        out.add("w[0]|w[+1]=" + word(words, t) + "|" + word(words, t + 1));
        for (int c = 0; c < columns.size(); c++) {
            List<String> col = columns.get(c);
            String n = "c" + c;
            for (int d = -2; d <= 2; d++) {
                out.add(n + OFFSET[d + 2] + "=" + value(col, t + d));
            }
            for (int d = -2; d <= 1; d++) {
                out.add(n + OFFSET[d + 2] + "|" + n + OFFSET[d + 3] + "=" + value(col, t + d) + "|"
                        + value(col, t + d + 1));
            }
            for (int d = -2; d <= 0; d++) {
                out.add(n + OFFSET[d + 2] + "|" + n + OFFSET[d + 3] + "|" + n + OFFSET[d + 4] + "=" + value(col, t + d)
                        + "|" + value(col, t + d + 1) + "|" + value(col, t + d + 2));
            }
        }
        String w = words.get(t);
        out.add("case=" + caseClass(w));
        String digits = digits(w);
        if (digits != null) {
            out.add("digits=" + digits);
        }
        if (w.indexOf('-') >= 0) {
            out.add("hyphen=yes");
        }
        if (punctuationOnly(w)) {
            out.add("punct=yes");
        }
        String lower = w.toLowerCase(Locale.ROOT);
        int n = lower.codePointCount(0, lower.length());
        for (int k = 1; k <= 3 && k <= n; k++) {
            out.add("pre" + k + "=" + lower.substring(0, lower.offsetByCodePoints(0, k)));
        }
        for (int k = 1; k <= 3 && k <= n; k++) {
            out.add("suf" + k + "=" + lower.substring(lower.offsetByCodePoints(lower.length(), -k)));
        }
        if (templates == Templates.HUANG2015) {
            for (int k = 4; k <= 5 && k <= n; k++) {
                out.add("pre" + k + "=" + lower.substring(0, lower.offsetByCodePoints(0, k)));
            }
            for (int k = 4; k <= 5 && k <= n; k++) {
                out.add("suf" + k + "=" + lower.substring(lower.offsetByCodePoints(lower.length(), -k)));
            }
            Spelling sp = new Spelling(w);
            if (sp.innerCap) {
                out.add("innerCap=yes");
            }
            if (sp.letterDigit()) {
                out.add("letterDigit=yes");
            }
            if (sp.other > 0) {
                out.add("hasPunct=yes");
            }
            if (lower.endsWith("'s")) {
                out.add("apostropheS=yes");
            }
            if (sp.letters.length() > 0 && sp.nonLetters.length() > 0) {
                out.add("letters=" + sp.letters);
                out.add("nonLetters=" + sp.nonLetters);
            }
            out.add("shape=" + sp.shape);
            out.add("shortShape=" + sp.shortShape);
        }
        return out;
    }

    /** What {@link Templates#HUANG2015} adds reads of one word, in one pass over its code points. */
    private static final class Spelling {
        final StringBuilder letters = new StringBuilder(), nonLetters = new StringBuilder(),
                shape = new StringBuilder(), shortShape = new StringBuilder();
        boolean innerCap;
        int letterCount, digitCount, other;

        Spelling(String w) {
            int last = -1;
            for (int i = 0; i < w.length(); ) {
                int ch = w.codePointAt(i);
                int mark;
                if (Character.isLetter(ch)) {
                    letterCount++;
                    letters.appendCodePoint(ch);
                    boolean upper = Character.isUpperCase(ch);
                    innerCap |= upper && i > 0;
                    mark = upper ? 'A' : 'a';
                } else {
                    nonLetters.appendCodePoint(ch);
                    if (Character.isDigit(ch)) {
                        digitCount++;
                        mark = '0';
                    } else {
                        other++;
                        mark = ch;
                    }
                }
                shape.appendCodePoint(mark);
                if (mark != last) {
                    shortShape.appendCodePoint(mark);
                }
                last = mark;
                i += Character.charCount(ch);
            }
        }

        boolean letterDigit() {
            return letterCount > 0 && digitCount > 0;
        }
    }

    /**
     * The ids of token {@code t}: {@link #id} of each of its {@link #strings}, in the same order, computed without
     * building the strings (the FNV state after each template name is computed once; tested against the strings).
     */
    public int[] ids(List<String> words, List<? extends List<String>> columns, int t) {
        check(words, columns, t);
        return ids(lowerCased(words), words, columns, t, new int[MAX_FEATURES + 12 * columns.size()]);
    }

    /** The ids of every token of a sentence, [n][]. */
    public int[][] ids(List<String> words, List<? extends List<String>> columns) {
        int[][] out = new int[words.size()][];
        if (out.length == 0) {
            return out;
        }
        check(words, columns, 0);
        String[] lower = lowerCased(words);
        int[] buffer = new int[MAX_FEATURES + 12 * columns.size()];
        for (int t = 0; t < out.length; t++) {
            out[t] = ids(lower, words, columns, t, buffer);
        }
        return out;
    }

    /**
     * The most features a token has without columns: 5 + 2 words, case, digits, hyphen, punct, 6 affixes, and
     * {@link Templates#HUANG2015}'s 4 affixes, innerCap, letterDigit, hasPunct, apostropheS, letters, nonLetters,
     * shape and shortShape.
     */
    private static final int MAX_FEATURES = 5 + 2 + 1 + 1 + 1 + 1 + 6 + 4 + 8;

    /** FNV-1a states after "w[-2]=" … "w[+2]=", "w[-1]|w[0]=", "w[0]|w[+1]=", "case=", …: see {@link #strings}. */
    private static final long[] WORD = new long[5];
    private static final long W_PREV_CUR = fnv("w[-1]|w[0]="), W_CUR_NEXT = fnv("w[0]|w[+1]="),
            CASE = fnv("case="), DIGITS = fnv("digits="), HYPHEN = fnv("hyphen=yes"), PUNCT = fnv("punct=yes"),
            BAR = fnv("|");
    private static final long[] PRE = {fnv("pre1="), fnv("pre2="), fnv("pre3="), fnv("pre4="), fnv("pre5=")},
            SUF = {fnv("suf1="), fnv("suf2="), fnv("suf3="), fnv("suf4="), fnv("suf5=")};
    private static final long INNER_CAP = fnv("innerCap=yes"), LETTER_DIGIT = fnv("letterDigit=yes"),
            HAS_PUNCT = fnv("hasPunct=yes"), APOSTROPHE_S = fnv("apostropheS=yes"), LETTERS = fnv("letters="),
            NON_LETTERS = fnv("nonLetters="), SHAPE = fnv("shape="), SHORT_SHAPE = fnv("shortShape=");
    /** Per column c (at most 64, as Network allows): its 5 unigram, 4 bigram and 3 trigram template states. */
    private static final long[][] COLUMN = new long[64][12];

    static {
        for (int d = 0; d < 5; d++) {
            WORD[d] = fnv("w" + OFFSET[d] + "=");
        }
        for (int c = 0; c < COLUMN.length; c++) {
            String n = "c" + c;
            int k = 0;
            for (int d = 0; d < 5; d++) {
                COLUMN[c][k++] = fnv(n + OFFSET[d] + "=");
            }
            for (int d = 0; d < 4; d++) {
                COLUMN[c][k++] = fnv(n + OFFSET[d] + "|" + n + OFFSET[d + 1] + "=");
            }
            for (int d = 0; d < 3; d++) {
                COLUMN[c][k++] = fnv(n + OFFSET[d] + "|" + n + OFFSET[d + 1] + "|" + n + OFFSET[d + 2] + "=");
            }
        }
    }

    /** The ids of token t, in the order of {@link #strings}, from the lower-cased words; {@code out} is scratch. */
    private int[] ids(String[] lower, List<String> words, List<? extends List<String>> columns, int t, int[] out) {
        int n = 0;
        for (int d = -2; d <= 2; d++) {
            out[n++] = bucket(feed(WORD[d + 2], lowerAt(lower, t + d)));
        }
        out[n++] = bucket(feed(feed(feed(W_PREV_CUR, lowerAt(lower, t - 1)), "|"), lower[t]));
        out[n++] = bucket(feed(feed(feed(W_CUR_NEXT, lower[t]), "|"), lowerAt(lower, t + 1)));
        if (columns.size() > COLUMN.length) {
            throw new IllegalArgumentException("HashedFeatures: at most " + COLUMN.length + " feature columns, got "
                    + columns.size());
        }
        for (int c = 0; c < columns.size(); c++) {
            List<String> col = columns.get(c);
            long[] tpl = COLUMN[c];
            for (int d = -2; d <= 2; d++) {
                out[n++] = bucket(feed(tpl[d + 2], value(col, t + d)));
            }
            for (int d = -2; d <= 1; d++) {
                out[n++] = bucket(feed(feed(feed(tpl[5 + d + 2], value(col, t + d)), "|"), value(col, t + d + 1)));
            }
            for (int d = -2; d <= 0; d++) {
                long h = feed(feed(feed(tpl[9 + d + 2], value(col, t + d)), "|"), value(col, t + d + 1));
                out[n++] = bucket(feed(feed(h, "|"), value(col, t + d + 2)));
            }
        }
        String w = words.get(t);
        out[n++] = bucket(feed(CASE, caseClass(w)));
        String digits = digits(w);
        if (digits != null) {
            out[n++] = bucket(feed(DIGITS, digits));
        }
        if (w.indexOf('-') >= 0) {
            out[n++] = bucket(HYPHEN);
        }
        if (punctuationOnly(w)) {
            out[n++] = bucket(PUNCT);
        }
        String l = lower[t];
        int chars = l.codePointCount(0, l.length());
        for (int k = 1; k <= 3 && k <= chars; k++) {
            out[n++] = bucket(feed(PRE[k - 1], l, 0, l.offsetByCodePoints(0, k)));
        }
        for (int k = 1; k <= 3 && k <= chars; k++) {
            out[n++] = bucket(feed(SUF[k - 1], l, l.offsetByCodePoints(l.length(), -k), l.length()));
        }
        if (templates == Templates.HUANG2015) {
            for (int k = 4; k <= 5 && k <= chars; k++) {
                out[n++] = bucket(feed(PRE[k - 1], l, 0, l.offsetByCodePoints(0, k)));
            }
            for (int k = 4; k <= 5 && k <= chars; k++) {
                out[n++] = bucket(feed(SUF[k - 1], l, l.offsetByCodePoints(l.length(), -k), l.length()));
            }
            Spelling sp = new Spelling(w);
            if (sp.innerCap) {
                out[n++] = bucket(INNER_CAP);
            }
            if (sp.letterDigit()) {
                out[n++] = bucket(LETTER_DIGIT);
            }
            if (sp.other > 0) {
                out[n++] = bucket(HAS_PUNCT);
            }
            if (l.endsWith("'s")) {
                out[n++] = bucket(APOSTROPHE_S);
            }
            if (sp.letters.length() > 0 && sp.nonLetters.length() > 0) {
                out[n++] = bucket(feed(LETTERS, sp.letters.toString()));
                out[n++] = bucket(feed(NON_LETTERS, sp.nonLetters.toString()));
            }
            out[n++] = bucket(feed(SHAPE, sp.shape.toString()));
            out[n++] = bucket(feed(SHORT_SHAPE, sp.shortShape.toString()));
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static String[] lowerCased(List<String> words) {
        String[] lower = new String[words.size()];
        for (int i = 0; i < lower.length; i++) {
            lower[i] = words.get(i).toLowerCase(Locale.ROOT);
        }
        return lower;
    }

    private static String lowerAt(String[] lower, int i) {
        return i < 0 ? BEFORE : i >= lower.length ? AFTER : lower[i];
    }

    private int bucket(long h) {
        return (int) Long.remainderUnsigned(h ^ (h >>> 32), buckets);
    }

    private static long fnv(String s) {
        return feed(FNV_OFFSET, s);
    }

    private static long feed(long h, String s) {
        return feed(h, s, 0, s.length());
    }

    /**
     * FNV-1a state {@code h} continued over the UTF-8 bytes of {@code s[from, to)}, encoded here as
     * {@link String#getBytes} with UTF-8 encodes (an unpaired surrogate as '?').
     */
    private static long feed(long h, String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                h = (h ^ c) * FNV_PRIME;
            } else if (c < 0x800) {
                h = (h ^ (0xC0 | c >> 6)) * FNV_PRIME;
                h = (h ^ (0x80 | c & 0x3F)) * FNV_PRIME;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                h = (h ^ (0xF0 | cp >> 18)) * FNV_PRIME;
                h = (h ^ (0x80 | cp >> 12 & 0x3F)) * FNV_PRIME;
                h = (h ^ (0x80 | cp >> 6 & 0x3F)) * FNV_PRIME;
                h = (h ^ (0x80 | cp & 0x3F)) * FNV_PRIME;
            } else if (Character.isSurrogate(c)) {
                h = (h ^ '?') * FNV_PRIME;
            } else {
                h = (h ^ (0xE0 | c >> 12)) * FNV_PRIME;
                h = (h ^ (0x80 | c >> 6 & 0x3F)) * FNV_PRIME;
                h = (h ^ (0x80 | c & 0x3F)) * FNV_PRIME;
            }
        }
        return h;
    }

    /**
     * The ids of a batch of sentences, [B][T][] with T steps (padding gets none): sentence b's tokens and its first
     * {@code columns} feature columns.
     */
    public int[][][] batch(List<Sentence> sentences, int columns, int T) {
        int[][][] out = new int[sentences.size()][T][];
        for (int b = 0; b < out.length; b++) {
            Sentence s = sentences.get(b);
            if (s.featureColumns() < columns) {
                throw new IllegalArgumentException("HashedFeatures: sentence \"" + rnnlab.io.Quote.cut(s.text())
                        + "\" has " + s.featureColumns() + " feature columns but " + columns + " are read; give "
                        + "sentences with the columns the model was trained with");
            }
            List<List<String>> cols = s.features().subList(0, columns);
            for (int t = 0; t < T; t++) {
                out[b][t] = t < s.length() ? ids(s.tokens(), cols, t) : new int[0];
            }
        }
        return out;
    }

    /** The bucket of one feature string: FNV-1a 64 of its UTF-8 bytes, folded, unsigned mod B. */
    public int id(String feature) {
        return bucket(fnv1a64(feature));
    }

    /** FNV-1a, 64 bits, of the UTF-8 bytes of {@code s} (test vectors: "" → 0xcbf29ce484222325, "a" → 0xaf63dc4c8601ec8c). */
    public static long fnv1a64(String s) {
        long h = FNV_OFFSET;
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }

    /** upper, title, mixed, lower or none (see the class comment). */
    static String caseClass(String w) {
        boolean anyLetter = false, allUpper = true, allLower = true;
        int i = 0, first = w.codePointAt(0);
        boolean restLower = true;
        while (i < w.length()) {
            int ch = w.codePointAt(i);
            if (Character.isLetter(ch)) {
                anyLetter = true;
                allUpper &= !Character.isLowerCase(ch);
                allLower &= !Character.isUpperCase(ch);
                if (i > 0) {
                    restLower &= !Character.isUpperCase(ch);
                }
            }
            i += Character.charCount(ch);
        }
        if (!anyLetter) {
            return "none";
        }
        if (allUpper) {
            return "upper";
        }
        if (allLower) {
            return "lower";
        }
        return Character.isUpperCase(first) && restLower ? "title" : "mixed";
    }

    /** "all", "some" or null (no digit). */
    static String digits(String w) {
        int digits = 0, all = 0;
        for (int i = 0; i < w.length(); i += Character.charCount(w.codePointAt(i))) {
            digits += Character.isDigit(w.codePointAt(i)) ? 1 : 0;
            all++;
        }
        return digits == 0 ? null : digits == all ? "all" : "some";
    }

    /** True if the word has no letter and no digit. */
    static boolean punctuationOnly(String w) {
        for (int i = 0; i < w.length(); i += Character.charCount(w.codePointAt(i))) {
            int ch = w.codePointAt(i);
            if (Character.isLetter(ch) || Character.isDigit(ch)) {
                return false;
            }
        }
        return true;
    }

    private static String word(List<String> words, int i) {
        return i < 0 ? BEFORE : i >= words.size() ? AFTER : words.get(i).toLowerCase(Locale.ROOT);
    }

    private static String value(List<String> column, int i) {
        return i < 0 ? BEFORE : i >= column.size() ? AFTER : column.get(i);
    }

    private static void check(List<String> words, List<? extends List<String>> columns, int t) {
        if (t < 0 || t >= words.size()) {
            throw new IndexOutOfBoundsException("HashedFeatures: token " + t + " of a sentence of " + words.size()
                    + " tokens");
        }
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).size() != words.size()) {
                throw new IllegalArgumentException("HashedFeatures: feature column " + c + " has "
                        + columns.get(c).size() + " values for " + words.size() + " tokens; give one per token");
            }
        }
    }

    @Override
    public String toString() {
        return "HashedFeatures(" + buckets + " buckets; words at -2..+2, word bigrams, column 1-3-grams, case, digits, "
                + "hyphen, punctuation, prefixes and suffixes 1-3"
                + (templates == Templates.HUANG2015 ? ", and 4-5, inner capitals, letters and digits, punctuation "
                + "inside, 's, letters only, non-letters only, shape, short shape (huang2015)" : "") + "; FNV-1a 64)";
    }
}
