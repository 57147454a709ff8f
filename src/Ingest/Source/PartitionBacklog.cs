using Confluent.Kafka;
using StreamAe.Ingest.Commit;

namespace StreamAe.Ingest.Source;

/// <summary>
/// Whether the source reads from a backlog: its assigned partitions together are more than <c>threshold</c> messages
/// behind their high watermarks (librdkafka's copies from the latest fetch responses, refreshed by
/// <see cref="Refresh"/>). Summed over the partitions, because more input is waiting as long as any partition has
/// some: a partition drained before the others must not cut the batches short. Kept up to date a message at a time
/// (each partition's share, never below 0, is adjusted as it is read). A stale watermark errs towards "live", so a
/// live stream is not taken for a backlog, and the last messages of a backlog are live.
/// </summary>
internal sealed class PartitionBacklog(int threshold)
{
    private long[] _highWatermarks = [];
    private long[] _nextToRead = []; // 0: nothing read from the partition since it was assigned
    private long[] _behind = [];
    private long _totalBehind;

    /// <summary>Reads the cached high watermarks of the assigned partitions (no broker round trip).</summary>
    public void Refresh(IConsumer<Ignore, Ignore> consumer, OffsetTracker tracker)
    {
        foreach (var partition in consumer.Assignment)
        {
            if (tracker.TryGetSlot(partition, out var slot))
            {
                var high = consumer.GetWatermarkOffsets(partition).High;
                Ensure(slot);
                _highWatermarks[slot] = high == Offset.Unset ? 0 : high.Value;
                Update(slot);
            }
        }
    }

    /// <summary>Whether the partition's high watermark has been read since it was assigned.</summary>
    public bool Knows(int slot) => (uint)slot < (uint)_highWatermarks.Length && _highWatermarks[slot] > 0;

    /// <summary>Records that the message at <paramref name="offset"/> was read; true while the source is behind.</summary>
    public bool Read(int slot, long offset)
    {
        Ensure(slot);
        _nextToRead[slot] = offset + 1;
        Update(slot);
        return _totalBehind > threshold;
    }

    /// <summary>The partition left the assignment: it no longer counts.</summary>
    public void Forget(int slot)
    {
        if ((uint)slot < (uint)_highWatermarks.Length)
        {
            _highWatermarks[slot] = _nextToRead[slot] = 0;
            Update(slot);
        }
    }

    private void Update(int slot)
    {
        var behind = _nextToRead[slot] == 0 ? 0 : Math.Max(0, _highWatermarks[slot] - _nextToRead[slot]);
        _totalBehind += behind - _behind[slot];
        _behind[slot] = behind;
    }

    private void Ensure(int slot)
    {
        if (slot >= _highWatermarks.Length)
        {
            var length = Math.Max(slot + 1, _highWatermarks.Length * 2);
            Array.Resize(ref _highWatermarks, length);
            Array.Resize(ref _nextToRead, length);
            Array.Resize(ref _behind, length);
        }
    }
}
