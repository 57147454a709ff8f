namespace StreamAe.Contracts;

public enum AlertState
{
    Open,
    Closed,
}

/// <summary>An alert transition: what the <c>streamae_alert</c> measurement and the alerts topic carry.</summary>
public sealed record AlertEvent(
    string Series,
    string Model,
    AlertState State,
    long TimestampMs,
    double PeakScore,
    int Windows,
    long? DurationMs);
