namespace StreamAe.Sink.Telemetry;

/// <summary>
/// Running totals of one output, mirrored into <see cref="SinkMetrics"/>; kept per instance so callers (the
/// Detector's summary, tests) can read exact counts without a metrics listener.
/// </summary>
public sealed class OutputStats
{
    private long _pointsWritten;
    private long _batches;
    private long _retries;
    private long _droppedPoints;
    private long _windowsAcknowledged;
    private volatile string? _failure;

    public OutputStats(string output, OutputSeries series)
    {
        Output = output;
        SinkMetrics.Declare(output, series.With(new OutputSeries(["written"], [], [])));
    }

    public string Output { get; }

    public long PointsWritten => Interlocked.Read(ref _pointsWritten);

    public long Batches => Interlocked.Read(ref _batches);

    public long Retries => Interlocked.Read(ref _retries);

    public long DroppedPoints => Interlocked.Read(ref _droppedPoints);

    public long WindowsAcknowledged => Interlocked.Read(ref _windowsAcknowledged);

    /// <summary>Why the last write attempt failed, until a write succeeds again; null while writes succeed (what
    /// readiness reports: an output that cannot write holds every window it is given).</summary>
    public string? WriteFailure => _failure;

    internal void OnWritten(long points, string batchResult, double latencyMs)
    {
        Interlocked.Add(ref _pointsWritten, points);
        Interlocked.Increment(ref _batches);
        _failure = null;
        SinkMetrics.PointsWritten(Output, points);
        SinkMetrics.Batch(Output, batchResult);
        SinkMetrics.Latency(Output, latencyMs);
    }

    internal void OnRetry(string retryClass, string? detail = null)
    {
        _failure = detail is null ? retryClass : $"{retryClass}: {detail}";
        Interlocked.Increment(ref _retries);
        SinkMetrics.Retry(Output, retryClass);
    }

    internal void OnDropped(string reason, long points)
    {
        if (points <= 0)
        {
            return;
        }
        Interlocked.Add(ref _droppedPoints, points);
        SinkMetrics.Dropped(Output, reason, points);
    }

    internal void OnBatchSealed(int points) => SinkMetrics.BatchSealed(Output, points);

    internal void OnAcknowledged(int windows) => Interlocked.Add(ref _windowsAcknowledged, windows);
}
