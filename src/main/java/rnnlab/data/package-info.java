/**
 * Data for sequence labelling (slot filling): tokens in, one label per token out.
 *
 * <p>What is here, in the order a student meets it in the lecture (Hung-yi Lee, "Recurrent Neural Network",
 * p.2–7):
 * <ul>
 *   <li>{@link rnnlab.data.Sentence} (tokens + labels) and {@link rnnlab.data.Dataset} (a list of sentences,
 *       seeded shuffling, batching into padded id arrays for training);</li>
 *   <li>{@link rnnlab.data.Vocabulary} (word &rarr; id, with the lecture's "other" entry for unknown words,
 *       a minimum count, optional lower-casing and digit normalisation through {@link rnnlab.data.TokenNormalizer})
 *       and {@link rnnlab.data.LabelVocabulary} (label &rarr; id, no unknown entry);</li>
 *   <li>word vectors: {@link rnnlab.data.OneHot} (1-of-N, p.4–5), {@link rnnlab.data.LetterTrigrams}
 *       (word hashing, p.5) and {@link rnnlab.data.ContextWindow} (neighbouring words, Mesnil et al. 2013);</li>
 *   <li>{@link rnnlab.data.HashedFeatures}: hand-made sparse features of each token (words, column n-grams,
 *       spelling) hashed into bucket ids, for the direct connections of Huang et al. 2015;</li>
 *   <li>files: {@link rnnlab.data.Conll} reads and writes {@code token<TAB>label} files, streaming, UTF-8,
 *       with errors that name the file and line;</li>
 *   <li>{@link rnnlab.data.SlotFillingCorpus}: a seeded generator of the lecture's flight utterances where the
 *       same city is a destination or a place of departure depending on the words around it;</li>
 *   <li>{@link rnnlab.data.DataTables}: Tablesaw views of a dataset (the only class here that uses Tablesaw).</li>
 * </ul>
 *
 * <p>Batches ({@link rnnlab.data.SentenceBatch}) are {@code int[batch][time]} token ids padded with
 * {@link rnnlab.data.Vocabulary#PAD_ID} (0), {@code int[batch]} lengths, and {@code int[batch][time]} label ids
 * padded with {@link rnnlab.data.SentenceBatch#PAD_LABEL} (-1).
 */
package rnnlab.data;
