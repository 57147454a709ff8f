
namespace StreamAe.Ingest.Parsing.DeadLetter;

/// <summary>Dead letters counted per reason (thread-safe), mirrored to the ingest meter.</summary>
public sealed class DeadLetterCounts
{
    private readonly long[] _counts = new long[DeadLetterReasons.All.Count];

    public long this[DeadLetterReason reason] => Interlocked.Read(ref _counts[(int)reason]);

    public long Total => _counts.Sum(count => Interlocked.Read(ref count));

    public void Increment(DeadLetterReason reason)
    {
        Interlocked.Increment(ref _counts[(int)reason]);
        ParseMetrics.DeadLetters.Add(1, new KeyValuePair<string, object?>("reason", reason.Name()));
    }
}
