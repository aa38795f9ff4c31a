package rnnlab.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

import rnnlab.core.HtmlRenderable;
import rnnlab.core.Named;
import rnnlab.core.TextTable;

/**
 * The result of {@link ChunkEval}: conlleval's counts and scores, overall and per chunk type.
 *
 * <p>{@link #precision()}, {@link #recall()}, {@link #f1()} and {@link #accuracy()} are fractions in [0, 1];
 * {@link #toConllevalString()} prints percentages in conlleval's exact layout and rounding:
 * <pre>
 * processed 14 tokens with 5 phrases; found: 5 phrases; correct: 4.
 * accuracy:  85.71%; precision:  80.00%; recall:  80.00%; FB1:  80.00
 *              dest: precision: 100.00%; recall:  66.67%; FB1:  80.00  2
 * </pre>
 *
 * @param tokens          tokens processed (sentence boundaries not counted)
 * @param correctTags     tokens whose predicted label equals the gold label
 * @param goldChunks      chunks in the gold labels ("phrases")
 * @param predictedChunks chunks in the predictions ("found")
 * @param correctChunks   predicted chunks with the same type, start and end as a gold chunk ("correct")
 * @param types           per chunk type, sorted by type name
 */
public record ChunkReport(int tokens, int correctTags, int goldChunks, int predictedChunks, int correctChunks,
                          List<TypeCounts> types) implements HtmlRenderable {

    /**
     * Counts for one chunk type.
     *
     * @param type      the chunk type, e.g. "dest"
     * @param correct   correctly predicted chunks of this type
     * @param gold      gold chunks of this type
     * @param predicted predicted chunks of this type
     */
    public record TypeCounts(String type, int correct, int gold, int predicted) {
        /** correct / predicted, 0 if nothing was predicted. */
        public double precision() {
            return predicted == 0 ? 0.0 : (double) correct / predicted;
        }

        /** correct / gold, 0 if there are no gold chunks. */
        public double recall() {
            return gold == 0 ? 0.0 : (double) correct / gold;
        }

        /** 2PR/(P+R), 0 if P+R = 0. */
        public double f1() {
            return ChunkReport.f1(precision(), recall());
        }
    }

    public ChunkReport {
        types = List.copyOf(types);
    }

    /** Token accuracy, 0 if there are no tokens. */
    public double accuracy() {
        return tokens == 0 ? 0.0 : (double) correctTags / tokens;
    }

    /** Micro-averaged chunk precision: correct / predicted chunks (0 if none predicted). */
    public double precision() {
        return predictedChunks == 0 ? 0.0 : (double) correctChunks / predictedChunks;
    }

    /** Micro-averaged chunk recall: correct / gold chunks (0 if there are none). */
    public double recall() {
        return goldChunks == 0 ? 0.0 : (double) correctChunks / goldChunks;
    }

    /** Micro-averaged chunk F1 (conlleval's FB1 / 100). */
    public double f1() {
        return f1(precision(), recall());
    }

    static double f1(double p, double r) {
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    /** The counts of one type; throws if the type never occurred. */
    public TypeCounts type(String type) {
        return Named.find(types, TypeCounts::type, type,
                "no chunk of type '" + type + "' in gold or predictions; types: ");
    }

    /**
     * conlleval's report, character for character: the same arithmetic (percentages computed as 100*a/b) and the
     * same rounding as Perl's printf ("%6.2f" rounds the exact binary value half-to-even).
     */
    public String toConllevalString() {
        StringBuilder sb = new StringBuilder();
        sb.append("processed ").append(tokens).append(" tokens with ").append(goldChunks)
                .append(" phrases; found: ").append(predictedChunks).append(" phrases; correct: ")
                .append(correctChunks).append(".\n");
        double precision = predictedChunks > 0 ? 100.0 * correctChunks / predictedChunks : 0.0;
        double recall = goldChunks > 0 ? 100.0 * correctChunks / goldChunks : 0.0;
        double fb1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
        if (tokens > 0) {
            sb.append("accuracy: ").append(f62(100.0 * correctTags / tokens)).append("%; ")
                    .append("precision: ").append(f62(precision)).append("%; ")
                    .append("recall: ").append(f62(recall)).append("%; ")
                    .append("FB1: ").append(f62(fb1)).append('\n');
        }
        for (TypeCounts t : types) {
            double p = t.predicted() == 0 ? 0.0 : 100.0 * t.correct() / t.predicted();
            double r = t.gold() == 0 ? 0.0 : 100.0 * t.correct() / t.gold();
            double f = p + r == 0.0 ? 0.0 : 2 * p * r / (p + r);
            sb.append(String.format(Locale.ROOT, "%17s: ", t.type()))
                    .append("precision: ").append(f62(p)).append("%; ")
                    .append("recall: ").append(f62(r)).append("%; ")
                    .append("FB1: ").append(f62(f)).append("  ").append(t.predicted()).append('\n');
        }
        return sb.toString();
    }

    /** Perl/C {@code printf("%6.2f", v)}: the exact binary value rounded half-to-even, right-aligned in 6. */
    static String f62(double v) {
        String s = new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        if (s.startsWith("-") && new BigDecimal(s).signum() == 0) {
            s = s.substring(1);   // never happens for counts; keeps "-0.00" out
        }
        return s.length() >= 6 ? s : " ".repeat(6 - s.length()) + s;
    }

    /** The conlleval report. */
    @Override
    public String toString() {
        return toConllevalString();
    }

    /** The per-type scores as a table (percentages), with a last row for all chunks (micro average). */
    public TextTable table() {
        TextTable.Builder t = TextTable.builder("type", "precision %", "recall %", "F1", "gold", "predicted", "correct")
                .cssClass("rnnlab-chunk-report").title(String.format(Locale.ROOT, "%d tokens, %d gold chunks, "
                        + "%d predicted, %d correct; accuracy %.2f%%, F1 %.2f", tokens, goldChunks, predictedChunks,
                        correctChunks, 100 * accuracy(), 100 * f1()));
        for (TypeCounts c : types) {
            t.row(c.type(), pct(c.precision()), pct(c.recall()), pct(c.f1()), c.gold(), c.predicted(), c.correct());
        }
        t.row(TextTable.cell("all (micro)").style("font-weight:bold"), pct(precision()), pct(recall()), pct(f1()),
                goldChunks, predictedChunks, correctChunks);
        return t.build();
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f", 100 * v);
    }

    /** The per-type table in HTML (the text form is {@link #toConllevalString()}). */
    @Override
    public String toHtml() {
        return table().toHtml();
    }
}
