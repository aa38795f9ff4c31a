/**
 * The command line: {@code java -jar lib/rnnlab.jar train|eval|tag|generate …} (or {@code bin/rnnlab …}). See
 * {@link rnnlab.cli.Main} and {@code docs/cli.md}. The only package besides progress reporters that prints.
 */
package rnnlab.cli;
