package rnnlab.check;

import java.util.List;

/** Bag-of-words features: features[i] = how often vocabulary word i occurs in the tokens (other words are ignored). */
@FunctionalInterface
public interface BagOfWords {
    double[] features(List<String> tokens, List<String> vocabulary);
}
