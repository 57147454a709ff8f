namespace StreamAe.Contracts;

/// <summary>A window after scoring: what the <c>streamae_score</c> measurement records.</summary>
public sealed record ScoredWindow(
    Window Window,
    string Model,
    double Score,
    double Threshold,
    bool Anomaly,
    float[]? Reconstruction = null)
{
    /// <summary>The score calibrated against this series' recent normal errors, in [0, 1]: the estimated share of its
    /// normal windows with a smaller error (0.999 = one normal window in a thousand scores as high). Comparable across
    /// series, models and units; NaN when nothing calibrates it.</summary>
    public double CalibratedScore { get; init; } = double.NaN;

    public string Series => Window.Series;
}
