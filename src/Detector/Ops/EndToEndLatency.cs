using StreamAe.Contracts;

namespace StreamAe.Detector.Ops;

/// <summary>
/// Times each window from its last sample's timestamp (the producer's clock) to the moment every sink acknowledged
/// it: the latency an operator sees. Feeds the Prometheus histogram and counts every latency by millisecond for
/// exact percentiles over any length of run.
/// </summary>
public sealed class EndToEndLatency
{
    // Latencies of a minute or more all count as one minute: far beyond any target, and the counts stay small.
    private const int LastBucketMs = 60_000;
    private readonly long[] _counts = new long[LastBucketMs + 1];
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
    public LatencyHistogram Snapshot()
    {
        var counts = new long[_counts.Length];
        for (var ms = 0; ms < counts.Length; ms++)
        {
            counts[ms] = Interlocked.Read(ref _counts[ms]);
        }
        return new LatencyHistogram(counts);
    }

    private void Record(long sampleTimestampMs)
    {
        var milliseconds = Math.Max(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - sampleTimestampMs);
        DetectorMetrics.EndToEndSeconds.Record(milliseconds / 1000.0);
        Interlocked.Increment(ref _counts[Math.Min(milliseconds, LastBucketMs)]);
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
