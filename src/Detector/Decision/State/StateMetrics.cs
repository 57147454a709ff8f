using System.Diagnostics.Metrics;
using StreamAe.Contracts.Telemetry;

namespace StreamAe.Detector.Decision.State;

/// <summary>The state changelog's instruments, exported with the Detector's (see docs/deploy.md).</summary>
internal static class StateMetrics
{
    private static readonly Meter Meter = new(DetectorMeter.Name);

    public static readonly Histogram<double> RestoreSeconds =
        Meter.CreateHistogram<double>("streamae_state_restore_seconds", "s",
            "Time to read the changelog for newly assigned partitions, before their first message is read.");

    public static readonly Counter<long> RestoredSeries =
        Meter.CreateCounter<long>("streamae_state_restored_series", "{series}",
            "Series whose state was read from the changelog, by outcome (restored; unusable: corrupt, another format, model or settings: the series recalibrates).");

    public static readonly Counter<long> Writes =
        Meter.CreateCounter<long>("streamae_state_writes", "{write}", "Series states written to the changelog, by result (written, failed).");

    public static readonly Counter<long> ReplayedWindows =
        Meter.CreateCounter<long>("streamae_state_replayed_windows", "{window}",
            "Windows read again after a restart or move whose decision the restored state already holds: acknowledged, not decided again.");

    public static readonly Counter<long> StaleWindows =
        Meter.CreateCounter<long>("streamae_state_stale_windows", "{window}",
            "Windows still in flight when their partition was revoked (read under an earlier assignment): dropped undecided, the partition's owner reads them again.");

    static StateMetrics()
    {
        KnownSeries.DeclareEach(RestoredSeries, "outcome", ["restored", "unusable"]);
        KnownSeries.DeclareEach(Writes, "result", ["written", "failed"]);
    }
}
