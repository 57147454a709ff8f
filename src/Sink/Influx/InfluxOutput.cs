using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAe.Contracts;
using StreamAe.Sink.Batching;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Sink.Influx;

/// <summary>
/// Writes scores and alerts to InfluxDB (v1 or v2 API) in batches; acknowledges a batch's windows only after a 2xx,
/// has throttling and server/network failures retried forever (by the batcher's retry loop; this class classifies
/// each response and never waits), splits oversized batches, and drops (counts, logs) points the server rejects.
/// </summary>
public sealed class InfluxOutput : BatchedOutput
{
    private readonly InfluxHttpApi _api;
    private readonly ILogger _logger;

    public InfluxOutput(InfluxOptions options, bool writeResiduals = false, ILogger? logger = null)
        : this(options, writeResiduals, logger, handler: null)
    {
    }

    internal InfluxOutput(InfluxOptions options, bool writeResiduals, ILogger? logger, HttpMessageHandler? handler, TimeProvider? time = null)
        : base(OutputName(Validated(options, InfluxOptions.Section)), Series, Settings(options), writeResiduals, logger, time)
    {
        _logger = logger ?? NullLogger.Instance;
        _api = new InfluxHttpApi(options, handler);
    }

    public override Task StartAsync(CancellationToken ct) => _api.StartupCheckAsync(ct);

    private protected override void ReleaseDestination() => _api.Dispose();

    /// <summary>Rejected points and write requests, the classifier's retry classes, records too large to split.</summary>
    private static readonly OutputSeries Series = new(["rejected"], InfluxResponseClassifier.RetryClasses, ["rejected", "too_large"]);

    private static string OutputName(InfluxOptions options) =>
        options.ApiVersion == InfluxApiVersion.V1 ? "influx_v1" : "influx_v2";

    private static LineBatcherSettings Settings(InfluxOptions options) => new(
        options.BatchSize,
        TimeSpan.FromMilliseconds(options.MaxDelayMs),
        options.MaxInFlightBatches,
        options.Precision,
        TimeSpan.FromMilliseconds(options.DrainTimeoutMs),
        TimeSpan.FromMilliseconds(options.InitialBackoffMs),
        TimeSpan.FromMilliseconds(options.MaxBackoffMs),
        options.SendWhenIdle,
        BacklogMaxDelay: TimeSpan.FromMilliseconds(options.BacklogMaxDelayMs));

    /// <summary>
    /// One attempt at the records not yet done: done once the server has them or has definitively rejected them; a
    /// retryable response ends the attempt with its class, detail and Retry-After for the batcher, which waits and
    /// calls again from the first record not yet written.
    /// </summary>
    private protected override Task<WriteResult> WriteBatchAsync(LineBatch batch, CancellationToken ct) =>
        batch.RecordsDone < batch.Records
            ? WriteRecordsAsync(batch, batch.RecordsDone, batch.Records, ct)
            : Task.FromResult(WriteResult.Done);

    /// <summary>Writes records [from, to) once, splitting them (in order) while the server finds them too large.</summary>
    private async Task<WriteResult> WriteRecordsAsync(LineBatch batch, int from, int to, CancellationToken ct)
    {
        var (bytes, points) = batch.Slice(from, to);
        var outcome = await _api.WriteAsync(bytes, points, ct).ConfigureAwait(false);
        switch (outcome.Kind)
        {
            case WriteOutcomeKind.Written:
                Stats.OnWritten(points, "written", Stopwatch.GetElapsedTime(batch.FirstSentAt).TotalMilliseconds);
                break;
            case WriteOutcomeKind.Rejected:
                var rejected = outcome.RejectedPoints;
                Stats.OnWritten(points - rejected, "rejected", Stopwatch.GetElapsedTime(batch.FirstSentAt).TotalMilliseconds);
                Stats.OnDropped("rejected", rejected);
                _logger.LogError("InfluxDB rejected {Rejected} of {Points} points (dropped, not retried): {Detail}",
                    rejected, points, outcome.Detail);
                break;
            case WriteOutcomeKind.TooLarge when to - from > 1:
                // Sent again at once, in halves: counted as a retry, without a wait.
                Stats.OnRetry(outcome.RetryClass);
                var middle = from + (to - from) / 2;
                var first = await WriteRecordsAsync(batch, from, middle, ct).ConfigureAwait(false);
                return first.IsDone ? await WriteRecordsAsync(batch, middle, to, ct).ConfigureAwait(false) : first;
            case WriteOutcomeKind.TooLarge:
                Stats.OnDropped("too_large", points);
                _logger.LogError("InfluxDB refused a single record of {Points} points as too large (413, dropped): {Detail}",
                    points, outcome.Detail);
                break;
            default:
                return WriteResult.Retry(outcome.RetryClass, outcome.Detail, outcome.RetryAfter);
        }
        batch.RecordsDone = to;
        return WriteResult.Done;
    }
}
