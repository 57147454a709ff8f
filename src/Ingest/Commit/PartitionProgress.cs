using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StreamAe.Ingest.Commit;

/// <summary>
/// One assigned partition's progress: which offsets are still needed (held by a message in flight, a series
/// buffer, an undelivered window or an unacknowledged dead letter) and how far the consumer has read. The
/// committable offset is the lowest held offset, or the next offset to read when nothing is held, so it only
/// ever moves past data that is delivered or deliberately dropped. Thread-safe: deliveries come from sink threads.
/// Holds are counted in a hash map (no allocation per hold once it has grown) and the lowest is found by a scan when
/// the committable offset is asked for, every store interval: a sorted map cost a tree node per hold, several a
/// message, on the consume thread.
/// </summary>
internal sealed class PartitionProgress
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, int> _holds = [];
    private long _nextOffset = -1;
    private long _lastCommittable = -1;

    public PartitionProgress(int slot, string topic, int partition)
    {
        Slot = slot;
        Topic = topic;
        Partition = partition;
    }

    public int Slot { get; }

    public string Topic { get; }

    public int Partition { get; }

    /// <summary>Set when the partition is revoked or lost; later deliveries for it are ignored.</summary>
    public bool Retired { get; private set; }

    public int OutstandingWindows { get; private set; }

    public void Hold(long offset)
    {
        lock (_gate)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_holds, offset, out _)++;
        }
    }

    public void Release(long offset)
    {
        lock (_gate)
        {
            ReleaseLocked(offset);
        }
    }

    public void HoldForWindow(long offset)
    {
        lock (_gate)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_holds, offset, out _)++;
            OutstandingWindows++;
        }
    }

    public void WindowDelivered(long offset)
    {
        lock (_gate)
        {
            if (Retired)
            {
                return;
            }
            ReleaseLocked(offset);
            OutstandingWindows--;
        }
    }

    /// <summary>Records that every message up to <paramref name="offset"/> has been read and accounted for.</summary>
    public void Read(long offset)
    {
        lock (_gate)
        {
            _nextOffset = Math.Max(_nextOffset, offset + 1);
        }
    }

    /// <summary>The offset the group may commit (the next one to read after a restart); -1 before any read.</summary>
    public long Committable()
    {
        lock (_gate)
        {
            return CommittableLocked();
        }
    }

    /// <summary>The committable offset when it moved since the last call, else -1.</summary>
    public long TakeAdvance()
    {
        lock (_gate)
        {
            var committable = CommittableLocked();
            if (committable <= _lastCommittable)
            {
                return -1;
            }
            _lastCommittable = committable;
            return committable;
        }
    }

    public void Retire()
    {
        lock (_gate)
        {
            Retired = true;
            _holds.Clear();
            OutstandingWindows = 0;
        }
    }

    private long CommittableLocked()
    {
        if (_nextOffset < 0)
        {
            return -1;
        }
        var lowest = _nextOffset;
        foreach (var offset in _holds.Keys)
        {
            lowest = Math.Min(lowest, offset);
        }
        return lowest;
    }

    private void ReleaseLocked(long offset)
    {
        if (Retired)
        {
            return;
        }
        ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(_holds, offset);
        if (Unsafe.IsNullRef(ref count))
        {
            return;
        }
        if (--count == 0)
        {
            _holds.Remove(offset);
        }
    }
}
