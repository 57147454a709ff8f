using Microsoft.Extensions.Logging;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Sink.Batching;

/// <summary>
/// What an output does about a failed write attempt, the same for every output: count it (retries metric, by class),
/// log the first failure and every 10th, and say how long to wait: the destination's Retry-After when it gave one,
/// else exponential backoff from <c>initial</c> to <c>max</c>.
/// </summary>
internal sealed class RetryPolicy(OutputStats stats, ILogger logger, TimeSpan initial, TimeSpan max)
{
    /// <summary>Counts and logs failed attempt <paramref name="attempt"/> (0 = the first) and returns the wait before the next.</summary>
    /// <param name="failure">The exception behind the failure, if one was thrown (logged with the warning).</param>
    public TimeSpan OnFailed(WriteResult retry, int attempt, int points, Exception? failure = null)
    {
        var retryClass = retry.RetryClass ?? "error";
        stats.OnRetry(retryClass, retry.Detail);
        var delay = retry.RetryAfter ?? Backoff.Delay(attempt, initial, max);
        if (attempt % 10 == 0)
        {
            logger.LogWarning(failure, "Sink output {Output}: writing {Points} points failed ({Class}: {Detail}); retrying in {DelayMs} ms (attempt {Attempt}).",
                stats.Output, points, retryClass, retry.Detail, (long)delay.TotalMilliseconds, attempt + 1);
        }
        return delay;
    }
}
