using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using StreamAe.Detector.Delivery;

namespace StreamAe.Tools.Bench;

/// <summary>
/// Counts one of the daemon's duration histograms (seconds), by whole millisecond, while a benchmark runs, so a
/// latency can be split into its parts: the sink's write requests (the database's share of the tail) or the windows'
/// ages at each stage. Measurements can be counted apart by the value of one tag.
/// </summary>
internal sealed class DurationWatch : IDisposable
{
    private readonly ConcurrentDictionary<string, LatencyCounts> _counts = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    /// <param name="splitBy">The tag whose values are counted apart (see <see cref="Snapshot"/>); null: one count.</param>
    public DurationWatch(string meterName, string instrumentName, string? splitBy = null)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
            Counts(splitBy is null ? "" : ValueOf(tags, splitBy)).Record(seconds * 1000));
        _listener.Start();
    }

    /// <summary>The counts so far of the measurements whose split tag had <paramref name="tagValue"/> (all of them
    /// when not split).</summary>
    public LatencyHistogram Snapshot(string tagValue = "") => Counts(tagValue).Snapshot();

    public void Dispose() => _listener.Dispose();

    private LatencyCounts Counts(string tagValue) => _counts.GetOrAdd(tagValue, _ => new LatencyCounts());

    private static string ValueOf(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string ?? "";
            }
        }
        return "";
    }
}
