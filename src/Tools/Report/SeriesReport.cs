namespace StreamAe.Tools.Report;

/// <summary>One series' scores and alerts in time order, with the counts it is ranked by.</summary>
internal sealed class SeriesReport
{
    private SeriesReport(string series, List<ScorePoint> scores, List<AlertPoint> alerts)
    {
        Series = series;
        Scores = scores;
        Alerts = alerts;
        Models = string.Join(", ", scores.Select(s => s.Model).Concat(alerts.Select(a => a.Model)).Where(m => m.Length > 0).Distinct());
        Anomalies = scores.Count(s => s.Anomaly);
        AlertsOpened = alerts.Count(a => a.Open);
        MaxScore = scores.Count > 0 ? scores.Max(s => s.Score) : double.NaN;
        MaxCalibrated = scores.Where(s => s.Calibrated.HasValue).Select(s => s.Calibrated!.Value).DefaultIfEmpty(double.NaN).Max();
    }

    public string Series { get; }

    public string Models { get; }

    public IReadOnlyList<ScorePoint> Scores { get; }

    public IReadOnlyList<AlertPoint> Alerts { get; }

    public int Anomalies { get; }

    public int AlertsOpened { get; }

    public double MaxScore { get; }

    /// <summary>NaN when the results carry no calibrated score (older outputs).</summary>
    public double MaxCalibrated { get; }

    public double AnomalyRate => Scores.Count == 0 ? 0 : (double)Anomalies / Scores.Count;

    /// <summary>Series by anomalous windows, then alerts opened, then the highest score: the ones to look at first.</summary>
    public static IReadOnlyList<SeriesReport> Rank(ResultSet results)
    {
        var alerts = results.Alerts.GroupBy(a => a.Series).ToDictionary(g => g.Key, g => g.OrderBy(a => a.Time).ToList(), StringComparer.Ordinal);
        var scores = results.Scores.GroupBy(s => s.Series).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Time).ToList(), StringComparer.Ordinal);
        return scores.Keys.Union(alerts.Keys)
            .Select(series => new SeriesReport(series, scores.GetValueOrDefault(series) ?? [], alerts.GetValueOrDefault(series) ?? []))
            .OrderByDescending(s => s.Anomalies)
            .ThenByDescending(s => s.AlertsOpened)
            .ThenByDescending(s => double.IsNaN(s.MaxScore) ? double.MinValue : s.MaxScore)
            .ThenBy(s => s.Series, StringComparer.Ordinal)
            .ToList();
    }
}
