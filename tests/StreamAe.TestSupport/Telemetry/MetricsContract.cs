using System.Text.RegularExpressions;
using Xunit;

namespace StreamAe.TestSupport.Telemetry;

/// <summary>The Prometheus metrics contract as docs/deploy.md publishes it (the table between its markers).</summary>
public sealed partial class MetricsContract
{
    public const string DocumentPath = "docs/deploy.md";

    /// <param name="OptionalLabels">Labels a series carries only when known (marked "(optional)" in the table).</param>
    public sealed record Metric(string Name, string Type, IReadOnlySet<string> Labels, IReadOnlySet<string> OptionalLabels);

    private MetricsContract(IReadOnlyDictionary<string, Metric> metrics) => Metrics = metrics;

    public IReadOnlyDictionary<string, Metric> Metrics { get; }

    public static MetricsContract Load()
    {
        var document = File.ReadAllText(Path.Combine(Repository.Root, DocumentPath));
        var table = Regex.Match(document, "<!-- metrics-contract:begin -->(.*?)<!-- metrics-contract:end -->", RegexOptions.Singleline);
        Assert.True(table.Success, $"{DocumentPath} has no metrics-contract markers");
        var metrics = Row().Matches(table.Groups[1].Value)
            .Select(row =>
            {
                var labels = Label().Matches(row.Groups["labels"].Value);
                return new Metric(
                    row.Groups["name"].Value,
                    row.Groups["type"].Value,
                    labels.Select(label => label.Groups["name"].Value).ToHashSet(StringComparer.Ordinal),
                    labels.Where(label => label.Groups["optional"].Success).Select(label => label.Groups["name"].Value).ToHashSet(StringComparer.Ordinal));
            })
            .ToDictionary(metric => metric.Name, StringComparer.Ordinal);
        return new MetricsContract(metrics);
    }

    /// <summary>
    /// The contract metric a series name in a query belongs to: itself, or a histogram's _bucket/_sum/_count.
    /// </summary>
    public Metric? Resolve(string seriesName)
    {
        if (Metrics.TryGetValue(seriesName, out var metric))
        {
            return metric.Type == "histogram" ? null : metric;
        }
        var histogram = HistogramSeries().Match(seriesName);
        return histogram.Success && Metrics.TryGetValue(histogram.Groups[1].Value, out metric) && metric.Type == "histogram"
            ? metric
            : null;
    }

    [GeneratedRegex(@"^\|\s*`(?<name>[a-z_]+)`\s*\|\s*(?<type>counter|gauge|histogram)\s*\|(?<labels>[^|]*)\|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex(@"`(?<name>[a-z_]+)`(?<optional> \(optional\))?")]
    private static partial Regex Label();

    [GeneratedRegex(@"^(.+)_(?:bucket|sum|count)$")]
    private static partial Regex HistogramSeries();
}
