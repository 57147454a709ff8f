using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAe.Contracts;
using StreamAe.Sink.Batching;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Sink.Influx;

/// <summary>
/// Writes scores and alerts to InfluxDB (v1 or v2 API) in batches; acknowledges a batch's windows only after a 2xx,
/// retries throttling and server/network failures forever, splits oversized batches, and drops (counts, logs)
/// points the server rejects.
/// </summary>
public sealed class InfluxOutput : BatchedOutput
{
    private readonly InfluxOptions _options;
    private readonly InfluxHttpApi _api;
    private readonly ILogger _logger;

    public InfluxOutput(InfluxOptions options, bool writeResiduals = false, ILogger? logger = null)
        : this(options, writeResiduals, logger, handler: null)
    {
    }

    internal InfluxOutput(InfluxOptions options, bool writeResiduals, ILogger? logger, HttpMessageHandler? handler, TimeProvider? time = null)
        : base(OutputName(Validated(options, InfluxOptions.Section)), Series, Settings(options), writeResiduals, logger, time)
    {
        _options = options;
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

    private protected override async Task WriteBatchAsync(LineBatch batch, CancellationToken ct)
    {
        if (batch.Records == 0)
        {
            return;
        }
        var started = Stopwatch.GetTimestamp();
        await WriteRecordsAsync(batch, 0, batch.Records, started, ct).ConfigureAwait(false);
    }

    /// <summary>Writes records [from, to) until the server has them or has definitively rejected them.</summary>
    private async Task WriteRecordsAsync(LineBatch batch, int from, int to, long started, CancellationToken ct)
    {
        var (bytes, points) = batch.Slice(from, to);
        for (var attempt = 0; ; attempt++)
        {
            var outcome = await _api.WriteAsync(bytes, points, ct).ConfigureAwait(false);
            switch (outcome.Kind)
            {
                case WriteOutcomeKind.Written:
                    Stats.OnWritten(points, "written", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    return;
                case WriteOutcomeKind.Rejected:
                    var rejected = outcome.RejectedPoints;
                    Stats.OnWritten(points - rejected, "rejected", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Stats.OnDropped("rejected", rejected);
                    _logger.LogError("InfluxDB rejected {Rejected} of {Points} points (dropped, not retried): {Detail}",
                        rejected, points, outcome.Detail);
                    return;
                case WriteOutcomeKind.TooLarge when to - from > 1:
                    Stats.OnRetry(outcome.RetryClass);
                    var middle = from + (to - from) / 2;
                    await WriteRecordsAsync(batch, from, middle, started, ct).ConfigureAwait(false);
                    await WriteRecordsAsync(batch, middle, to, started, ct).ConfigureAwait(false);
                    return;
                case WriteOutcomeKind.TooLarge:
                    Stats.OnDropped("too_large", points);
                    _logger.LogError("InfluxDB refused a single record of {Points} points as too large (413, dropped): {Detail}",
                        points, outcome.Detail);
                    return;
                default:
                    Stats.OnRetry(outcome.RetryClass, outcome.Detail);
                    var delay = outcome.RetryAfter ?? Backoff.Delay(attempt,
                        TimeSpan.FromMilliseconds(_options.InitialBackoffMs), TimeSpan.FromMilliseconds(_options.MaxBackoffMs));
                    if (attempt % 10 == 0)
                    {
                        _logger.LogWarning("InfluxDB write of {Points} points failed ({Class}: {Detail}); retrying in {DelayMs} ms (attempt {Attempt}).",
                            points, outcome.RetryClass, outcome.Detail, (long)delay.TotalMilliseconds, attempt + 1);
                    }
                    await Task.Delay(delay, Time, ct).ConfigureAwait(false);
                    break;
            }
        }
    }
}
