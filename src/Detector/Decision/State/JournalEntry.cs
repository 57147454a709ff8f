using StreamAe.Contracts;

namespace StreamAe.Detector.Decision.State;

/// <summary>
/// What the journal knows of one series it writes: where its windows come from, how far its decisions went, which of
/// them the sinks hold already, which acknowledgements wait for the changelog, and the snapshot waiting to go.
/// Guarded by the journal's lock.
/// </summary>
internal sealed class JournalEntry(string series, string topic, int partition)
{
    private SortedSet<long>? _deliveredAhead;

    public string Series { get; } = series;

    public string Topic { get; } = topic;

    public int Partition { get; } = partition;

    /// <summary>End of the last window decided; a window ending no later is a replay of one already decided.</summary>
    public long LastEndMs { get; set; } = long.MinValue;

    public string ModelName { get; set; } = "";

    public long ModelVersion { get; set; }

    /// <summary>Windows decided in this process, numbered from 1.</summary>
    public long Decided { get; private set; }

    /// <summary>Every window up to this number is held by every sink.</summary>
    public long DeliveredThrough { get; private set; }

    /// <summary>Windows decided since the last snapshot.</summary>
    public int Unwritten { get; set; }

    /// <summary>When the oldest change not in a snapshot was made (TimeProvider timestamp).</summary>
    public long DirtySince { get; set; }

    /// <summary>Taken, not yet written because some window it reflects is not held by every sink yet.</summary>
    public (long Through, byte[] Value)? Snapshot { get; set; }

    /// <summary>The source's acknowledgements, in window order, given back once a written snapshot covers them.</summary>
    public Queue<(long Window, IDeliveryToken Token)> Held { get; } = new();

    public long NextWindow() => ++Decided;

    public void MarkDelivered(long window)
    {
        if (window != DeliveredThrough + 1)
        {
            (_deliveredAhead ??= []).Add(window); // sinks normally acknowledge in order; this keeps it exact when not
            return;
        }
        DeliveredThrough = window;
        while (_deliveredAhead is { Count: > 0 } ahead && ahead.Min == DeliveredThrough + 1)
        {
            DeliveredThrough = ahead.Min;
            ahead.Remove(ahead.Min);
        }
    }

    /// <summary>The held acknowledgements a durable snapshot through <paramref name="window"/> frees.</summary>
    public void TakeHeldThrough(long window, List<IDeliveryToken> into)
    {
        while (Held.TryPeek(out var held) && held.Window <= window)
        {
            into.Add(Held.Dequeue().Token);
        }
    }
}
