namespace StreamAe.Ingest.Kafka.Offsets;

/// <summary>
/// One assigned partition's progress: which offsets are still needed (held by a message in flight, a series
/// buffer, an undelivered window or an unacknowledged dead letter) and how far the consumer has read. The
/// committable offset is the lowest held offset, or the next offset to read when nothing is held, so it only
/// ever moves past data that is delivered or deliberately dropped. Thread-safe: deliveries come from sink threads.
/// </summary>
internal sealed class PartitionProgress
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, int> _holds = [];
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
            _holds[offset] = _holds.TryGetValue(offset, out var count) ? count + 1 : 1;
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
            _holds[offset] = _holds.TryGetValue(offset, out var count) ? count + 1 : 1;
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
        return _holds.Count == 0 ? _nextOffset : Math.Min(_nextOffset, _holds.First().Key);
    }

    private void ReleaseLocked(long offset)
    {
        if (Retired || !_holds.TryGetValue(offset, out var count))
        {
            return;
        }
        if (count == 1)
        {
            _holds.Remove(offset);
        }
        else
        {
            _holds[offset] = count - 1;
        }
    }
}
