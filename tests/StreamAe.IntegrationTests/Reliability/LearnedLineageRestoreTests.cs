using Xunit.Abstractions;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>Issue 17, learned models across owners: a daemon that takes over a learning pipeline's partitions restores
/// their series' state when it shares the first daemon's <c>Learning:ModelDirectory</c>, with real daemon processes.</summary>
[Collection(DetectorCollection.Name)]
public sealed class LearnedLineageRestoreTests(TrainedModels models, ITestOutputHelper output)
{
    private const int Half = 400;
    private const int Warmup = 20; // under one series' share of any partition: every series is decided before the restart
    private static readonly string[] Learning = [$"Pipelines:0:Learning:WarmupWindows={Warmup}", "Pipelines:0:Learning:RetrainEveryWindows=0"];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_second_daemon_on_the_same_model_directory_resumes_the_learned_version_and_restores_every_series(bool shared)
    {
        using var rig = new StateRig(models, output);
        var group = rig.Kafka.NewGroupId();
        await rig.ProduceAsync(0, Half);
        var (first, _) = await rig.StartLearningAsync(group, "state-learned", Path.Combine(rig.Directory, "first"), Learning);
        await StateRig.WaitAsync(first, () => rig.Committed(group) == Half, "the first half committed");
        first.Process.Terminate();
        Assert.Equal(0, await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        await rig.ProduceAsync(Half, Half);
        var (second, secondOutput) = await rig.StartLearningAsync(group, "state-learned",
            Path.Combine(rig.Directory, shared ? "first" : "second"), Learning);
        await StateRig.WaitAsync(second, () => rig.Committed(group) == 2 * Half, "the second half committed");

        var log = await StateRig.StopAsync(second);
        var decided = StateRig.Read(secondOutput).Count(d => d.IsScore);
        var recalibrated = log.Split('\n').Where(line => line.Contains("learned against another model", StringComparison.Ordinal)).ToList();
        var restored = StateRig.RestoredSeries(log);
        rig.Log($"shared {shared}: {decided} decisions, {restored} series restored, {recalibrated.Count} recalibration line(s)");
        Assert.Equal(BeatMessages.SeriesCount, restored);
        if (shared)
        {
            Assert.Contains("resumes with its learned model version 1", log, StringComparison.Ordinal);
            Assert.Equal(Half, decided); // no warm-up
            Assert.Empty(recalibrated);
        }
        else
        {
            Assert.Equal(Half - Warmup, decided);
            Assert.Single(recalibrated); // every series, said once
        }
    }
}
