using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace StreamAe.Sink.Influx;

/// <summary>The one place that decides what a write response (or failure) means for the points in it.</summary>
internal static partial class InfluxResponseClassifier
{
    /// <summary>Every retry class the outcomes below name (labels of the retries metric).</summary>
    public static readonly IReadOnlyList<string> RetryClasses = ["throttled", "too_large", "auth_or_missing", "server_error", "timeout", "connection", "other"];

    public static WriteOutcome Classify(HttpStatusCode status, TimeSpan? retryAfter, string body, int points)
    {
        var code = (int)status;
        return code switch
        {
            >= 200 and < 300 => new WriteOutcome(WriteOutcomeKind.Written, ""),
            429 or 503 => new WriteOutcome(WriteOutcomeKind.Throttled, "throttled", retryAfter, Detail: Trim(body)),
            413 => new WriteOutcome(WriteOutcomeKind.TooLarge, "too_large", Detail: Trim(body)),
            // Lost credentials or a dropped database at run time: keep the points and retry until an operator fixes it.
            401 or 403 or 404 => new WriteOutcome(WriteOutcomeKind.Transient, "auth_or_missing", Detail: $"{code} {Trim(body)}"),
            >= 500 => new WriteOutcome(WriteOutcomeKind.Transient, "server_error", Detail: $"{code} {Trim(body)}"),
            // 400/422 (partial writes, parse errors, type conflicts) and other client errors will never succeed.
            _ => new WriteOutcome(WriteOutcomeKind.Rejected, "", RejectedPoints: RejectedCount(body, points), Detail: $"{code} {Trim(body)}"),
        };
    }

    public static WriteOutcome Classify(Exception failure) => failure switch
    {
        TaskCanceledException or TimeoutException => new WriteOutcome(WriteOutcomeKind.Transient, "timeout", Detail: failure.Message),
        HttpRequestException { InnerException: SocketException } => new WriteOutcome(WriteOutcomeKind.Transient, "connection", Detail: failure.Message),
        HttpRequestException or IOException => new WriteOutcome(WriteOutcomeKind.Transient, "connection", Detail: failure.Message),
        _ => new WriteOutcome(WriteOutcomeKind.Transient, "other", Detail: failure.Message),
    };

    /// <summary>
    /// InfluxDB reports partial writes as "… dropped=N" (1.x, 2.x); a parse error names each bad line ("unable to
    /// parse"). Without either, every point in the request counts as rejected.
    /// </summary>
    internal static int RejectedCount(string body, int points)
    {
        var dropped = DroppedPattern().Match(body);
        if (dropped.Success && int.TryParse(dropped.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return Math.Min(n, points);
        }
        var unparsable = UnableToParsePattern().Count(body);
        return unparsable > 0 ? Math.Min(unparsable, points) : points;
    }

    private static string Trim(string body) => body.Length <= 500 ? body.Trim() : body[..500].Trim() + "…";

    [GeneratedRegex(@"dropped=(\d+)")]
    private static partial Regex DroppedPattern();

    [GeneratedRegex("unable to parse")]
    private static partial Regex UnableToParsePattern();
}
