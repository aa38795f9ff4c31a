package rnnlab.reference;

import java.util.List;
import java.util.SplittableRandom;

import rnnlab.cells.Jordan.Feedback;
import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * Jordan cell (lecture p.15): the memory is the previous OUTPUT. The state handed on is the output oᵗ; the memory
 * read at the next step is mᵗ = softmax(oᵗ) (or oᵗ itself with {@link Feedback#SCORES}).
 * <pre>
 *   mᵗ⁻¹ = softmax(oᵗ⁻¹)      aᵗ = xᵗ·Wi + mᵗ⁻¹·Wh + b      hᵗ = σ(aᵗ)      oᵗ = hᵗ·Wo + bo
 *   Wi n×H   Wh K×H   b 1×H   Wo H×K   bo 1×K
 * </pre>
 */
public final class JordanCell implements Cell<JordanCell.Step> {
    /** Input → hidden (n×H). */
    public final Param Wi;
    /** Memory → hidden (K×H). */
    public final Param Wh;
    /** Hidden bias (1×H). */
    public final Param b;
    /** Hidden → output (H×K). */
    public final Param Wo;
    /** Output bias (1×K). */
    public final Param bo;
    /** σ, the hidden activation. */
    public final Activation sigma;
    /** What the memory holds: softmax(o) or o. */
    public final Feedback feedback;
    private final Params params = new Params();

    /**
     * Every quantity of one step.
     *
     * @param x     xᵗ, B×n
     * @param oPrev oᵗ⁻¹, the previous output scores, B×K
     * @param mPrev mᵗ⁻¹ = softmax(oᵗ⁻¹) (or oᵗ⁻¹), the memory read, B×K
     * @param a     aᵗ, hidden pre-activation, B×H
     * @param h     hᵗ = σ(aᵗ), B×H
     * @param o     oᵗ, the output scores (the state handed on), B×K
     */
    public record Step(Matrix x, Matrix oPrev, Matrix mPrev, Matrix a, Matrix h, Matrix o) implements Cell.Step {
        @Override public List<Matrix> state() {
            return List.of(o);
        }
    }

    /** @param doPrev ∂L/∂oᵗ⁻¹   @param dx ∂L/∂xᵗ */
    public record Grads(Matrix doPrev, Matrix dx) {}

    /** A cell with weights drawn as the fast {@link rnnlab.cells.Jordan} draws them from the same generator. */
    public JordanCell(int inputSize, int hidden, int outputs, Activation sigma, Feedback feedback,
                      SplittableRandom rng) {
        Wi = params.add(new Param("Wi", inputSize, hidden));
        Wh = params.add(new Param("Wh", outputs, hidden));
        b = params.add(new Param("b", 1, hidden));
        Wo = params.add(new Param("Wo", hidden, outputs));
        bo = params.add(new Param("bo", 1, outputs));
        this.sigma = sigma;
        this.feedback = feedback;
        Init.fanIn(Wi.value, hidden, rng);
        Init.fanIn(Wh.value, hidden, rng);
        Init.fanIn(b.value, hidden, rng);
        Init.fanIn(Wo.value, hidden, rng);
    }

    /** One step forward from the previous output scores. */
    public Step forward(Matrix x, Matrix oPrev) {
        Matrix mPrev = feedback == Feedback.SCORES ? oPrev : oPrev.softmaxRows();          // mᵗ⁻¹ = softmax(oᵗ⁻¹)
        Matrix a = x.matmul(Wi.value).plus(mPrev.matmul(Wh.value)).plusRow(b.value);       // aᵗ = xᵗWi + mᵗ⁻¹Wh + b
        Matrix h = a.map(sigma);                                                           // hᵗ = σ(aᵗ)
        Matrix o = h.matmul(Wo.value).plusRow(bo.value);                                   // oᵗ = hᵗWo + bo
        return new Step(x, oPrev, mPrev, a, h, o);
    }

    /** One step back, given dO = ∂L/∂oᵗ (its own loss and the memory read at step t+1). Adds into the gradients. */
    public Grads backward(Step s, Matrix dO) {
        Wo.addToGrad(s.h().transpose().matmul(dO));                       // ∂Wo += hᵗᵀ·∂oᵗ
        bo.addToGrad(dO.sumRows());                                       // ∂bo += Σ_rows ∂oᵗ
        Matrix dh = dO.matmul(Wo.value.transpose());                      // ∂hᵗ = ∂oᵗ·Woᵀ
        Matrix delta = dh.times(s.a().mapDerivative(sigma, s.h()));       // δᵗ = ∂hᵗ ⊙ σ'(aᵗ)
        Wh.addToGrad(s.mPrev().transpose().matmul(delta));                // ∂Wh += mᵗ⁻¹ᵀ·δᵗ
        Wi.addToGrad(s.x().transpose().matmul(delta));                    // ∂Wi += xᵗᵀ·δᵗ
        b.addToGrad(delta.sumRows());                                     // ∂b  += Σ_rows δᵗ
        Matrix dm = delta.matmul(Wh.value.transpose());                   // ∂mᵗ⁻¹ = δᵗ·Whᵀ
        Matrix doPrev = feedback == Feedback.SCORES ? dm                  // through softmax:
                : s.mPrev().times(dm.minus(dm.times(s.mPrev()).sumColumns().repeatColumns(dm.cols))); // m⊙(∂m − Σ∂m⊙m)
        Matrix dx = delta.matmul(Wi.value.transpose());                   // ∂xᵗ = δᵗ·Wiᵀ
        return new Grads(doPrev, dx);
    }

    @Override public Step step(Matrix x, List<Matrix> prev) {
        return forward(x, prev.get(0));
    }

    @Override public Back stepBack(Step s, List<Matrix> dState) {
        Grads g = backward(s, dState.get(0));
        return new Back(List.of(g.doPrev()), g.dx());
    }

    @Override public int inputSize() {
        return Wi.value.rows;
    }

    @Override public int outputSize() {
        return Wo.value.cols;
    }

    @Override public Params params() {
        return params;
    }

    @Override public List<String> stateNames() {
        return List.of("o0");
    }

    @Override public List<Integer> stateSizes() {
        return List.of(outputSize());
    }

    @Override public String toString() {
        return "JordanCell(in=" + inputSize() + ", hidden=" + Wi.value.cols + ", out=" + outputSize() + ", σ="
                + sigma + ", feedback=" + feedback + ")";
    }
}
