package rnnlab.data;

import rnnlab.core.Html;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import rnnlab.core.HtmlRenderable;
import rnnlab.core.TextTable;

/**
 * What is in a dataset: counts, sentence-length statistics and label frequencies.
 *
 * @param name           the dataset's name
 * @param sentences      number of sentences
 * @param tokens         number of tokens
 * @param vocabularySize number of distinct tokens (exact strings, no normalisation)
 * @param labeled        true if every sentence has labels
 * @param labelCounts    label &rarr; number of tokens with it, in {@link LabelVocabulary#ORDER}
 * @param minLength      shortest sentence (0 if there are none)
 * @param maxLength      longest sentence (0 if there are none)
 * @param meanLength     mean length (0 if there are none)
 * @param medianLength   median length; the mean of the two middle values for an even count (0 if none)
 */
public record DatasetSummary(String name, int sentences, int tokens, int vocabularySize, boolean labeled,
                             Map<String, Integer> labelCounts, int minLength, int maxLength, double meanLength,
                             double medianLength) implements HtmlRenderable {

    public DatasetSummary {
        labelCounts = Collections.unmodifiableMap(new LinkedHashMap<>(labelCounts));
    }

    /** Summarises a dataset. */
    public static DatasetSummary of(Dataset d) {
        int[] lengths = new int[d.size()];
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            lengths[i] = d.get(i).length();
            distinct.addAll(d.get(i).tokens());
        }
        Arrays.sort(lengths);
        int n = lengths.length;
        int tokens = Arrays.stream(lengths).sum();
        double median = n == 0 ? 0 : n % 2 == 1 ? lengths[n / 2] : (lengths[n / 2 - 1] + lengths[n / 2]) / 2.0;
        return new DatasetSummary(d.name(), n, tokens, distinct.size(), d.isLabeled(), d.labelCounts(),
                n == 0 ? 0 : lengths[0], n == 0 ? 0 : lengths[n - 1], n == 0 ? 0 : (double) tokens / n, median);
    }

    /** How many tokens carry {@code label} (0 if none). */
    public int labelCount(String label) {
        return labelCounts.getOrDefault(label, 0);
    }

    /** The label counts as a table: label, tokens, % of all tokens (empty for an unlabelled dataset). */
    public TextTable labelTable() {
        TextTable.Builder t = TextTable.builder("label", "tokens", "%");
        for (Map.Entry<String, Integer> e : labelCounts.entrySet()) {
            t.row(e.getKey(), e.getValue(),
                    String.format(Locale.ROOT, "%.2f", tokens == 0 ? 0.0 : 100.0 * e.getValue() / tokens));
        }
        return t.build();
    }

    private String headline() {
        return String.format(Locale.ROOT, "%s: %d sentences, %d tokens, %d distinct tokens, %s; length min %d, "
                + "median %s, mean %.2f, max %d", name, sentences, tokens, vocabularySize,
                labeled ? labelCounts.size() + " labels" : "unlabelled", minLength, fmt(medianLength), meanLength,
                maxLength);
    }

    @Override
    public String toString() {
        return "DatasetSummary(" + headline() + ")" + (labelCounts.isEmpty() ? "" : "\n" + labelTable());
    }

    @Override
    public String toHtml() {
        return "<div class=\"rnnlab-dataset-summary\"><p>" + Html.escape(headline()) + "</p>"
                + (labelCounts.isEmpty() ? "" : labelTable().toHtml()) + "</div>";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
