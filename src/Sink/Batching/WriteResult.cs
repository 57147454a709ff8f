namespace StreamAe.Sink.Batching;

/// <summary>
/// What one attempt at writing a sealed batch came to: done (every record written, or definitively dropped and
/// counted by the output), or retry: the failure's class (the retries metric's label), its detail, and how long the
/// destination asked to be left alone (Retry-After), if it did. The batcher decides the wait and tries again.
/// </summary>
internal readonly record struct WriteResult
{
    private readonly string? _detail;

    private WriteResult(string? retryClass, string detail, TimeSpan? retryAfter)
    {
        RetryClass = retryClass;
        _detail = detail;
        RetryAfter = retryAfter;
    }

    public static WriteResult Done => default;

    /// <summary>Null when done.</summary>
    public string? RetryClass { get; }

    public string Detail => _detail ?? "";

    public TimeSpan? RetryAfter { get; }

    public bool IsDone => RetryClass is null;

    public static WriteResult Retry(string retryClass, string detail, TimeSpan? retryAfter = null) => new(retryClass, detail, retryAfter);
}
