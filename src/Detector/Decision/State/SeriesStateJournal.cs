using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAe.Contracts;
using StreamAe.Ingest.Source;

namespace StreamAe.Detector.Decision.State;

/// <summary>
/// Keeps a pipeline's per-series decision state in its changelog and restores it where the series' partition goes.
/// <para>Consistency: a window's source acknowledgement (which lets its offset be committed) is held until a snapshot of
/// its series that reflects it is durable in the changelog, and a snapshot is written only once the sinks hold every
/// window it reflects. The snapshot also carries the end of the last window it reflects, so a replay from the committed
/// offset skips the windows already in the state and decides the rest from it: every window changes the state exactly
/// once, the outputs of a replay are those of an uninterrupted run, written at least once.</para>
/// Decisions run under the journal's lock (one uncontended lock per window), so the flush timer and the rebalance
/// callbacks can take snapshots from their own threads.
/// </summary>
public sealed partial class SeriesStateJournal : IPartitionOwnership, IDisposable
{
    private readonly Lock _gate = new();
    private readonly StateOptions _options;
    private readonly DecisionStage _decisions;
    private readonly IChangelog _changelog;
    private readonly string _topic;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, JournalEntry> _series = new(StringComparer.Ordinal);
    private readonly HashSet<JournalEntry> _dirty = [];
    private readonly Dictionary<(string Topic, int Partition), int> _ownedAssignments = [];
    private readonly Dictionary<string, SeriesStateRecord> _restored = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedProblems = new(StringComparer.Ordinal);
    private readonly ITimer _flushTimer;

    /// <param name="topic">the changelog's name, for log lines</param>
    public SeriesStateJournal(StateOptions options, DecisionStage decisions, IChangelog changelog, string topic,
        ILogger logger, TimeProvider? clock = null)
    {
        _options = options;
        _decisions = decisions;
        _changelog = changelog;
        _topic = topic;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        var period = TimeSpan.FromTicks(Math.Max(options.WriteInterval.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks));
        _flushTimer = _clock.CreateTimer(_ => WriteDue(), null, period, period);
    }

    /// <summary>
    /// Decides a window as <see cref="DecisionStage.Decide"/> does, restoring its series first if a restored state waits
    /// for it. False, and acknowledged without a decision, for a window the series' state already reflects (read again
    /// after a restart or a move) and for a stale one (read under an earlier assignment of its partition: deciding it
    /// would change a state that is no longer this daemon's, or that was restored without it, and its partition's
    /// owner reads it again).
    /// </summary>
    public bool TryDecide(Window window, double score, ModelReference model, ReadOnlySpan<float> reconstruction,
        out ScoredWindow decided, out AlertEvent? alert)
    {
        lock (_gate)
        {
            if (IsStale(window))
            {
                StateMetrics.StaleWindows.Add(1);
                window.Delivery?.Delivered(); // its assignment is retired: the source ignores it
                (decided, alert) = (null!, null);
                return false;
            }
            var entry = Entry(window);
            if (entry is not null && _restored.Remove(window.Series, out var record))
            {
                Install(entry, record, model);
            }
            if (entry is not null && window.EndMs <= entry.LastEndMs)
            {
                StateMetrics.ReplayedWindows.Add(1);
                window.Delivery?.Delivered();
                (decided, alert) = (null!, null);
                return false;
            }
            (decided, alert) = _decisions.Decide(window, score, model, reconstruction);
            if (entry is not null)
            {
                Track(entry, window, model);
            }
            return true;
        }
    }

    /// <summary><see cref="DecisionStage.EvictIdle"/>, under the lock the snapshots read the state with. An evicted
    /// series is marked changed, so the changelog forgets what the daemon forgot (a restore then recalibrates it, as
    /// the daemon would have).</summary>
    public IReadOnlyList<AlertEvent> EvictIdle()
    {
        lock (_gate)
        {
            return _decisions.EvictIdle(series =>
            {
                if (_series.TryGetValue(series, out var entry))
                {
                    MarkDirty(entry);
                }
            });
        }
    }

    /// <summary>Snapshots the revoked partitions' changed series now: their windows' acknowledgements wait for it.</summary>
    public void Revoking(IReadOnlyList<TopicPartition> partitions)
    {
        var revoked = partitions.Select(p => (p.Topic, p.Partition.Value)).ToHashSet();
        lock (_gate)
        {
            foreach (var entry in _dirty.Where(e => revoked.Contains((e.Topic, e.Partition))).ToList())
            {
                TakeSnapshot(entry);
            }
        }
    }

    /// <summary>Forgets the partitions' series (their new owner writes them now) once what was written is durable.</summary>
    public void Released(IReadOnlyList<TopicPartition> partitions)
    {
        var released = partitions.Select(p => (p.Topic, p.Partition.Value)).ToHashSet();
        lock (_gate)
        {
            foreach (var partition in released)
            {
                _ownedAssignments.Remove(partition);
            }
            foreach (var entry in _series.Values.Where(e => released.Contains((e.Topic, e.Partition))).ToList())
            {
                _series.Remove(entry.Series);
                _dirty.Remove(entry);
            }
            foreach (var (series, record) in _restored.Where(r => released.Contains((r.Value.SourceTopic, r.Value.SourcePartition))).ToList())
            {
                _restored.Remove(series);
            }
        }
        // A record still in flight could land after the new owner's first write and undo it in the compacted log.
        _changelog.Flush(_options.RestoreTimeout);
    }

    /// <summary>Snapshots every changed series (shutdown and tests; the timer writes due ones on its own).</summary>
    public void WriteAll()
    {
        lock (_gate)
        {
            foreach (var entry in _dirty.ToList())
            {
                TakeSnapshot(entry);
            }
        }
    }

    public void Dispose() => _flushTimer.Dispose();

    private int ChangelogPartition(int inputPartition) => inputPartition % _changelog.Partitions;

    private bool IsStale(Window window) =>
        window.SourceTopic is { } topic
        && (!_ownedAssignments.TryGetValue((topic, window.SourcePartition), out var current) || current != window.SourceAssignment);

    /// <summary>The series' entry for a window of a partition owned here; windows of other sources are decided without
    /// being journaled.</summary>
    private JournalEntry? Entry(Window window)
    {
        if (window.SourceTopic is not { } topic)
        {
            return null;
        }
        if (!_series.TryGetValue(window.Series, out var entry) || entry.Topic != topic || entry.Partition != window.SourcePartition)
        {
            _series[window.Series] = entry = new JournalEntry(window.Series, topic, window.SourcePartition);
        }
        return entry;
    }

    private void Track(JournalEntry entry, Window window, ModelReference model)
    {
        entry.LastEndMs = window.EndMs;
        entry.ModelName = model.Name;
        entry.ModelVersion = model.Version;
        var number = entry.NextWindow();
        if (window.Delivery is { } source)
        {
            entry.Held.Enqueue((number, source));
            window.Delivery = new JournaledDelivery(this, entry, number);
        }
        else
        {
            entry.MarkDelivered(number);
        }
        if (entry.Unwritten++ == 0)
        {
            MarkDirty(entry);
        }
        if (entry.Unwritten >= _options.WriteEveryWindows)
        {
            TakeSnapshot(entry);
        }
    }

    private void MarkDirty(JournalEntry entry)
    {
        if (_dirty.Add(entry))
        {
            entry.DirtySince = _clock.GetTimestamp();
        }
    }

    private void WriteDue()
    {
        lock (_gate)
        {
            foreach (var entry in _dirty.Where(e => _clock.GetElapsedTime(e.DirtySince) >= _options.WriteInterval).ToList())
            {
                TakeSnapshot(entry);
            }
        }
    }

    private void TakeSnapshot(JournalEntry entry)
    {
        var record = new SeriesStateRecord(entry.Topic, entry.Partition, entry.LastEndMs, entry.ModelName, entry.ModelVersion,
            Section(writer => _decisions.Thresholds.TryWriteSeries(entry.Series, writer)),
            Section(writer => _decisions.Alerts.TryWriteSeries(entry.Series, writer)));
        entry.Snapshot = (entry.Decided, record.Encode());
        entry.Unwritten = 0;
        _dirty.Remove(entry);
        WriteIfDelivered(entry);
    }

    private static byte[]? Section(Func<BinaryWriter, bool> write)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        return write(writer) ? stream.ToArray() : null;
    }

    /// <summary>Writes the waiting snapshot once the sinks hold every window it reflects (a replay skips those).</summary>
    private void WriteIfDelivered(JournalEntry entry)
    {
        if (entry.Snapshot is not { } snapshot || entry.DeliveredThrough < snapshot.Through)
        {
            return;
        }
        entry.Snapshot = null;
        try
        {
            _changelog.Write(ChangelogPartition(entry.Partition), entry.Series, snapshot.Value,
                written => OnWritten(entry, snapshot.Through, written));
        }
        catch (KafkaException e)
        {
            _logger.LogDebug("State of {Series} not queued ({Reason}); written again later", entry.Series, e.Error.Reason);
            OnWritten(entry, snapshot.Through, written: false);
        }
    }

    private void OnDelivered(JournalEntry entry, long window)
    {
        lock (_gate)
        {
            entry.MarkDelivered(window);
            if (_series.TryGetValue(entry.Series, out var current) && current == entry)
            {
                WriteIfDelivered(entry);
            }
        }
    }

    private void OnWritten(JournalEntry entry, long through, bool written)
    {
        StateMetrics.Writes.Add(1, new KeyValuePair<string, object?>("result", written ? "written" : "failed"));
        var freed = new List<IDeliveryToken>();
        lock (_gate)
        {
            if (!_series.TryGetValue(entry.Series, out var current) || current != entry)
            {
                return; // released meanwhile: its offsets are the new owner's to commit
            }
            if (!written)
            {
                MarkDirty(entry); // the timer snapshots it again; its windows stay unacknowledged until then
                return;
            }
            entry.TakeHeldThrough(through, freed);
        }
        foreach (var token in freed)
        {
            token.Delivered();
        }
    }

    private sealed class JournaledDelivery(SeriesStateJournal journal, JournalEntry entry, long window) : IDeliveryToken
    {
        private int _delivered;

        public void Delivered()
        {
            if (Interlocked.Exchange(ref _delivered, 1) == 0)
            {
                journal.OnDelivered(entry, window);
            }
        }
    }
}
