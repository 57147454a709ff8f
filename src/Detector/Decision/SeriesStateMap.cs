using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace StreamAe.Detector.Decision;

/// <summary>
/// State kept per series by a stage (thresholds, alerts), with a limit on how many series it holds and eviction of
/// the ones not looked up for an idle timeout, so that a stream of ever-new series ids cannot grow it without end.
/// Holdings and evictions are exported per <c>kind</c> (<see cref="DecisionMetrics"/>). Used from one thread.
/// </summary>
public sealed class SeriesStateMap<TState>
    where TState : class
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _series = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _leastRecentlyUsedFirst = new();
    private readonly int _maxSeries;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _clock;
    private readonly KeyValuePair<string, object?> _kind;
    private readonly StrongBox<long> _trackedGauge;

    /// <param name="kind">Metric label value naming the stage (e.g. <c>threshold</c>).</param>
    /// <param name="idleTimeout">How long a series may go without a lookup before <see cref="EvictIdle"/> drops it; zero keeps it.</param>
    public SeriesStateMap(string kind, int maxSeries, TimeSpan idleTimeout, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(idleTimeout, TimeSpan.Zero);
        _kind = new("kind", kind);
        _trackedGauge = DecisionMetrics.TrackedSeries(kind);
        _maxSeries = maxSeries;
        _idleTimeout = idleTimeout;
        _clock = clock ?? TimeProvider.System;
    }

    public int Count => _series.Count;

    /// <summary>The limit is reached: <see cref="TryAdd"/> refuses new series until some are removed or evicted.</summary>
    public bool IsFull => _series.Count >= _maxSeries;

    /// <summary>Finds a series' state and marks the series as just used.</summary>
    public bool TryGet(string series, [MaybeNullWhen(false)] out TState state)
    {
        if (!_series.TryGetValue(series, out var node))
        {
            state = null;
            return false;
        }
        node.Value.LastUsed = _clock.GetTimestamp();
        _leastRecentlyUsedFirst.Remove(node);
        _leastRecentlyUsedFirst.AddLast(node);
        state = node.Value.State;
        return true;
    }

    /// <summary>Finds a series' state without marking it used (reading it for a snapshot is no use of the series).</summary>
    public bool TryPeek(string series, [MaybeNullWhen(false)] out TState state)
    {
        var found = _series.TryGetValue(series, out var node);
        state = found ? node!.Value.State : null;
        return found;
    }

    /// <summary>Replaces a series' state (with a restored one); false when the series was not held and the limit is reached.</summary>
    public bool TryReplace(string series, TState state)
    {
        Remove(series);
        return TryAdd(series, state);
    }

    /// <summary>Adds a series not held yet; false (and counted as untracked) when the limit is reached.</summary>
    public bool TryAdd(string series, TState state)
    {
        if (IsFull)
        {
            DecisionMetrics.SeriesUntracked.Add(1, _kind);
            return false;
        }
        _series.Add(series, _leastRecentlyUsedFirst.AddLast(new Entry(series, state, _clock.GetTimestamp())));
        Interlocked.Increment(ref _trackedGauge.Value);
        return true;
    }

    public void Remove(string series)
    {
        if (_series.Remove(series, out var node))
        {
            _leastRecentlyUsedFirst.Remove(node);
            Interlocked.Decrement(ref _trackedGauge.Value);
        }
    }

    /// <summary>Drops the series not used for the idle timeout, least recently used first, handing each to <paramref name="evicted"/>.</summary>
    public void EvictIdle(Action<string, TState>? evicted = null)
    {
        if (_idleTimeout == TimeSpan.Zero)
        {
            return;
        }
        while (_leastRecentlyUsedFirst.First is { } oldest && _clock.GetElapsedTime(oldest.Value.LastUsed) >= _idleTimeout)
        {
            Remove(oldest.Value.Series);
            DecisionMetrics.SeriesEvicted.Add(1, _kind);
            evicted?.Invoke(oldest.Value.Series, oldest.Value.State);
        }
    }

    private sealed class Entry(string series, TState state, long lastUsed)
    {
        public string Series { get; } = series;

        public TState State { get; } = state;

        public long LastUsed { get; set; } = lastUsed;
    }
}
