using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAe.Contracts;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.Alerts;
using StreamAe.Detector.Decision.State;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Detector.Learning;
using StreamAe.Detector.Scoring;
using StreamAe.Ingest.Source;
using StreamAe.TestSupport.Synthetic;
using static StreamAe.Detector.Tests.Learning.StreamLearnerTests;

namespace StreamAe.Detector.Tests.Decision.State;

/// <summary>A series' partition moves to a daemon that learns its model too: its state is restored when both daemons
/// run one lineage of learned versions (one model directory), and recalibrates when they do not.</summary>
public sealed class LineageRestoreTests : IDisposable
{
    private const int Cut = 900;
    private static readonly TopicPartition Partition0 = new("in", 0);
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-lineage-restore-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_new_owner_on_the_same_lineage_restores_the_series_and_decides_as_the_old_owner_would_have()
    {
        var changelog = new MemoryChangelog();
        var oldOwner = DecidedUntilTheMove(Path.Combine(_directory, "shared"), changelog);

        var newOwner = new Daemon(Path.Combine(_directory, "shared"), changelog); // the partition moves: it resumes the lineage's version

        var expected = Stream().Skip(Cut).Select(oldOwner.Decide).ToList();
        var actual = Stream().Skip(Cut).Select(newOwner.Decide).ToList();
        Assert.All(expected, Assert.NotNull);
        Assert.Equal(expected, actual);
        Assert.DoesNotContain(newOwner.Logger.Lines, line => line.Level >= LogLevel.Warning);
    }

    [Fact]
    public void A_new_owner_with_a_model_of_its_own_recalibrates_the_series_and_says_so_once()
    {
        var changelog = new MemoryChangelog();
        DecidedUntilTheMove(Path.Combine(_directory, "old"), changelog);
        var ownDirectory = Path.Combine(_directory, "own");
        var ownLearning = new LearningOptions { WarmupWindows = 300, RetrainEveryWindows = 0, ModelDirectory = ownDirectory };
        Replay(Learner(ownLearning), Sensor(SeriesScenario.Spikes, length: 400, seed: 6));

        var newOwner = new Daemon(ownDirectory, changelog);
        foreach (var window in Stream().Skip(Cut))
        {
            newOwner.Decide(window);
        }

        var warning = Assert.Single(newOwner.Logger.Lines, line => line.Level >= LogLevel.Warning);
        Assert.Contains("learned against another model", warning.Message);
    }

    /// <summary>The old owner, having learned its model and decided the stream up to the move, its state written.</summary>
    private static Daemon DecidedUntilTheMove(string modelDirectory, MemoryChangelog changelog)
    {
        var oldOwner = new Daemon(modelDirectory, changelog);
        foreach (var window in Stream().Take(Cut))
        {
            oldOwner.Decide(window);
        }
        oldOwner.Journal.WriteAll();
        changelog.CompleteWrites();
        return oldOwner;
    }

    /// <summary>One series of partition 0, generated afresh for each daemon (the journal marks the windows it takes).</summary>
    private static IEnumerable<Window> Stream() => Sensor(SeriesScenario.Spikes, length: 1_400, seed: 5);

    /// <summary>A daemon's pipeline with a learned model, one window at a time: learner, scorer, decisions, journal.</summary>
    private sealed class Daemon
    {
        private readonly StreamLearner _learner;
        private readonly StreamScorer _scorer;
        private readonly float[] _score = new float[1];

        public Daemon(string modelDirectory, MemoryChangelog changelog)
        {
            var learning = new LearningOptions { WarmupWindows = 300, RetrainEveryWindows = 0, ModelDirectory = modelDirectory };
            _learner = Learner(learning);
            _scorer = new StreamScorer(_learner);
            Journal = new SeriesStateJournal(new StateOptions { Enabled = true }, Stage(), changelog, "state", Logger, new ManualClock());
            Journal.Assigned([new AssignedPartition(Partition0, 0)]);
        }

        public RecordingLogger Logger { get; } = new();

        public SeriesStateJournal Journal { get; }

        private static DecisionStage Stage() =>
            new(new ThresholdOptions { Mode = ThresholdMode.Adaptive, ReferenceWindows = 300, CalibrationWindows = 200 }, new AlertingOptions());

        /// <summary>The window's verdict, bit for bit; null when it has none (warm-up).</summary>
        public string? Decide(Window window)
        {
            (window.SourceTopic, window.SourcePartition, window.SourceAssignment) = (Partition0.Topic, 0, 0);
            if (_scorer.Score(window.Values, [window], _score, default).Model is not { } model
                || !Journal.TryDecide(window, _score[0], model, default, out var decided, out var alert))
            {
                _learner.Observe(window, null);
                return null;
            }
            _learner.Observe(window, decided);
            return $"{decided.Window.EndMs} {BitConverter.DoubleToInt64Bits(decided.Score):X} {BitConverter.DoubleToInt64Bits(decided.Threshold):X} " +
                $"{BitConverter.DoubleToInt64Bits(decided.CalibratedScore):X} {decided.Anomaly} {alert}";
        }
    }
}
