/**
 * Plots that show what happens inside a recurrent network: hidden states, LSTM gates and memory, gradient norms over
 * time, loss surfaces with gradient-descent paths, training curves, confusion matrices.
 *
 * <p>Every plot is one static call on {@link rnnlab.viz.Plots} taking plain data ({@code double[][]},
 * {@code double[]}, token lists, label arrays, maps of named series) and returning the XChart chart object, so a user
 * can restyle it before showing or saving it. Nothing here opens a window: charts render headless to a
 * {@link java.awt.image.BufferedImage} ({@link rnnlab.viz.Plots#toImage}) or to PNG/SVG files
 * ({@link rnnlab.viz.Plots#save}). {@link rnnlab.viz.LiveChart} keeps a training curve that re-renders after each
 * epoch; {@link rnnlab.viz.TokenColors} colours tokens in an HTML fragment without JavaScript.
 *
 * <p>Colour maps ({@link rnnlab.viz.ColorMaps}): sequential <i>viridis</i> for values in [0, 1] such as gate
 * activations and counts; diverging blue–white–red for signed values such as hidden states in [-1, 1].
 *
 * <p>This is an edge package: XChart appears here and in the other edges, never in the numeric core.
 */
package rnnlab.viz;
