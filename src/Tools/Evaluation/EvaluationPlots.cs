using System.Globalization;
using ScottPlot;

namespace StreamAe.Tools.Evaluation;

/// <summary>PNG figures of an evaluation (ScottPlot, rendered headless by SkiaSharp). Each method writes one file and creates its directory.</summary>
public static partial class EvaluationPlots
{
    public const int Width = 900;
    public const int Height = 600;
    private const int HistogramBins = 60;

    /// <summary>One example-window panel; its title (two lines: which window, then row and score) is fitted to the width.</summary>
    public const int ExamplePanelWidth = 360;
    public const int ExamplePanelHeight = 260;
    private const float ExampleTitleSize = 12;
    private static readonly Color NormalColor = Colors.SteelBlue;
    private static readonly Color AnomalyColor = Colors.OrangeRed;

    /// <summary>
    /// Per-class histograms of the scores (each as a fraction of its class, so a small anomaly class stays visible) with
    /// the threshold as a vertical line. The x range ends at the 99.5th percentile of all scores or the threshold, whichever is
    /// larger; scores beyond it are counted in the last bin.
    /// </summary>
    public static void ErrorHistogram(string path, ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous, double threshold)
    {
        if (scores.Length != anomalous.Length || scores.IsEmpty)
        {
            throw new ArgumentException($"Need as many labels as scores, at least one (got {scores.Length} scores, {anomalous.Length} labels).", nameof(anomalous));
        }
        var sorted = scores.ToArray();
        Array.Sort(sorted);
        var low = sorted[0];
        var high = Math.Max(sorted[(int)Math.Floor(0.995 * (sorted.Length - 1))], double.IsFinite(threshold) ? threshold : low);
        if (high <= low)
        {
            high = low + Math.Max(1e-9, Math.Abs(low) * 1e-3);
        }
        var binWidth = (high - low) / HistogramBins;

        var plot = new Plot();
        AddClassHistogram(plot, scores, anomalous, wantAnomalous: false, low, binWidth, NormalColor, "normal");
        AddClassHistogram(plot, scores, anomalous, wantAnomalous: true, low, binWidth, AnomalyColor, "anomalous");
        if (double.IsFinite(threshold))
        {
            var line = plot.Add.VerticalLine(threshold, 2, Colors.Black, LinePattern.Dashed);
            line.LegendText = "threshold " + threshold.ToString("G4", CultureInfo.InvariantCulture);
        }
        plot.Axes.Margins(bottom: 0);
        plot.Title("Reconstruction error by class");
        plot.XLabel("score (reconstruction error)");
        plot.YLabel("fraction of class");
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
    }

    /// <summary>The ROC curve with its area in the title; a note instead when only one class is present.</summary>
    public static void Roc(string path, ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous)
    {
        var (fpr, tpr) = Metrics.RocCurve(scores, anomalous);
        var plot = new Plot();
        if (fpr.Length == 0)
        {
            NotDefined(plot, "ROC curve", "undefined: scores of both classes are needed");
        }
        else
        {
            var curve = plot.Add.ScatterLine(fpr, tpr, NormalColor);
            curve.LineWidth = 2;
            var chance = plot.Add.Line(0, 0, 1, 1);
            chance.LinePattern = LinePattern.Dotted;
            chance.LineColor = Colors.Gray;
            plot.Title("ROC curve, AUC = " + Metrics.RocAuc(scores, anomalous).ToString("F4", CultureInfo.InvariantCulture));
        }
        UnitSquare(plot, "false positive rate", "true positive rate (recall)");
        Save(plot, path);
    }

    /// <summary>The precision–recall curve (as a step plot) with average precision in the title.</summary>
    public static void PrecisionRecall(string path, ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous)
    {
        var (recall, precision) = Metrics.PrCurve(scores, anomalous);
        var plot = new Plot();
        if (recall.Length == 0)
        {
            NotDefined(plot, "Precision–recall", "undefined: no anomalous scores");
        }
        else
        {
            var curve = plot.Add.ScatterLine(recall, precision, AnomalyColor);
            curve.LineWidth = 2;
            curve.ConnectStyle = ConnectStyle.StepVertical;
            var positives = 0;
            foreach (var label in anomalous)
            {
                positives += label ? 1 : 0;
            }
            var baseline = plot.Add.HorizontalLine((double)positives / anomalous.Length, 1, Colors.Gray, LinePattern.Dotted);
            baseline.LegendText = "share of anomalies";
            plot.Title("Precision–recall, average precision = " + Metrics.PrAuc(scores, anomalous).ToString("F4", CultureInfo.InvariantCulture));
        }
        UnitSquare(plot, "recall", "precision");
        Save(plot, path);
    }

    /// <summary>The 2×2 confusion matrix as shaded boxes: counts and the share of the actual class.</summary>
    public static void ConfusionMatrix(string path, BinaryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = new Plot();
        // x: predicted (0 normal, 1 anomalous); y: actual (0 normal, 1 anomalous).
        AddCell(plot, 0, 0, "TN", report.TrueNegatives, report.NNormal);
        AddCell(plot, 1, 0, "FP", report.FalsePositives, report.NNormal);
        AddCell(plot, 0, 1, "FN", report.FalseNegatives, report.NAnomalous);
        AddCell(plot, 1, 1, "TP", report.TruePositives, report.NAnomalous);
        plot.Axes.Bottom.SetTicks([0, 1], ["normal", "anomalous"]);
        plot.Axes.Left.SetTicks([0, 1], ["normal", "anomalous"]);
        plot.Axes.SetLimits(-0.5, 1.5, -0.5, 1.5);
        plot.HideGrid();
        plot.XLabel("predicted");
        plot.YLabel("actual");
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"Confusion matrix at threshold {report.Threshold:G4}\nprecision {report.Precision:F3}, recall {report.Recall:F3}, F1 {report.F1:F3}"), 16);
        Save(plot, path, Height + 50, Height);
    }

    /// <summary>Small multiples: each window's original and reconstruction, in a grid of up to four columns.</summary>
    public static void ExampleWindows(string path, IReadOnlyList<(string Title, float[] Original, float[] Reconstruction)> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
        {
            throw new ArgumentException("Need at least one example window to plot.", nameof(examples));
        }
        var columns = Math.Min(4, examples.Count);
        var rows = (examples.Count + columns - 1) / columns;
        var titleSize = PlotTitles.FittingSize(examples.Select(e => e.Title), ExamplePanelWidth, ExampleTitleSize);
        var multiplot = new Multiplot();
        multiplot.AddPlots(examples.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        for (var i = 0; i < examples.Count; i++)
        {
            var (title, original, reconstruction) = examples[i];
            var plot = multiplot.GetPlot(i);
            var originalLine = plot.Add.ScatterLine(Steps(original.Length), ToDoubles(original), NormalColor);
            originalLine.MarkerSize = 0;
            originalLine.LineWidth = 1.5f;
            var reconstructionLine = plot.Add.ScatterLine(Steps(reconstruction.Length), ToDoubles(reconstruction), AnomalyColor);
            reconstructionLine.MarkerSize = 0;
            reconstructionLine.LineWidth = 1.5f;
            reconstructionLine.LinePattern = LinePattern.Dashed;
            plot.Title(PlotTitles.Fit(title, ExamplePanelWidth, titleSize), titleSize);
            if (i == 0)
            {
                // One legend for the whole grid, small, on the first panel.
                originalLine.LegendText = "original";
                reconstructionLine.LegendText = "reconstruction";
                plot.ShowLegend(Alignment.LowerRight).FontSize = 9;
            }
        }
        EnsureDirectory(path);
        multiplot.SavePng(path, ExamplePanelWidth * columns, ExamplePanelHeight * rows);
    }

    private static void AddClassHistogram(
        Plot plot, ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous, bool wantAnomalous, double low, double binWidth, Color color, string name)
    {
        var counts = new double[HistogramBins];
        var total = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (anomalous[i] != wantAnomalous)
            {
                continue;
            }
            var bin = (int)Math.Floor((scores[i] - low) / binWidth);
            counts[Math.Clamp(bin, 0, HistogramBins - 1)]++;
            total++;
        }
        if (total == 0)
        {
            return;
        }
        var bars = new List<Bar>(HistogramBins);
        for (var b = 0; b < HistogramBins; b++)
        {
            bars.Add(new Bar
            {
                Position = low + (b + 0.5) * binWidth,
                Value = counts[b] / total,
                Size = binWidth,
                FillColor = color.WithAlpha(0.55),
                LineWidth = 0,
            });
        }
        var plottable = plot.Add.Bars(bars);
        plottable.LegendText = string.Create(CultureInfo.InvariantCulture, $"{name} (n = {total})");
    }

    private static void AddCell(Plot plot, int x, int y, string name, int count, int classTotal)
    {
        var share = classTotal == 0 ? 0 : (double)count / classTotal;
        var good = name is "TN" or "TP";
        var rectangle = plot.Add.Rectangle(x - 0.5, x + 0.5, y - 0.5, y + 0.5);
        rectangle.FillColor = (good ? Colors.SeaGreen : Colors.FireBrick).WithAlpha(0.15 + 0.75 * share);
        rectangle.LineColor = Colors.White;
        rectangle.LineWidth = 3;
        var text = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"{name}\n{count}\n{share:P1} of actual"), x, y);
        text.Alignment = Alignment.MiddleCenter;
        text.LabelFontSize = 22;
        text.LabelBold = true;
    }

    private static void NotDefined(Plot plot, string title, string message)
    {
        plot.Title(title);
        var text = plot.Add.Text(message, 0.5, 0.5);
        text.Alignment = Alignment.MiddleCenter;
        text.LabelFontSize = 16;
    }

    private static void UnitSquare(Plot plot, string xLabel, string yLabel)
    {
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
    }

    private static void Save(Plot plot, string path, int width = Width, int height = Height)
    {
        EnsureDirectory(path);
        plot.SavePng(path, width, height);
    }

    private static void EnsureDirectory(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    private static double[] Steps(int count)
    {
        var steps = new double[count];
        for (var i = 0; i < count; i++)
        {
            steps[i] = i;
        }
        return steps;
    }

    private static double[] ToDoubles(float[] values) => Array.ConvertAll(values, value => (double)value);
}
