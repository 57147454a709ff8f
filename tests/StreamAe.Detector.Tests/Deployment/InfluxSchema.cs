namespace StreamAe.Detector.Tests.Deployment;

/// <summary>
/// The InfluxDB schema StreamAe writes, as docs/schema.md states it: what dashboards may query.
/// </summary>
internal static class InfluxSchema
{
    public sealed record Measurement(IReadOnlySet<string> Tags, IReadOnlySet<string> Fields);

    public static readonly IReadOnlyDictionary<string, Measurement> Measurements = new Dictionary<string, Measurement>
    {
        ["streamae_score"] = new(Set("series", "model"), Set("score", "threshold", "anomaly", "window_start", "calibrated_score")),
        ["streamae_alert"] = new(Set("series", "model", "state"), Set("peak_score", "windows", "duration_ms", "explanation")),
        // Multichannel windows add a "channel" tag to their residual points.
        ["streamae_residual"] = new(Set("series", "model", "channel"), Set("value", "reconstruction", "residual")),
    };

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);
}
