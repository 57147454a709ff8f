using StreamAe.Detector.Decision.Alerts;
using StreamAe.Tools.Offline;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Detector.Learning;
using StreamAe.Model.Scoring;
using StreamAe.TestSupport.Synthetic;
using Xunit.Abstractions;

namespace StreamAe.Detector.Tests.Offline;

/// <summary>
/// The synthetic drift suite: a sine + noise sensor, a model trained on its first normal stretch, then every scenario
/// replayed through the daemon's decision path with default settings. Drifts must not alarm; faults must be caught
/// soon after they start; normal windows stay quiet. PCA keeps the model deterministic and the suite fast.
/// </summary>
public sealed class DriftSuiteTests(ITestOutputHelper output) : IDisposable
{
    private const int Window = 32;
    private const int TrainRows = 2000;
    private static readonly SyntheticSeriesOptions Series = new() { Length = 5000, ChangeAt = 0.6 };
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-drift-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Stationary_normal_data_flags_at_most_one_window_in_a_hundred()
    {
        var (flags, _) = Replay(SeriesScenario.None);

        var rate = flags.Count(f => f) / (double)flags.Length;
        output.WriteLine($"stationary: {rate:P3} flagged");
        Assert.InRange(rate, 0, 0.01);
    }

    [Fact]
    public void A_lasting_change_of_season_alarms_for_at_most_accept_after_windows_and_is_then_learned()
    {
        var (flags, _) = Replay(SeriesScenario.SeasonalityChange);

        var change = (int)(Series.Length * Series.ChangeAt) - TrainRows;
        var afterLearning = flags[(change + new ThresholdOptions().AcceptAfter + Window)..];
        output.WriteLine($"seasonality change: {flags.Count(f => f)} windows flagged, {afterLearning.Count(f => f)} after it was learned");
        // Detection waits for the new season to fill a window, learning for AcceptAfter more; both bounds hold that.
        Assert.InRange(flags.Count(f => f), 1, new ThresholdOptions().AcceptAfter + 2 * Window);
        Assert.InRange(afterLearning.Count(f => f) / (double)afterLearning.Length, 0, 0.05);
    }

    [Theory]
    [InlineData(SeriesScenario.LevelShift, 5)]
    [InlineData(SeriesScenario.VarianceChange, 20)]
    [InlineData(SeriesScenario.Spikes, 2)]
    [InlineData(SeriesScenario.StuckSensor, 40)]
    [InlineData(SeriesScenario.DropoutToZero, 5)]
    public void Faults_are_caught_within_their_delay_and_normal_windows_stay_quiet(SeriesScenario scenario, int maxDelayWindows)
    {
        var (flags, labels) = Replay(scenario);

        var events = Events(labels);
        var delays = events.Select(e => FirstFlag(flags, e.Start, e.End + maxDelayWindows) - e.Start).ToList();
        var normal = Enumerable.Range(0, labels.Length).Where(i => !labels[i] && !events.Any(e => i >= e.Start && i < e.End + Window)).ToList();
        var falseAlarmRate = normal.Count(i => flags[i]) / (double)normal.Count;
        output.WriteLine($"{scenario}: {events.Count} events, delays [{string.Join(", ", delays)}] windows, FAR {falseAlarmRate:P2}");

        Assert.NotEmpty(events);
        Assert.All(delays, d => Assert.InRange(d, 0, maxDelayWindows));
        Assert.InRange(falseAlarmRate, 0, 0.01);
    }

    [Fact]
    public void A_slow_trend_that_outgrows_a_fixed_model_is_followed_by_a_pipeline_learning_from_the_stream()
    {
        var gentle = Series;
        var (fixedFlags, _) = Replay(SeriesScenario.SlowTrend, series: gentle);
        var (learnedFlags, _) = Replay(SeriesScenario.SlowTrend, series: gentle, learning: new LearningOptions
        {
            WarmupWindows = TrainRows - Window + 1, RetrainEveryWindows = 300, TrainingWindows = 500, SwapDelayWindows = 100, MaxAnomalousShare = 0.2,
            ModelDirectory = Path.Combine(_directory, "learned"),
        });

        double Rate(bool[] flags) => flags.Count(f => f) / (double)flags.Length;
        output.WriteLine($"slow trend: fixed model {Rate(fixedFlags):P1} flagged, learning {Rate(learnedFlags):P1}");
        Assert.True(Rate(fixedFlags) > 0.2, $"the trend should outgrow the fixed model ({Rate(fixedFlags):P1} flagged)");
        Assert.InRange(Rate(learnedFlags), 0, 0.1); // 3.8 % measured (the fixed model: 61.6 %)
    }

    /// <summary>Trains on the first rows of the scenario's series (or learns from them, with <paramref name="learning"/>),
    /// replays all of it; a flag and a label per window,
    /// the window ending at row <c>Window - 1 + i</c> being window i.</summary>
    private (bool[] Flags, bool[] Labels) Replay(SeriesScenario scenario, SyntheticSeriesOptions? series = null, LearningOptions? learning = null)
    {
        var values = new SyntheticSeriesGenerator(seed: 11).Generate(scenario, series ?? Series);
        var windows = SyntheticSensor.Windows(values, Window).ToList();
        var training = windows.Take(TrainRows - Window + 1).ToList();
        var decisions = new DecisionStage(new ThresholdOptions(), new AlertingOptions());
        List<ReplayedWindow> replayed;
        if (learning != null)
        {
            var learner = new StreamLearner(scenario.ToString(), Window, 1, 1, learning, new ScorerOptions(), NullLogger.Instance, trainInline: true);
            replayed = [.. DecisionReplay.Run(learner, windows, decisions, Window)];
        }
        else
        {
            using var scorer = BatchScorer.Load(SyntheticSensor.TrainPca(training, Path.Combine(_directory, $"{scenario}.sae")));
            replayed = [.. DecisionReplay.Run(scorer, windows, decisions).Skip(training.Count)];
        }
        return ([.. replayed.Select(r => r.Decided.Anomaly)], [.. replayed.Select(r => r.Decided.Window.Label == true)]);
    }

    private static List<(int Start, int End)> Events(bool[] labels)
    {
        var events = new List<(int, int)>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] && (i == 0 || !labels[i - 1]))
            {
                var end = i;
                while (end + 1 < labels.Length && labels[end + 1])
                {
                    end++;
                }
                events.Add((i, end));
            }
        }
        return events;
    }

    private static int FirstFlag(bool[] flags, int from, int to)
    {
        for (var i = from; i <= Math.Min(to, flags.Length - 1); i++)
        {
            if (flags[i])
            {
                return i;
            }
        }
        return int.MaxValue / 2;
    }
}
