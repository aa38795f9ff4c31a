package rnnlab.reference;

import static rnnlab.core.Gate.FORGET;
import static rnnlab.core.Gate.INPUT;
import static rnnlab.core.Gate.OUTPUT;
import static rnnlab.core.Gate.Z;

import java.util.List;
import java.util.SplittableRandom;

import rnnlab.cells.LSTM;
import rnnlab.core.Activation;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * LSTM cell (lecture p.17–31), one step at a time, in the lecture's notation (slide p.18; peepholes p.30).
 * <pre>
 *   z  = xᵗ·Wz + hᵗ⁻¹·Uz (+ cᵗ⁻¹·Pz) + bz        and zi, zf, zo the same with their own blocks
 *   c  = g(z) f(zi) + cᵗ⁻¹ f(zf)                 the new memory (the slide's c′)
 *   a  = h(c) f(zo)                              the output, also hᵗ, the memory read at the next step
 *
 *   W = [Wz|Wi|Wf|Wo] n×4H   U H×4H   P H×4H (peephole only)   b 1×4H   blocks in the lecture's order
 * </pre>
 * Same parameter names and layout as the fast {@link LSTM}, so their gradients compare entry by entry.
 */
public final class LSTMCell implements Cell<LSTMCell.Step> {
    /** Input weights, blocks [z | zi | zf | zo] (n×4H). */
    public final Param W;
    /** Recurrent weights (H×4H). */
    public final Param U;
    /** Peephole weights (H×4H), null without peepholes. */
    public final Param P;
    /** Bias (1×4H). */
    public final Param b;
    /** The settings: g, h, the gate function f, peepholes. */
    public final LSTM.Config config;
    private final Params params = new Params();

    /**
     * Every quantity of one step, with the lecture's names. All B×H.
     *
     * @param x     xᵗ (B×n)
     * @param hPrev hᵗ⁻¹, the previous output
     * @param cPrev cᵗ⁻¹, the previous memory
     * @param z     the cell input before g
     * @param zi    the input gate before f
     * @param zf    the forget gate before f
     * @param zo    the output gate before f
     * @param gz    g(z)
     * @param fzi   f(zi), the input gate
     * @param fzf   f(zf), the forget gate (open ≈ 1 keeps the memory)
     * @param fzo   f(zo), the output gate
     * @param c     the new memory c = g(z) f(zi) + cᵗ⁻¹ f(zf)
     * @param hc    h(c)
     * @param a     the output a = h(c) f(zo) (= hᵗ)
     */
    public record Step(Matrix x, Matrix hPrev, Matrix cPrev, Matrix z, Matrix zi, Matrix zf, Matrix zo, Matrix gz,
                       Matrix fzi, Matrix fzf, Matrix fzo, Matrix c, Matrix hc, Matrix a) implements Cell.Step {
        @Override public List<Matrix> state() {
            return List.of(a, c);
        }
    }

    /** @param dhPrev ∂L/∂hᵗ⁻¹   @param dcPrev ∂L/∂cᵗ⁻¹   @param dx ∂L/∂xᵗ */
    public record Grads(Matrix dhPrev, Matrix dcPrev, Matrix dx) {}

    /** A cell with weights drawn as the fast {@link LSTM} draws them from the same generator. */
    public LSTMCell(LSTM.Config config, SplittableRandom rng) {
        this.config = config;
        int n = config.inputSize(), H = config.hidden();
        W = params.add(new Param("W", n, 4 * H));
        U = params.add(new Param("U", H, 4 * H));
        P = config.peephole() ? params.add(new Param("P", H, 4 * H)) : null;
        b = params.add(new Param("b", 1, 4 * H));
        Init.fanIn(W.value, H, rng);
        Init.fanIn(U.value, H, rng);
        if (P != null) {
            Init.fanIn(P.value, H, rng);
        }
        b.value.fillBlock(FORGET, config.forgetBias());
    }

    /** One step forward. */
    public Step forward(Matrix x, Matrix hPrev, Matrix cPrev) {
        Activation g = config.cellInput(), h = config.cellOutput(), f = config.gate();
        Matrix pre = x.matmul(W.value).plus(hPrev.matmul(U.value));   // [z|zi|zf|zo] = xᵗW + hᵗ⁻¹U
        if (P != null) {
            pre = pre.plus(cPrev.matmul(P.value));                    //   + cᵗ⁻¹P   (peephole, p.30)
        }
        pre = pre.plusRow(b.value);                                   //   + b
        Matrix z = pre.block(Z), zi = pre.block(INPUT), zf = pre.block(FORGET), zo = pre.block(OUTPUT);
        Matrix gz = z.map(g);                                         // g(z)
        Matrix fzi = zi.map(f);                                       // f(zi)   input gate
        Matrix fzf = zf.map(f);                                       // f(zf)   forget gate
        Matrix fzo = zo.map(f);                                       // f(zo)   output gate
        Matrix c = gz.times(fzi).plus(cPrev.times(fzf));              // c′ = g(z)f(zi) + c f(zf)
        Matrix hc = c.map(h);                                         // h(c′)
        Matrix a = hc.times(fzo);                                     // a = h(c′) f(zo)
        return new Step(x, hPrev, cPrev, z, zi, zf, zo, gz, fzi, fzf, fzo, c, hc, a);
    }

    /**
     * One step back. {@code dh} = ∂L/∂hᵗ (this step's output loss and step t+1), {@code dc} = ∂L/∂cᵗ from step t+1.
     * Adds into the gradients.
     */
    public Grads backward(Step s, Matrix dh, Matrix dc) {
        Activation g = config.cellInput(), h = config.cellOutput(), f = config.gate();
        Matrix dFzo = dh.times(s.hc());                                         // ∂f(zo) = ∂a ⊙ h(c)
        Matrix dC = dc.plus(dh.times(s.fzo()).times(s.c().mapDerivative(h, s.hc()))); // ∂c = ∂cᵗ⁺¹ + ∂a ⊙ f(zo) ⊙ h'(c)
        Matrix dGz = dC.times(s.fzi());                                         // ∂g(z)  = ∂c ⊙ f(zi)
        Matrix dFzi = dC.times(s.gz());                                         // ∂f(zi) = ∂c ⊙ g(z)
        Matrix dFzf = dC.times(s.cPrev());                                      // ∂f(zf) = ∂c ⊙ cᵗ⁻¹
        Matrix delta = Matrix.concat(
                dGz.times(s.z().mapDerivative(g, s.gz())),                      // δz  = ∂g(z)  ⊙ g'(z)
                dFzi.times(s.zi().mapDerivative(f, s.fzi())),                   // δzi = ∂f(zi) ⊙ f'(zi)
                dFzf.times(s.zf().mapDerivative(f, s.fzf())),                   // δzf = ∂f(zf) ⊙ f'(zf)
                dFzo.times(s.zo().mapDerivative(f, s.fzo())));                  // δzo = ∂f(zo) ⊙ f'(zo)
        W.addToGrad(s.x().transpose().matmul(delta));                           // ∂W += xᵗᵀ·δ
        U.addToGrad(s.hPrev().transpose().matmul(delta));                       // ∂U += hᵗ⁻¹ᵀ·δ
        if (P != null) {
            P.addToGrad(s.cPrev().transpose().matmul(delta));                   // ∂P += cᵗ⁻¹ᵀ·δ
        }
        b.addToGrad(delta.sumRows());                                           // ∂b += Σ_rows δ
        Matrix dhPrev = delta.matmul(U.value.transpose());                      // ∂hᵗ⁻¹ = δ·Uᵀ
        Matrix dcPrev = dC.times(s.fzf());                                      // ∂cᵗ⁻¹ = ∂c ⊙ f(zf)
        if (P != null) {
            dcPrev = delta.matmul(P.value.transpose()).plus(dcPrev);            //        + δ·Pᵀ
        }
        Matrix dx = delta.matmul(W.value.transpose());                          // ∂xᵗ = δ·Wᵀ
        return new Grads(dhPrev, dcPrev, dx);
    }

    @Override public Step step(Matrix x, List<Matrix> prev) {
        return forward(x, prev.get(0), prev.get(1));
    }

    @Override public Back stepBack(Step s, List<Matrix> dState) {
        Grads gr = backward(s, dState.get(0), dState.get(1));
        return new Back(List.of(gr.dhPrev(), gr.dcPrev()), gr.dx());
    }

    @Override public int inputSize() {
        return config.inputSize();
    }

    @Override public int outputSize() {
        return config.hidden();
    }

    @Override public Params params() {
        return params;
    }

    @Override public List<String> stateNames() {
        return List.of("h0", "c0");
    }

    @Override public List<Integer> stateSizes() {
        return List.of(outputSize(), outputSize());
    }

    @Override public String toString() {
        return "LSTMCell(" + config + ")";
    }
}
