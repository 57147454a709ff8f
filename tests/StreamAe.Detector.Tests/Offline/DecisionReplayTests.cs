using StreamAe.Contracts;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.Alerts;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Model.Scoring;
using StreamAe.TestSupport.Synthetic;
using StreamAe.Tools.Offline;

namespace StreamAe.Detector.Tests.Offline;

public sealed class DecisionReplayTests : IDisposable
{
    private const int Window = 16;
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-replay-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Windows_come_out_in_input_order_across_batches_scored_as_one_batch_would_score_them()
    {
        var series = new SyntheticSeriesGenerator(seed: 3).Generate(SeriesScenario.Spikes, new SyntheticSeriesOptions { Length = 700 });
        var windows = SyntheticSensor.Windows(series, Window).ToList();
        using var scorer = BatchScorer.Load(SyntheticSensor.TrainPca(windows[..200], Path.Combine(_directory, "m.sae")));
        // Two series interleaved, time stepping back: the replay never sorts.
        var input = windows.Select((w, i) => new Window
        {
            Series = i % 2 == 0 ? "a" : "b", StartMs = w.StartMs, EndMs = 1000 - i % 7, Values = w.Values, Length = Window, Label = w.Label,
        }).ToList();
        var stage = new DecisionStage(new ThresholdOptions { Mode = ThresholdMode.Static }, new AlertingOptions());

        var replayed = DecisionReplay.Run(scorer, input, stage).ToList();

        Assert.True(input.Count > 2 * DecisionReplay.BatchSize);
        Assert.Equal(input.Select(w => (w.Series, w.EndMs)), replayed.Select(r => (r.Decided.Series, r.Decided.Window.EndMs)));
        var alone = scorer.ScoreAll([.. input.SelectMany(w => w.Values)], input.Count);
        Assert.Equal(alone, replayed.Select(r => r.Decided.Score), (a, b) => Math.Abs(a - b) <= 1e-5 * Math.Max(1, Math.Abs(a)));
        Assert.All(replayed, r => Assert.Equal(r.Decided.Score > scorer.Threshold, r.Decided.Anomaly));
        Assert.Contains(replayed, r => r.Decided.Anomaly);
    }

    [Fact]
    public void A_window_of_the_wrong_length_is_rejected_naming_its_series_and_time()
    {
        var series = new SyntheticSeriesGenerator(seed: 4).Generate(SeriesScenario.None, new SyntheticSeriesOptions { Length = 300 });
        var windows = SyntheticSensor.Windows(series, Window).ToList();
        using var scorer = BatchScorer.Load(SyntheticSensor.TrainPca(windows, Path.Combine(_directory, "m.sae")));
        Window wrong = new() { Series = "s1", StartMs = 0, EndMs = 42, Values = new float[3], Length = 3 };

        var error = Assert.Throws<ArgumentException>(() =>
            DecisionReplay.Run(scorer, [wrong], new DecisionStage(new ThresholdOptions(), new AlertingOptions())).ToList());

        Assert.Contains("'s1' ending at 42", error.Message, StringComparison.Ordinal);
    }
}
