using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAe.Contracts;
using StreamAe.Sink.Batching;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Sink.File;

/// <summary>
/// Writes scores and alerts as line protocol or JSON lines (<see cref="FileOutputOptions.Format"/>) to a size-rotating
/// local file; a batch is flushed and fsync'd before its windows are acknowledged. One writer keeps the file in order.
/// </summary>
public sealed class FileOutput : IOutput
{
    private readonly FileOutputOptions _options;
    private readonly bool _residuals;
    private readonly RotatingFile _file;
    private readonly LineBatcher _batcher;

    public FileOutput(FileOutputOptions options, bool writeResiduals = false, ILogger? logger = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }
        _options = options;
        _residuals = writeResiduals;
        _file = new RotatingFile(options.ResolvedPath, options.MaxFileBytes, options.MaxRotatedFiles);
        _batcher = new LineBatcher(
            new LineBatcherSettings(
                options.BatchSize,
                TimeSpan.FromMilliseconds(options.MaxDelayMs),
                MaxInFlightBatches: 1,
                options.Precision,
                TimeSpan.FromMilliseconds(options.DrainTimeoutMs),
                InitialBackoff: TimeSpan.FromMilliseconds(100),
                MaxBackoff: TimeSpan.FromSeconds(10),
                options.SendWhenIdle,
                options.Format),
            WriteBatchAsync,
            Stats,
            logger ?? NullLogger.Instance);
    }

    public string Name => "file";

    public OutputStats Stats { get; } = new("file");

    /// <summary>How often the file has been rotated since start.</summary>
    public int Rotations => _file.Rotations;

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public ValueTask WriteAsync(ScoredWindow scored, AlertEvent? transition, IDeliveryToken? ack, CancellationToken ct) =>
        _batcher.AppendWindowAsync(scored, transition, _residuals, ack, ct);

    public ValueTask WriteAsync(AlertEvent alert, IDeliveryToken? ack, CancellationToken ct) =>
        _batcher.AppendAlertAsync(alert, ack, ct);

    public ValueTask FlushAsync(CancellationToken ct) => _batcher.FlushAsync(ct);

    public ValueTask InputIdleAsync(CancellationToken ct) => _batcher.SendIfWriterIdleAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _batcher.DisposeAsync().ConfigureAwait(false);
        _file.Dispose();
    }

    private Task WriteBatchAsync(LineBatch batch, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        _file.Append(batch.Bytes.Span, _options.Fsync);
        Stats.OnWritten(batch.Points, "written", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return Task.CompletedTask;
    }
}
