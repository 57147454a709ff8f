using ScottPlot;

namespace StreamAe.Tools.Evaluation;

public static partial class EvaluationPlots
{
    public const int TimelineWidth = 1400;
    public const int TimelineHeight = 700;
    private static readonly Color LabelShade = Colors.OrangeRed.WithAlpha(0.15);
    private static readonly Color ThresholdColor = Colors.Black;
    private static readonly Color VerdictColor = Colors.Crimson;

    /// <summary>
    /// A series' decisions over time, windows in time order on a shared x axis: the top panel shows the raw score
    /// and the threshold it was compared with, flagged windows marked on the score; the bottom panel the calibrated
    /// score in [0, 1]. Labelled anomalous windows are shaded in both.
    /// </summary>
    public static void Timeline(string path, string title, ReadOnlySpan<double> scores, ReadOnlySpan<double> thresholds,
        ReadOnlySpan<double> calibrated, ReadOnlySpan<bool> anomalous, ReadOnlySpan<bool> flagged)
    {
        var count = scores.Length;
        if (count == 0 || thresholds.Length != count || calibrated.Length != count || anomalous.Length != count || flagged.Length != count)
        {
            throw new ArgumentException(
                $"Need one threshold, calibrated score, label and verdict a score, at least one (got {count} scores, {thresholds.Length} "
                + $"thresholds, {calibrated.Length} calibrated, {anomalous.Length} labels, {flagged.Length} verdicts).", nameof(scores));
        }
        var windows = Steps(count);
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        var top = multiplot.GetPlot(0);
        var bottom = multiplot.GetPlot(1);

        ShadeLabelledSpans(top, anomalous, "labelled anomalous");
        var score = top.Add.ScatterLine(windows, scores.ToArray(), NormalColor);
        score.LineWidth = 1.5f;
        score.LegendText = "score";
        var threshold = top.Add.ScatterLine(windows, thresholds.ToArray(), ThresholdColor);
        threshold.LinePattern = LinePattern.Dashed;
        threshold.LegendText = "threshold";
        var (flaggedWindows, flaggedScores) = Flagged(windows, scores, flagged);
        if (flaggedWindows.Length > 0)
        {
            var marks = top.Add.Markers(flaggedWindows, flaggedScores, MarkerShape.FilledCircle, 5, VerdictColor);
            marks.LegendText = "flagged";
        }
        top.Title(title);
        top.YLabel("score (reconstruction error)");
        top.ShowLegend(Alignment.UpperLeft).FontSize = 10;

        ShadeLabelledSpans(bottom, anomalous, null);
        var probability = bottom.Add.ScatterLine(windows, calibrated.ToArray(), AnomalyColor);
        probability.LineWidth = 1.5f;
        bottom.Axes.SetLimitsY(-0.02, 1.02);
        bottom.Title("Calibrated anomaly score", 13);
        bottom.YLabel("calibrated score");
        bottom.XLabel("window (time order)");

        multiplot.SharedAxes.ShareX([top, bottom]);
        EnsureDirectory(path);
        multiplot.SavePng(path, TimelineWidth, TimelineHeight);
    }

    /// <summary>One shaded x span a run of anomalous labels, half a window wider on each side so a lone window shows.</summary>
    private static void ShadeLabelledSpans(Plot plot, ReadOnlySpan<bool> anomalous, string? legend)
    {
        for (var i = 0; i < anomalous.Length; i++)
        {
            if (!anomalous[i] || (i > 0 && anomalous[i - 1]))
            {
                continue;
            }
            var end = i;
            while (end + 1 < anomalous.Length && anomalous[end + 1])
            {
                end++;
            }
            var span = plot.Add.HorizontalSpan(i - 0.5, end + 0.5, LabelShade);
            span.LineWidth = 0;
            if (legend is not null)
            {
                span.LegendText = legend;
                legend = null;
            }
        }
    }

    private static (double[] Windows, double[] Scores) Flagged(double[] windows, ReadOnlySpan<double> scores, ReadOnlySpan<bool> flagged)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (var i = 0; i < flagged.Length; i++)
        {
            if (flagged[i])
            {
                xs.Add(windows[i]);
                ys.Add(scores[i]);
            }
        }
        return ([.. xs], [.. ys]);
    }
}
