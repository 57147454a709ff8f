using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace StreamAe.Detector.Ops;

/// <summary>The Detector's own instruments; exported on /metrics with the other stages' meters (see docs/deploy.md).</summary>
internal static class DetectorMetrics
{
    public const string MeterName = "StreamAe.Detector";
    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> WindowsScored =
        Meter.CreateCounter<long>("streamae_detector_windows_scored", "windows", "Windows scored by the autoencoder.");

    public static readonly Counter<long> WindowsNotRouted =
        Meter.CreateCounter<long>("streamae_detector_windows_not_routed", "windows",
            "Windows acknowledged unscored because their series matches no pattern of the pipeline.");

    public static readonly Counter<long> Anomalies =
        Meter.CreateCounter<long>("streamae_detector_anomalies", "windows", "Windows scored above their threshold.");

    public static readonly Counter<long> Alerts =
        Meter.CreateCounter<long>("streamae_detector_alerts", "alerts", "Alert transitions, by state.");

    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("streamae_detector_batch_size", "windows", "Windows per scoring call.");

    public static readonly Histogram<double> ScoringSeconds =
        Meter.CreateHistogram<double>("streamae_detector_scoring_seconds", "s", "Time of one scoring call.");

    public static readonly Histogram<double> EndToEndSeconds =
        Meter.CreateHistogram<double>("streamae_detector_end_to_end_seconds", "s",
            "From a window's last sample timestamp to every sink's acknowledgement.");

    public static readonly Counter<long> SeriesEvicted =
        Meter.CreateCounter<long>("streamae_detector_series_evicted", "series",
            "Series whose per-series state (label kind: threshold, alert) was dropped after going idle.");

    public static readonly Counter<long> SeriesUntracked =
        Meter.CreateCounter<long>("streamae_detector_series_untracked", "windows",
            "Windows of a new series decided without per-series state because the limit was reached (kind threshold: the model's threshold; alert: no alert).");

    public static readonly Counter<long> WarmupWindows =
        Meter.CreateCounter<long>("streamae_detector_windows_warmup", "windows",
            "Windows a learning pipeline trained its first model on, acknowledged without a verdict.");

    public static readonly Counter<long> ModelsLearned =
        Meter.CreateCounter<long>("streamae_detector_models_learned", "models",
            "Trainings of learning pipelines, by outcome (trained, skipped by the anomaly guard, failed).");

    private static readonly ConcurrentDictionary<string, StrongBox<long>> SeriesTracked = new(StringComparer.Ordinal);

    private static long _alertsOpen;

    public static void AdjustOpenAlerts(long delta) => Interlocked.Add(ref _alertsOpen, delta);

    /// <summary>The count behind <c>streamae_detector_series_tracked{kind}</c>; holders adjust it with Interlocked.</summary>
    public static StrongBox<long> TrackedSeries(string kind) => SeriesTracked.GetOrAdd(kind, _ => new StrongBox<long>());

    static DetectorMetrics()
    {
        Meter.CreateObservableGauge("streamae_detector_alerts_open", () => Interlocked.Read(ref _alertsOpen), "alerts",
            "Alerts currently open.");
        Meter.CreateObservableGauge("streamae_detector_series_tracked",
            () => SeriesTracked.Select(kind => new Measurement<long>(Interlocked.Read(ref kind.Value.Value), new KeyValuePair<string, object?>("kind", kind.Key))),
            "series", "Series holding per-series state now, by kind (threshold, alert), summed over pipelines.");
    }
}
