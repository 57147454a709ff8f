namespace StreamAe.Detector.Delivery;

/// <summary>
/// A thread-safe count of latencies by whole millisecond (the resolution of the timestamps they come from); a
/// minute or more counts as one minute, far beyond any target, so the counts stay small however long the run.
/// </summary>
public sealed class LatencyCounts
{
    private const int LastBucketMs = 60_000;
    private readonly long[] _counts = new long[LastBucketMs + 1];

    public void Record(double milliseconds) =>
        Interlocked.Increment(ref _counts[(int)Math.Clamp(milliseconds, 0, LastBucketMs)]);

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
}
