/**
 * Non-recurrent building blocks: word embeddings (with a context window), letter-trigram vectors, dense layers,
 * dropout, attention, softmax cross-entropy, and the direct connections from sparse features to the output scores
 * ({@link rnnlab.layers.DirectFeatures}).
 */
package rnnlab.layers;
