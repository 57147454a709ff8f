using System.Diagnostics;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>Issue 10: Kafka misbehaves mid-stream; the daemon rides it out and every window lands exactly once.</summary>
[Collection(DetectorCollection.Name)]
public sealed class BrokerFaultTests(TrainedModels models, ITestOutputHelper output)
{
    private const short FetchApi = 1;
    private const short OffsetCommitApi = 8;

    [Fact]
    public async Task All_brokers_down_for_10_s_then_up_loses_and_duplicates_nothing()
    {
        using var rig = new ReliabilityRig(models, output);
        var daemon = await rig.StartAsync();
        using var sampling = new CancellationTokenSource();
        var memory = daemon.SampleMemoryAsync(sampling.Token);
        await rig.ProduceAsync(0, 200);
        await rig.WaitForAllAsync(200, TimeSpan.FromSeconds(90), daemon);

        // Every broker (leaders and group coordinator) goes; messages produced meanwhile wait in the producer.
        for (var broker = 1; broker <= MockKafkaFixtureBrokers; broker++)
        {
            rig.Kafka.Cluster.SetBrokerDown(broker);
        }
        var during = rig.ProduceAsync(200, 200);
        await Task.Delay(TimeSpan.FromSeconds(10));
        Assert.False(daemon.Process.HasExited, daemon.Process.Output);
        for (var broker = 1; broker <= MockKafkaFixtureBrokers; broker++)
        {
            rig.Kafka.Cluster.SetBrokerUp(broker);
        }
        await during;
        var recovery = await rig.WaitForAllAsync(400, TimeSpan.FromSeconds(90), daemon);
        await rig.ProduceAsync(400, 100);
        await rig.WaitForAllAsync(500, TimeSpan.FromSeconds(60), daemon);
        await sampling.CancelAsync();
        await memory;

        await rig.AssertExactlyOnceAsync("all 3 brokers down 10 s", 500, recovery, daemon.Probe.PeakBytes);
    }

    [Fact]
    public async Task Fetch_and_offset_commit_errors_and_a_slow_cluster_lose_and_duplicate_nothing()
    {
        using var rig = new ReliabilityRig(models, output);
        var daemon = await rig.StartAsync();
        using var sampling = new CancellationTokenSource();
        var memory = daemon.SampleMemoryAsync(sampling.Token);
        await rig.ProduceAsync(0, 100);
        await rig.WaitForAllAsync(100, TimeSpan.FromSeconds(90), daemon);

        var clock = Stopwatch.StartNew();
        rig.Kafka.Cluster.PushRequestErrors(FetchApi, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut,
            ErrorCode.UnknownTopicOrPart, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut);
        rig.Kafka.Cluster.PushRequestErrors(OffsetCommitApi, ErrorCode.RequestTimedOut, ErrorCode.NotCoordinatorForGroup,
            ErrorCode.GroupLoadInProgress, ErrorCode.RequestTimedOut, ErrorCode.RebalanceInProgress);
        await rig.ProduceAsync(100, 200, rate: 100);
        await rig.WaitForAllAsync(300, TimeSpan.FromSeconds(90), daemon);
        var errorsRecovery = clock.Elapsed;

        // A 500 ms round trip on every broker for the next 200 windows, then back to normal.
        rig.Kafka.Cluster.SetBrokerRtt(-1, 500);
        clock.Restart();
        await rig.ProduceAsync(300, 200, rate: 100);
        await rig.WaitForAllAsync(500, TimeSpan.FromSeconds(120), daemon);
        var slowDrain = clock.Elapsed;
        rig.Kafka.Cluster.SetBrokerRtt(-1, 0);
        await sampling.CancelAsync();
        await memory;

        Assert.False(daemon.Process.HasExited, daemon.Process.Output);
        rig.Log($"Fetch/OffsetCommit errors drained in {errorsRecovery.TotalSeconds:0.0} s; 200 windows at 500 ms RTT drained in {slowDrain.TotalSeconds:0.0} s");
        await rig.AssertExactlyOnceAsync("5 Fetch + 5 OffsetCommit errors, then 500 ms RTT", 500, errorsRecovery, daemon.Probe.PeakBytes);
    }

    private const int MockKafkaFixtureBrokers = StreamAe.TestSupport.Kafka.MockKafkaFixture.BrokerCount;
}
