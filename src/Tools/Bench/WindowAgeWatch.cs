using System.Diagnostics.Metrics;
using StreamAe.Detector;
using StreamAe.Detector.Delivery;
using StreamAe.Detector.Pipeline;

namespace StreamAe.Tools.Bench;

/// <summary>
/// Counts the windows' ages at each stage (<see cref="WindowAge"/>) while a benchmark runs, by whole millisecond, so a
/// latency can be split into what came before the daemon's batcher and what each later stage added.
/// </summary>
internal sealed class WindowAgeWatch : IDisposable
{
    private readonly Dictionary<string, LatencyCounts> _ages = WindowAge.Stages.ToDictionary(stage => stage, _ => new LatencyCounts());
    private readonly MeterListener _listener = new();

    public WindowAgeWatch()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: DetectorMeter.Name, Name: WindowAge.Name })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            if (tags.Length == 1 && tags[0].Value is string stage && _ages.TryGetValue(stage, out var ages))
            {
                ages.Record(seconds * 1000);
            }
        });
        _listener.Start();
    }

    /// <summary>Each stage's counts so far, in the order of <see cref="WindowAge.Stages"/>.</summary>
    public LatencyHistogram[] Snapshot() => WindowAge.Stages.Select(stage => _ages[stage].Snapshot()).ToArray();

    public void Dispose() => _listener.Dispose();
}
