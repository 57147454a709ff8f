using System.Diagnostics;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Jobs;
using StreamAe.Model.Scoring;

namespace StreamAe.Tools.Evaluation;

/// <summary>
/// Model + labelled windows → anomaly-class metrics (<c>report.json</c>, keys as <see cref="ReportJson"/> writes them) and PNG plots:
/// error histogram with the threshold, ROC, precision–recall, confusion matrix, example windows with reconstructions.
/// </summary>
public static class EvaluateJob
{
    /// <param name="onStage">told what the job does next (reading, scoring, plots), for progress output</param>
    public static EvaluationSummary Run(EvaluateJobOptions options, Action<string>? onStage = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
        onStage?.Invoke("reading the model and data");
        using var model = ModelFileStore.Read(options.ModelPath);
        var shape = new WindowShape(model.Metadata.WindowLength, model.Metadata.Hop);
        var data = DataFormats.Read(options.DataPath, options.Format, shape);
        using var scorer = new BatchScorer(model, options.Scorer);
        if (data.WindowLength != scorer.WindowLength || data.Channels != scorer.Channels)
        {
            throw new ArgumentException($"data: rows of '{options.DataPath}' have {data.WindowLength} values; model '{scorer.ModelName}' expects {scorer.WindowLength}.");
        }
        var normalLabel = options.NormalLabel ?? model.Metadata.NormalLabel ?? 1;
        var anomalous = data.AnomalousFlags(normalLabel);

        onStage?.Invoke($"scoring {data.Count} windows");
        // One warm-up call, so the timing shows steady-state scoring rather than first-call initialisation.
        scorer.ScoreAll(data.Values.AsSpan(0, data.WindowSize), 1);
        var stopwatch = Stopwatch.StartNew();
        var scores = scorer.ScoreAll(data.Values, data.Count);
        stopwatch.Stop();
        var report = Metrics.Evaluate(scores, anomalous, scorer.Threshold);

        Directory.CreateDirectory(options.OutputDirectory);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var windowsPerSecond = data.Count / Math.Max(seconds, 1e-9);
        var extra = new Dictionary<string, object>
        {
            ["model"] = scorer.ModelName,
            ["architecture"] = model.Metadata.Architecture.Name,
            ["threshold_method"] = model.Metadata.Threshold.Method,
            ["threshold_detail"] = model.Metadata.Threshold.Detail,
            ["normal_label"] = normalLabel,
            ["data_sha256"] = data.Sha256,
            ["training_data_sha256"] = model.Metadata.TrainingDataSha256,
            ["scoring_seconds"] = seconds,
            ["windows_per_second"] = windowsPerSecond,
        };
        var reportPath = Path.Combine(options.OutputDirectory, "report.json");
        ReportJson.Write(reportPath, report, extra);
        onStage?.Invoke("writing plots");
        var plots = options.Plots ? EvaluationPlotSet.Write(options.OutputDirectory, scorer, data, scores, anomalous) : [];
        return new EvaluationSummary(report, scorer.ModelName, model.Metadata.Threshold.Method, reportPath, plots, seconds, windowsPerSecond);
    }
}
