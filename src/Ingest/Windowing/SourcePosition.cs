namespace StreamAe.Ingest.Windowing;

/// <summary>
/// A message's place in its source (partition slot and offset) packed into one long so that buffers can keep one per
/// sample cheaply. <see cref="None"/> marks samples from sources that need no acknowledgement (files).
/// </summary>
public static class SourcePosition
{
    public const long None = -1;
    private const int OffsetBits = 40;
    private const long OffsetMask = (1L << OffsetBits) - 1;

    public static long Pack(int partition, long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partition, (1 << 22) - 1);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, OffsetMask);
        return ((long)partition << OffsetBits) | offset;
    }

    public static int Partition(long position) => (int)(position >> OffsetBits);

    public static long Offset(long position) => position & OffsetMask;

    /// <summary>Merges <paramref name="positions"/> into <paramref name="lowest"/>, which keeps one position per
    /// partition: the lowest seen. <see cref="None"/> entries are ignored.</summary>
    public static void CollectLowestPerPartition(ReadOnlySpan<long> positions, List<long> lowest)
    {
        foreach (var position in positions)
        {
            if (position == None)
            {
                continue;
            }
            var partition = Partition(position);
            var merged = false;
            for (var i = 0; i < lowest.Count && !merged; i++)
            {
                if (Partition(lowest[i]) == partition)
                {
                    lowest[i] = Math.Min(lowest[i], position);
                    merged = true;
                }
            }
            if (!merged)
            {
                lowest.Add(position);
            }
        }
    }
}
