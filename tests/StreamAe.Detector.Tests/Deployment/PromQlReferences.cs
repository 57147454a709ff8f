using System.Text.RegularExpressions;
using StreamAe.TestSupport.Telemetry;

namespace StreamAe.Detector.Tests.Deployment;

/// <summary>
/// Checks that a PromQL expression reads only StreamAe metrics of the contract, in the form their type allows
/// (histograms through _bucket/_sum/_count), and groups or filters only by labels those metrics carry.
/// </summary>
internal static partial class PromQlReferences
{
    private static readonly HashSet<string> LabelsPrometheusAdds = new(StringComparer.Ordinal) { "instance", "job" };

    public static IReadOnlyList<string> Problems(string expression, MetricsContract contract, ISet<string> used)
    {
        var problems = new List<string>();
        var allowedLabels = new HashSet<string>(LabelsPrometheusAdds, StringComparer.Ordinal);
        var series = MetricName().Matches(expression).Select(match => match.Value).ToList();
        if (series.Count == 0)
        {
            problems.Add($"reads no StreamAe metric: {expression}");
        }
        foreach (var name in series)
        {
            var metric = contract.Resolve(name);
            if (metric is null)
            {
                problems.Add($"'{name}' is not in the metrics contract (or not in a form its type allows): {expression}");
                continue;
            }
            used.Add(metric.Name);
            allowedLabels.UnionWith(metric.Labels);
            if (metric.Type == "histogram")
            {
                allowedLabels.Add("le");
            }
        }
        var labels = Grouping().Matches(expression)
            .SelectMany(match => match.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Concat(Matcher().Matches(expression).Select(match => match.Groups[1].Value));
        foreach (var label in labels.Where(label => !allowedLabels.Contains(label)))
        {
            problems.Add($"label '{label}' is not carried by the metrics read: {expression}");
        }
        return problems;
    }

    [GeneratedRegex(@"\bstreamae_[a-z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\b(?:by|without)\s*\(([^)]*)\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"[{,]\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)")]
    private static partial Regex Matcher();
}
