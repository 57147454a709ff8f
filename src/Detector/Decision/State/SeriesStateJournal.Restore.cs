using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAe.Ingest.Source;

namespace StreamAe.Detector.Decision.State;

/// <summary>The journal's restore: the changelog read on assignment, and each series installed at its next window.</summary>
public sealed partial class SeriesStateJournal
{
    /// <summary>Reads the changelog for the series of the assigned partitions; each is installed at its next window.</summary>
    public void Assigned(IReadOnlyList<AssignedPartition> partitions)
    {
        var started = _clock.GetTimestamp();
        var assigned = partitions.Select(p => (p.Partition.Topic, p.Partition.Partition.Value)).ToHashSet();
        var restored = new Dictionary<string, SeriesStateRecord>(StringComparer.Ordinal);
        var unusable = 0;
        string? firstProblem = null;
        var complete = false;
        try
        {
            var (latest, readAll) = _changelog.Read(assigned.Select(p => ChangelogPartition(p.Item2)).ToHashSet(), _options.RestoreTimeout);
            complete = readAll;
            foreach (var (series, value) in latest)
            {
                try
                {
                    var record = SeriesStateRecord.Decode(value);
                    if (assigned.Contains((record.SourceTopic, record.SourcePartition)))
                    {
                        restored[series] = record;
                    }
                }
                catch (InvalidDataException e)
                {
                    unusable++;
                    firstProblem ??= $"series '{series}': {e.Message}";
                }
            }
        }
        catch (KafkaException e)
        {
            firstProblem = $"reading failed: {e.Error.Reason}";
        }
        lock (_gate)
        {
            foreach (var (partition, assignment) in partitions)
            {
                _ownedAssignments[(partition.Topic, partition.Partition.Value)] = assignment;
            }
            foreach (var (series, record) in restored)
            {
                _restored[series] = record;
            }
        }
        var elapsed = _clock.GetElapsedTime(started);
        StateMetrics.RestoreSeconds.Record(elapsed.TotalSeconds);
        StateMetrics.RestoredSeries.Add(unusable, new KeyValuePair<string, object?>("outcome", "unusable"));
        _logger.LogInformation("State of {Partitions} restored from {Topic}: {Series} series in {Milliseconds:F0} ms",
            string.Join(", ", partitions.Select(p => p.Partition)), _topic, restored.Count, elapsed.TotalMilliseconds);
        if (firstProblem is not null)
        {
            _logger.LogWarning("State changelog {Topic}: {Count} record(s) unusable ({Problem}); those series recalibrate",
                _topic, Math.Max(unusable, 1), firstProblem);
        }
        if (!complete && firstProblem is null)
        {
            _logger.LogWarning("State changelog {Topic} not read to its end within {Timeout} (State:RestoreTimeout); series not read recalibrate",
                _topic, _options.RestoreTimeout);
        }
    }

    /// <summary>Installs a restored state: thresholds, alerts and the replay mark. One log line per kind of problem.</summary>
    private void Install(JournalEntry entry, SeriesStateRecord record, ModelReference model)
    {
        entry.LastEndMs = Math.Max(entry.LastEndMs, record.LastEndMs);
        string? problem;
        try
        {
            problem = record.Thresholds is null ? null : Restore(record.Thresholds, reader => _decisions.Thresholds.RestoreSeries(entry.Series, reader, model));
            if (record.Thresholds is null || problem is not null)
            {
                _decisions.Thresholds.Forget(entry.Series);
            }
            var opened = record.Alerts is null
                ? _decisions.Alerts.RestoreSeries(entry.Series, null)
                : Restore(record.Alerts, reader => _decisions.Alerts.RestoreSeries(entry.Series, reader));
            DecisionMetrics.AdjustOpenAlerts(opened);
        }
        catch (InvalidDataException e)
        {
            problem = $"malformed state ({e.Message})";
            _decisions.Thresholds.Forget(entry.Series);
            DecisionMetrics.AdjustOpenAlerts(_decisions.Alerts.RestoreSeries(entry.Series, null));
        }
        StateMetrics.RestoredSeries.Add(1, new KeyValuePair<string, object?>("outcome", problem is null ? "restored" : "unusable"));
        if (problem is not null && _reportedProblems.Add(problem))
        {
            _logger.LogWarning("State of series {Series} from {Topic} not used: {Problem}; it recalibrates (said once for every series alike)",
                entry.Series, _topic, problem);
        }
    }

    private static T Restore<T>(byte[] section, Func<BinaryReader, T> read)
    {
        using var reader = new BinaryReader(new MemoryStream(section), Encoding.UTF8);
        try
        {
            return read(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException(e.GetType().Name, e);
        }
    }
}
