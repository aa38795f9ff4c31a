package rnnlab.check;

import rnnlab.core.Matrix;

/** One forward step of an LSTM layer (see {@link LstmWeights} for the equations); must not change its arguments. */
@FunctionalInterface
public interface LstmStepForward {
    LstmStep forward(Matrix x, Matrix hPrev, Matrix cPrev, LstmWeights w);
}
