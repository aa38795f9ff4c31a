/**
 * Model files: {@link rnnlab.io.ModelFile} saves and loads a trained {@link rnnlab.train.Tagger} with its
 * vocabularies and settings in a documented, versioned, checksummed binary format (not Java serialization, so
 * loading a file never runs code). See {@code docs/model-format.md}.
 */
package rnnlab.io;
