using StreamAe.Contracts;

namespace StreamAe.Detector.Ops;

/// <summary>
/// Times each window from its last sample's timestamp (the producer's clock) to the moment every sink acknowledged
/// it: the latency an operator sees. Feeds the Prometheus histogram and keeps a bounded sample for percentiles.
/// </summary>
public sealed class EndToEndLatency(int keep = 1 << 20)
{
    private readonly double[] _samples = new double[keep];
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

    /// <summary>Milliseconds at the given quantiles (0..1) of the samples kept, or NaN with none.</summary>
    public double[] Percentiles(params double[] quantiles)
    {
        var kept = (int)Math.Min(Count, _samples.Length);
        if (kept == 0)
        {
            return quantiles.Select(_ => double.NaN).ToArray();
        }
        var sorted = _samples.AsSpan(0, kept).ToArray();
        Array.Sort(sorted);
        return quantiles.Select(q => sorted[(int)Math.Min(kept - 1, Math.Floor(q * kept))]).ToArray();
    }

    private void Record(long sampleTimestampMs)
    {
        var milliseconds = Math.Max(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - sampleTimestampMs);
        DetectorMetrics.EndToEndSeconds.Record(milliseconds / 1000.0);
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _samples.Length)
        {
            _samples[index] = milliseconds;
        }
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
