using System.Runtime.CompilerServices;
using StreamAe.Contracts;

namespace StreamAe.Ingest.Windowing;

/// <summary>
/// Turns per-series samples into fixed-length windows of W samples × C channels. Where a series' sampling interval
/// is known, windows are time-aligned: one starts at the first sample of each hop-long time cell (H × interval,
/// counted from the Unix epoch), so re-reading a series from any earlier point yields the same windows; otherwise a
/// window ends every H samples counted from the first sample seen. Pre-windowed records pass straight through. Single-threaded: one caller
/// at a time (the Kafka source's windowing thread, or an offline reader). With <see cref="IPositionHolds"/> every window is emitted
/// with the source positions it depends on, and each series holds the position of the oldest sample a future window
/// still needs; the windower knows nothing of what the source makes of those positions (delivery tokens, commits).
/// </summary>
public sealed class Windower
{
    // Callers usually pass the same string instance for a series again and again (parsers intern names); an
    // identity-hashed, direct-mapped cache in front of the dictionary skips hashing the name on every sample.
    private const int RecentSlots = 4096;

    private readonly WindowerOptions _options;
    private readonly int _channels;
    private readonly OutOfOrderPolicy _outOfOrder;
    private readonly WindowEmitted _emit;
    private readonly IPositionHolds? _holds;
    private readonly Dictionary<string, SeriesBuffer> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SeriesBuffer>.AlternateLookup<ReadOnlySpan<char>> _seriesBySpan;
    private readonly long[] _windowPositions;
    private readonly List<long> _scratchHolds = [];
    private readonly RecentSeries[] _recent = new RecentSeries[RecentSlots];
    private SeriesBuffer? _newest;
    private SeriesBuffer? _oldest;

    /// <summary>A windower whose samples carry no source positions (offline readers, benchmarks).</summary>
    public Windower(WindowerOptions options, Action<Window> emit)
        : this(options, IgnoringPositions(emit), holds: null)
    {
    }

    /// <param name="emit">Gets each window with the source positions it depends on.</param>
    /// <param name="holds">Where series buffers hold positions; null when samples carry none.</param>
    public Windower(WindowerOptions options, WindowEmitted emit, IPositionHolds? holds)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(emit);
        options.ThrowIfInvalid("Window");
        _options = options;
        _channels = options.Channels;
        _outOfOrder = options.OutOfOrder;
        _emit = emit;
        _holds = holds;
        _seriesBySpan = _series.GetAlternateLookup<ReadOnlySpan<char>>();
        _windowPositions = holds is null ? [] : new long[options.WindowLength + 1];
    }

    private static WindowEmitted IgnoringPositions(Action<Window> emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        return (window, _) => emit(window);
    }

    public WindowerOptions Options => _options;

    public WindowerStats Stats { get; } = new();

    public int SeriesCount => _series.Count;

    /// <summary>Wall-clock time (ms, any epoch) stamped on series as they are updated; drives
    /// <see cref="EvictIdle"/>. The caller advances it (e.g. <see cref="Environment.TickCount64"/> per batch).</summary>
    public long ClockMs { get; set; }

    /// <summary>Adds one sample of <paramref name="series"/>; <paramref name="values"/> has one value a channel.</summary>
    /// <param name="position">Source position (<see cref="SourcePosition.Pack"/>) or <see cref="SourcePosition.None"/>.</param>
    /// <param name="label">Ground truth when known (true = anomalous); a window is anomalous if any sample is.</param>
    /// <param name="intervalMs">The sampling interval the message states (<c>chunk</c>), or zero; used for a new
    /// series when <see cref="WindowerOptions.SampleIntervalMs"/> is not set.</param>
    public void Add(string series, long timestampMs, ReadOnlySpan<float> values, long position = SourcePosition.None,
        bool? label = null, long intervalMs = 0)
    {
        ArgumentNullException.ThrowIfNull(series);
        Add(GetOrCreate(series, intervalMs), timestampMs, values, position, label);
    }

    /// <summary>As <see cref="Add(string, long, ReadOnlySpan{float}, long, bool?, long)"/>, allocating the series name
    /// only the first time it is seen.</summary>
    public void Add(ReadOnlySpan<char> series, long timestampMs, ReadOnlySpan<float> values,
        long position = SourcePosition.None, bool? label = null, long intervalMs = 0)
    {
        var buffer = _seriesBySpan.TryGetValue(series, out var existing) ? existing : Find(series.ToString(), intervalMs);
        Add(buffer, timestampMs, values, position, label);
    }

    /// <summary>Emits an already windowed record (<paramref name="values"/>: length × C, sample-major) as it is.</summary>
    public void AddWindow(string series, long startMs, long endMs, ReadOnlySpan<float> values, bool? label = null,
        long position = SourcePosition.None)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (values.Length == 0 || values.Length % _options.Channels != 0)
        {
            throw new ArgumentException(
                $"A window needs a positive multiple of {_options.Channels} values (got {values.Length}).", nameof(values));
        }
        ReadOnlySpan<long> positions = _holds is not null && position != SourcePosition.None ? [position] : [];
        Stats.WindowsEmitted++;
        _emit(new Window
        {
            Series = series,
            StartMs = startMs,
            EndMs = endMs,
            Values = values.ToArray(),
            Length = values.Length / _options.Channels,
            Channels = _options.Channels,
            Label = label,
        }, positions);
    }

    /// <summary>Evicts the series not updated since <see cref="ClockMs"/> − IdleTimeout; returns how many.</summary>
    public int EvictIdle()
    {
        if (_options.IdleTimeout <= TimeSpan.Zero)
        {
            return 0;
        }
        var cutoff = ClockMs - (long)_options.IdleTimeout.TotalMilliseconds;
        var evicted = 0;
        while (_oldest is not null && _oldest.LastTouchedMs < cutoff)
        {
            Evict(_oldest);
            evicted++;
        }
        Stats.SeriesEvictedIdle += evicted;
        return evicted;
    }

    /// <summary>
    /// Forgets every series holding a position of <paramref name="partition"/> (revoked or lost): its samples will
    /// be read again by the partition's next owner. Returns how many series were dropped.
    /// </summary>
    public int DropPartition(int partition)
    {
        var doomed = new List<SeriesBuffer>();
        foreach (var buffer in _series.Values)
        {
            foreach (var hold in buffer.Holds)
            {
                if (SourcePosition.Partition(hold) == partition)
                {
                    doomed.Add(buffer);
                    break;
                }
            }
        }
        foreach (var buffer in doomed)
        {
            Remove(buffer);
        }
        return doomed.Count;
    }

    private void Add(SeriesBuffer buffer, long timestampMs, ReadOnlySpan<float> values, long position, bool? label)
    {
        if (values.Length != _channels)
        {
            throw new ArgumentException(
                $"Series '{buffer.Series}' expects {_channels} values a sample (got {values.Length}).",
                nameof(values));
        }
        Touch(buffer);
        if (_holds is null)
        {
            position = SourcePosition.None;
        }
        var labelCode = label switch
        {
            null => SeriesBuffer.LabelUnknown,
            true => SeriesBuffer.LabelAnomalous,
            false => SeriesBuffer.LabelNormal,
        };
        switch (_outOfOrder)
        {
            case OutOfOrderPolicy.Drop when buffer.HasLastTimestamp && timestampMs < buffer.LastTimestamp:
                Stats.LateSamplesDropped++;
                return;
            case OutOfOrderPolicy.Reorder:
                AddReordered(buffer, timestampMs, values, position, labelCode);
                return;
            default:
                Stats.SamplesAccepted++;
                HoldIfNew(buffer, position);
                PushToRing(buffer, timestampMs, values, position, labelCode);
                return;
        }
    }

    private void AddReordered(SeriesBuffer buffer, long timestampMs, ReadOnlySpan<float> values, long position,
        byte label)
    {
        if (buffer.HasReleased && timestampMs < buffer.ReleasedUpTo)
        {
            Stats.LateSamplesDropped++;
            return;
        }
        Stats.SamplesAccepted++;
        HoldIfNew(buffer, position);
        var pending = buffer.Pending ??= [];
        var index = pending.Count;
        while (index > 0 && pending[index - 1].Timestamp > timestampMs)
        {
            index--;
        }
        if (index < pending.Count)
        {
            Stats.SamplesReordered++;
        }
        pending.Insert(index, new PendingSample(timestampMs, values.ToArray(), position, label));
        buffer.MaxSeenTimestamp = Math.Max(buffer.MaxSeenTimestamp, timestampMs);
        var releaseUpTo = buffer.MaxSeenTimestamp - _options.ReorderBoundMs;
        var released = 0;
        while (released < pending.Count && pending[released].Timestamp <= releaseUpTo)
        {
            var sample = pending[released++];
            buffer.HasReleased = true;
            buffer.ReleasedUpTo = sample.Timestamp;
            PushToRing(buffer, sample.Timestamp, sample.Values, sample.Position, sample.Label);
        }
        if (released > 0)
        {
            pending.RemoveRange(0, released);
            RefreshHolds(buffer);
        }
    }

    private void PushToRing(SeriesBuffer buffer, long timestampMs, ReadOnlySpan<float> values, long position, byte label)
    {
        if (buffer.PeriodMs > 0)
        {
            PushTimeAligned(buffer, timestampMs, values, position, label);
        }
        else
        {
            PushCounted(buffer, timestampMs, values, position, label);
        }
    }

    private void PushCounted(SeriesBuffer buffer, long timestampMs, ReadOnlySpan<float> values, long position, byte label)
    {
        if (IsGap(buffer, timestampMs))
        {
            Stats.GapRestarts++;
            Stats.SamplesDiscarded += buffer.Count;
            buffer.Clear();
            RefreshHolds(buffer, extra: position);
        }
        if (buffer.Skip > 0)
        {
            buffer.Skip--;
            buffer.LastTimestamp = timestampMs;
            Stats.SamplesSkipped++;
            return;
        }
        buffer.Push(timestampMs, values, position, label);
        if (buffer.Count < _options.WindowLength)
        {
            return;
        }
        EmitWindow(buffer);
        var hop = _options.Hop;
        var dropped = Math.Min(hop, _options.WindowLength);
        buffer.DropOldest(dropped);
        buffer.Skip = hop - dropped;
        RefreshHolds(buffer);
    }

    /// <summary>
    /// A sample starts a window when it is the first of its time cell: the previous sample lay in an earlier cell,
    /// or, with no previous sample, it sits exactly on a cell boundary (a series first read mid-cell waits for the
    /// next cell rather than guess). The window is that sample and the W − 1 after it.
    /// </summary>
    private void PushTimeAligned(SeriesBuffer buffer, long timestampMs, ReadOnlySpan<float> values, long position,
        byte label)
    {
        var period = buffer.PeriodMs;
        if (IsGap(buffer, timestampMs))
        {
            Stats.GapRestarts++;
            Stats.SamplesDiscarded += buffer.Count - 1; // all but the last sample were waiting for an open window
            buffer.ClearPendingStarts();
        }
        var windowStart = buffer.HasLastTimestamp
            ? Cell(timestampMs, period) > Cell(buffer.LastTimestamp, period)
            : timestampMs % period == 0;
        buffer.Push(timestampMs, values, position, label, windowStart);
        var length = _options.WindowLength;
        if (buffer.Count >= length && buffer.IsPendingStart(buffer.Count - length))
        {
            EmitWindow(buffer);
            buffer.ClearPendingStart(buffer.Count - length);
        }
        if (buffer.TrimToPendingStarts() > 0)
        {
            RefreshHolds(buffer);
        }
    }

    /// <summary>Floor division, so cells stay one period long across the epoch.</summary>
    private static long Cell(long timestampMs, long period) =>
        timestampMs >= 0 ? timestampMs / period : -((-timestampMs + period - 1) / period);

    private bool IsGap(SeriesBuffer buffer, long timestampMs) =>
        _options.MaxGapMs > 0 && buffer.HasLastTimestamp && timestampMs - buffer.LastTimestamp > _options.MaxGapMs;

    private void EmitWindow(SeriesBuffer buffer)
    {
        var length = _options.WindowLength;
        var values = new float[length * _options.Channels];
        var positionCount = buffer.CopyNewest(length, values, _windowPositions, out var startMs, out var endMs, out var label);
        Stats.WindowsEmitted++;
        _emit(new Window
        {
            Series = buffer.Series,
            StartMs = startMs,
            EndMs = endMs,
            Values = values,
            Length = length,
            Channels = _options.Channels,
            Label = label,
        }, _windowPositions.AsSpan(0, positionCount));
    }

    private void HoldIfNew(SeriesBuffer buffer, long position)
    {
        if (position == SourcePosition.None)
        {
            return;
        }
        var partition = SourcePosition.Partition(position);
        foreach (var hold in buffer.Holds)
        {
            if (SourcePosition.Partition(hold) == partition)
            {
                return; // an older position of this partition is already held
            }
        }
        _holds!.Hold(position);
        buffer.Holds.Add(position);
    }

    /// <summary>Re-derives the series' holds (lowest position per partition over ring and pending samples);
    /// new holds are taken before old ones are released so the held minimum never jumps ahead.</summary>
    private void RefreshHolds(SeriesBuffer buffer, long extra = SourcePosition.None)
    {
        if (_holds is null)
        {
            return;
        }
        var mins = _scratchHolds;
        mins.Clear();
        buffer.BufferedPositions(out var first, out var second);
        SourcePosition.CollectLowestPerPartition(first, mins);
        SourcePosition.CollectLowestPerPartition(second, mins);
        if (buffer.Pending is { } pending)
        {
            foreach (var sample in pending)
            {
                SourcePosition.CollectLowestPerPartition([sample.Position], mins);
            }
        }
        SourcePosition.CollectLowestPerPartition([extra], mins);
        if (SameHolds(mins, buffer.Holds))
        {
            return;
        }
        foreach (var position in mins)
        {
            _holds.Hold(position);
        }
        foreach (var position in buffer.Holds)
        {
            _holds.Release(position);
        }
        buffer.Holds.Clear();
        buffer.Holds.AddRange(mins);
    }

    // A loop rather than TrueForAll(Contains): a method-group delegate would be allocated on every message.
    private static bool SameHolds(List<long> wanted, List<long> held)
    {
        if (wanted.Count != held.Count)
        {
            return false;
        }
        foreach (var position in wanted)
        {
            if (!held.Contains(position))
            {
                return false;
            }
        }
        return true;
    }

    private SeriesBuffer GetOrCreate(string series, long intervalMs)
    {
        var slot = RuntimeHelpers.GetHashCode(series) & (RecentSlots - 1);
        ref var recent = ref _recent[slot];
        if (ReferenceEquals(recent.Name, series) && !recent.Buffer!.Removed)
        {
            return recent.Buffer!;
        }
        var buffer = Find(series, intervalMs);
        recent = new RecentSeries(series, buffer);
        return buffer;
    }

    private SeriesBuffer Find(string series, long intervalMs)
    {
        if (_series.TryGetValue(series, out var existing))
        {
            return existing;
        }
        if (_series.Count >= _options.MaxSeries && _oldest is not null)
        {
            Evict(_oldest);
            Stats.SeriesEvictedForCapacity++;
        }
        var buffer = new SeriesBuffer(series, _options.WindowLength, _options.Channels, _holds is not null,
            AlignmentPeriod(intervalMs));
        _series.Add(series, buffer);
        Stats.SeriesCreated++;
        return buffer;
    }

    /// <summary>The time cell a window starts in (hop × interval), or zero to count samples instead.</summary>
    private long AlignmentPeriod(long messageIntervalMs)
    {
        if (_options.Alignment != WindowAlignment.Time)
        {
            return 0;
        }
        var interval = _options.SampleIntervalMs > 0 ? _options.SampleIntervalMs : messageIntervalMs;
        return interval > 0 ? interval * _options.Hop : 0;
    }

    private void Evict(SeriesBuffer buffer)
    {
        Stats.SamplesDiscarded += buffer.Count + (buffer.Pending?.Count ?? 0);
        Remove(buffer);
    }

    private void Remove(SeriesBuffer buffer)
    {
        if (_holds is not null)
        {
            foreach (var position in buffer.Holds)
            {
                _holds.Release(position);
            }
        }
        buffer.Holds.Clear();
        Unlink(buffer);
        _series.Remove(buffer.Series);
        buffer.Removed = true; // cached references to it in _recent become misses
    }

    private void Touch(SeriesBuffer buffer)
    {
        buffer.LastTouchedMs = ClockMs;
        if (_newest == buffer)
        {
            return;
        }
        Unlink(buffer);
        buffer.Older = _newest;
        if (_newest is not null)
        {
            _newest.Newer = buffer;
        }
        _newest = buffer;
        _oldest ??= buffer;
    }

    private void Unlink(SeriesBuffer buffer)
    {
        if (buffer.Newer is not null)
        {
            buffer.Newer.Older = buffer.Older;
        }
        else if (_newest == buffer)
        {
            _newest = buffer.Older;
        }
        if (buffer.Older is not null)
        {
            buffer.Older.Newer = buffer.Newer;
        }
        else if (_oldest == buffer)
        {
            _oldest = buffer.Newer;
        }
        buffer.Newer = null;
        buffer.Older = null;
    }
}

/// <summary>A recently used series name instance and its buffer.</summary>
internal readonly record struct RecentSeries(string? Name, SeriesBuffer? Buffer);
