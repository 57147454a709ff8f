using Xunit.Abstractions;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>Issue 10: a second daemon joins the group mid-stream and leaves on SIGTERM; no window lost, no partition stuck.</summary>
[Collection(DetectorCollection.Name)]
public sealed class RebalanceTests(TrainedModels models, ITestOutputHelper output)
{
    private const int Produced = 900;

    // The mock coordinator holds each rebalance for the session timeout minus 1 s (45 s by default; see docs/RELIABILITY.md).
    private static readonly string[] ShortSession = ["Kafka:SessionTimeoutMs=6000", "Kafka:HeartbeatIntervalMs=1000"];

    [Fact]
    public async Task A_second_member_joining_and_leaving_mid_stream_loses_nothing_and_leaves_no_partition_behind()
    {
        using var rig = new ReliabilityRig(models, output);
        var first = await rig.StartAsync(ShortSession);
        var producing = rig.ProduceAsync(0, Produced, rate: 50);
        await KafkaOffsets.WaitUntilAsync(() => rig.WrittenAsync().Result > 100, TimeSpan.FromSeconds(90), "the first member's progress");

        var second = await rig.StartAsync(ShortSession);
        // The second member leaves only once it has partitions of its own (the group rebalanced to two members).
        await KafkaOffsets.WaitUntilAsync(() => second.Process.Output.Contains($"Partitions assigned: {rig.Topic}", StringComparison.Ordinal),
            TimeSpan.FromSeconds(90), "partitions for the second member");
        var joined = await rig.WrittenAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        second.Process.Terminate();
        Assert.Equal(0, await second.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var left = System.Diagnostics.Stopwatch.StartNew();
        var writtenAtLeave = await rig.WrittenAsync();

        await producing;
        await rig.WaitForAllAsync(Produced, TimeSpan.FromSeconds(90), first);
        first.Probe.SampleResidentBytes();
        var rebalances = PrometheusText.Sum(await first.GetAsync("/metrics"), "streamae_ingest_rebalanced_partitions_total");
        rig.Log($"second member joined at {joined} and left at {writtenAtLeave} points written; first member saw {rebalances} rebalances; " +
            $"drained {left.Elapsed.TotalSeconds:0.0} s after the leave");
        Assert.Contains("drained", second.Process.Output);
        Assert.True(rebalances >= 2, $"the first member saw {rebalances} rebalances, expected the join and the leave");
        await rig.AssertExactlyOnceAsync("2nd member joins then leaves (SIGTERM)", Produced, left.Elapsed, first.Probe.PeakBytes);
    }
}
