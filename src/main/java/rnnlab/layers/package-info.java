/** Non-recurrent building blocks: word embeddings (with a context window), dense layers, softmax cross-entropy. */
package rnnlab.layers;
