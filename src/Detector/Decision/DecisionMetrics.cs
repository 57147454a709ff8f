using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using StreamAe.Contracts.Telemetry;

namespace StreamAe.Detector.Decision;

/// <summary>The decision stage's instruments: anomalies, alerts, and the per-series state behind them.</summary>
public static class DecisionMetrics
{
    private static readonly Meter Meter = new(DetectorMeter.Name);

    public static readonly Counter<long> Anomalies =
        Meter.CreateCounter<long>("streamae_detector_anomalous_windows", "{window}", "Windows scored above their threshold.");

    public static readonly Counter<long> Alerts =
        Meter.CreateCounter<long>("streamae_detector_alert_transitions", "{transition}", "Alert transitions, by state (open, closed).");

    public static readonly Counter<long> SeriesEvicted =
        Meter.CreateCounter<long>("streamae_detector_evicted_series", "{series}",
            "Series whose per-series state (label kind: threshold, alert) was dropped after going idle.");

    public static readonly Counter<long> SeriesUntracked =
        Meter.CreateCounter<long>("streamae_detector_untracked_windows", "{window}",
            "Windows of a new series decided without per-series state because the limit was reached (kind threshold: the model's threshold; alert: no alert).");

    private static readonly ConcurrentDictionary<string, StrongBox<long>> SeriesTracked = new(StringComparer.Ordinal);

    private static long _alertsOpen;

    public static void AdjustOpenAlerts(long delta) => Interlocked.Add(ref _alertsOpen, delta);

    /// <summary>The count behind <c>streamae_detector_tracked_series{kind}</c>; holders adjust it with Interlocked.</summary>
    public static StrongBox<long> TrackedSeries(string kind) => SeriesTracked.GetOrAdd(kind, _ => new StrongBox<long>());

    /// <summary>The kinds of per-series state (label <c>kind</c>): adaptive thresholds and alert state.</summary>
    public const string ThresholdSeries = "threshold";

    public const string AlertSeries = "alert";

    static DecisionMetrics()
    {
        KnownSeries.DeclareEach(Alerts, "state", ["open", "closed"]);
        KnownSeries.DeclareEach(SeriesEvicted, "kind", [ThresholdSeries, AlertSeries]);
        KnownSeries.DeclareEach(SeriesUntracked, "kind", [ThresholdSeries, AlertSeries]);
        _ = TrackedSeries(ThresholdSeries);
        _ = TrackedSeries(AlertSeries);
        Meter.CreateObservableGauge("streamae_detector_open_alerts", () => Interlocked.Read(ref _alertsOpen), "{alert}",
            "Alerts currently open.");
        Meter.CreateObservableGauge("streamae_detector_tracked_series",
            () => SeriesTracked.Select(kind => new Measurement<long>(Interlocked.Read(ref kind.Value.Value), new KeyValuePair<string, object?>("kind", kind.Key))),
            "{series}", "Series holding per-series state now, by kind (threshold, alert), summed over pipelines.");
    }
}
