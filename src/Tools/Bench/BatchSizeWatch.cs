using System.Diagnostics.Metrics;
using StreamAe.Detector;
using StreamAe.Detector.Scoring;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Tools.Bench;

/// <summary>
/// The batch-size distributions while a benchmark runs, from the daemon's own instruments: windows per scoring call
/// (<c>streamae_detector_batch_windows</c>) and points per sink write (<c>streamae_sink_batch_points</c>).
/// </summary>
internal sealed class BatchSizeWatch : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<int> _windowsPerCall = [];
    private readonly List<int> _pointsPerWrite = [];

    public BatchSizeWatch()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: DetectorMeter.Name, Name: ScoringMetrics.BatchWindowsName }
                or { Meter.Name: SinkMetrics.MeterName, Name: SinkMetrics.BatchPointsName })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, size, _, _) =>
        {
            var sizes = instrument.Name == SinkMetrics.BatchPointsName ? _pointsPerWrite : _windowsPerCall;
            lock (sizes)
            {
                sizes.Add(size);
            }
        });
        _listener.Start();
    }

    /// <summary>Count, mean, median and largest of both distributions, as benchmark figures.</summary>
    public IEnumerable<BenchFigure> Figures(string suite, string label)
    {
        foreach (var (sizes, what, unit) in new[] { (_windowsPerCall, "windows per scoring call", "windows"), (_pointsPerWrite, "points per sink write", "points") })
        {
            int[] snapshot;
            lock (sizes)
            {
                snapshot = [.. sizes.Order()];
            }
            yield return new BenchFigure(suite, $"{label}: {what}: calls", snapshot.Length, "calls");
            if (snapshot.Length > 0)
            {
                yield return new BenchFigure(suite, $"{label}: {what}: mean", snapshot.Average(), unit);
                yield return new BenchFigure(suite, $"{label}: {what}: median", snapshot[snapshot.Length / 2], unit);
                yield return new BenchFigure(suite, $"{label}: {what}: max", snapshot[^1], unit);
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
