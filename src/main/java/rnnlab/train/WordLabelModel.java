package rnnlab.train;

import java.util.Objects;

import rnnlab.data.LabelVocabulary;
import rnnlab.data.Vocabulary;
import rnnlab.models.Network;
import rnnlab.models.SequenceModel;

/**
 * What a {@link Tagger} and a {@link Classifier} are made of: the word vocabulary, the label vocabulary and the
 * network between them. Each subclass checks that the model fits its task.
 */
public abstract sealed class WordLabelModel permits Tagger, Classifier {
    protected final Vocabulary words;
    protected final LabelVocabulary labels;
    protected final SequenceModel model;

    WordLabelModel(Vocabulary words, LabelVocabulary labels, SequenceModel model) {
        this.words = Objects.requireNonNull(words, "words");
        this.labels = Objects.requireNonNull(labels, "labels");
        this.model = Objects.requireNonNull(model, "model");
    }

    public Vocabulary words() {
        return words;
    }

    public LabelVocabulary labels() {
        return labels;
    }

    /** The description the model was built from ({@code model().network()}; null for a model assembled by hand). */
    public Network network() {
        return model.network();
    }

    /** The network inside (its parameters, body, pooling). */
    public SequenceModel model() {
        return model;
    }
}
