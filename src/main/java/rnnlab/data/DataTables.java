package rnnlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tablesaw views of datasets, for notebooks (filter, group, plot). This is the only class of {@code rnnlab.data}
 * that uses Tablesaw.
 *
 * <pre>
 *   DataTables.tokens(train)        sentence | position | token | label      one row per token
 *   DataTables.summary(train)       statistic | value                        sentences, tokens, lengths, …
 *   DataTables.labelCounts(train)   label | count | percent                  one row per label
 *   DataTables.sentences(train)     sentence | length | text                 one row per sentence
 * </pre>
 */
public final class DataTables {
    private DataTables() {}

    /** One row per token: sentence index, position in the sentence, token, label ("" if unlabelled). */
    public static Table tokens(Dataset d) {
        int n = d.tokenCount();
        int[] sentence = new int[n];
        int[] position = new int[n];
        List<String> tokens = new ArrayList<>(n);
        List<String> labels = new ArrayList<>(n);
        int k = 0;
        for (int i = 0; i < d.size(); i++) {
            Sentence s = d.get(i);
            for (int t = 0; t < s.length(); t++, k++) {
                sentence[k] = i;
                position[k] = t;
                tokens.add(s.token(t));
                labels.add(s.isLabeled() ? s.label(t) : "");
            }
        }
        return Table.create(d.name() + " tokens", IntColumn.create("sentence", sentence),
                IntColumn.create("position", position), StringColumn.create("token", tokens),
                StringColumn.create("label", labels));
    }

    /** One row per sentence: index, length, and the text. */
    public static Table sentences(Dataset d) {
        int[] index = new int[d.size()];
        int[] length = new int[d.size()];
        List<String> text = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) {
            index[i] = i;
            length[i] = d.get(i).length();
            text.add(d.get(i).text());
        }
        return Table.create(d.name() + " sentences", IntColumn.create("sentence", index),
                IntColumn.create("length", length), StringColumn.create("text", text));
    }

    /**
     * The summary as rows (statistic, value): sentences, tokens, distinct tokens, labels, min/median/mean/max
     * length.
     */
    public static Table summary(Dataset d) {
        DatasetSummary s = d.summary();
        StringColumn stat = StringColumn.create("statistic");
        DoubleColumn value = DoubleColumn.create("value");
        add(stat, value, "sentences", s.sentences());
        add(stat, value, "tokens", s.tokens());
        add(stat, value, "distinct tokens", s.vocabularySize());
        add(stat, value, "labels", s.labelCounts().size());
        add(stat, value, "min length", s.minLength());
        add(stat, value, "median length", s.medianLength());
        add(stat, value, "mean length", s.meanLength());
        add(stat, value, "max length", s.maxLength());
        return Table.create(d.name() + " summary", stat, value);
    }

    private static void add(StringColumn stat, DoubleColumn value, String name, double v) {
        stat.append(name);
        value.append(v);
    }

    /** One row per label in {@link LabelVocabulary#ORDER}: label, number of tokens, percent of all tokens. */
    public static Table labelCounts(Dataset d) {
        Map<String, Integer> counts = d.labelCounts();
        int tokens = d.tokenCount();
        StringColumn label = StringColumn.create("label");
        IntColumn count = IntColumn.create("count");
        DoubleColumn percent = DoubleColumn.create("percent");
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            label.append(e.getKey());
            count.append(e.getValue());
            percent.append(tokens == 0 ? 0.0 : 100.0 * e.getValue() / tokens);
        }
        return Table.create(d.name() + " labels", label, count, percent);
    }
}
