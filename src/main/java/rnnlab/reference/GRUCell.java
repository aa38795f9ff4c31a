package rnnlab.reference;

import static rnnlab.core.Activation.SIGMOID;
import static rnnlab.core.Activation.TANH;
import static rnnlab.core.Gate.CANDIDATE;
import static rnnlab.core.Gate.RESET;
import static rnnlab.core.Gate.UPDATE;

import java.util.List;
import java.util.SplittableRandom;

import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * GRU cell (Cho et al. 2014; lecture Part II p.37), one step at a time.
 * <pre>
 *   zᵗ = σ(xᵗ·Wz + hᵗ⁻¹·Uz + bz)                update gate
 *   rᵗ = σ(xᵗ·Wr + hᵗ⁻¹·Ur + br)                reset gate
 *   nᵗ = tanh(xᵗ·Wn + (rᵗ ⊙ hᵗ⁻¹)·Un + bn)       candidate
 *   hᵗ = zᵗ ⊙ hᵗ⁻¹ + (1 − zᵗ) ⊙ nᵗ
 *
 *   W = [Wz|Wr|Wn] n×3H   Uzr = [Uz|Ur] H×2H   Un H×H   b = [bz|br|bn] 1×3H   (as the fast GRU)
 * </pre>
 */
public final class GRUCell implements Cell<GRUCell.Step> {
    /** Input weights [Wz | Wr | Wn] (n×3H). */
    public final Param W;
    /** Recurrent weights of the gates [Uz | Ur] (H×2H). */
    public final Param Uzr;
    /** Recurrent weights of the candidate (H×H). */
    public final Param Un;
    /** Biases [bz | br | bn] (1×3H). */
    public final Param b;
    private final Params params = new Params();

    /**
     * Every quantity of one step; all B×H except x.
     *
     * @param x     xᵗ (B×n)
     * @param hPrev hᵗ⁻¹
     * @param z     update gate zᵗ
     * @param r     reset gate rᵗ
     * @param rh    rᵗ ⊙ hᵗ⁻¹
     * @param n     candidate nᵗ
     * @param h     new state hᵗ
     */
    public record Step(Matrix x, Matrix hPrev, Matrix z, Matrix r, Matrix rh, Matrix n, Matrix h)
            implements Cell.Step {
        @Override public List<Matrix> state() {
            return List.of(h);
        }
    }

    /** @param dhPrev ∂L/∂hᵗ⁻¹   @param dx ∂L/∂xᵗ */
    public record Grads(Matrix dhPrev, Matrix dx) {}

    /** A cell with weights drawn as the fast {@link rnnlab.cells.GRU} draws them from the same generator. */
    public GRUCell(int inputSize, int hidden, SplittableRandom rng) {
        W = params.add(new Param("W", inputSize, 3 * hidden));
        Uzr = params.add(new Param("Uzr", hidden, 2 * hidden));
        Un = params.add(new Param("Un", hidden, hidden));
        b = params.add(new Param("b", 1, 3 * hidden));
        Init.fanIn(W.value, hidden, rng);
        Init.fanIn(Uzr.value, hidden, rng);
        Init.fanIn(Un.value, hidden, rng);
        Init.fanIn(b.value, hidden, rng);
    }

    /** One step forward. */
    public Step forward(Matrix x, Matrix hPrev) {
        Matrix Uz = Uzr.value.block(0, 2), Ur = Uzr.value.block(1, 2);
        Matrix z = x.matmul(W.value.block(UPDATE)).plus(hPrev.matmul(Uz)).plusRow(b.value.block(UPDATE))
                .map(SIGMOID);                                                   // zᵗ = σ(xᵗWz + hᵗ⁻¹Uz + bz)
        Matrix r = x.matmul(W.value.block(RESET)).plus(hPrev.matmul(Ur)).plusRow(b.value.block(RESET))
                .map(SIGMOID);                                                   // rᵗ = σ(xᵗWr + hᵗ⁻¹Ur + br)
        Matrix rh = r.times(hPrev);                                              // rᵗ ⊙ hᵗ⁻¹
        Matrix n = x.matmul(W.value.block(CANDIDATE)).plus(rh.matmul(Un.value)).plusRow(b.value.block(CANDIDATE))
                .map(TANH);                                                      // nᵗ = tanh(xᵗWn + (r⊙h)Un + bn)
        Matrix h = z.times(hPrev).plus(z.oneMinus().times(n));                   // hᵗ = z⊙hᵗ⁻¹ + (1−z)⊙n
        return new Step(x, hPrev, z, r, rh, n, h);
    }

    /** One step back, given dh = ∂L/∂hᵗ (this step's output loss and step t+1). Adds into the gradients. */
    public Grads backward(Step s, Matrix dh) {
        Matrix dz = dh.times(s.hPrev().minus(s.n()));                            // ∂z = ∂h ⊙ (hᵗ⁻¹ − n)
        Matrix dn = dh.times(s.z().oneMinus());                                  // ∂n = ∂h ⊙ (1 − z)
        Matrix dzPre = dz.times(s.z().mapDerivative(SIGMOID, s.z()));            // δz = ∂z ⊙ σ'
        Matrix dnPre = dn.times(s.n().mapDerivative(TANH, s.n()));               // δn = ∂n ⊙ (1 − n²)
        Matrix dRh = dnPre.matmul(Un.value.transpose());                         // ∂(r⊙h) = δn·Unᵀ
        Matrix drPre = dRh.times(s.hPrev()).times(s.r().mapDerivative(SIGMOID, s.r())); // δr = ∂(r⊙h) ⊙ hᵗ⁻¹ ⊙ σ'
        Matrix dzr = Matrix.concat(dzPre, drPre);                                // [δz | δr]
        Matrix delta = Matrix.concat(dzPre, drPre, dnPre);                       // δ = [δz | δr | δn]
        W.addToGrad(s.x().transpose().matmul(delta));                            // ∂W   += xᵗᵀ·δ
        Uzr.addToGrad(s.hPrev().transpose().matmul(dzr));                        // ∂Uzr += hᵗ⁻¹ᵀ·[δz|δr]
        Un.addToGrad(s.rh().transpose().matmul(dnPre));                          // ∂Un  += (r⊙h)ᵀ·δn
        b.addToGrad(delta.sumRows());                                            // ∂b   += Σ_rows δ
        Matrix dhPrev = dzr.matmul(Uzr.value.transpose())                        // ∂hᵗ⁻¹ = [δz|δr]·Uzrᵀ
                .plus(dh.times(s.z()).plus(dRh.times(s.r())));                   //   + ∂h⊙z + ∂(r⊙h)⊙r
        Matrix dx = delta.matmul(W.value.transpose());                           // ∂xᵗ = δ·Wᵀ
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
        return W.value.rows;
    }

    @Override public int outputSize() {
        return Un.value.rows;
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
        return "GRUCell(in=" + inputSize() + ", hidden=" + outputSize() + ")";
    }
}
