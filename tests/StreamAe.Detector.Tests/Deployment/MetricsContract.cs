using System.Text.RegularExpressions;

namespace StreamAe.Detector.Tests.Deployment;

/// <summary>The Prometheus metrics contract as docs/deploy.md publishes it (the table between its markers).</summary>
internal sealed partial class MetricsContract
{
    public const string DocumentPath = "docs/deploy.md";

    public sealed record Metric(string Name, string Type, IReadOnlySet<string> Labels);

    private MetricsContract(IReadOnlyDictionary<string, Metric> metrics) => Metrics = metrics;

    public IReadOnlyDictionary<string, Metric> Metrics { get; }

    public static MetricsContract Load()
    {
        var document = RepositoryFiles.Read(DocumentPath);
        var table = Regex.Match(document, "<!-- metrics-contract:begin -->(.*?)<!-- metrics-contract:end -->", RegexOptions.Singleline);
        Assert.True(table.Success, $"{DocumentPath} has no metrics-contract markers");
        var metrics = Row().Matches(table.Groups[1].Value)
            .Select(row => new Metric(
                row.Groups["name"].Value,
                row.Groups["type"].Value,
                Label().Matches(row.Groups["labels"].Value).Select(label => label.Groups[1].Value).ToHashSet(StringComparer.Ordinal)))
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

    [GeneratedRegex(@"`([a-z_]+)`")]
    private static partial Regex Label();

    [GeneratedRegex(@"^(.+)_(?:bucket|sum|count)$")]
    private static partial Regex HistogramSeries();
}
