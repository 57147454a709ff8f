using System.Diagnostics.Metrics;
using System.Reflection;

namespace StreamAe.Detector.Ops;

/// <summary>
/// <c>streamae_build_info</c>: always 1, labelled with what runs: <c>version</c>, <c>commit</c> (only when the build
/// knew it: SourceLink adds it to the informational version inside a git checkout), <c>torch_backend</c> (the libtorch
/// package built against: cpu or cuda) and <c>runtime</c> (the .NET version).
/// </summary>
internal static class BuildInfoMetric
{
    private static readonly Meter Meter = new(DetectorMetrics.MeterName);

    private static readonly KeyValuePair<string, object?>[] Labels = ReadLabels(typeof(BuildInfoMetric).Assembly);

    public static readonly ObservableGauge<long> Info =
        Meter.CreateObservableGauge("streamae_build_info", () => new Measurement<long>(1, Labels), unit: null,
            "Always 1; the labels say which build runs.");

    private static KeyValuePair<string, object?>[] ReadLabels(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var labels = new List<KeyValuePair<string, object?>> { new("version", plus < 0 ? informational : informational[..plus]) };
        if (plus >= 0 && plus < informational.Length - 1)
        {
            labels.Add(new("commit", informational[(plus + 1)..]));
        }
        var backend = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value;
        labels.Add(new("torch_backend", backend ?? "unknown"));
        labels.Add(new("runtime", Environment.Version.ToString()));
        return [.. labels];
    }
}
