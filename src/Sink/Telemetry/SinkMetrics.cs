using System.Diagnostics.Metrics;

namespace StreamAe.Sink.Telemetry;

/// <summary>The sink's instruments (Meter "StreamAe.Sink"); every series is tagged with the output's name.</summary>
public static class SinkMetrics
{
    public const string MeterName = "StreamAe.Sink";

    public const string WriteSecondsName = "streamae_sink_write_seconds";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> PointsWrittenCounter =
        Meter.CreateCounter<long>("streamae_sink_points_written", "{point}", "Points durably written by an output.");

    private static readonly Counter<long> BatchesCounter =
        Meter.CreateCounter<long>("streamae_sink_batches", "{batch}", "Write requests that completed (written or rejected).");

    private static readonly Counter<long> RetriesCounter =
        Meter.CreateCounter<long>("streamae_sink_retries", "{retry}", "Write attempts retried, by failure class.");

    private static readonly Counter<long> DroppedCounter =
        Meter.CreateCounter<long>("streamae_sink_dropped_points", "{point}", "Points not written, by reason.");

    private static readonly Histogram<double> WriteLatency =
        Meter.CreateHistogram<double>(WriteSecondsName, "s", "Time from sending a batch to its durable write, retries included.");

    internal static void PointsWritten(string output, long points) =>
        PointsWrittenCounter.Add(points, new KeyValuePair<string, object?>("output", output));

    internal static void Batch(string output, string result) =>
        BatchesCounter.Add(1, new KeyValuePair<string, object?>("output", output), new KeyValuePair<string, object?>("result", result));

    internal static void Retry(string output, string retryClass) =>
        RetriesCounter.Add(1, new KeyValuePair<string, object?>("output", output), new KeyValuePair<string, object?>("class", retryClass));

    internal static void Dropped(string output, string reason, long points) =>
        DroppedCounter.Add(points, new KeyValuePair<string, object?>("output", output), new KeyValuePair<string, object?>("reason", reason));

    internal static void Latency(string output, double milliseconds) =>
        WriteLatency.Record(milliseconds / 1000.0, new KeyValuePair<string, object?>("output", output));
}
