namespace StreamAe.Detector.Alerting;

/// <summary>Debounce and hysteresis for alerts: a single noisy window neither opens nor closes an alert.</summary>
public sealed class AlertingOptions
{
    /// <summary>Consecutive anomalous windows of a series before its alert opens.</summary>
    public int OpenAfter { get; set; } = 2;

    /// <summary>Consecutive normal windows of a series before its open alert closes.</summary>
    public int CloseAfter { get; set; } = 3;

    public IEnumerable<string> Validate(string section)
    {
        if (OpenAfter < 1)
        {
            yield return $"{section}:OpenAfter must be at least 1 (was {OpenAfter}).";
        }
        if (CloseAfter < 1)
        {
            yield return $"{section}:CloseAfter must be at least 1 (was {CloseAfter}).";
        }
    }
}
