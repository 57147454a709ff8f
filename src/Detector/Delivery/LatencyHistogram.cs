namespace StreamAe.Detector.Delivery;

/// <summary>
/// Counts of latencies in whole milliseconds (the resolution of the timestamps they come from), the last bucket
/// holding everything at or above it: exact percentiles in constant memory, however long the run.
/// </summary>
public sealed class LatencyHistogram
{
    private readonly long[] _counts;

    public LatencyHistogram(long[] counts)
    {
        _counts = counts;
        Count = counts.Sum();
    }

    public long Count { get; }

    /// <summary>What was recorded after <paramref name="earlier"/>, a snapshot of the same recorder.</summary>
    public LatencyHistogram Since(LatencyHistogram earlier)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(earlier._counts.Length, _counts.Length, nameof(earlier));
        return new LatencyHistogram(_counts.Select((count, ms) => count - earlier._counts[ms]).ToArray());
    }

    /// <summary>Milliseconds at each quantile (0..1]: the smallest value at or below which that share of the
    /// latencies lies; NaN when nothing was recorded.</summary>
    public double[] Percentiles(params double[] quantiles) => quantiles.Select(Percentile).ToArray();

    private double Percentile(double quantile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * Count));
        var seen = 0L;
        for (var ms = 0; ms < _counts.Length; ms++)
        {
            seen += _counts[ms];
            if (seen >= rank)
            {
                return ms;
            }
        }
        return _counts.Length - 1;
    }
}
