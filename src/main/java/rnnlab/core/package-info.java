/**
 * The numeric core: dense matrices stored as rows ({@link rnnlab.core.Matrix}), the matrix kernels and their naive
 * twins, named parameters ({@link rnnlab.core.Param}, {@link rnnlab.core.Params}), activations, seeded
 * initialisation and numeric gradient checking ({@link rnnlab.core.GradCheck}). Depends on nothing but the JDK.
 */
package rnnlab.core;
