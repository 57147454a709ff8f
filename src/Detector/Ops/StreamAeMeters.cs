using System.Runtime.CompilerServices;
using StreamAe.Detector.Pipeline.State;
using StreamAe.Ingest.Telemetry;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Detector.Ops;

/// <summary>
/// Creates every stage's instruments at once, so that /metrics lists each of them from the first scrape: a metrics
/// class otherwise creates its instruments when first used (the state metrics only once a changelog is read).
/// </summary>
internal static class StreamAeMeters
{
    public static void Create()
    {
        foreach (var metrics in new[] { typeof(IngestMetrics), typeof(DetectorMetrics), typeof(StateMetrics), typeof(SinkMetrics), typeof(BuildInfoMetric) })
        {
            RuntimeHelpers.RunClassConstructor(metrics.TypeHandle);
        }
    }
}
