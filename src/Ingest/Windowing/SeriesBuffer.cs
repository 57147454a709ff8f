namespace StreamAe.Ingest.Windowing;

/// <summary>
/// One series' ring of the last samples (W × C values, sample-major), their timestamps and, when the source needs
/// acknowledgements, their source positions. Grows lazily up to W samples so that many short-lived series stay
/// cheap. Also the node of the windower's least-recently-updated list.
/// </summary>
internal sealed class SeriesBuffer
{
    private const int InitialCapacity = 16;
    internal const byte LabelUnknown = 0;
    internal const byte LabelNormal = 1;
    internal const byte LabelAnomalous = 2;

    private readonly int _windowLength;
    private readonly int _channels;
    private float[] _values;
    private long[] _timestamps;
    private long[]? _positions;
    private byte[]? _labels;
    private int _head;

    public SeriesBuffer(string series, int windowLength, int channels, bool trackPositions)
    {
        Series = series;
        _windowLength = windowLength;
        _channels = channels;
        var capacity = Math.Min(windowLength, InitialCapacity);
        _values = new float[capacity * channels];
        _timestamps = new long[capacity];
        _positions = trackPositions ? new long[capacity] : null;
    }

    public string Series { get; }

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

    public bool IsFull => Count == _windowLength;

    public void Push(long timestamp, ReadOnlySpan<float> values, long position, byte label)
    {
        if (Count == _timestamps.Length)
        {
            Grow();
        }
        var capacity = _timestamps.Length;
        var slot = _head + Count;
        if (slot >= capacity)
        {
            slot -= capacity;
        }
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
            _labels ??= new byte[capacity];
            _labels[slot] = label;
        }
        Count++;
        LastTimestamp = timestamp;
        HasLastTimestamp = true;
    }

    /// <summary>Copies the full ring (W samples, oldest first) out. Only valid when <see cref="IsFull"/>.</summary>
    public void CopyWindow(Span<float> values, Span<long> positions, out long startMs, out long endMs, out bool? label)
    {
        var capacity = _timestamps.Length; // equals W once full
        var firstPart = capacity - _head;
        _values.AsSpan(_head * _channels, firstPart * _channels).CopyTo(values);
        _values.AsSpan(0, _head * _channels).CopyTo(values[(firstPart * _channels)..]);
        if (_positions is not null)
        {
            _positions.AsSpan(_head, firstPart).CopyTo(positions);
            _positions.AsSpan(0, _head).CopyTo(positions[firstPart..]);
        }
        startMs = _timestamps[_head];
        endMs = _timestamps[_head == 0 ? capacity - 1 : _head - 1];
        label = _labels is null ? null : WindowLabel(_labels);
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

    private static bool? WindowLabel(byte[] labels)
    {
        var sawNormal = false;
        foreach (var label in labels)
        {
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
        var newCapacity = Math.Min(_windowLength, oldCapacity * 2);
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
