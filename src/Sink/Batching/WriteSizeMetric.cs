using System.Diagnostics.Metrics;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Sink.Batching;

/// <summary>
/// Points per write request of one output (<c>streamae_sink_batch_points{output}</c>): how well the adaptive batching
/// fills writes (a few points each when live, thousands under backlog). One instrument per output, its name declared as
/// an instrument tag, so the series is exported (at 0) from the moment the output exists.
/// </summary>
public sealed class WriteSizeMetric
{
    public const string Name = "streamae_sink_batch_points";

    private static readonly Meter Meter = new(SinkMetrics.MeterName);

    private readonly Histogram<int> _points;

    internal WriteSizeMetric(string output) =>
        _points = Meter.CreateHistogram<int>(Name, "{point}", "Points per write request (one sealed batch), by output.",
            [new KeyValuePair<string, object?>("output", output)]);

    internal void Record(int points) => _points.Record(points);
}
