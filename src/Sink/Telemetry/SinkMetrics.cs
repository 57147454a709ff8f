using System.Diagnostics.Metrics;
using StreamAe.Contracts.Telemetry;

namespace StreamAe.Sink.Telemetry;

/// <summary>The sink's instruments (Meter "StreamAe.Sink"); every series is labelled with the output's name.</summary>
public static class SinkMetrics
{
    public const string MeterName = "StreamAe.Sink";

    public const string WriteSecondsName = "streamae_sink_write_seconds";

    public const string BatchPointsName = "streamae_sink_batch_points";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> WrittenPointsCounter =
        Meter.CreateCounter<long>("streamae_sink_written_points", "{point}", "Points durably written by an output.");

    private static readonly Counter<long> BatchesCounter =
        Meter.CreateCounter<long>("streamae_sink_batches", "{batch}", "Write requests that completed (written or rejected).");

    private static readonly Counter<long> RetriesCounter =
        Meter.CreateCounter<long>("streamae_sink_retries", "{retry}", "Write attempts retried, by failure class.");

    private static readonly Counter<long> DroppedCounter =
        Meter.CreateCounter<long>("streamae_sink_dropped_points", "{point}", "Points not written, by reason.");

    private static readonly Histogram<double> WriteLatency =
        Meter.CreateHistogram<double>(WriteSecondsName, "s", "Time from sending a batch to its durable write, retries included.");

    /// <summary>How well the adaptive batching fills writes: a few points each when live, thousands under backlog.</summary>
    private static readonly Histogram<int> BatchPoints =
        Meter.CreateHistogram<int>(BatchPointsName, "{point}", "Points per write request (one sealed batch), by output.");

    static SinkMetrics()
    {
        KnownSeries.DeclareLabels(WrittenPointsCounter, "output");
        KnownSeries.DeclareLabels(BatchesCounter, "output", "result");
        KnownSeries.DeclareLabels(RetriesCounter, "output", "class");
        KnownSeries.DeclareLabels(DroppedCounter, "output", "reason");
        KnownSeries.DeclareLabels(WriteLatency, "output");
        KnownSeries.DeclareLabels(BatchPoints, "output");
    }

    /// <summary>Every series an output can report, at 0 from the moment it exists.</summary>
    internal static void Declare(string output, OutputSeries series)
    {
        var tag = Output(output);
        KnownSeries.Declare(WrittenPointsCounter, tag);
        KnownSeries.Declare(WriteLatency, tag);
        KnownSeries.Declare(BatchPoints, tag);
        foreach (var result in series.BatchResults)
        {
            KnownSeries.Declare(BatchesCounter, tag, new KeyValuePair<string, object?>("result", result));
        }
        foreach (var retryClass in series.RetryClasses)
        {
            KnownSeries.Declare(RetriesCounter, tag, new KeyValuePair<string, object?>("class", retryClass));
        }
        foreach (var reason in series.DropReasons)
        {
            KnownSeries.Declare(DroppedCounter, tag, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    internal static void PointsWritten(string output, long points) => WrittenPointsCounter.Add(points, Output(output));

    internal static void Batch(string output, string result) =>
        BatchesCounter.Add(1, Output(output), new KeyValuePair<string, object?>("result", result));

    internal static void Retry(string output, string retryClass) =>
        RetriesCounter.Add(1, Output(output), new KeyValuePair<string, object?>("class", retryClass));

    internal static void Dropped(string output, string reason, long points) =>
        DroppedCounter.Add(points, Output(output), new KeyValuePair<string, object?>("reason", reason));

    internal static void Latency(string output, double milliseconds) => WriteLatency.Record(milliseconds / 1000.0, Output(output));

    internal static void BatchSealed(string output, int points) => BatchPoints.Record(points, Output(output));

    private static KeyValuePair<string, object?> Output(string output) => new("output", output);
}
