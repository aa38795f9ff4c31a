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

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "DatasetSummary(%s): %d sentences, %d tokens, %d distinct tokens, %s%n",
                name, sentences, tokens, vocabularySize, labeled ? labelCounts.size() + " labels" : "unlabelled"));
        sb.append(String.format(Locale.ROOT, "  length: min %d, median %s, mean %.2f, max %d%n", minLength,
                fmt(medianLength), meanLength, maxLength));
        for (Map.Entry<String, Integer> e : labelCounts.entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %-16s %7d  %6.2f%%%n", e.getKey(), e.getValue(),
                    tokens == 0 ? 0.0 : 100.0 * e.getValue() / tokens));
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<div class=\"rnnlab-dataset-summary\">");
        sb.append("<p><b>").append(Html.escape(name)).append("</b>: ").append(sentences).append(" sentences, ")
                .append(tokens).append(" tokens, ").append(vocabularySize).append(" distinct tokens; length min ")
                .append(minLength).append(", median ").append(fmt(medianLength)).append(", mean ")
                .append(String.format(Locale.ROOT, "%.2f", meanLength)).append(", max ").append(maxLength)
                .append("</p>");
        if (!labelCounts.isEmpty()) {
            sb.append("<table><thead><tr><th>label</th><th>tokens</th><th>%</th></tr></thead><tbody>");
            for (Map.Entry<String, Integer> e : labelCounts.entrySet()) {
                sb.append("<tr><td>").append(Html.escape(e.getKey())).append("</td><td style=\"text-align:right\">")
                        .append(e.getValue()).append("</td><td style=\"text-align:right\">")
                        .append(String.format(Locale.ROOT, "%.2f", tokens == 0 ? 0.0 : 100.0 * e.getValue() / tokens))
                        .append("</td></tr>");
            }
            sb.append("</tbody></table>");
        }
        return sb.append("</div>").toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
