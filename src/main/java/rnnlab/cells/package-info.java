/**
 * Recurrent cells, one file each, with the lecture's equations in their Javadoc: {@link rnnlab.cells.Elman},
 * {@link rnnlab.cells.Jordan}, {@link rnnlab.cells.LSTM}, {@link rnnlab.cells.GRU}; and the ways to combine them:
 * {@link rnnlab.cells.Stacked} (deep RNN) and {@link rnnlab.cells.Bidirectional}. Each cell has a one-step API
 * ({@code step}) and a whole-sequence API ({@code forward}/{@code backward}) whose typed tape keeps every step's
 * states and gates for plots and tables.
 */
package rnnlab.cells;
