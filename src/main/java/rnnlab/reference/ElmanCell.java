package rnnlab.reference;

import java.util.List;
import java.util.SplittableRandom;

import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * Elman cell (lecture p.8–15), one step at a time. Row vectors: a batch of B inputs is B×n.
 * <pre>
 *   aᵗ = xᵗ·Wi + hᵗ⁻¹·Wh + b        hᵗ = σ(aᵗ)          Wi n×H, Wh H×H, b 1×H
 * </pre>
 */
public final class ElmanCell implements Cell<ElmanCell.Step> {
    /** Input → hidden weights (n×H). */
    public final Param Wi;
    /** Memory → hidden weights (H×H). */
    public final Param Wh;
    /** Bias (1×H). */
    public final Param b;
    /** σ, the hidden activation. */
    public final Activation sigma;
    private final Params params = new Params();

    /**
     * Every quantity of one step.
     *
     * @param x     xᵗ, B×n
     * @param hPrev hᵗ⁻¹, the memory read, B×H
     * @param a     aᵗ, the pre-activation, B×H
     * @param h     hᵗ = σ(aᵗ), output and next memory, B×H
     */
    public record Step(Matrix x, Matrix hPrev, Matrix a, Matrix h) implements Cell.Step {
        @Override public List<Matrix> state() {
            return List.of(h);
        }
    }

    /** @param dhPrev ∂L/∂hᵗ⁻¹   @param dx ∂L/∂xᵗ */
    public record Grads(Matrix dhPrev, Matrix dx) {}

    /** A cell with weights drawn as the fast {@link rnnlab.cells.Elman} draws them from the same generator. */
    public ElmanCell(int inputSize, int hidden, Activation sigma, SplittableRandom rng) {
        Wi = params.add(new Param("Wi", inputSize, hidden));
        Wh = params.add(new Param("Wh", hidden, hidden));
        b = params.add(new Param("b", 1, hidden));
        this.sigma = sigma;
        Init.fanIn(Wi.value, hidden, rng);
        Init.fanIn(Wh.value, hidden, rng);
        Init.fanIn(b.value, hidden, rng);
    }

    /** One step forward. */
    public Step forward(Matrix x, Matrix hPrev) {
        Matrix a = x.matmul(Wi.value).plus(hPrev.matmul(Wh.value)).plusRow(b.value); // aᵗ = xᵗWi + hᵗ⁻¹Wh + b
        Matrix h = a.map(sigma);                                                      // hᵗ = σ(aᵗ)
        return new Step(x, hPrev, a, h);
    }

    /** One step back, given dh = ∂L/∂hᵗ (from this step's output and from step t+1). Adds into the gradients. */
    public Grads backward(Step s, Matrix dh) {
        Matrix delta = dh.times(s.a().mapDerivative(sigma, s.h()));  // δᵗ = ∂L/∂aᵗ = ∂L/∂hᵗ ⊙ σ'(aᵗ)
        Wi.addToGrad(s.x().transpose().matmul(delta));              // ∂Wi += xᵗᵀ·δᵗ
        Wh.addToGrad(s.hPrev().transpose().matmul(delta));          // ∂Wh += hᵗ⁻¹ᵀ·δᵗ
        b.addToGrad(delta.sumRows());                               // ∂b  += Σ_rows δᵗ
        Matrix dhPrev = delta.matmul(Wh.value.transpose());         // ∂L/∂hᵗ⁻¹ = δᵗ·Whᵀ
        Matrix dx = delta.matmul(Wi.value.transpose());             // ∂L/∂xᵗ  = δᵗ·Wiᵀ
        return new Grads(dhPrev, dx);
    }

    @Override public Step step(Matrix x, List<Matrix> prev) {
        return forward(x, prev.get(0));
    }

    @Override public Back stepBack(Step s, List<Matrix> dState) {
        Grads g = backward(s, dState.get(0));
        return new Back(List.of(g.dhPrev()), g.dx());
    }

    @Override public int inputSize() {
        return Wi.value.rows;
    }

    @Override public int outputSize() {
        return Wi.value.cols;
    }

    @Override public Params params() {
        return params;
    }

    @Override public List<String> stateNames() {
        return List.of("h0");
    }

    @Override public List<Integer> stateSizes() {
        return List.of(outputSize());
    }

    @Override public String toString() {
        return "ElmanCell(in=" + inputSize() + ", hidden=" + outputSize() + ", σ=" + sigma + ")";
    }
}
