using StreamAe.Contracts;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Ingest.Files;

/// <summary>
/// Offline windows from a CSV data file through the same <see cref="Windower"/> the daemon uses (for
/// <c>streamae score</c>, <c>train</c>, <c>evaluate</c>). File order is kept: the out-of-order policy is forced to
/// <see cref="OutOfOrderPolicy.Accept"/> and the channel count to the number of value columns. A window's label
/// is anomalous when any of its rows is.
/// </summary>
public sealed class CsvWindowReader(CsvFileOptions file, WindowerOptions windowing)
{
    private readonly CsvTable _table = new(file);

    public long RowsRead => _table.RowsRead;

    /// <summary>Rows left out because a value was missing or not finite.</summary>
    public long RowsSkipped => _table.RowsSkipped;

    public IReadOnlyList<string> ValueColumns => _table.ValueColumns;

    public IEnumerable<Window> ReadWindows(string path)
    {
        using var reader = new StreamReader(path);
        foreach (var window in ReadWindows(reader, Path.GetFileNameWithoutExtension(path), source: path))
        {
            yield return window;
        }
    }

    /// <param name="source">Names the file in error messages; null leaves it out.</param>
    public IEnumerable<Window> ReadWindows(TextReader reader, string defaultSeries, string? source = null)
    {
        var emitted = new Queue<Window>();
        Windower? windower = null;
        foreach (var row in _table.ReadRows(reader, defaultSeries, source))
        {
            windower ??= new Windower(new WindowerOptions
            {
                WindowLength = windowing.WindowLength,
                Hop = windowing.Hop,
                Channels = row.Values.Length,
                OutOfOrder = OutOfOrderPolicy.Accept,
                MaxGapMs = windowing.MaxGapMs,
                MaxSeries = windowing.MaxSeries,
                IdleTimeout = TimeSpan.Zero,
            }, emitted.Enqueue);
            windower.Add(row.Series, row.TimestampMs, row.Values, label: row.Label);
            while (emitted.TryDequeue(out var window))
            {
                yield return window;
            }
        }
    }
}
