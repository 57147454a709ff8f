using StreamAe.Sink.Acks;

namespace StreamAe.Detector.Delivery;

/// <summary>
/// Times each window from its last sample's timestamp (the producer's clock) to the moment every sink acknowledged
/// it: the latency an operator sees. The sink's fan-out reports that moment (<see cref="IAcknowledgementObserver"/>);
/// each latency feeds the Prometheus histogram and a count by millisecond for exact percentiles over any length of run.
/// </summary>
public sealed class EndToEndLatency(TimeProvider? clock = null) : IAcknowledgementObserver
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly LatencyCounts _counts = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Milliseconds at the given quantiles (0..1] of every latency recorded, or NaN with none.</summary>
    public double[] Percentiles(params double[] quantiles) => Snapshot().Percentiles(quantiles);

    /// <summary>The counts so far; <see cref="LatencyHistogram.Since"/> gives the latencies of a later stretch.</summary>
    public LatencyHistogram Snapshot() => _counts.Snapshot();

    public void Acknowledged(long windowEndMs)
    {
        var milliseconds = Math.Max(0, _clock.GetUtcNow().ToUnixTimeMilliseconds() - windowEndMs);
        DeliveryMetrics.EndToEndSeconds.Record(milliseconds / 1000.0);
        _counts.Record(milliseconds);
        Interlocked.Increment(ref _count);
    }
}
