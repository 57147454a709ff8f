using System.Diagnostics.Metrics;

namespace StreamAe.Detector.Delivery;

/// <summary>The delivery stage's instruments.</summary>
public static class DeliveryMetrics
{
    private static readonly Meter Meter = new(DetectorMeter.Name);

    public static readonly Histogram<double> EndToEndSeconds =
        Meter.CreateHistogram<double>("streamae_detector_end_to_end_seconds", "s",
            "From a window's last sample timestamp to every sink's acknowledgement.");
}
