using ScottPlot;

namespace StreamAe.Tools.Report;

/// <summary>The charts of the page as PNG files too (ScottPlot), for mails and tickets: one per charted series.</summary>
internal static class ReportPngs
{
    private const int Width = 1200;
    private const int Height = 360;

    /// <summary>Longer series names are shortened in titles, so that a title always fits the figure's width.</summary>
    internal const int MaxTitleCharacters = 90;

    public static IReadOnlyList<string> Write(string directory, IEnumerable<SeriesReport> series, bool epochTime)
    {
        var paths = new List<string>();
        foreach (var (one, rank) in series.Select((s, i) => (s, i + 1)))
        {
            var path = Path.Combine(directory, $"series-{rank:000}.png");
            Plot(one, epochTime).SavePng(path, Width, Height);
            paths.Add(path);
        }
        return paths;
    }

    private static Plot Plot(SeriesReport series, bool epochTime)
    {
        double X(long time) => epochTime ? DateTimeOffset.FromUnixTimeMilliseconds(time).UtcDateTime.ToOADate() : time;
        var plot = new Plot();
        foreach (var (from, to) in AlertSpans(series))
        {
            var span = plot.Add.HorizontalSpan(X(from), X(to));
            span.FillStyle.Color = Colors.OrangeRed.WithAlpha(0.15);
            span.LineStyle.Width = 0;
        }
        var times = series.Scores.Select(s => X(s.Time)).ToArray();
        var score = plot.Add.ScatterLine(times, series.Scores.Select(s => s.Score).ToArray(), Colors.SteelBlue);
        score.LegendText = "score";
        var thresholds = series.Scores.Where(s => double.IsFinite(s.Threshold)).ToList();
        if (thresholds.Count > 0)
        {
            var threshold = plot.Add.ScatterLine(thresholds.Select(s => X(s.Time)).ToArray(), thresholds.Select(s => s.Threshold).ToArray(), Colors.Black);
            threshold.ConnectStyle = ConnectStyle.StepHorizontal;
            threshold.LinePattern = LinePattern.Dashed;
            threshold.LegendText = "threshold";
        }
        var anomalies = series.Scores.Where(s => s.Anomaly).ToList();
        if (anomalies.Count > 0)
        {
            var dots = plot.Add.ScatterPoints(anomalies.Select(s => X(s.Time)).ToArray(), anomalies.Select(s => s.Score).ToArray(), Colors.OrangeRed);
            dots.LegendText = "anomalous";
        }
        if (epochTime)
        {
            plot.Axes.DateTimeTicksBottom();
        }
        var title = series.Series.Length > MaxTitleCharacters ? series.Series[..(MaxTitleCharacters - 1)] + "…" : series.Series;
        plot.Title($"{title}: {series.Anomalies} of {series.Scores.Count} windows anomalous", 14);
        plot.YLabel("score");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static IEnumerable<(long From, long To)> AlertSpans(SeriesReport series)
    {
        long? opened = null;
        foreach (var alert in series.Alerts)
        {
            if (alert.Open)
            {
                opened ??= alert.Time;
            }
            else
            {
                yield return (opened ?? alert.Time - (alert.DurationMs ?? 0), alert.Time);
                opened = null;
            }
        }
        if (opened is { } open && series.Scores.Count > 0)
        {
            yield return (open, Math.Max(open, series.Scores[^1].Time));
        }
    }
}
