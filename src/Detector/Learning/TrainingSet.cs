using StreamAe.Contracts;

namespace StreamAe.Detector.Learning;

/// <summary>
/// The recent windows judged normal that a retraining learns from: a ring of copies allocated once, filled with every
/// <c>stride</c>-th offered window so it spans the whole retraining period. When a series turns anomalous, its
/// windows that ended shortly before are struck out: a fault's onset scores low before it is detected, and must not
/// be learned as normal. Used from one thread (the output stage's).
/// </summary>
internal sealed class TrainingSet(int capacity, int windowSize, int stride, int quarantineSpans)
{
    private const int MaxTrackedSeries = 100_000;

    private readonly float[] _values = new float[capacity * windowSize];
    private readonly string?[] _series = new string?[capacity];
    private readonly long[] _endMs = new long[capacity];
    private readonly Dictionary<string, long> _lastAnomalyEnd = new(StringComparer.Ordinal);
    private int _next;
    private long _offered;

    /// <summary>Windows in the set now.</summary>
    public int Count { get; private set; }

    /// <summary>A window judged normal; kept unless it lies too close after an anomaly of its series.</summary>
    public void Offer(Window window)
    {
        if (_offered++ % stride != 0 || FollowsAnomaly(window))
        {
            return;
        }
        if (_series[_next] is null)
        {
            Count++;
        }
        window.Values.CopyTo(_values.AsSpan(_next * windowSize, windowSize));
        _series[_next] = window.Series;
        _endMs[_next] = window.EndMs;
        _next = (_next + 1) % capacity;
    }

    /// <summary>A window judged anomalous: strikes out its series' windows that ended within the quarantine before it.</summary>
    public void Anomalous(Window window)
    {
        var span = Math.Max(1, window.EndMs - window.StartMs);
        var since = window.EndMs - quarantineSpans * span;
        var continuing = _lastAnomalyEnd.TryGetValue(window.Series, out var previous) && previous >= window.StartMs - span;
        if (!continuing)
        {
            for (var i = 0; i < capacity; i++)
            {
                if (_endMs[i] >= since && string.Equals(_series[i], window.Series, StringComparison.Ordinal))
                {
                    _series[i] = null;
                    Count--;
                }
            }
        }
        if (_lastAnomalyEnd.Count >= MaxTrackedSeries && !_lastAnomalyEnd.ContainsKey(window.Series))
        {
            _lastAnomalyEnd.Clear(); // a bound on memory; a forgotten series only loses its after-anomaly hold-back
        }
        _lastAnomalyEnd[window.Series] = window.EndMs;
    }

    /// <summary>The windows in the set, oldest first, as one flat array, and the span of time they cover.</summary>
    public (float[] Values, int Count, int Series, long FirstEndMs, long LastEndMs) Snapshot()
    {
        var values = new float[Count * windowSize];
        var series = new HashSet<string>(StringComparer.Ordinal);
        long first = long.MaxValue, last = long.MinValue;
        var taken = 0;
        for (var k = 0; k < capacity; k++)
        {
            var i = (_next + k) % capacity;
            if (_series[i] is not { } name)
            {
                continue;
            }
            _values.AsSpan(i * windowSize, windowSize).CopyTo(values.AsSpan(taken++ * windowSize));
            series.Add(name);
            first = Math.Min(first, _endMs[i]);
            last = Math.Max(last, _endMs[i]);
        }
        return (values, taken, series.Count, first, last);
    }

    private bool FollowsAnomaly(Window window) =>
        _lastAnomalyEnd.TryGetValue(window.Series, out var end) &&
        window.StartMs <= end + quarantineSpans * Math.Max(1, window.EndMs - window.StartMs);
}
