namespace StreamAe.Contracts;

public enum AlertState
{
    Open,
    Closed,
}

/// <summary>An alert transition: what the <c>streamae_alert</c> measurement and the alerts topic carry.</summary>
/// <param name="Explanation">On open, when explanations are on: the samples (and channels) of the opening window with the
/// largest residuals, worst first, each residual signed, e.g. <c>"sample 71 (+2.31), sample 70 (-2.18)"</c>.</param>
public sealed record AlertEvent(
    string Series,
    string Model,
    AlertState State,
    long TimestampMs,
    double PeakScore,
    int Windows,
    long? DurationMs,
    string? Explanation = null);
