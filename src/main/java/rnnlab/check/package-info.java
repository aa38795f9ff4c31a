/**
 * Checks for code that students write (the homework in {@code homework/}, or anyone's own step functions in a
 * notebook): each check runs the student's step function or layer on small seeded cases, compares every output and
 * every gradient with the library's reference cells ({@link rnnlab.reference}) and, for backward passes, states how
 * well numeric gradients agree with the reference; it returns a {@link rnnlab.check.Verdict}.
 *
 * <ul>
 *   <li>Right: one line, {@code ✔ Elman step backward: ∂L/∂hᵗ⁻¹, ∂L/∂Wi, ∂L/∂Wh, ∂L/∂b match the reference cell on 3 seeded cases}.</li>
 *   <li>Wrong: one block — which quantity (and, for the LSTM, which gate block), which entry (sentence, unit), which
 *       time step, expected versus got, which other quantities are wrong or right, and the most likely
 *       {@link rnnlab.check.Mistake} from the catalogue with its fix.</li>
 * </ul>
 * The likely mistake is found by running known-wrong variants of the reference (missing tanh' or σ', transposed
 * weight, gradient overwritten instead of added, memory gradient through the wrong gate, off by one time step,
 * missing recurrent term, wrong gate order, bias gradient not summed over the batch, …) on the same cases: a variant
 * whose numbers equal the student's is named. Sequence checks run growing sequence lengths (or unroll the student's
 * step from a zero state) so the block can say at which time step an error first appears.
 *
 * <pre>
 *   ElmanCheck.stepForward((x, hPrev, w) -&gt; myStep(x, hPrev, w))             // shows the verdict
 *   ElmanCheck.bptt(myBptt).require();                                       // throws CheckFailed (graded cells)
 * </pre>
 * Checks: {@link rnnlab.check.ElmanCheck} (step, unrolling, the lecture's toy example, step backward, BPTT,
 * truncated BPTT), {@link rnnlab.check.LstmCheck} (step forward, peepholes, the lecture's p.19 and p.20–25 numbers,
 * step backward), {@link rnnlab.check.ClipCheck} (by norm, by value), {@link rnnlab.check.SentimentCheck} (bag of
 * words, many-to-one forward, a trained classifier's accuracy by kind of sentence, a tagger's F1);
 * {@link rnnlab.check.OrderSentiment} is homework 5's data. Library code here never prints.
 */
package rnnlab.check;
