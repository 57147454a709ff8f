using Microsoft.Extensions.Configuration;
using StreamAe.Detector.Configuration;

namespace StreamAe.Tools.Bench;

/// <summary>
/// <c>--set</c> for the suites that run the daemon: Key=Value pairs laid over the suite's own settings, so one setting
/// can be compared with the default in the same build (e.g. <c>Pipeline:Threshold:Mode=Static</c>,
/// <c>Batching:BacklogMaxDelayMs=0</c>). Keys under <c>Pipeline:</c> go to the suite's one pipeline, the rest to the
/// daemon's options as in appsettings.json. A key that matches no option is an error, not a silent default.
/// </summary>
internal static class BenchSettings
{
    private const string PipelinePrefix = "Pipeline:";

    public static void Apply(DetectorOptions options, IReadOnlyList<string> settings)
    {
        var pairs = DetectorConfiguration.ParseOverrides(settings).ToList();
        var forPipeline = pairs.Where(ForPipeline).Select(p => new KeyValuePair<string, string?>(p.Key[PipelinePrefix.Length..], p.Value));
        Bind(forPipeline, options.Pipelines.Single());
        Bind(pairs.Where(p => !ForPipeline(p)), options);
    }

    private static bool ForPipeline(KeyValuePair<string, string?> pair) => pair.Key.StartsWith(PipelinePrefix, StringComparison.OrdinalIgnoreCase);

    private static void Bind(IEnumerable<KeyValuePair<string, string?>> pairs, object target) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs).Build().Bind(target, binder => binder.ErrorOnUnknownConfiguration = true);
}
