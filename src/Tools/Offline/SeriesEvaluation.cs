using System.Text.Json;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Tools.Evaluation;

namespace StreamAe.Tools.Offline;

/// <summary>What <c>evaluate</c> reports for a labelled time series: the replay's verdicts scored against the labels.</summary>
public sealed record SeriesEvaluationResult(TimelineReport Report, int Series, string ReportPath, IReadOnlyList<string> Plots);

/// <summary>
/// Evaluates the daemon's decisions on a labelled series file: each series' windows are replayed in time order
/// (<see cref="DecisionReplay"/>), then point-wise F1 / FAR / MAR, PR-AUC of the calibrated score and the event score
/// (<see cref="TimelineEvaluation"/>) are computed over all windows; <c>report.json</c> holds them with the decision
/// settings, and a timeline plot per series (the most flagged first) shows score, threshold, calibrated score and labels.
/// </summary>
public static class SeriesEvaluation
{
    public const int MaxPlots = 12;

    public static SeriesEvaluationResult Run(IEnumerable<ReplayedWindow> replay, ThresholdOptions threshold, string outputDirectory, bool plots)
    {
        ArgumentNullException.ThrowIfNull(replay);
        var bySeries = new Dictionary<string, SeriesTrace>(StringComparer.Ordinal);
        foreach (var (decided, _) in replay)
        {
            if (!bySeries.TryGetValue(decided.Series, out var trace))
            {
                bySeries[decided.Series] = trace = new SeriesTrace(decided.Series);
            }
            trace.Add(decided.Window.Label == true, decided.Anomaly, decided.CalibratedScore, decided.Score, decided.Threshold);
        }
        if (bySeries.Count == 0)
        {
            throw new ArgumentException("data: the file holds no window to evaluate.");
        }
        var all = SeriesTrace.Concatenate(bySeries.Values);
        var report = TimelineEvaluation.Evaluate([.. all.Labels], [.. all.Flagged], [.. all.Calibrated]);

        Directory.CreateDirectory(outputDirectory);
        var written = new List<string>();
        if (plots)
        {
            foreach (var trace in bySeries.Values.OrderByDescending(t => t.Flagged.Count(f => f)).Take(MaxPlots))
            {
                var path = Path.Combine(outputDirectory, $"timeline-{FileSafe(trace.Series)}.png");
                EvaluationPlots.Timeline(path, $"{trace.Series}: score, threshold ({threshold.Mode}) and calibrated score",
                    [.. trace.Scores], [.. trace.Thresholds], [.. trace.Calibrated], [.. trace.Labels], [.. trace.Flagged]);
                written.Add(path);
            }
        }
        var reportPath = Path.Combine(outputDirectory, "report.json");
        File.WriteAllText(reportPath, Json(report, threshold, bySeries.Count));
        return new SeriesEvaluationResult(report, bySeries.Count, reportPath, written);
    }

    private static string Json(TimelineReport report, ThresholdOptions threshold, int series)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("threshold_mode", threshold.Mode?.ToString());
            json.WriteNumber("series", series);
            json.WriteNumber("windows", report.Windows);
            json.WriteNumber("n_normal", report.NormalWindows);
            json.WriteNumber("n_anomalous", report.AnomalousWindows);
            ReportJson.WriteNumber(json, "precision", report.Precision);
            ReportJson.WriteNumber(json, "recall", report.Recall);
            ReportJson.WriteNumber(json, "f1", report.F1);
            ReportJson.WriteNumber(json, "far", report.FalseAlarmRate);
            ReportJson.WriteNumber(json, "mar", report.MissedAlarmRate);
            ReportJson.WriteNumber(json, "pr_auc", report.PrAuc);
            json.WriteNumber("true_positives", report.TruePositives);
            json.WriteNumber("false_positives", report.FalsePositives);
            json.WriteNumber("true_negatives", report.TrueNegatives);
            json.WriteNumber("false_negatives", report.FalseNegatives);
            json.WriteStartObject("events");
            ReportJson.WriteNumber(json, "score", report.Events.Score);
            json.WriteNumber("events", report.Events.Events);
            json.WriteNumber("detected", report.Events.Detected);
            ReportJson.WriteNumber(json, "mean_detection_delay_windows", report.Events.MeanDetectionDelayWindows);
            json.WriteNumber("false_alarm_runs", report.Events.FalseAlarmRuns);
            json.WriteNumber("false_alarm_windows", report.Events.FalseAlarmWindows);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string FileSafe(string series) =>
        string.Concat(series.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private sealed class SeriesTrace(string series)
    {
        public string Series { get; } = series;
        public List<bool> Labels { get; } = [];
        public List<bool> Flagged { get; } = [];
        public List<double> Calibrated { get; } = [];
        public List<double> Scores { get; } = [];
        public List<double> Thresholds { get; } = [];

        public void Add(bool label, bool flagged, double calibrated, double score, double threshold)
        {
            Labels.Add(label);
            Flagged.Add(flagged);
            Calibrated.Add(double.IsNaN(calibrated) ? 0 : calibrated);
            Scores.Add(score);
            Thresholds.Add(threshold);
        }

        public static SeriesTrace Concatenate(IEnumerable<SeriesTrace> traces)
        {
            var all = new SeriesTrace("");
            foreach (var trace in traces)
            {
                all.Labels.AddRange(trace.Labels);
                all.Flagged.AddRange(trace.Flagged);
                all.Calibrated.AddRange(trace.Calibrated);
                all.Scores.AddRange(trace.Scores);
                all.Thresholds.AddRange(trace.Thresholds);
            }
            return all;
        }
    }
}
