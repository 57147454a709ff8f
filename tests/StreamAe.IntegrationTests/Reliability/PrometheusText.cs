using System.Globalization;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>Reads a metric from the daemon's /metrics text exposition, summed over its label sets.</summary>
internal static class PrometheusText
{
    public static double Sum(string exposition, string metric)
    {
        var total = 0.0;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(metric, StringComparison.Ordinal) && line.Length > metric.Length && line[metric.Length] is ' ' or '{')
            {
                total += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return total;
    }
}
