using StreamAe.Detector.Alerting;
using StreamAe.Detector.Offline;
using StreamAe.Detector.Pipeline.Decision;
using StreamAe.Detector.Pipeline.Thresholding;
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

    /// <summary>Trains on the first rows of the scenario's series, replays all of it; a flag and a label per window,
    /// the window ending at row <c>Window - 1 + i</c> being window i.</summary>
    private (bool[] Flags, bool[] Labels) Replay(SeriesScenario scenario)
    {
        var series = new SyntheticSeriesGenerator(seed: 11).Generate(scenario, Series);
        var windows = SyntheticSensor.Windows(series, Window).ToList();
        var training = windows.Take(TrainRows - Window + 1).ToList();
        var modelPath = SyntheticSensor.TrainPca(training, Path.Combine(_directory, $"{scenario}.sae"));
        using var scorer = BatchScorer.Load(modelPath);
        var decisions = new DecisionStage(new ThresholdOptions(), new AlertingOptions());
        var replayed = DecisionReplay.Run(scorer, windows, decisions).Skip(training.Count).ToList();
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
