using System.Diagnostics.Metrics;

namespace StreamAe.Detector.Scoring;

/// <summary>The scoring stage's instruments.</summary>
public static class ScoringMetrics
{
    public const string BatchWindowsName = "streamae_detector_batch_windows";

    private static readonly Meter Meter = new(DetectorMeter.Name);

    public static readonly Counter<long> WindowsScored =
        Meter.CreateCounter<long>("streamae_detector_scored_windows", "{window}", "Windows scored by the autoencoder.");

    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>(BatchWindowsName, "{window}", "Windows per scoring call.");

    public static readonly Histogram<double> ScoringSeconds =
        Meter.CreateHistogram<double>("streamae_detector_scoring_seconds", "s", "Time of one scoring call.");
}
