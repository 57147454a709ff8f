using System.Globalization;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>Reads a metric from the daemon's /metrics text exposition, summed over its label sets.</summary>
internal static class PrometheusText
{
    /// <param name="label">Only label sets containing this pair (e.g. <c>kind="alert"</c>); null sums all.</param>
    public static double Sum(string exposition, string metric, string? label = null)
    {
        var total = 0.0;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(metric, StringComparison.Ordinal) && line.Length > metric.Length && line[metric.Length] is ' ' or '{'
                && (label is null || line.AsSpan(0, line.LastIndexOf(' ')).Contains(label, StringComparison.Ordinal)))
            {
                total += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return total;
    }
}
