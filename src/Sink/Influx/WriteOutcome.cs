namespace StreamAe.Sink.Influx;

internal enum WriteOutcomeKind
{
    /// <summary>2xx: the points are durable; acknowledge.</summary>
    Written,

    /// <summary>429/503: the server asks us to slow down; retry after its Retry-After (or backoff).</summary>
    Throttled,

    /// <summary>Other 5xx, timeouts, refused connections, lost auth: retry with exponential backoff, forever.</summary>
    Transient,

    /// <summary>413: the batch is too large; split it and retry the halves.</summary>
    TooLarge,

    /// <summary>400/422 and other 4xx: the points (or some) will never be accepted; drop them, count, go on.</summary>
    Rejected,
}

/// <summary>What to do with a write attempt's result; <see cref="RetryClass"/> labels the retries metric.</summary>
internal readonly record struct WriteOutcome(
    WriteOutcomeKind Kind,
    string RetryClass,
    TimeSpan? RetryAfter = null,
    int RejectedPoints = 0,
    string Detail = "");
