namespace StreamAe.Sink.Batching;

/// <summary>Exponential backoff with "equal jitter": half the step fixed, half random, capped.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max)
    {
        var step = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(step / 2 + Random.Shared.NextDouble() * step / 2);
    }
}
