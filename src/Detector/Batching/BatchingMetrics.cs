using System.Diagnostics.Metrics;

namespace StreamAe.Detector.Batching;

/// <summary>The batching stage's instruments.</summary>
public static class BatchingMetrics
{
    private static readonly Meter Meter = new(DetectorMeter.Name);

    public static readonly Counter<long> WindowsNotRouted =
        Meter.CreateCounter<long>("streamae_detector_unrouted_windows", "{window}",
            "Windows acknowledged unscored because their series matches no pattern of the pipeline.");
}
