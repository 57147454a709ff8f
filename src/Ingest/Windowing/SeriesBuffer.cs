namespace StreamAe.Ingest.Windowing;

/// <summary>
/// One series' ring of its newest samples (× C values, sample-major), their timestamps and, when the source needs
/// acknowledgements, their source positions. Holds at most W samples (W + 1 when windows are time-aligned: the
/// sample before the oldest pending window start is kept too). Grows lazily so that many short-lived series stay
/// cheap. Also the node of the windower's least-recently-updated list.
/// </summary>
internal sealed class SeriesBuffer
{
    private const int InitialCapacity = 16;
    internal const byte LabelUnknown = 0;
    internal const byte LabelNormal = 1;
    internal const byte LabelAnomalous = 2;

    private readonly int _maxSamples;
    private readonly int _channels;
    private float[] _values;
    private long[] _timestamps;
    private long[]? _positions;
    private byte[]? _labels;
    private bool[]? _starts;
    private int _head;

    /// <param name="periodMs">Length of the time cell in which one window starts (hop × sampling interval), or
    /// zero when windows are counted from the first sample seen.</param>
    public SeriesBuffer(string series, int windowLength, int channels, bool trackPositions, long periodMs)
    {
        Series = series;
        PeriodMs = periodMs;
        _maxSamples = periodMs > 0 ? windowLength + 1 : windowLength;
        _channels = channels;
        var capacity = Math.Min(_maxSamples, InitialCapacity);
        _values = new float[capacity * channels];
        _timestamps = new long[capacity];
        _positions = trackPositions ? new long[capacity] : null;
        _starts = periodMs > 0 ? new bool[capacity] : null;
    }

    public string Series { get; }

    /// <summary>See the constructor; fixed for the life of the buffer.</summary>
    public long PeriodMs { get; }

    public int Count { get; private set; }

    /// <summary>Samples still to pass over before the next one is buffered (hop longer than the window).</summary>
    public int Skip { get; set; }

    public bool HasLastTimestamp { get; set; }

    /// <summary>Timestamp of the newest sample that entered the ring.</summary>
    public long LastTimestamp { get; set; }

    /// <summary>Samples held back by the reorder policy, sorted by timestamp; null unless that policy is used.</summary>
    public List<PendingSample>? Pending { get; set; }

    public bool HasReleased { get; set; }

    public long ReleasedUpTo { get; set; }

    public long MaxSeenTimestamp { get; set; } = long.MinValue;

    /// <summary>The positions this series holds in the source tracker: the lowest one per partition.</summary>
    public List<long> Holds { get; } = [];

    public long LastTouchedMs { get; set; }

    /// <summary>Set once the windower dropped this series (evicted or its partition revoked).</summary>
    public bool Removed { get; set; }

    public SeriesBuffer? Newer { get; set; }

    public SeriesBuffer? Older { get; set; }

    public void Push(long timestamp, ReadOnlySpan<float> values, long position, byte label, bool windowStart = false)
    {
        if (Count == _timestamps.Length)
        {
            if (Count == _maxSamples)
            {
                DropOldest(1);
            }
            else
            {
                Grow();
            }
        }
        var slot = Slot(Count);
        if (_channels == 1)
        {
            _values[slot] = values[0];
        }
        else
        {
            values.CopyTo(_values.AsSpan(slot * _channels, _channels));
        }
        _timestamps[slot] = timestamp;
        if (_positions is not null)
        {
            _positions[slot] = position;
        }
        if (label != LabelUnknown || _labels is not null)
        {
            _labels ??= new byte[_timestamps.Length];
            _labels[slot] = label;
        }
        if (_starts is not null)
        {
            _starts[slot] = windowStart;
        }
        Count++;
        LastTimestamp = timestamp;
        HasLastTimestamp = true;
    }

    /// <summary>
    /// Copies the newest <paramref name="length"/> samples out, oldest first. <paramref name="positions"/> receives
    /// their positions, preceded by the position of the sample before them when the ring still has it; returns how
    /// many positions were written.
    /// </summary>
    public int CopyNewest(int length, Span<float> values, Span<long> positions, out long startMs, out long endMs,
        out bool? label)
    {
        var first = Count - length;
        CopyRange(_values, _channels, first, length, values);
        var positionCount = 0;
        if (_positions is not null)
        {
            var from = Math.Max(0, first - 1);
            positionCount = Count - from;
            CopyRange(_positions, 1, from, positionCount, positions);
        }
        startMs = _timestamps[Slot(first)];
        endMs = _timestamps[Slot(Count - 1)];
        label = _labels is null ? null : WindowLabel(first, length);
        return positionCount;
    }

    /// <summary>Whether the sample <paramref name="index"/> places from the oldest begins a window not yet emitted.</summary>
    public bool IsPendingStart(int index) => _starts![Slot(index)];

    public void ClearPendingStart(int index) => _starts![Slot(index)] = false;

    /// <summary>Forgets every pending window start (their windows would span a gap).</summary>
    public void ClearPendingStarts() => Array.Clear(_starts!);

    /// <summary>
    /// Time-aligned rings keep only what a future window or a restart needs: the oldest pending window start and
    /// everything after it, plus the one sample before it (a replay must see it to know where the window starts).
    /// With no pending start only the newest sample stays. Returns how many samples were forgotten.
    /// </summary>
    public int TrimToPendingStarts()
    {
        var dropped = 0;
        while (Count >= 2 && !IsPendingStart(0) && !IsPendingStart(1))
        {
            DropOldest(1);
            dropped++;
        }
        return dropped;
    }

    /// <summary>Forgets the <paramref name="count"/> oldest samples.</summary>
    public void DropOldest(int count)
    {
        count = Math.Min(count, Count);
        _head = (_head + count) % _timestamps.Length;
        Count -= count;
    }

    public void Clear()
    {
        _head = 0;
        Count = 0;
        Skip = 0;
        _labels = null;
    }

    /// <summary>Positions of the buffered samples, oldest first, in at most two segments.</summary>
    public void BufferedPositions(out ReadOnlySpan<long> first, out ReadOnlySpan<long> second)
    {
        if (_positions is null || Count == 0)
        {
            first = second = default;
            return;
        }
        var end = _head + Count;
        if (end <= _positions.Length)
        {
            first = _positions.AsSpan(_head, Count);
            second = default;
        }
        else
        {
            first = _positions.AsSpan(_head);
            second = _positions.AsSpan(0, end - _positions.Length);
        }
    }

    private int Slot(int index)
    {
        var slot = _head + index;
        return slot >= _timestamps.Length ? slot - _timestamps.Length : slot;
    }

    /// <summary>Copies ring entries [index, index + count) (in samples of <paramref name="stride"/> items) in at most
    /// two contiguous pieces.</summary>
    private void CopyRange<T>(T[] ring, int stride, int index, int count, Span<T> destination)
    {
        var start = Slot(index);
        var firstPart = Math.Min(count, _timestamps.Length - start);
        ring.AsSpan(start * stride, firstPart * stride).CopyTo(destination);
        ring.AsSpan(0, (count - firstPart) * stride).CopyTo(destination[(firstPart * stride)..]);
    }

    private bool? WindowLabel(int first, int length)
    {
        var sawNormal = false;
        for (var i = first; i < first + length; i++)
        {
            var label = _labels![Slot(i)];
            if (label == LabelAnomalous)
            {
                return true;
            }
            sawNormal |= label == LabelNormal;
        }
        return sawNormal ? false : null;
    }

    private void Grow()
    {
        var oldCapacity = _timestamps.Length;
        var newCapacity = Math.Min(_maxSamples, oldCapacity * 2);
        _values = Linearize(_values, newCapacity * _channels, _channels);
        _timestamps = Linearize(_timestamps, newCapacity, 1);
        if (_positions is not null)
        {
            _positions = Linearize(_positions, newCapacity, 1);
        }
        if (_labels is not null)
        {
            _labels = Linearize(_labels, newCapacity, 1);
        }
        if (_starts is not null)
        {
            _starts = Linearize(_starts, newCapacity, 1);
        }
        _head = 0;
    }

    private T[] Linearize<T>(T[] ring, int newLength, int stride)
    {
        var grown = new T[newLength];
        var firstPart = (ring.Length / stride - _head) * stride;
        ring.AsSpan(_head * stride, firstPart).CopyTo(grown);
        ring.AsSpan(0, _head * stride).CopyTo(grown.AsSpan(firstPart));
        return grown;
    }
}

/// <summary>A sample the reorder policy holds back.</summary>
internal readonly record struct PendingSample(long Timestamp, float[] Values, long Position, byte Label);
