using System.Globalization;
using System.Net;
using System.Text;

namespace StreamAe.Tools.Report;

/// <summary>
/// One series over time as inline SVG: the score, its threshold (a step line), the calibrated score on a right-hand
/// 0–1 axis when the results carry it, a dot per anomalous window and a band per alert (open to close). The counts
/// it drew are stated as data attributes, so a test can check them in the rendered page.
/// </summary>
internal static class SvgTimeChart
{
    /// <summary>Beyond this many windows, each pixel column keeps its lowest and highest score only.</summary>
    internal const int MaxDrawnPoints = 4000;

    public static string Render(SeriesReport series, bool epochTime)
    {
        var scale = new ChartScale(series, epochTime);
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"chart\" viewBox=\"0 0 {ChartScale.Width} {ChartScale.Height}\" role=\"img\" "))
            .Append(Invariant($"data-series=\"{Encode(series.Series)}\" data-windows=\"{series.Scores.Count}\" data-anomalies=\"{series.Anomalies}\" "))
            .Append(Invariant($"data-alerts=\"{series.AlertsOpened}\">"))
            .Append("<title>").Append(Encode($"{series.Series}: score, threshold and alerts over time")).Append("</title>");
        AlertBands(svg, series, scale);
        Axes(svg, scale, series.Scores.Any(s => s.Calibrated.HasValue));
        Polyline(svg, "threshold", series.Scores.Where(s => double.IsFinite(s.Threshold)).Select(s => (s.Time, scale.Y(s.Threshold))).ToList(), scale, step: true);
        Polyline(svg, "score", series.Scores.Select(s => (s.Time, scale.Y(s.Score))).ToList(), scale, step: false);
        var calibrated = series.Scores.Where(s => s.Calibrated.HasValue).Select(s => (s.Time, scale.YCalibrated(s.Calibrated!.Value))).ToList();
        if (calibrated.Count > 0)
        {
            Polyline(svg, "calibrated", calibrated, scale, step: false);
        }
        svg.Append("<g class=\"anomalies\">");
        foreach (var anomaly in series.Scores.Where(s => s.Anomaly))
        {
            svg.Append(Invariant($"<circle class=\"anomaly\" cx=\"{scale.X(anomaly.Time):0.#}\" cy=\"{scale.Y(anomaly.Score):0.#}\" r=\"2.5\"/>"));
        }
        svg.Append("</g></svg>");
        return svg.ToString();
    }

    private static void AlertBands(StringBuilder svg, SeriesReport series, ChartScale scale)
    {
        svg.Append("<g class=\"alerts\">");
        long? openedAt = null;
        void Band(long from, long to) => svg.Append(Invariant(
            $"<rect class=\"alert-span\" x=\"{scale.X(from):0.#}\" y=\"{ChartScale.Top}\" width=\"{Math.Max(2, scale.X(to) - scale.X(from)):0.#}\" height=\"{ChartScale.Height - ChartScale.Top - ChartScale.Bottom}\"/>"));
        foreach (var alert in series.Alerts)
        {
            if (alert.Open)
            {
                openedAt ??= alert.Time;
            }
            else
            {
                // A close whose open is not in the results (it came before the range read) starts at its duration.
                Band(openedAt ?? alert.Time - (alert.DurationMs ?? 0), alert.Time);
                openedAt = null;
            }
        }
        if (openedAt is { } stillOpen)
        {
            Band(stillOpen, scale.To);
        }
        svg.Append("</g>");
    }

    private static void Axes(StringBuilder svg, ChartScale scale, bool calibratedAxis)
    {
        const double bottom = ChartScale.Height - ChartScale.Bottom;
        svg.Append("<g class=\"axes\">")
            .Append(Invariant($"<line x1=\"{ChartScale.Left}\" y1=\"{bottom}\" x2=\"{ChartScale.Width - ChartScale.Right}\" y2=\"{bottom}\"/>"))
            .Append(Invariant($"<line x1=\"{ChartScale.Left}\" y1=\"{ChartScale.Top}\" x2=\"{ChartScale.Left}\" y2=\"{bottom}\"/>"));
        for (var i = 0; i <= 4; i++)
        {
            var time = scale.From + (long)((scale.To - scale.From) * (i / 4.0));
            var x = scale.X(time);
            var anchor = i == 0 ? "start" : i == 4 ? "end" : "middle";
            svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{ChartScale.Height - 8}\" text-anchor=\"{anchor}\">{Encode(scale.TimeLabel(time))}</text>"));
        }
        foreach (var fraction in new[] { 0, 0.5, 1 })
        {
            var value = scale.ScoreMax * fraction;
            var y = scale.Y(value);
            svg.Append(Invariant($"<line class=\"grid\" x1=\"{ChartScale.Left}\" y1=\"{y:0.#}\" x2=\"{ChartScale.Width - ChartScale.Right}\" y2=\"{y:0.#}\"/>"))
                .Append(Invariant($"<text x=\"{ChartScale.Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{value.ToString("G3", CultureInfo.InvariantCulture)}</text>"));
            if (calibratedAxis)
            {
                svg.Append(Invariant($"<text class=\"calibrated-axis\" x=\"{ChartScale.Width - ChartScale.Right + 6}\" y=\"{scale.YCalibrated(fraction) + 4:0.#}\">{fraction.ToString("0.0", CultureInfo.InvariantCulture)}</text>"));
            }
        }
        svg.Append("</g>");
    }

    private static void Polyline(StringBuilder svg, string kind, List<(long Time, double Y)> points, ChartScale scale, bool step)
    {
        var drawn = Thin(points, scale);
        svg.Append(Invariant($"<polyline class=\"{kind}\" data-points=\"{points.Count}\" points=\""));
        double? previousY = null;
        foreach (var (time, y) in drawn)
        {
            var x = scale.X(time);
            if (step && previousY is { } before && before != y)
            {
                svg.Append(Invariant($"{x:0.##},{before:0.##} "));
            }
            svg.Append(Invariant($"{x:0.##},{y:0.##} "));
            previousY = y;
        }
        svg.Append("\"/>");
    }

    /// <summary>All points when there are few; otherwise the lowest and highest of each pixel column, in time order.</summary>
    private static IEnumerable<(long Time, double Y)> Thin(List<(long Time, double Y)> points, ChartScale scale)
    {
        if (points.Count <= MaxDrawnPoints)
        {
            return points;
        }
        return points.GroupBy(p => (int)scale.X(p.Time))
            .SelectMany(column =>
            {
                var low = column.MaxBy(p => p.Y); // SVG's y grows downwards
                var high = column.MinBy(p => p.Y);
                return low.Time <= high.Time ? new[] { low, high } : [high, low];
            });
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
