using StreamAe.Contracts;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.Alerts;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Detector.Learning;
using StreamAe.TestSupport.Synthetic;
using StreamAe.Tools.Offline;
using static StreamAe.Detector.Tests.Learning.StreamLearnerTests;

namespace StreamAe.Detector.Tests.Learning;

/// <summary>Learners of several daemons on one <see cref="LearningOptions.ModelDirectory"/>: one lineage of versions.</summary>
public sealed class SharedLineageTests : IDisposable
{
    private const int Window = 16;
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-shared-lineage-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Of_two_learners_that_train_the_same_version_one_publishes_it_and_the_other_serves_the_winners_model()
    {
        var options = new LearningOptions { WarmupWindows = 300, RetrainEveryWindows = 0, ModelDirectory = _directory };
        var first = Learner(options);
        var second = Learner(options); // both start before either published: both warm up and train version 1
        Replay(first, Sensor(SeriesScenario.Spikes, length: 500, seed: 1));

        var windows = Sensor(SeriesScenario.Spikes, length: 700, seed: 2);
        var replayed = Replay(second, windows);

        var published = Assert.Single(Lineage());
        Assert.Equal(1, published.Version);
        Assert.Equal(published.File, Path.GetFileName(Assert.Single(Directory.GetFiles(_directory, "*.streamae")))); // the loser's file is gone
        AssertScoredBy(Path.Combine(_directory, published.File), windows[300..], replayed); // from where its own would have served
    }

    [Fact]
    public void A_learner_warming_up_adopts_a_version_another_published_and_decides_every_window_after_it()
    {
        var options = new LearningOptions { WarmupWindows = 300, RetrainEveryWindows = 0, ModelDirectory = _directory };
        var warmingUp = Learner(options);
        var windows = Sensor(SeriesScenario.Spikes, length: 600, seed: 2);
        Assert.Empty(Replay(warmingUp, windows[..100])); // a third of its warm-up
        Replay(Learner(options), Sensor(SeriesScenario.Spikes, length: 500, seed: 1));

        Assert.True(warmingUp.AdoptNewest());
        Assert.False(warmingUp.AdoptNewest()); // nothing newer since
        var replayed = Replay(warmingUp, windows[100..]);

        AssertScoredBy(Path.Combine(_directory, Assert.Single(Lineage()).File), windows[100..], replayed);
    }

    [Fact]
    public void A_learner_adopts_a_newer_version_another_published_from_its_next_window_on()
    {
        Replay(Learner(new LearningOptions { WarmupWindows = 300, RetrainEveryWindows = 0, ModelDirectory = _directory }),
            Sensor(SeriesScenario.None, length: 400, seed: 1));
        var follower = Learner(new LearningOptions { RetrainEveryWindows = 0, ModelDirectory = _directory }); // resumes version 1
        var retraining = Learner(new LearningOptions
        {
            RetrainEveryWindows = 400, TrainingWindows = 200, SwapDelayWindows = 100, MaxAnomalousShare = 1, ModelDirectory = _directory,
        });
        Replay(retraining, Sensor(SeriesScenario.None, length: 500, seed: 3));
        Assert.Equal([1, 2], Lineage().Select(v => v.Version));

        var windows = Sensor(SeriesScenario.None, length: 700, seed: 2);
        var stage = new DecisionStage(new ThresholdOptions { Mode = ThresholdMode.Adaptive }, new AlertingOptions());
        var replayed = new List<ReplayedWindow>();
        using var replay = DecisionReplay.Run(follower, windows, stage, Window).GetEnumerator();
        while (replayed.Count < DecisionReplay.BatchSize && replay.MoveNext())
        {
            replayed.Add(replay.Current); // the first batch, scored before the lineage is looked at
        }
        Assert.True(follower.AdoptNewest());
        while (replay.MoveNext())
        {
            replayed.Add(replay.Current);
        }

        var cut = DecisionReplay.BatchSize;
        AssertScoredBy(Path.Combine(_directory, Lineage()[0].File), windows[..cut], replayed[..cut]);
        AssertScoredBy(Path.Combine(_directory, Lineage()[1].File), windows[cut..], replayed[cut..]);
    }

    private List<LearnedVersion> Lineage() => Published(_directory);
}
