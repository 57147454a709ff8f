using System.Text.Json;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.Alerts;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Model.Scoring;
using StreamAe.TestSupport.Synthetic;
using StreamAe.Tools.Offline;

namespace StreamAe.Detector.Tests.Offline;

public sealed class SeriesEvaluationTests : IDisposable
{
    private const int Window = 16;
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-series-eval-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_replayed_fault_is_reported_with_point_and_event_metrics_and_a_timeline_plot()
    {
        var series = new SyntheticSeriesGenerator(seed: 8).Generate(SeriesScenario.LevelShift, new SyntheticSeriesOptions { Length = 1500 });
        var windows = SyntheticSensor.Windows(series, Window).ToList();
        using var scorer = BatchScorer.Load(SyntheticSensor.TrainPca(windows[..600], Path.Combine(_directory, "m.sae")));
        var threshold = new ThresholdOptions { Mode = ThresholdMode.Adaptive };

        var result = SeriesEvaluation.Run(DecisionReplay.Run(scorer, windows, new DecisionStage(threshold, new AlertingOptions())),
            threshold, Path.Combine(_directory, "out"), plots: true);

        Assert.Equal(1, result.Series);
        Assert.Equal(windows.Count, result.Report.Windows);
        Assert.Equal(windows.Count(w => w.Label == true), result.Report.AnomalousWindows);
        Assert.Equal(1, result.Report.Events.Detected);
        Assert.InRange(result.Report.FalseAlarmRate, 0, 0.02);
        using var report = JsonDocument.Parse(File.ReadAllText(result.ReportPath));
        Assert.Equal("Adaptive", report.RootElement.GetProperty("threshold_mode").GetString());
        Assert.Equal(result.Report.F1, report.RootElement.GetProperty("f1").GetDouble(), 9);
        Assert.Equal(1, report.RootElement.GetProperty("events").GetProperty("detected").GetInt32());
        var plot = Assert.Single(result.Plots);
        Assert.True(new FileInfo(plot).Length > 10_000);
    }
}
