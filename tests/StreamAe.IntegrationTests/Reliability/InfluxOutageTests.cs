using System.Diagnostics;
using Xunit.Abstractions;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>Issue 10: InfluxDB goes away mid-stream; nothing is committed that is not written, memory stays bounded.</summary>
[Collection(DetectorCollection.Name)]
public sealed class InfluxOutageTests(TrainedModels models, ITestOutputHelper output)
{
    private const int Before = 200;
    private const int During = 4000; // more than the daemon buffers (channels, queues and the source's read-ahead batches)
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Influx_down_for_30_s_commits_nothing_unwritten_pauses_the_consumer_and_loses_nothing()
    {
        using var rig = new ReliabilityRig(models, output);
        // Retries back off to at most 2 s (default 30 s) so the test sees the recovery promptly; small batches and
        // queues (a few hundred windows in all) so that the 2000 windows produced while InfluxDB is down overflow them.
        var daemon = await rig.StartAsync("Sink:Influx:MaxBackoffMs=2000", "Sink:Influx:BatchSize=100", "Sink:Influx:MaxInFlightBatches=2",
            "Batching:MaxBatch=64", "Batching:QueueCapacity=2");
        using var sampling = new CancellationTokenSource();
        var memory = daemon.SampleMemoryAsync(sampling.Token);
        await rig.ProduceAsync(0, Before);
        await rig.WaitForAllAsync(Before, TimeSpan.FromSeconds(90), daemon);
        var baselineBytes = daemon.Probe.PeakBytes;

        rig.Influx.Stop();
        var clock = Stopwatch.StartNew();
        await rig.ProduceAsync(Before, During);
        var committedDuringOutage = new List<long>();
        while (clock.Elapsed < Outage)
        {
            committedDuringOutage.Add(rig.Committed());
            Assert.False(daemon.Process.HasExited, daemon.Process.Output);
            await Task.Delay(500);
        }
        var metricsDuringOutage = await daemon.GetAsync("/metrics");
        var outagePeakBytes = daemon.Probe.PeakBytes;
        rig.Influx.Start();
        var recovery = await rig.WaitForAllAsync(Before + During, TimeSpan.FromSeconds(120), daemon);
        await sampling.CancelAsync();
        await memory;

        var consumedDuringOutage = PrometheusText.Sum(metricsDuringOutage, "streamae_ingest_messages_total") - Before;
        rig.Log($"outage {Outage.TotalSeconds:0} s: committed samples min {committedDuringOutage.Min()} max {committedDuringOutage.Max()} " +
            $"({committedDuringOutage.Count} samples); messages consumed while down {consumedDuringOutage} of {During}; " +
            $"pauses {PrometheusText.Sum(metricsDuringOutage, "streamae_ingest_pauses_total")}; " +
            $"RSS before {DaemonProbe.Mib(baselineBytes)}, peak while down {DaemonProbe.Mib(outagePeakBytes)}");
        // Nothing produced during the outage could be written, so nothing of it may be committed.
        Assert.All(committedDuringOutage, committed => Assert.Equal(Before, committed));
        // Bounded buffering: the consumer paused instead of reading the whole backlog into memory.
        Assert.True(PrometheusText.Sum(metricsDuringOutage, "streamae_ingest_pauses_total") > 0, "the consumer never paused");
        Assert.True(consumedDuringOutage < During, $"all {During} windows were read into memory while InfluxDB was down");
        await rig.AssertExactlyOnceAsync($"InfluxDB stopped {Outage.TotalSeconds:0} s", Before + During, recovery, daemon.Probe.PeakBytes);
    }
}
