/**
 * Structured outputs on top of a recurrent network (lecture Part II p.42–45 and p.80–87): a linear-chain CRF layer
 * with Viterbi decoding, trained as a CRF, a structured perceptron or a structured SVM ({@link rnnlab.structured.Crf});
 * the hidden Markov model it is compared with ({@link rnnlab.structured.Hmm}); and connectionist temporal
 * classification with the blank φ ({@link rnnlab.structured.Ctc}). Everything here is plain Java on score arrays and
 * checked against brute-force enumeration in the tests.
 */
package rnnlab.structured;
