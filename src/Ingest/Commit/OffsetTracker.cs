using Confluent.Kafka;
using StreamAe.Contracts;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Ingest.Commit;

/// <summary>
/// The no-data-loss rule for Kafka sources. Each assignment of a topic-partition gets a slot (the "partition"
/// part of a <see cref="SourcePosition"/>); the windower's series buffers and the source hold positions while data
/// depends on them, each window holds the lowest position of each partition it was cut from until it is delivered
/// (<see cref="CreateWindowToken"/>), and the committable offset per partition advances only contiguously past released positions. After a
/// crash, reading again from the committed offsets rebuilds every window not yet delivered (a series whose
/// buffer started later than the partition's committed offset sees some already-windowed samples again, so it
/// may emit extra, overlapping windows: at-least-once, never less).
/// </summary>
public sealed class OffsetTracker : IPositionHolds
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TopicPartition, PartitionProgress> _active = [];
    private readonly List<PartitionProgress?> _slots = [];
    private readonly List<long> _tokenScratch = [];

    /// <summary>Starts tracking a newly assigned partition; returns its slot.</summary>
    public int Assign(TopicPartition topicPartition)
    {
        lock (_gate)
        {
            if (_active.TryGetValue(topicPartition, out var existing))
            {
                return existing.Slot;
            }
            var progress = new PartitionProgress(_slots.Count, topicPartition.Topic, topicPartition.Partition.Value);
            _slots.Add(progress);
            _active.Add(topicPartition, progress);
            return progress.Slot;
        }
    }

    /// <summary>Stops tracking a revoked or lost partition: its holds vanish and late deliveries are ignored.
    /// Returns the offset committable at that moment (-1 if none).</summary>
    public long Retire(TopicPartition topicPartition)
    {
        PartitionProgress? progress;
        lock (_gate)
        {
            if (!_active.Remove(topicPartition, out progress))
            {
                return -1;
            }
            _slots[progress.Slot] = null;
        }
        var committable = progress.Committable();
        progress.Retire();
        return committable;
    }

    public bool TryGetSlot(TopicPartition topicPartition, out int slot)
    {
        lock (_gate)
        {
            slot = _active.TryGetValue(topicPartition, out var progress) ? progress.Slot : -1;
            return slot >= 0;
        }
    }

    /// <summary>Whether the slot's assignment is still current (not revoked or lost).</summary>
    public bool IsAssigned(int slot)
    {
        lock (_gate)
        {
            return (uint)slot < (uint)_slots.Count && _slots[slot] is not null;
        }
    }

    public long Committable(TopicPartition topicPartition)
    {
        lock (_gate)
        {
            return _active.TryGetValue(topicPartition, out var progress) ? progress.Committable() : -1;
        }
    }

    public int OutstandingWindows(TopicPartition topicPartition)
    {
        lock (_gate)
        {
            return _active.TryGetValue(topicPartition, out var progress) ? progress.OutstandingWindows : 0;
        }
    }

    /// <summary>Committable offsets that moved forward since the last call (to store or commit).</summary>
    public List<TopicPartitionOffset> TakeAdvances()
    {
        var advances = new List<TopicPartitionOffset>();
        lock (_gate)
        {
            foreach (var (topicPartition, progress) in _active)
            {
                var offset = progress.TakeAdvance();
                if (offset >= 0)
                {
                    advances.Add(new TopicPartitionOffset(topicPartition, offset));
                }
            }
        }
        return advances;
    }

    /// <summary>Holds a message's position while it is parsed, windowed or dead-lettered.</summary>
    public void Hold(long position) => Progress(position)?.Hold(SourcePosition.Offset(position));

    public void Release(long position) => Progress(position)?.Release(SourcePosition.Offset(position));

    /// <summary>Marks every message of the slot up to this position as read and accounted for.</summary>
    public void MarkRead(long position) => Progress(position)?.Read(SourcePosition.Offset(position));

    /// <summary>A token for a window built from samples at <paramref name="positions"/>: it holds the lowest
    /// position of each partition until <see cref="IDeliveryToken.Delivered"/> is called.</summary>
    /// <remarks>Called from the source's windowing thread only, as the windower emits, so its scratch list is reused.</remarks>
    public IDeliveryToken CreateWindowToken(ReadOnlySpan<long> positions)
    {
        // A window normally depends on one partition, rarely on a few: hold the lowest position of each.
        var lowest = _tokenScratch;
        lowest.Clear();
        SourcePosition.CollectLowestPerPartition(positions, lowest);
        var holds = new (PartitionProgress, long)[lowest.Count];
        var count = 0;
        foreach (var position in lowest)
        {
            if (Progress(position) is { } progress)
            {
                var offset = SourcePosition.Offset(position);
                progress.HoldForWindow(offset);
                holds[count++] = (progress, offset);
            }
        }
        return new WindowDeliveryToken(count == holds.Length ? holds : holds[..count]);
    }

    private PartitionProgress? Progress(long position)
    {
        var slot = SourcePosition.Partition(position);
        lock (_gate)
        {
            return slot < _slots.Count ? _slots[slot] : null;
        }
    }

    private sealed class WindowDeliveryToken((PartitionProgress Progress, long Offset)[] holds) : IDeliveryToken
    {
        private int _delivered;

        public void Delivered()
        {
            if (Interlocked.Exchange(ref _delivered, 1) != 0)
            {
                return; // a second acknowledgement of the same window changes nothing
            }
            foreach (var (progress, offset) in holds)
            {
                progress.WindowDelivered(offset);
            }
        }
    }
}
