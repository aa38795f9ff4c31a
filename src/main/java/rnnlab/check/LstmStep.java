package rnnlab.check;

import rnnlab.core.Matrix;

/**
 * What one LSTM step computes (each B×H): the cell input g(z), the three gates, the new memory and the output.
 */
public record LstmStep(Matrix g, Matrix i, Matrix f, Matrix o, Matrix c, Matrix h) {}
