/**
 * Tablesaw tables of what happens inside a recurrent network: step-by-step traces (per step: input, gates, memory,
 * output — the lecture's tables), training histories (epoch, losses, metrics) and gradient-check reports.
 *
 * <p>Builders in {@link rnnlab.table.Tables} take plain data (named {@code double[]} columns, row labels) and, where
 * the library type exists, the library object itself. They return a {@link tech.tablesaw.api.Table}, which the
 * notebook glue shows as an HTML table and jshell prints as text; numbers print with 4 significant digits (tiny
 * and huge values in scientific notation), missing values (NaN) print empty.
 *
 * <p>This is an edge package: Tablesaw appears here and in the other edges, never in the numeric core.
 */
package rnnlab.table;
