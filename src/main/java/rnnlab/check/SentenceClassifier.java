package rnnlab.check;

import java.util.List;

/** A sentiment classifier: 1 = positive, 0 = negative. */
@FunctionalInterface
public interface SentenceClassifier {
    int classify(List<String> tokens);
}
