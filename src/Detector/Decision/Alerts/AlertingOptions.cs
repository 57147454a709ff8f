using StreamAe.Contracts;

namespace StreamAe.Detector.Decision.Alerts;

/// <summary>Debounce and hysteresis for alerts: a single noisy window neither opens nor closes an alert.</summary>
public sealed class AlertingOptions : IValidatableOptions
{
    /// <summary>Consecutive anomalous windows of a series before its alert opens.</summary>
    public int OpenAfter { get; set; } = 2;

    /// <summary>Consecutive normal windows of a series before its open alert closes.</summary>
    public int CloseAfter { get; set; } = 3;

    /// <summary>Name, in each opened alert, the samples of the opening window with the largest residuals (costs one
    /// reconstruction copy per batch).</summary>
    public bool Explain { get; set; }

    /// <summary>How many samples an explanation names.</summary>
    public int ExplainSamples { get; set; } = 5;

    /// <summary>Series with a pending anomalous run or an open alert held at once; anomalous windows of further series
    /// raise no alert (and are counted).</summary>
    public int MaxSeries { get; set; } = 100_000;

    /// <summary>A series without a window for this long (wall clock) is forgotten and its open alert closed; zero keeps
    /// every series until it turns normal.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<string> Validate(string section)
    {
        if (OpenAfter < 1)
        {
            yield return $"{section}:OpenAfter must be at least 1 (was {OpenAfter}).";
        }
        if (ExplainSamples < 1)
        {
            yield return $"{section}:ExplainSamples must be at least 1 (was {ExplainSamples}).";
        }
        if (CloseAfter < 1)
        {
            yield return $"{section}:CloseAfter must be at least 1 (was {CloseAfter}).";
        }
        if (MaxSeries < 1)
        {
            yield return $"{section}:MaxSeries must be at least 1 (was {MaxSeries}).";
        }
        if (IdleTimeout < TimeSpan.Zero)
        {
            yield return $"{section}:IdleTimeout must not be negative (was {IdleTimeout}).";
        }
    }
}
