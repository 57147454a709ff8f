using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using StreamAe.Contracts.Telemetry;

namespace StreamAe.Detector.Ops;

/// <summary>The Detector's own instruments; exported on /metrics with the other stages' meters (see docs/deploy.md).</summary>
public static class DetectorMetrics
{
    public const string MeterName = "StreamAe.Detector";

    public const string BatchWindowsName = "streamae_detector_batch_windows";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> WindowsScored =
        Meter.CreateCounter<long>("streamae_detector_scored_windows", "{window}", "Windows scored by the autoencoder.");

    public static readonly Counter<long> WindowsNotRouted =
        Meter.CreateCounter<long>("streamae_detector_unrouted_windows", "{window}",
            "Windows acknowledged unscored because their series matches no pattern of the pipeline.");

    public static readonly Counter<long> Anomalies =
        Meter.CreateCounter<long>("streamae_detector_anomalous_windows", "{window}", "Windows scored above their threshold.");

    public static readonly Counter<long> Alerts =
        Meter.CreateCounter<long>("streamae_detector_alert_transitions", "{transition}", "Alert transitions, by state (open, closed).");

    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>(BatchWindowsName, "{window}", "Windows per scoring call.");

    public static readonly Histogram<double> ScoringSeconds =
        Meter.CreateHistogram<double>("streamae_detector_scoring_seconds", "s", "Time of one scoring call.");

    public static readonly Histogram<double> EndToEndSeconds =
        Meter.CreateHistogram<double>("streamae_detector_end_to_end_seconds", "s",
            "From a window's last sample timestamp to every sink's acknowledgement.");

    public static readonly Counter<long> SeriesEvicted =
        Meter.CreateCounter<long>("streamae_detector_evicted_series", "{series}",
            "Series whose per-series state (label kind: threshold, alert) was dropped after going idle.");

    public static readonly Counter<long> SeriesUntracked =
        Meter.CreateCounter<long>("streamae_detector_untracked_windows", "{window}",
            "Windows of a new series decided without per-series state because the limit was reached (kind threshold: the model's threshold; alert: no alert).");

    public static readonly Counter<long> WarmupWindows =
        Meter.CreateCounter<long>("streamae_detector_warmup_windows", "{window}",
            "Windows a learning pipeline trained its first model on, acknowledged without a verdict.");

    public static readonly Counter<long> ModelsLearned =
        Meter.CreateCounter<long>("streamae_detector_trainings", "{training}",
            "Trainings of learning pipelines, by outcome (trained, skipped by the anomaly guard, failed).");

    private static readonly ConcurrentDictionary<string, StrongBox<long>> SeriesTracked = new(StringComparer.Ordinal);

    private static long _alertsOpen;

    public static void AdjustOpenAlerts(long delta) => Interlocked.Add(ref _alertsOpen, delta);

    /// <summary>The count behind <c>streamae_detector_tracked_series{kind}</c>; holders adjust it with Interlocked.</summary>
    public static StrongBox<long> TrackedSeries(string kind) => SeriesTracked.GetOrAdd(kind, _ => new StrongBox<long>());

    /// <summary>The kinds of per-series state (label <c>kind</c>): adaptive thresholds and alert state.</summary>
    public const string ThresholdSeries = "threshold";

    public const string AlertSeries = "alert";

    static DetectorMetrics()
    {
        KnownSeries.DeclareEach(Alerts, "state", ["open", "closed"]);
        KnownSeries.DeclareEach(SeriesEvicted, "kind", [ThresholdSeries, AlertSeries]);
        KnownSeries.DeclareEach(SeriesUntracked, "kind", [ThresholdSeries, AlertSeries]);
        KnownSeries.DeclareEach(ModelsLearned, "outcome", ["trained", "skipped", "failed"]);
        _ = TrackedSeries(ThresholdSeries);
        _ = TrackedSeries(AlertSeries);
        Meter.CreateObservableGauge("streamae_detector_open_alerts", () => Interlocked.Read(ref _alertsOpen), "{alert}",
            "Alerts currently open.");
        Meter.CreateObservableGauge("streamae_detector_tracked_series",
            () => SeriesTracked.Select(kind => new Measurement<long>(Interlocked.Read(ref kind.Value.Value), new KeyValuePair<string, object?>("kind", kind.Key))),
            "{series}", "Series holding per-series state now, by kind (threshold, alert), summed over pipelines.");
    }
}
