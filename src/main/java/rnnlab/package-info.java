/** RNN Lab: {@link rnnlab.RNN} has one-line factories for the common networks; {@link rnnlab.RnnLab} the version. */
package rnnlab;
