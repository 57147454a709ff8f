using StreamAe.Detector.Decision.State;

namespace StreamAe.Detector.Tests.Decision.State;

/// <summary>A changelog in memory whose writes become durable only when the test says so (<see cref="CompleteWrites"/>).</summary>
internal sealed class MemoryChangelog(int partitions = 4) : IChangelog
{
    private readonly List<(int Partition, string Series, byte[] Value)> _log = [];
    private readonly List<(int Partition, string Series, byte[] Value, Action<bool> Written)> _queued = [];

    public int Partitions => partitions;

    public int Queued => _queued.Count;

    public int Durable => _log.Count;

    public void Write(int partition, string series, byte[] value, Action<bool> written) =>
        _queued.Add((partition, series, value, written));

    /// <summary>Makes every queued write durable (or fails them all) and reports it.</summary>
    public void CompleteWrites(bool succeed = true)
    {
        var queued = _queued.ToList();
        _queued.Clear();
        foreach (var (partition, series, value, written) in queued)
        {
            if (succeed)
            {
                _log.Add((partition, series, value));
            }
            written(succeed);
        }
    }

    /// <summary>Appends a record as another writer (or a corruption) would.</summary>
    public void Append(int partition, string series, byte[] value) => _log.Add((partition, series, value));

    public (IReadOnlyDictionary<string, byte[]> Latest, bool Complete) Read(IReadOnlyCollection<int> partitions, TimeSpan timeout)
    {
        var latest = new Dictionary<string, byte[]>();
        foreach (var (partition, series, value) in _log.Where(r => partitions.Contains(r.Partition)))
        {
            latest[series] = value;
        }
        return (latest, true);
    }

    public void Flush(TimeSpan timeout) => CompleteWrites();
}
