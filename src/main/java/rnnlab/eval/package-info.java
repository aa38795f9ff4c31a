/**
 * Scoring a tagger the way the slot-filling and chunking papers do.
 *
 * <ul>
 *   <li>{@link rnnlab.eval.Accuracy}: token accuracy;</li>
 *   <li>{@link rnnlab.eval.ChunkEval}: chunk precision, recall and F1 computed exactly as the CoNLL
 *       {@code conlleval} script (2004 version) computes them, and its text report
 *       ({@link rnnlab.eval.ChunkReport#toConllevalString()});</li>
 *   <li>{@link rnnlab.eval.LabelReport}: per-label (token-level) precision, recall and F1;</li>
 *   <li>{@link rnnlab.eval.ConfusionMatrix}: gold &times; predicted label counts, also as a Tablesaw table.</li>
 * </ul>
 * Reports implement {@link rnnlab.core.HtmlRenderable}, so notebooks show them as tables.
 */
package rnnlab.eval;
