using System.Diagnostics.Metrics;

namespace StreamAe.Ingest.Windowing;

/// <summary>The windowing stage's instruments: samples in, windows out (counted as the source hands them on).</summary>
public static class WindowingMetrics
{
    private static readonly Meter Meter = new(IngestMeter.Name);

    public static readonly Counter<long> Samples = Meter.CreateCounter<long>("streamae_ingest_samples", "{sample}",
        "Samples fed to the windower.");

    public static readonly Counter<long> Windows = Meter.CreateCounter<long>("streamae_ingest_windows", "{window}",
        "Windows emitted downstream.");
}
