using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAe.Contracts;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.Alerts;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Detector.Learning;
using StreamAe.Detector.Tests.Offline;
using StreamAe.Model.Scoring;
using StreamAe.TestSupport.Synthetic;
using StreamAe.Tools.Offline;

namespace StreamAe.Detector.Tests.Learning;

public sealed class StreamLearnerTests : IDisposable
{
    private const int Window = 16;
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-learning-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Warm_up_windows_get_no_verdict_and_the_next_window_is_scored_by_a_model_learned_from_exactly_them()
    {
        var windows = Sensor(SeriesScenario.Spikes, length: 900, seed: 1);
        var options = new LearningOptions { WarmupWindows = 300, RetrainEveryWindows = 0, ModelDirectory = _directory };

        var replayed = Replay(windows, options);

        Assert.Equal(windows.Skip(300).Select(w => w.EndMs), replayed.Select(r => r.Decided.Window.EndMs));
        var version = Assert.Single(Versions());
        Assert.Equal((1, "warm-up", 300, 300L), (version.Version, version.Reason, version.Windows, version.ActivateAt));
        Assert.Equal((windows[0].EndMs, windows[299].EndMs), (version.FirstWindowEndMs, version.LastWindowEndMs));
        var alone = SyntheticSensor.TrainPca(windows[..300], Path.Combine(_directory, "alone.sae"), validationRun: Window);
        AssertScoredBy(alone, windows[300..], replayed);
        Assert.Contains(replayed, r => r.Decided.Anomaly);
    }

    [Fact]
    public void Each_retrained_version_takes_over_at_the_window_its_record_names()
    {
        var windows = Sensor(SeriesScenario.SlowTrend, length: 2400, seed: 2);
        var options = new LearningOptions
        {
            WarmupWindows = 300, RetrainEveryWindows = 400, TrainingWindows = 200, SwapDelayWindows = 300, ModelDirectory = _directory,
        };

        var replayed = Replay(windows, options);

        var versions = Versions();
        Assert.True(versions.Count >= 3, $"{versions.Count} versions");
        Assert.Equal(Enumerable.Range(1, versions.Count), versions.Select(v => v.Version));
        Assert.All(versions.Skip(1), v => Assert.Equal("retrain", v.Reason));
        for (var v = 0; v < versions.Count; v++)
        {
            var from = (int)versions[v].ActivateAt;
            var to = v + 1 < versions.Count ? (int)versions[v + 1].ActivateAt : windows.Count;
            AssertScoredBy(Path.Combine(_directory, versions[v].File), windows[from..to], replayed[(from - 300)..(to - 300)]);
        }
    }

    [Fact]
    public void A_stream_mostly_anomalous_since_the_last_model_is_not_learned()
    {
        // The level shifts for good after the warm-up: every retraining sees a stream judged anomalous and keeps the model.
        var windows = Sensor(SeriesScenario.LevelShift, length: 1600, seed: 3, changeAt: 0.3, faultFraction: 0.7);
        var options = new LearningOptions
        {
            WarmupWindows = 400, RetrainEveryWindows = 300, TrainingWindows = 100, SwapDelayWindows = 100, ModelDirectory = _directory,
        };
        var thresholds = new ThresholdOptions { Mode = ThresholdMode.Adaptive, AcceptAfter = 5000 };

        var replayed = Replay(windows, options, thresholds);

        Assert.True(replayed.Count(r => r.Decided.Anomaly) > replayed.Count / 2);
        Assert.Single(Versions());
    }

    [Fact]
    public void A_restarted_learner_resumes_its_newest_version_without_warming_up_again()
    {
        var windows = Sensor(SeriesScenario.None, length: 700, seed: 4);
        var options = new LearningOptions { WarmupWindows = 300, RetrainEveryWindows = 0, ModelDirectory = _directory };
        Replay(windows, options);

        var resumed = Replay(windows, options);

        Assert.Equal(windows.Count, resumed.Count);
        Assert.Single(Versions());
        AssertScoredBy(Path.Combine(_directory, Versions()[0].File), windows, resumed);
    }

    [Fact]
    public void Windows_that_ended_just_before_a_series_turned_anomalous_leave_the_training_set()
    {
        var set = new TrainingSet(capacity: 10, windowSize: 2, stride: 1, quarantineSpans: 2);
        foreach (var end in new long[] { 10, 20, 30, 40, 50 })
        {
            set.Offer(Span("a", end));
            set.Offer(Span("b", end));
        }

        set.Anomalous(Span("a", 60)); // window [50, 60]: a's windows ending at 40 and later go
        set.Offer(Span("a", 65)); // overlaps the anomaly's hold-back: not taken
        set.Offer(Span("a", 100));

        var (_, count, series, first, last) = set.Snapshot();
        Assert.Equal((8, 2, 10L, 100L), (count, series, first, last)); // a full ring drops its oldest (a at 10) for the newest
    }

    private static Window Span(string series, long endMs) =>
        new() { Series = series, StartMs = endMs - 10, EndMs = endMs, Values = [endMs, endMs], Length = 2 };

    private static List<ReplayedWindow> Replay(IReadOnlyList<Window> windows, LearningOptions options, ThresholdOptions? thresholds = null) =>
        Replay(Learner(options), windows, thresholds);

    /// <summary>A learner of the <c>sensor</c> pipeline that trains inline, as a replay's does.</summary>
    internal static StreamLearner Learner(LearningOptions options) =>
        new("sensor", Window, 1, 1, options, new ScorerOptions { Device = "cpu" }, NullLogger.Instance, trainInline: true);

    internal static List<ReplayedWindow> Replay(StreamLearner learner, IReadOnlyList<Window> windows, ThresholdOptions? thresholds = null)
    {
        var stage = new DecisionStage(thresholds ?? new ThresholdOptions { Mode = ThresholdMode.Adaptive }, new AlertingOptions());
        return [.. DecisionReplay.Run(learner, windows, stage, Window)];
    }

    private List<LearnedVersion> Versions() => Published(_directory);

    /// <summary>The versions published in a directory, oldest first.</summary>
    internal static List<LearnedVersion> Published(string directory) =>
        [.. Directory.GetFiles(directory, "*.json")
            .Select(path => JsonSerializer.Deserialize<LearnedVersion>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!)
            .OrderBy(version => version.Version)];

    internal static void AssertScoredBy(string modelPath, IReadOnlyList<Window> windows, IReadOnlyList<ReplayedWindow> replayed)
    {
        using var scorer = BatchScorer.Load(modelPath, new ScorerOptions { Device = "cpu" });
        var expected = scorer.ScoreAll([.. windows.SelectMany(w => w.Values)], windows.Count);
        Assert.Equal(windows.Select(w => w.EndMs), replayed.Select(r => r.Decided.Window.EndMs));
        Assert.Equal(expected, replayed.Select(r => r.Decided.Score), (a, b) => Math.Abs(a - b) <= 1e-5 * Math.Max(1, Math.Abs(a)));
    }

    internal static List<Window> Sensor(SeriesScenario scenario, int length, int seed, double changeAt = 0.6, double faultFraction = 0.05) =>
        [.. SyntheticSensor.Windows(new SyntheticSeriesGenerator(seed).Generate(scenario,
            new SyntheticSeriesOptions { Length = length, ChangeAt = changeAt, FaultFraction = faultFraction }), Window)];
}
