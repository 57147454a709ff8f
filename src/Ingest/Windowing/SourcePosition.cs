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
        // Runs of one partition are the rule (a chunk's samples share one position): its entry is looked up once a run.
        var runPartition = -1;
        var runIndex = -1;
        foreach (var position in positions)
        {
            if (position == None)
            {
                continue;
            }
            var partition = Partition(position);
            if (partition != runPartition)
            {
                runPartition = partition;
                runIndex = IndexOfPartition(lowest, partition);
                if (runIndex < 0)
                {
                    runIndex = lowest.Count;
                    lowest.Add(position);
                    continue;
                }
            }
            if (position < lowest[runIndex])
            {
                lowest[runIndex] = position;
            }
        }
    }

    private static int IndexOfPartition(List<long> positions, int partition)
    {
        for (var i = 0; i < positions.Count; i++)
        {
            if (Partition(positions[i]) == partition)
            {
                return i;
            }
        }
        return -1;
    }
}
