using System.Runtime.CompilerServices;
using StreamAe.Sink.Points;

namespace StreamAe.Sink.LineProtocol;

/// <summary>
/// The escaped <c>measurement,first=…,second=…</c> bytes of recent points, direct-mapped by the identity of the tag
/// value strings: the pipeline hands the sink the same series and model string objects window after window, so a hit
/// costs three reference comparisons and one copy. Bounded: a fixed number of fixed-size slots in one array, a
/// collision evicts, and a prefix longer than a slot is not cached, so it never allocates after construction.
/// Not thread-safe: one encoder at a time (a <see cref="Batching.LineBatcher"/> encodes under its lock).
/// </summary>
internal sealed class TagSetPrefixCache
{
    public const int DefaultSlots = 1024;

    /// <summary>Room for <c>streamae_residual,model=…,series=…</c> with names of about 40 characters each.</summary>
    public const int SlotBytes = 128;

    private readonly Entry[] _entries;
    private readonly byte[] _prefixes;
    private readonly int _slotMask;

    public TagSetPrefixCache(int slots = DefaultSlots)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "The number of slots must be a power of two.");
        }
        _entries = new Entry[slots];
        _prefixes = new byte[slots * SlotBytes];
        _slotMask = slots - 1;
    }

    public int Slots => _entries.Length;

    /// <summary>Prefixes held now (at most <see cref="Slots"/>).</summary>
    public int Count => _entries.Count(entry => entry.Measurement is not null);

    /// <summary>Appends the cached prefix to <paramref name="output"/>; false (nothing written) when it is not cached.</summary>
    /// <param name="encodable">false when the prefix holds a name line protocol cannot carry.</param>
    public bool TryWrite(TaggedMeasurement measurement, string firstValue, string secondValue, PooledByteBuffer output, out bool encodable)
    {
        var slot = SlotOf(measurement, firstValue, secondValue);
        ref readonly var entry = ref _entries[slot];
        if (ReferenceEquals(entry.Measurement, measurement)
            && ReferenceEquals(entry.FirstValue, firstValue)
            && ReferenceEquals(entry.SecondValue, secondValue))
        {
            output.Write(_prefixes.AsSpan(slot * SlotBytes, entry.Length));
            encodable = entry.Encodable;
            return true;
        }
        encodable = false;
        return false;
    }

    /// <summary>Keeps <paramref name="prefix"/> for these values, replacing whatever shared its slot.</summary>
    public void Store(TaggedMeasurement measurement, string firstValue, string secondValue, ReadOnlySpan<byte> prefix, bool encodable)
    {
        if (prefix.Length > SlotBytes)
        {
            return;
        }
        var slot = SlotOf(measurement, firstValue, secondValue);
        prefix.CopyTo(_prefixes.AsSpan(slot * SlotBytes));
        _entries[slot] = new Entry(measurement, firstValue, secondValue, prefix.Length, encodable);
    }

    // Identity hashes, not string hashes: hashing the characters would cost about as much as escaping them again.
    private int SlotOf(TaggedMeasurement measurement, string firstValue, string secondValue) =>
        (RuntimeHelpers.GetHashCode(secondValue)
            ^ (RuntimeHelpers.GetHashCode(firstValue) * 31)
            ^ (RuntimeHelpers.GetHashCode(measurement) * 961)) & _slotMask;

    private readonly record struct Entry(TaggedMeasurement? Measurement, string? FirstValue, string? SecondValue, int Length, bool Encodable);
}
