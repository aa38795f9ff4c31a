package rnnlab.check;

/**
 * The catalogue of typical mistakes the checks recognise. Each entry is a known-wrong variant of the reference
 * computation ({@link ElmanMath}, {@link LstmMath}, {@link ClipMath}, {@link SentimentMath} compute it): when a
 * student's results match a variant on every seeded case, the check names that mistake as the most likely cause.
 *
 * <p>{@link #title} says what the code does; {@link #fix} says what the maths wants.
 */
public enum Mistake {
    // ---- Elman step forward (HW1) ----
    MISSING_ACTIVATION("the activation σ (tanh) is not applied: h = a instead of h = σ(a)",
            "apply the activation to the whole sum: h = σ(x·Wi + hPrev·Wh + b)"),
    TRANSPOSED_WH("the recurrent weights are used transposed (hPrev·Whᵀ instead of hPrev·Wh)",
            "Wh is H×H with rows = memory units: (hPrev·Wh)[j] = Σ_k hPrev[k]·Wh[k][j]"),
    MISSING_RECURRENT_TERM("the recurrent term is missing: hPrev·Wh is not added (the network has no memory)",
            "add hPrev·Wh to the pre-activation: the memory is another input (p.10)"),
    MISSING_BIAS("the bias b is not added", "add b to the pre-activation before σ"),
    BIAS_OUTSIDE_ACTIVATION("the bias is added after the activation: σ(x·Wi + hPrev·Wh) + b",
            "add b inside σ: h = σ(x·Wi + hPrev·Wh + b)"),
    UNROLL_OFF_BY_ONE("off by one time step: the result at step t is the memory before step t (hᵗ⁻¹, not hᵗ)",
            "store the new hidden state hᵗ after computing it, then pass it as the memory of step t+1"),
    UNROLL_MEMORY_NOT_CARRIED("the memory is not carried over: every step reads the initial memory h⁰",
            "after step t, the memory for step t+1 is hᵗ (hPrev = h)"),

    // ---- Elman step backward and BPTT (HW2, HW4) ----
    MISSING_TANH_DERIVATIVE("the tanh' factor is missing: δ = ∂L/∂h instead of δ = ∂L/∂h ⊙ (1 − h²)",
            "backprop through σ first: δ = ∂L/∂h ⊙ σ'(a), and tanh'(a) = 1 − h²"),
    TRANSPOSED_WH_BACKWARD("the recurrent weight is not transposed on the way back: ∂L/∂hᵗ⁻¹ = δ·Wh instead of δ·Whᵀ",
            "∂L/∂hPrev[k] = Σ_j δ[j]·Wh[k][j], i.e. δ·Whᵀ"),
    GRADIENT_OVERWRITTEN("a parameter gradient is overwritten (=) instead of added (+=)",
            "backward ADDS into the gradient buffers: BPTT sums the contributions of all time steps"),
    BIAS_GRAD_NOT_SUMMED("the bias gradient is not summed over the batch: only the first sentence's δ is added",
            "∂L/∂b = Σ over the rows (sentences) of δ"),
    DWH_WITH_CURRENT_STATE("off by one time step in ∂Wh: it uses hᵗ where the forward pass read hᵗ⁻¹",
            "∂L/∂Wh += hPrevᵀ·δ with hPrev the memory the step READ (hᵗ⁻¹)"),
    BPTT_NO_RECURRENT_TERM("BPTT forgets the recurrent term: ∂L/∂hᵗ = dOutᵗ only, nothing flows back from step t+1",
            "∂L/∂hᵗ = dOutᵗ + (what step t+1 returned as ∂L/∂hᵗ): carry dhPrev to the next (earlier) step"),
    BPTT_ZEROED_EACH_STEP("the gradients are reset at every time step, so only the first step's contribution is left",
            "zero the gradient buffers once before BPTT, then let every step add into them"),
    BPTT_WRONG_DIRECTION("BPTT walks forward in time (t = 1..T); the gradient from later steps is never available",
            "loop t = T down to 1: ∂L/∂hᵗ needs what step t+1 sent back"),
    TRUNCATION_IGNORED("truncated BPTT does not cut: the gradient flows over the chunk boundaries",
            "at a chunk boundary (t = k, 2k, … counting from 0) do not pass ∂L/∂hᵗ⁻¹ back to step t−1"),
    TRUNCATION_OFF_BY_ONE("truncated BPTT cuts one step too late: chunks are k+1 steps long",
            "the chunks are steps 0..k−1, k..2k−1, …: cut between step k−1 and step k"),

    // ---- LSTM (HW3) ----
    LSTM_GATE_ORDER("wrong gate order: the blocks of W, U, b are read as [zi | zf | z | zo] (PyTorch's i, f, g, o) "
            + "instead of the lecture's [z | zi | zf | zo]",
            "block 0 (columns 0..H−1) is the cell input z, block 1 the input gate, block 2 the forget gate, block 3 the output gate"),
    LSTM_MEMORY_WRONG_GATE("the old memory goes through the input gate: c = g(z)·f(zi) + cPrev·f(zi)",
            "c = g(z)·f(zi) + cPrev·f(zf): the forget gate decides what is kept (p.18)"),
    LSTM_FORGET_INVERTED("the forget gate is inverted: c = g(z)·f(zi) + cPrev·(1 − f(zf))",
            "an OPEN forget gate (≈1) KEEPS the memory: c = g(z)·f(zi) + cPrev·f(zf) (p.18)"),
    LSTM_OUTPUT_OLD_MEMORY("off by one time step: the output reads the old memory, h = h(cPrev)·f(zo)",
            "the output reads the NEW memory: h = h(c)·f(zo)"),
    LSTM_OUTPUT_MISSING_ACTIVATION("the memory's activation h() is missing in the output: h = c·f(zo)",
            "h = h(c)·f(zo) with h = tanh (linear only in the lecture's example)"),
    LSTM_MISSING_SIGMOID_PRIME_INPUT("the σ' factor of the input gate is missing: δzi = ∂c·g(z)",
            "δzi = ∂c ⊙ g(z) ⊙ σ'(zi), and σ'(zi) = i(1 − i)"),
    LSTM_MISSING_SIGMOID_PRIME_FORGET("the σ' factor of the forget gate is missing: δzf = ∂c·cPrev",
            "δzf = ∂c ⊙ cPrev ⊙ σ'(zf), and σ'(zf) = f(1 − f)"),
    LSTM_MISSING_SIGMOID_PRIME_OUTPUT("the σ' factor of the output gate is missing: δzo = ∂h·h(c)",
            "δzo = ∂h ⊙ h(c) ⊙ σ'(zo), and σ'(zo) = o(1 − o)"),
    LSTM_MISSING_TANH_PRIME_CELL("the h'(c) factor is missing in the memory gradient: ∂c = ∂h·o + ∂cNext",
            "∂c = ∂h ⊙ o ⊙ h'(c) + ∂cNext, with h'(c) = 1 − h(c)² for tanh"),
    LSTM_DC_WRONG_GATE("the memory term of ∂c goes back through the wrong gate: ∂cPrev = ∂c·f(zi)",
            "∂cPrev = ∂c ⊙ f(zf): the old memory entered c through the forget gate"),
    LSTM_DC_NEXT_IGNORED("the gradient arriving in the memory from step t+1 (∂cNext) is ignored",
            "∂c = ∂h ⊙ o ⊙ h'(c) + ∂cNext: the memory is added, so its gradient flows straight through (p.37)"),

    // ---- clipping (HW4) ----
    CLIP_PER_MATRIX("each matrix is clipped by its own norm instead of the global norm of all gradients",
            "‖g‖ = sqrt(Σ over ALL matrices and entries of g²); scale every matrix by the same threshold/‖g‖"),
    CLIP_NORM_NOT_SQUARE_ROOTED("the norm is not square-rooted: Σg² is used as ‖g‖",
            "‖g‖ = sqrt(Σ g²)"),
    CLIP_ALWAYS_SCALED("the gradient is rescaled even when its norm is below the threshold",
            "rescale only if ‖g‖ > threshold; otherwise leave the gradient as it is"),
    CLIP_VALUE_ONE_SIDED("clipping by value only caps positive entries: large negative entries stay",
            "g = max(−c, min(c, g)) for every entry"),
    CLIP_VALUE_LOSES_SIGN("clipping by value sets large entries to +c whatever their sign",
            "a large negative entry becomes −c: g = max(−c, min(c, g))"),

    // ---- many-to-one, bag of words (HW5) ----
    BOW_PRESENCE_NOT_COUNT("the bag of words records presence (0/1) instead of counts",
            "add 1 for every occurrence: \"very very good\" counts \"very\" twice"),
    BOW_INDEX_OFF_BY_ONE("off by one in the bag of words: word i of the vocabulary is counted at position i+1",
            "the count of vocabulary word i goes to features[i]"),
    MANY_TO_ONE_FIRST_STEP("the class is read from the first hidden state h¹ instead of the last hᵀ",
            "many-to-one reads the output once, after the last word: y = softmax(hᵀ·Wo + c)"),
    MANY_TO_ONE_NO_SOFTMAX("the scores are returned without softmax: they are not probabilities",
            "y = softmax(hᵀ·Wo + c): exponentiate and divide by the sum"),
    MANY_TO_ONE_NO_MEMORY("the hidden state is not carried over the words: only the last word is seen",
            "pass hᵗ as the memory of step t+1, from h⁰ = 0 to hᵀ");

    /** What the wrong code does. */
    public final String title;
    /** What the maths wants instead. */
    public final String fix;

    Mistake(String title, String fix) {
        this.title = title;
        this.fix = fix;
    }
}
