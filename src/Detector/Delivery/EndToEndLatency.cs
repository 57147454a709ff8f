using StreamAe.Contracts;

namespace StreamAe.Detector.Delivery;

/// <summary>
/// Times each window from its last sample's timestamp (the producer's clock) to the moment every sink acknowledged
/// it: the latency an operator sees. Feeds the Prometheus histogram and counts every latency by millisecond for
/// exact percentiles over any length of run.
/// </summary>
public sealed class EndToEndLatency(TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly LatencyCounts _counts = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Wraps the window's token so its acknowledgement is timed; windows without one are not tracked.</summary>
    public void Track(Window window)
    {
        if (window.Delivery is { } inner)
        {
            window.Delivery = new TimedDelivery(inner, window.EndMs, this);
        }
    }

    /// <summary>Milliseconds at the given quantiles (0..1] of every latency recorded, or NaN with none.</summary>
    public double[] Percentiles(params double[] quantiles) => Snapshot().Percentiles(quantiles);

    /// <summary>The counts so far; <see cref="LatencyHistogram.Since"/> gives the latencies of a later stretch.</summary>
    public LatencyHistogram Snapshot() => _counts.Snapshot();

    private void Record(long sampleTimestampMs)
    {
        var milliseconds = Math.Max(0, _clock.GetUtcNow().ToUnixTimeMilliseconds() - sampleTimestampMs);
        DeliveryMetrics.EndToEndSeconds.Record(milliseconds / 1000.0);
        _counts.Record(milliseconds);
        Interlocked.Increment(ref _count);
    }

    private sealed class TimedDelivery(IDeliveryToken inner, long sampleTimestampMs, EndToEndLatency owner) : IDeliveryToken
    {
        public void Delivered()
        {
            owner.Record(sampleTimestampMs);
            inner.Delivered();
        }
    }
}
