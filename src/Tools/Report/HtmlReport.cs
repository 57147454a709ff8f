using System.Globalization;
using System.Net;
using System.Text;

namespace StreamAe.Tools.Report;

/// <summary>
/// The results as one self-contained HTML page (inline CSS and SVG, no script, nothing fetched): totals, the series
/// ranked by anomalies, a chart for each of the first series, and the alert list with the explanations.
/// </summary>
internal static class HtmlReport
{
    /// <summary>Rows of the ranking and of the alert list shown; the page says when there were more.</summary>
    internal const int MaxTableRows = 500;

    public static string Render(ResultSet results, IReadOnlyList<SeriesReport> ranked, int charts, DateTimeOffset generated)
    {
        var html = new StringBuilder();
        var anomalies = ranked.Sum(s => s.Anomalies);
        var alerts = results.Alerts.Count(a => a.Open);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>StreamAe results</title>")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>StreamAe results</h1>")
            .Append(Invariant($"<p class=\"source\">{Encode(results.Source)} · generated {generated.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC</p>"))
            .Append("<ul class=\"totals\">")
            .Append(Invariant($"<li><b id=\"total-windows\">{results.Scores.Count:N0}</b> windows scored</li>"))
            .Append(Invariant($"<li><b id=\"total-anomalies\">{anomalies:N0}</b> anomalous</li>"))
            .Append(Invariant($"<li><b id=\"total-series\">{ranked.Count:N0}</b> series</li>"))
            .Append(Invariant($"<li><b id=\"total-alerts\">{alerts:N0}</b> alerts opened</li>"))
            .Append("</ul>");
        if (ranked.Count == 0)
        {
            html.Append("<p class=\"empty\">No streamae_score or streamae_alert points were found.</p></body></html>");
            return html.ToString();
        }
        Ranking(html, ranked, charts, results.Scores.Any(s => s.Calibrated.HasValue));
        Charts(html, ranked.Take(charts), results.EpochTime, results.Scores.Any(s => s.Calibrated.HasValue));
        AlertList(html, results);
        return html.Append("</body></html>").ToString();
    }

    private static void Ranking(StringBuilder html, IReadOnlyList<SeriesReport> ranked, int charts, bool calibrated)
    {
        html.Append("<h2>Series by anomalies</h2><table class=\"ranking\"><thead><tr><th>#</th><th>series</th><th>model</th>")
            .Append("<th>windows</th><th>anomalous</th><th>rate</th><th>alerts</th><th>max score</th>")
            .Append(calibrated ? "<th>max calibrated</th>" : "").Append("</tr></thead><tbody>");
        foreach (var (series, rank) in ranked.Take(MaxTableRows).Select((s, i) => (s, i + 1)))
        {
            var name = rank <= charts ? $"<a href=\"#{Anchor(rank)}\">{Encode(series.Series)}</a>" : Encode(series.Series);
            html.Append(Invariant($"<tr><td>{rank}</td><td>{name}</td><td>{Encode(series.Models)}</td><td>{series.Scores.Count:N0}</td>"))
                .Append(Invariant($"<td>{series.Anomalies:N0}</td><td>{series.AnomalyRate:P1}</td><td>{series.AlertsOpened:N0}</td><td>{Score(series.MaxScore)}</td>"))
                .Append(calibrated ? $"<td>{Score(series.MaxCalibrated)}</td>" : "").Append("</tr>");
        }
        html.Append("</tbody></table>");
        More(html, ranked.Count, "series");
    }

    private static void Charts(StringBuilder html, IEnumerable<SeriesReport> series, bool epochTime, bool calibrated)
    {
        html.Append("<h2>Over time</h2><p class=\"legend\"><span class=\"key score\"></span>score ")
            .Append("<span class=\"key threshold\"></span>threshold ")
            .Append(calibrated ? "<span class=\"key calibrated\"></span>calibrated score (right axis, 0–1) " : "")
            .Append("<span class=\"key anomaly\"></span>anomalous window <span class=\"key alert-span\"></span>alert open")
            .Append(epochTime ? " · times in UTC" : "").Append("</p>");
        foreach (var (one, rank) in series.Select((s, i) => (s, i + 1)))
        {
            html.Append(Invariant($"<section id=\"{Anchor(rank)}\"><h3>{rank}. {Encode(one.Series)}</h3>"))
                .Append(Invariant($"<p class=\"facts\">{one.Anomalies:N0} of {one.Scores.Count:N0} windows anomalous · {one.AlertsOpened:N0} alerts · max score {Score(one.MaxScore)}</p>"))
                .Append(SvgTimeChart.Render(one, epochTime)).Append("</section>");
        }
    }

    private static void AlertList(StringBuilder html, ResultSet results)
    {
        html.Append("<h2>Alerts</h2>");
        if (results.Alerts.Count == 0)
        {
            html.Append("<p class=\"empty\">No alert transitions in these results (a score CSV holds none).</p>");
            return;
        }
        html.Append("<table class=\"alerts\"><thead><tr><th>time</th><th>series</th><th>state</th><th>peak score</th><th>windows</th>")
            .Append("<th>duration</th><th>explanation</th></tr></thead><tbody>");
        var epoch = results.EpochTime || results.Alerts.All(a => a.Time > 100_000_000_000);
        foreach (var alert in results.Alerts.OrderBy(a => a.Time).Take(MaxTableRows))
        {
            var time = epoch
                ? DateTimeOffset.FromUnixTimeMilliseconds(alert.Time).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)
                : alert.Time.ToString(CultureInfo.InvariantCulture);
            var duration = alert.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms).ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture) : "";
            html.Append(Invariant($"<tr class=\"{(alert.Open ? "opened" : "closed")}\"><td>{time}</td><td>{Encode(alert.Series)}</td>"))
                .Append(Invariant($"<td>{(alert.Open ? "opened" : "closed")}</td><td>{Score(alert.PeakScore)}</td><td>{alert.Windows:N0}</td>"))
                .Append(Invariant($"<td>{duration}</td><td class=\"explanation\">{Encode(alert.Explanation ?? "")}</td></tr>"));
        }
        html.Append("</tbody></table>");
        More(html, results.Alerts.Count, "alert transitions");
    }

    private static void More(StringBuilder html, int count, string what)
    {
        if (count > MaxTableRows)
        {
            html.Append(Invariant($"<p class=\"more\">The first {MaxTableRows:N0} of {count:N0} {what} are listed.</p>"));
        }
    }

    private static string Anchor(int rank) => $"series-{rank}";

    private static string Score(double value) => double.IsNaN(value) ? "–" : value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1000px;padding:0 16px;color:#1d2330;background:#fff}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #dde2ea;padding-bottom:4px}h3{font-size:15px;margin:18px 0 2px;overflow-wrap:anywhere}
        .source,.facts,.legend,.more,.empty{color:#5a6475;font-size:13px;margin:2px 0 8px;overflow-wrap:anywhere}
        .totals{display:flex;flex-wrap:wrap;gap:24px;list-style:none;padding:0;margin:12px 0}.totals b{font-size:22px;display:block}
        table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eef1f5;vertical-align:top}
        th{background:#f5f7fa;font-weight:600}td.explanation{font-family:ui-monospace,Menlo,monospace;font-size:12px;overflow-wrap:anywhere}
        tr.opened td:nth-child(3){color:#c0392b;font-weight:600}tr.closed td:nth-child(3){color:#27804b}
        svg.chart{width:100%;height:auto;display:block;background:#fbfcfd;border:1px solid #eef1f5}
        svg text{font-size:11px;fill:#5a6475}svg .axes line{stroke:#9aa3b2;stroke-width:1}svg .axes line.grid{stroke:#e6e9ef}
        polyline{fill:none;stroke-linejoin:round}polyline.score{stroke:#2f6fd0;stroke-width:1.4}polyline.threshold{stroke:#1d2330;stroke-width:1.2;stroke-dasharray:5 3}
        polyline.calibrated{stroke:#8e44ad;stroke-width:1;opacity:.75}circle.anomaly{fill:#e4572e}rect.alert-span{fill:#e4572e;opacity:.12}
        .key{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px;vertical-align:middle}.key.score{background:#2f6fd0}.key.threshold{background:#1d2330}
        .key.calibrated{background:#8e44ad}.key.anomaly{background:#e4572e;border-radius:50%;width:8px;height:8px}.key.alert-span{background:#e4572e;opacity:.25}
        """;
}
