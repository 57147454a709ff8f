using System.Diagnostics.Metrics;
using StreamAe.Detector.Delivery;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Tools.Bench;

/// <summary>
/// Times the sink's write requests (sent → durably written, from the sink's own histogram) while a benchmark runs,
/// so an end-to-end latency tail can be told apart from the database's: on a shared machine InfluxDB's own write
/// latency is part of what the daemon waits for.
/// </summary>
internal sealed class SinkWriteWatch : IDisposable
{
    private readonly LatencyCounts _writes = new();
    private readonly MeterListener _listener = new();

    public SinkWriteWatch()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: SinkMetrics.MeterName, Name: SinkMetrics.WriteSecondsName })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => _writes.Record(seconds * 1000));
        _listener.Start();
    }

    public LatencyHistogram Snapshot() => _writes.Snapshot();

    public void Dispose() => _listener.Dispose();
}
