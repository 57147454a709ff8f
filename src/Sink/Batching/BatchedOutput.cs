using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAe.Contracts;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Sink.Batching;

/// <summary>
/// An output that encodes records into a <see cref="LineBatcher"/> and writes whole batches: appending, flushing,
/// idle sends and draining are the batcher's; a subclass supplies only its start-up check, how a sealed batch is
/// written, and what to release once the batcher has drained.
/// </summary>
public abstract class BatchedOutput : IOutput
{
    private readonly LineBatcher _batcher;
    private readonly bool _residuals;

    /// <param name="series">The batch results, retry classes and drop reasons the subclass reports.</param>
    /// <param name="time">The clock of the batch delays and retry backoffs; null: the system's.</param>
    private protected BatchedOutput(string name, OutputSeries series, LineBatcherSettings settings, bool writeResiduals, ILogger? logger,
        TimeProvider? time = null)
    {
        Name = name;
        Stats = new OutputStats(name, LineBatcher.Series.With(series));
        _residuals = writeResiduals;
        _batcher = new LineBatcher(settings, WriteBatchAsync, Stats, logger ?? NullLogger.Instance, time ?? TimeProvider.System);
    }

    public string Name { get; }

    public OutputStats Stats { get; }

    public abstract Task StartAsync(CancellationToken ct);

    public ValueTask WriteAsync(ScoredWindow scored, AlertEvent? transition, IDeliveryToken? ack, CancellationToken ct) =>
        _batcher.AppendWindowAsync(scored, transition, _residuals, ack, ct);

    public ValueTask WriteAsync(AlertEvent alert, IDeliveryToken? ack, CancellationToken ct) =>
        _batcher.AppendAlertAsync(alert, ack, ct);

    public ValueTask FlushAsync(CancellationToken ct) => _batcher.FlushAsync(ct);

    public ValueTask InputIdleAsync(CancellationToken ct) => _batcher.SendIfWriterIdleAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _batcher.DisposeAsync().ConfigureAwait(false);
        ReleaseDestination();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// One attempt at a sealed batch's records not yet done (from <see cref="LineBatch.RecordsDone"/>, advanced as
    /// records are written or dropped); no waiting and no loop here: a <see cref="WriteResult.Retry"/> result (or a
    /// throw, class "error") makes the batcher wait (Retry-After, else backoff) and call again.
    /// </summary>
    private protected abstract Task<WriteResult> WriteBatchAsync(LineBatch batch, CancellationToken ct);

    /// <summary>Closes the file or connection, after every batch was written or given up.</summary>
    private protected abstract void ReleaseDestination();

    /// <summary>Throws one exception listing every invalid setting.</summary>
    private protected static T Validated<T>(T options, string section) where T : IValidatableOptions
    {
        options.ThrowIfInvalid(section);
        return options;
    }
}
