using Microsoft.Extensions.Logging;

namespace StreamAe.Ingest.Source;

/// <summary>
/// Logs a Kafka client's errors at most once per error kind and interval, with how many like it were held back: an
/// unreachable broker makes librdkafka report the same refused connection many times a second.
/// </summary>
public sealed class RepeatedErrorLog(ILogger logger, string client, TimeSpan interval, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Dictionary<string, (DateTimeOffset Logged, int HeldBack)> _seen = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    /// <summary>Logs <paramref name="reason"/> now, or counts it when an error of the same <paramref name="kind"/> was
    /// logged less than the interval ago.</summary>
    public void Report(string kind, string reason, LogLevel level = LogLevel.Warning)
    {
        int heldBack;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (_seen.TryGetValue(kind, out var last) && now - last.Logged < interval)
            {
                _seen[kind] = (last.Logged, last.HeldBack + 1);
                return;
            }
            heldBack = last.HeldBack;
            _seen[kind] = (now, 0);
        }
        if (heldBack > 0)
        {
            logger.Log(level, "{Client}: {Reason} ({HeldBack} more like it in the last {Interval} s)", client, reason, heldBack,
                (int)interval.TotalSeconds);
        }
        else
        {
            logger.Log(level, "{Client}: {Reason}", client, reason);
        }
    }
}
