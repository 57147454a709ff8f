using System.Runtime.CompilerServices;
using StreamAe.Detector.Batching;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.State;
using StreamAe.Detector.Delivery;
using StreamAe.Detector.Learning;
using StreamAe.Detector.Pipeline;
using StreamAe.Detector.Scoring;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Source;
using StreamAe.Ingest.Windowing;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Detector.Hosting;

/// <summary>
/// Creates every stage's instruments at once, so that /metrics lists each of them from the first scrape: a metrics
/// class otherwise creates its instruments when first used (the state metrics only once a changelog is read).
/// </summary>
internal static class StreamAeMeters
{
    // In the order data flows: ingest, detector stages, sinks, then the process.
    private static readonly Type[] Metrics =
    [
        typeof(SourceMetrics), typeof(ParseMetrics), typeof(WindowingMetrics),
        typeof(BatchingMetrics), typeof(ScoringMetrics), typeof(LearningMetrics), typeof(DecisionMetrics),
        typeof(StateMetrics),
        typeof(WindowAge), typeof(DeliveryMetrics), typeof(SinkMetrics), typeof(BuildInfoMetric),
    ];

    public static void Create()
    {
        foreach (var metrics in Metrics)
        {
            RuntimeHelpers.RunClassConstructor(metrics.TypeHandle);
        }
    }
}
