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
    public string Series => Window.Series;
}
