using System.Diagnostics.Metrics;
using System.Reflection;

namespace StreamAe.Detector.Hosting;

/// <summary>
/// <c>streamae_build_info</c>: always 1, labelled with what runs: <c>version</c>, <c>commit</c> (only when the build
/// knew it: SourceLink adds it to the informational version inside a git checkout), <c>torch_backend</c> (the libtorch
/// package built against: cpu or cuda) and <c>runtime</c> (the .NET version).
/// </summary>
internal static class BuildInfoMetric
{
    private static readonly Meter Meter = new(DetectorMeter.Name);

    private static readonly KeyValuePair<string, object?>[] Labels = LabelsOf(
        typeof(BuildInfoMetric).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        typeof(BuildInfoMetric).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value);

    public static readonly ObservableGauge<long> Info =
        Meter.CreateObservableGauge("streamae_build_info", () => new Measurement<long>(1, Labels), unit: null,
            "Always 1; the labels say which build runs.");

    /// <param name="informationalVersion">The version, with <c>+commit</c> when the build knew it.</param>
    internal static KeyValuePair<string, object?>[] LabelsOf(string informationalVersion, string? torchBackend)
    {
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        var labels = new List<KeyValuePair<string, object?>> { new("version", plus < 0 ? informationalVersion : informationalVersion[..plus]) };
        if (plus >= 0 && plus < informationalVersion.Length - 1)
        {
            labels.Add(new("commit", informationalVersion[(plus + 1)..]));
        }
        labels.Add(new("torch_backend", torchBackend ?? "unknown"));
        labels.Add(new("runtime", Environment.Version.ToString()));
        return [.. labels];
    }
}
