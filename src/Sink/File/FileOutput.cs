using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StreamAe.Sink.Batching;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Sink.File;

/// <summary>
/// Writes scores and alerts as line protocol or JSON lines (<see cref="FileOutputOptions.Format"/>) to a size-rotating
/// local file; a batch is flushed and fsync'd before its windows are acknowledged. One writer keeps the file in order.
/// </summary>
public sealed class FileOutput : BatchedOutput
{
    private readonly FileOutputOptions _options;
    private readonly RotatingFile _file;

    public FileOutput(FileOutputOptions options, bool writeResiduals = false, ILogger? logger = null)
        : base("file", OutputSeries.None, Settings(Validated(options, FileOutputOptions.Section)), writeResiduals, logger)
    {
        _options = options;
        _file = new RotatingFile(options.ResolvedPath, options.MaxFileBytes, options.MaxRotatedFiles);
    }

    /// <summary>How often the file has been rotated since start.</summary>
    public int Rotations => _file.Rotations;

    public override Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    private protected override void ReleaseDestination() => _file.Dispose();

    /// <summary>Appends the whole batch; an I/O failure throws, which the batcher retries (class "error") with backoff.</summary>
    private protected override Task<WriteResult> WriteBatchAsync(LineBatch batch, CancellationToken ct)
    {
        _file.Append(batch.Bytes.Span, _options.Fsync);
        Stats.OnWritten(batch.Points, "written", Stopwatch.GetElapsedTime(batch.FirstSentAt).TotalMilliseconds);
        return Task.FromResult(WriteResult.Done);
    }

    /// <summary>One writer keeps the file in order.</summary>
    private static LineBatcherSettings Settings(FileOutputOptions options) => new(
        options.BatchSize,
        TimeSpan.FromMilliseconds(options.MaxDelayMs),
        MaxInFlightBatches: 1,
        options.Precision,
        TimeSpan.FromMilliseconds(options.DrainTimeoutMs),
        InitialBackoff: TimeSpan.FromMilliseconds(100),
        MaxBackoff: TimeSpan.FromSeconds(10),
        options.SendWhenIdle,
        options.Format);
}
