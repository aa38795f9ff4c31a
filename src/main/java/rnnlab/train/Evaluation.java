package rnnlab.train;

import java.util.ArrayList;
import java.util.List;

import rnnlab.data.Dataset;
import rnnlab.data.Sentence;
import rnnlab.eval.ChunkReport;
import rnnlab.eval.ConfusionMatrix;
import rnnlab.eval.LabelReport;

/**
 * A tagger's predictions on a labelled dataset and their scores.
 *
 * @param gold      the dataset that was tagged
 * @param predicted one label list per sentence
 * @param loss      mean cross-entropy per token (NaN when the data was not scored)
 * @param chunks    conlleval's chunk scores and token accuracy (null when the data was not scored)
 */
public record Evaluation(Dataset gold, List<List<String>> predicted, double loss, ChunkReport chunks) {
    /** Chunk F1 (micro-averaged, conlleval), 0…1. */
    public double f1() {
        return chunks.f1();
    }

    /** Token accuracy, 0…1. */
    public double accuracy() {
        return chunks.accuracy();
    }

    /** Precision, recall and F1 per label (token level). */
    public LabelReport labelReport() {
        return LabelReport.of(gold.labelLists(), predicted);
    }

    /** Gold × predicted label counts. */
    public ConfusionMatrix confusion() {
        return ConfusionMatrix.of(gold.labelLists(), predicted);
    }

    /** The sentences with at least one wrong label, as (gold, predicted) pairs; at most {@code max}. */
    public List<Sentence[]> errors(int max) {
        List<Sentence[]> out = new ArrayList<>();
        for (int i = 0; i < gold.size() && out.size() < max; i++) {
            Sentence g = gold.get(i);
            if (!g.labels().equals(predicted.get(i))) {
                out.add(new Sentence[] {g, g.withLabels(predicted.get(i))});
            }
        }
        return out;
    }

    /** The conlleval report. */
    @Override
    public String toString() {
        return chunks == null ? "Evaluation(" + gold.name() + ", " + predicted.size() + " sentences, not scored)"
                : "Evaluation(" + gold.name() + ", loss=" + String.format(java.util.Locale.ROOT, "%.4f", loss) + ")\n"
                        + chunks.toConllevalString();
    }
}
