package rnnlab.core;

/**
 * The named column blocks of a gated cell's stacked parameters, in the order the cells store them.
 * <pre>
 *   LSTM  W n×4H, U H×4H, P H×4H, b 1×4H    columns [ z | zi | zf | zo ]   (Z, INPUT, FORGET, OUTPUT)
 *   GRU   W n×3H, b 1×3H                    columns [ z | r | n ]           (UPDATE, RESET, CANDIDATE)
 * </pre>
 * Use with {@link Matrix#block(Gate)} and {@link Matrix#setBlock(Gate, Matrix)}: {@code lstm.b.value.block(Gate.FORGET)}
 * is the forget gate's bias (1×H) for any H. The GRU's recurrent gate weights {@code Uzr} have two blocks
 * [Uz | Ur]: use {@link Matrix#block(int, int)} with 2 blocks there.
 */
public enum Gate {
    /** LSTM block 0: the cell input z, activated by g. */
    Z(0, 4, "cell input z"),
    /** LSTM block 1: the input gate zi. */
    INPUT(1, 4, "input gate zi"),
    /** LSTM block 2: the forget gate zf (open ≈ 1 keeps the memory). */
    FORGET(2, 4, "forget gate zf"),
    /** LSTM block 3: the output gate zo. */
    OUTPUT(3, 4, "output gate zo"),
    /** GRU block 0: the update gate z (z ≈ 1 keeps the old state). */
    UPDATE(0, 3, "update gate z"),
    /** GRU block 1: the reset gate r. */
    RESET(1, 3, "reset gate r"),
    /** GRU block 2: the candidate state n. */
    CANDIDATE(2, 3, "candidate n");

    /** Position of the block among the cell's blocks. */
    public final int index;
    /** How many equal blocks the cell stacks side by side (4 for the LSTM, 3 for the GRU). */
    public final int blocks;
    /** What the block is, in the lecture's words. */
    public final String description;

    Gate(int index, int blocks, String description) {
        this.index = index;
        this.blocks = blocks;
        this.description = description;
    }
}
