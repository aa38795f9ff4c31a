package rnnlab.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import rnnlab.cells.LSTM;
import rnnlab.core.Matrix;
import rnnlab.eval.ConfusionMatrix;
import rnnlab.eval.LabelReport;
import rnnlab.train.History;

/**
 * One static call per plot — the facade over the plot classes of this package, each of which holds one concept:
 * {@link TrainingCurves} (loss and metrics per epoch), {@link Heatmaps} (values over time), {@link LstmPlots}
 * (gates, memory, one cell's trace), {@link GradientPlots} (gradients over time, y = w⁹⁹⁹), {@link SurfacePlots}
 * (loss surfaces and descent paths), {@link EvalPlots} (confusion matrix, F1 per slot), {@link Pictures} (PNG, SVG,
 * files) and {@link Diagrams} (drawings of the networks). Each call takes plain data and returns the XChart chart
 * (restyle it with {@code chart.getStyler()}, retitle it with {@code chart.setTitle(..)}), never opening a window;
 * every chart has the project's {@link Style}.
 *
 * <p>Shape conventions (T = time steps, H = units):
 * <ul>
 *   <li>per-step vectors are {@code double[T][H]}: row t is the vector at step t+1 (the layout of a tape's
 *       {@code h[1..T]}; drop {@code h[0]}, the initial state, before plotting);</li>
 *   <li>per-epoch series are {@code double[epochs]}: entry k is epoch k+1 (NaN = not measured that epoch);</li>
 *   <li>named series are {@code Map<String, double[]>}; iteration order is legend order (use a LinkedHashMap).</li>
 * </ul>
 *
 * <pre>
 *   var c = Plots.hiddenStates(h, List.of("arrive", "Taipei", "on", "November", "2nd"));
 *   Plots.save(c, Path.of("hidden.png"));        // or .svg
 * </pre>
 */
public final class Plots {
    private Plots() {}

    /** {@link TrainingCurves#lossCurves(double[], double[])} */
    public static XYChart lossCurves(double[] trainLoss, double[] devLoss) {
        return TrainingCurves.lossCurves(trainLoss, devLoss);
    }

    /** {@link TrainingCurves#metricCurves(Map)} */
    public static XYChart metricCurves(Map<String, double[]> metricsByName) {
        return TrainingCurves.metricCurves(metricsByName);
    }

    /** {@link TrainingCurves#curves(String, String, Map)} */
    public static XYChart curves(String title, String yAxisTitle, Map<String, double[]> seriesByName) {
        return TrainingCurves.curves(title, yAxisTitle, seriesByName);
    }

    /** {@link TrainingCurves#lossCurves(History)} */
    public static XYChart lossCurves(History history) {
        return TrainingCurves.lossCurves(history);
    }

    /** {@link TrainingCurves#metricCurves(History)} */
    public static XYChart metricCurves(History history) {
        return TrainingCurves.metricCurves(history);
    }

    /** {@link Heatmaps#hiddenStates(double[][], List)} */
    public static HeatMapChart hiddenStates(double[][] statesByStep, List<String> tokens) {
        return Heatmaps.hiddenStates(statesByStep, tokens);
    }

    /** {@link Heatmaps#unitsOverTime(String, double[][], List, String, Color[], double, double)} */
    public static HeatMapChart unitsOverTime(String title, double[][] valuesByStep, List<String> tokens, String unitName, Color[] colorMap, double min, double max) {
        return Heatmaps.unitsOverTime(title, valuesByStep, tokens, unitName, colorMap, min, max);
    }

    /** {@link Heatmaps#heatmap(String, double[][], List, List, Color[], double, double)} */
    public static HeatMapChart heatmap(String title, double[][] values, List<String> colLabels, List<String> rowLabels, Color[] colorMap, double min, double max) {
        return Heatmaps.heatmap(title, values, colLabels, rowLabels, colorMap, min, max);
    }

    /** {@link Heatmaps#heatValue(HeatMapChart, int, int)} */
    public static double heatValue(HeatMapChart chart, int row, int col) {
        return Heatmaps.heatValue(chart, row, col);
    }

    /** {@link Heatmaps#heatColumns(HeatMapChart)} */
    public static List<String> heatColumns(HeatMapChart chart) {
        return Heatmaps.heatColumns(chart);
    }

    /** {@link Heatmaps#heatRows(HeatMapChart)} */
    public static List<String> heatRows(HeatMapChart chart) {
        return Heatmaps.heatRows(chart);
    }

    /** {@link Heatmaps#hiddenStates(Matrix[], int, List)} */
    public static HeatMapChart hiddenStates(Matrix[] outputsByTime, int batchRow, List<String> tokens) {
        return Heatmaps.hiddenStates(outputsByTime, batchRow, tokens);
    }

    /** {@link LstmPlots#lstmGates(double[][], double[][], double[][], double[][], List)} */
    public static ChartGrid lstmGates(double[][] inputGate, double[][] forgetGate, double[][] outputGate, double[][] cell, List<String> tokens) {
        return LstmPlots.lstmGates(inputGate, forgetGate, outputGate, cell, tokens);
    }

    /** {@link LstmPlots#lstmCellTrace(double[], double[], double[], double[], double[], double[], List)} */
    public static ChartGrid lstmCellTrace(double[] cellInput, double[] inputGate, double[] forgetGate, double[] outputGate, double[] memory, double[] output, List<String> tokens) {
        return LstmPlots.lstmCellTrace(cellInput, inputGate, forgetGate, outputGate, memory, output, tokens);
    }

    /** {@link LstmPlots#stepTrace(String, String, Map, List)} */
    public static XYChart stepTrace(String title, String yAxisTitle, Map<String, double[]> seriesByName, List<String> tokens) {
        return LstmPlots.stepTrace(title, yAxisTitle, seriesByName, tokens);
    }

    /** {@link LstmPlots#lstmGates(LSTM.Tape, int, List)} */
    public static ChartGrid lstmGates(LSTM.Tape tape, int batchRow, List<String> tokens) {
        return LstmPlots.lstmGates(tape, batchRow, tokens);
    }

    /** {@link LstmPlots#lstmCellTrace(LSTM.Tape, int, int, List)} */
    public static ChartGrid lstmCellTrace(LSTM.Tape tape, int batchRow, int unit, List<String> tokens) {
        return LstmPlots.lstmCellTrace(tape, batchRow, unit, tokens);
    }

    /** {@link LstmPlots#lstmGates(rnnlab.cells.LayerTrace, int, List)} */
    public static ChartGrid lstmGates(rnnlab.cells.LayerTrace trace, int batchRow, List<String> tokens) {
        return LstmPlots.lstmGates(trace, batchRow, tokens);
    }

    /** {@link LstmPlots#lstmCellTrace(rnnlab.cells.LayerTrace, int, int, List)} */
    public static ChartGrid lstmCellTrace(rnnlab.cells.LayerTrace trace, int batchRow, int unit, List<String> tokens) {
        return LstmPlots.lstmCellTrace(trace, batchRow, unit, tokens);
    }

    /** {@link GradientPlots#gradientNorms(Map)} */
    public static XYChart gradientNorms(Map<String, double[]> normsByModel) {
        return GradientPlots.gradientNorms(normsByModel);
    }

    /** {@link GradientPlots#powersOfTenAxis(XYChart)} */
    public static void powersOfTenAxis(XYChart chart) {
        GradientPlots.powersOfTenAxis(chart);
    }

    /** {@link GradientPlots#log10OrNaN(double[])} */
    public static double[] log10OrNaN(double[] v) {
        return GradientPlots.log10OrNaN(v);
    }

    /** {@link GradientPlots#powerOfW()} */
    public static XYChart powerOfW() {
        return GradientPlots.powerOfW();
    }

    /** {@link GradientPlots#powerOfW(int, double, double, int)} */
    public static XYChart powerOfW(int steps, double wMin, double wMax, int points) {
        return GradientPlots.powerOfW(steps, wMin, wMax, points);
    }

    /** {@link SurfacePlots#lossSurface(double[][], double[], double[], Map)} */
    public static SurfaceChart lossSurface(double[][] loss, double[] w1, double[] w2, Map<String, List<double[]>> paths) {
        return SurfacePlots.lossSurface(loss, w1, w2, paths);
    }

    /** {@link SurfacePlots#lossSurface(DoubleBinaryOperator, double, double, double, double, int, Map)} */
    public static SurfaceChart lossSurface(DoubleBinaryOperator loss, double w1Min, double w1Max, double w2Min, double w2Max, int n, Map<String, List<double[]>> paths) {
        return SurfacePlots.lossSurface(loss, w1Min, w1Max, w2Min, w2Max, n, paths);
    }

    /** {@link SurfacePlots#addPath(XYChart, String, List)} */
    public static XYSeries addPath(XYChart chart, String name, List<double[]> points) {
        return SurfacePlots.addPath(chart, name, points);
    }

    /** {@link SurfacePlots#grid(DoubleBinaryOperator, double[], double[])} */
    public static double[][] grid(DoubleBinaryOperator loss, double[] w1, double[] w2) {
        return SurfacePlots.grid(loss, w1, w2);
    }

    /** {@link SurfacePlots#linspace(double, double, int)} */
    public static double[] linspace(double a, double b, int n) {
        return SurfacePlots.linspace(a, b, n);
    }

    /** {@link EvalPlots#confusionMatrix(int[][], String[])} */
    public static HeatMapChart confusionMatrix(int[][] counts, String[] labels) {
        return EvalPlots.confusionMatrix(counts, labels);
    }

    /** {@link EvalPlots#confusionMatrix(int[][], String[], boolean)} */
    public static HeatMapChart confusionMatrix(int[][] counts, String[] labels, boolean normalizeRows) {
        return EvalPlots.confusionMatrix(counts, labels, normalizeRows);
    }

    /** {@link EvalPlots#f1Bars(String[], double[])} */
    public static CategoryChart f1Bars(String[] labels, double[] f1) {
        return EvalPlots.f1Bars(labels, f1);
    }

    /** {@link EvalPlots#confusionMatrix(ConfusionMatrix)} */
    public static HeatMapChart confusionMatrix(ConfusionMatrix m) {
        return EvalPlots.confusionMatrix(m);
    }

    /** {@link EvalPlots#confusionMatrix(ConfusionMatrix, boolean)} */
    public static HeatMapChart confusionMatrix(ConfusionMatrix m, boolean normalizeRows) {
        return EvalPlots.confusionMatrix(m, normalizeRows);
    }

    /** {@link EvalPlots#f1Bars(LabelReport)} */
    public static CategoryChart f1Bars(LabelReport report) {
        return EvalPlots.f1Bars(report);
    }

    /** {@link Pictures#toImage(Chart)} */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        return Pictures.toImage(chart);
    }

    /** {@link Pictures#png(Chart)} */
    public static byte[] png(Chart<?, ?> chart) {
        return Pictures.png(chart);
    }

    /** {@link Pictures#svg(Chart)} */
    public static String svg(Chart<?, ?> chart) {
        return Pictures.svg(chart);
    }

    /** {@link Pictures#save(Chart, Path)} */
    public static Path save(Chart<?, ?> chart, Path file) {
        return Pictures.save(chart, file);
    }

    /** {@link Pictures#save(ChartGrid, Path)} */
    public static Path save(ChartGrid grid, Path file) {
        return Pictures.save(grid, file);
    }

    /** {@link Pictures#save(BufferedImage, Path)} */
    public static Path save(BufferedImage image, Path file) {
        return Pictures.save(image, file);
    }

    /** {@link Pictures#imgTag(BufferedImage, String)} */
    public static String imgTag(BufferedImage img, String alt) {
        return Pictures.imgTag(img, alt);
    }

    /** {@link Pictures#save(Diagram, Path)} */
    public static Path save(Diagram diagram, Path file) {
        return Pictures.save(diagram, file);
    }
}
