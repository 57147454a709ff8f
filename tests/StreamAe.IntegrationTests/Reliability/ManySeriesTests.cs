using System.Diagnostics;
using Xunit.Abstractions;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>
/// Issue 10: 10⁵ series keys, each seen once, through the daemon: every window is scored and written once, the
/// per-series state of thresholds and alerts stays within its limit (idle series are evicted), and the daemon's memory
/// stays within a bound above its baseline.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class ManySeriesTests(TrainedModels models, ITestOutputHelper output)
{
    private const int WarmUp = 200; // windows (of new keys too) before the memory baseline is taken
    private const int Keys = 100_000;
    private const int Chunk = 2_000;

    // Produced but not yet consumed: 6000 beats (~1.6 kB each) keep every mock partition under its 5 MiB log, beyond
    // which the mock silently drops the oldest messages.
    private const int MaxBacklog = 6_000;

    // Per-series state limit of thresholds and of alerts. Rolling thresholds hold 2 × RollingWindow doubles a series,
    // and the calibration reference 2 × ReferenceWindows floats (kept to the rolling window's length here, so the
    // state at the limit stays the size the bound below was measured with).
    private const int MaxSeries = 5_000;
    private const int RollingWindow = 200;

    // Measured: +74 MiB with no per-series state at all (Static thresholds), +93 to +112 MiB with these limits, +437 MiB
    // with thresholds for all 10⁵ series. The state at the limit is ~18 MiB (5000 rolling thresholds of ~3.4 kB, alert
    // states); the rest is buffers and garbage-collector headroom. A leak of 1 kB a key (~100 MiB) would break it.
    private const long AllowedGrowthBytes = 160L << 20;

    private static readonly string[] Limits =
    [
        "Pipelines:0:Threshold:Mode=Rolling", // every series gets threshold state, not only the anomalous ones
        $"Pipelines:0:Threshold:RollingWindow={RollingWindow}",
        $"Pipelines:0:Threshold:ReferenceWindows={RollingWindow}",
        $"Pipelines:0:Threshold:MaxSeries={MaxSeries}",
        "Pipelines:0:Threshold:IdleTimeout=00:00:05",
        $"Alerting:MaxSeries={MaxSeries}",
        "Alerting:IdleTimeout=00:00:05",
    ];

    [Fact]
    public async Task A_hundred_thousand_new_series_keys_are_each_written_once_with_per_series_state_and_memory_bounded()
    {
        using var rig = new ReliabilityRig(models, output);
        var daemon = await rig.StartAsync(Limits);
        await rig.ProduceAsync(Enumerable.Range(0, WarmUp).Select(NewSeriesBeat));
        await rig.WaitForAllAsync(WarmUp, TimeSpan.FromSeconds(90), daemon);
        var baselineBytes = daemon.Probe.SampleResidentBytes();

        using var sampling = new CancellationTokenSource();
        var memory = daemon.SampleMemoryAsync(sampling.Token);
        var clock = Stopwatch.StartNew();
        var peakTracked = new SeriesCounts(0, 0);
        var total = WarmUp + Keys;
        for (var first = WarmUp; first < total; first += Chunk)
        {
            await KafkaOffsets.WaitUntilAsync(() =>
            {
                var metrics = daemon.GetAsync("/metrics").Result;
                peakTracked = peakTracked.Max(SeriesCounts.Tracked(metrics));
                return first - PrometheusText.Sum(metrics, "streamae_ingest_messages_total") <= MaxBacklog - Chunk;
            }, TimeSpan.FromSeconds(60), $"the daemon to consume (backlog under {MaxBacklog})");
            await rig.ProduceAsync(Enumerable.Range(first, Math.Min(Chunk, total - first)).Select(NewSeriesBeat));
        }
        await KafkaOffsets.WaitUntilAsync(() => rig.Committed() >= total, TimeSpan.FromSeconds(90), $"{total} offsets committed");
        var elapsed = clock.Elapsed;
        await sampling.CancelAsync();
        await memory;
        var health = await daemon.GetAsync("/healthz");
        var final = await daemon.GetAsync("/metrics");
        peakTracked = peakTracked.Max(SeriesCounts.Tracked(final));

        var growth = daemon.Probe.PeakBytes - baselineBytes;
        var deadLetters = File.Exists(rig.DeadLetterPath) ? File.ReadAllLines(rig.DeadLetterPath).Length : 0;
        var scored = PrometheusText.Sum(final, "streamae_detector_scored_windows_total");
        var anomalies = PrometheusText.Sum(final, "streamae_detector_anomalous_windows_total");
        var tracked = SeriesCounts.Tracked(final);
        var evicted = SeriesCounts.Of(final, "streamae_detector_evicted_series_total");
        var untracked = SeriesCounts.Of(final, "streamae_detector_untracked_windows_total");
        rig.Log($"{Keys} new keys after {WarmUp} warm-up ones in {elapsed.TotalSeconds:0.0} s ({Keys / elapsed.TotalSeconds:0} windows/s); " +
            $"RSS baseline {DaemonProbe.Mib(baselineBytes)}, peak {DaemonProbe.Mib(daemon.Probe.PeakBytes)} (+{DaemonProbe.Mib(growth)}, bound +{DaemonProbe.Mib(AllowedGrowthBytes)}); " +
            $"scored {scored}, anomalous {anomalies}, dead letters {deadLetters}; series state (threshold/alert): peak {peakTracked}, " +
            $"at the end {tracked}, evicted {evicted}, untracked (limit reached) {untracked}");

        Assert.False(daemon.Process.HasExited, daemon.Process.Output);
        Assert.Equal("ok\n", health);
        Assert.Equal(0, deadLetters);
        Assert.Equal(total, scored);
        Assert.True(growth <= AllowedGrowthBytes, $"resident memory grew by {DaemonProbe.Mib(growth)}, more than {DaemonProbe.Mib(AllowedGrowthBytes)}");
        Assert.InRange(peakTracked.Threshold, 1, MaxSeries);
        Assert.InRange(peakTracked.Alert, 1, MaxSeries);
        Assert.True(evicted.Threshold > 0 && evicted.Alert > 0, $"no idle series was evicted ({evicted})");
        // Each key comes once: every window's series got threshold state (now held or since evicted) or was decided
        // without it; likewise every anomalous window's series for alerts, and no alert ever opens.
        Assert.Equal(scored, tracked.Threshold + evicted.Threshold + untracked.Threshold);
        Assert.Equal(anomalies, tracked.Alert + evicted.Alert + untracked.Alert);
        Assert.Equal(0, PrometheusText.Sum(final, "streamae_detector_alert_transitions_total"));
        await rig.AssertExactlyOnceAsync($"{Keys} new series keys", total, elapsed, daemon.Probe.PeakBytes);
    }

    /// <summary>Beat i under a key of its own (<c>k{i}</c>).</summary>
    private (string Key, byte[]? Value) NewSeriesBeat(int index)
    {
        var key = "k" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (key, BeatMessages.Json(key, BeatMessages.BaseTimestampMs + index, models.TestBeats.Window(index % models.TestBeats.Count)));
    }

    /// <summary>A per-series metric's values for the threshold and the alert state.</summary>
    private sealed record SeriesCounts(double Threshold, double Alert)
    {
        public static SeriesCounts Tracked(string metrics) => Of(metrics, "streamae_detector_tracked_series");

        public static SeriesCounts Of(string metrics, string name) =>
            new(PrometheusText.Sum(metrics, name, "kind=\"threshold\""), PrometheusText.Sum(metrics, name, "kind=\"alert\""));

        public SeriesCounts Max(SeriesCounts other) => new(Math.Max(Threshold, other.Threshold), Math.Max(Alert, other.Alert));

        public override string ToString() => $"{Threshold}/{Alert}";
    }
}
