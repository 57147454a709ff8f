using System.Diagnostics.Metrics;
using StreamAe.Contracts;
using StreamAe.Contracts.Telemetry;

namespace StreamAe.Detector.Pipeline;

/// <summary>
/// A window's age (from its last sample's timestamp, the producer's clock) as it reaches each stage, so an operator
/// sees where the end-to-end latency accrues: <c>batcher</c> (read, windowed and queued), <c>scorer</c> (batched),
/// <c>output</c> (scored); the acknowledgement's age is <c>streamae_detector_end_to_end_seconds</c>.
/// </summary>
public static class WindowAge
{
    public const string Name = "streamae_detector_window_age_seconds";

    private static readonly Meter Meter = new(DetectorMeter.Name);

    private static readonly Histogram<double> Seconds = Meter.CreateHistogram<double>(Name, "s",
        "A window's age (since its last sample's timestamp) as it reaches a stage.");

    /// <summary>The tag that names the stage.</summary>
    public const string StageTag = "stage";

    /// <summary>The stages, in the order a window reaches them.</summary>
    public static readonly IReadOnlyList<string> Stages = ["batcher", "scorer", "output"];

    public static readonly KeyValuePair<string, object?> AtBatcher = new(StageTag, Stages[0]);
    public static readonly KeyValuePair<string, object?> AtScorer = new(StageTag, Stages[1]);
    public static readonly KeyValuePair<string, object?> AtOutput = new(StageTag, Stages[2]);

    static WindowAge()
    {
        KnownSeries.DeclareEach(Seconds, StageTag, Stages);
    }

    public static void Record(Window window, long nowMs, KeyValuePair<string, object?> stage) =>
        Seconds.Record(Math.Max(0, nowMs - window.EndMs) / 1000.0, stage);

    public static void Record(ReadOnlySpan<Window> windows, long nowMs, KeyValuePair<string, object?> stage)
    {
        foreach (var window in windows)
        {
            Record(window, nowMs, stage);
        }
    }
}
