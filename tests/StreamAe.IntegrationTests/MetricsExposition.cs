using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamAe.IntegrationTests;

/// <summary>A Prometheus text exposition read into its metric families (from <c># TYPE</c>) and their samples.</summary>
internal sealed partial class MetricsExposition
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    private MetricsExposition(IReadOnlyDictionary<string, string> types, IReadOnlyList<Sample> samples) => (Types, Samples) = (types, samples);

    /// <summary>Each family's type (counter, gauge, histogram), by the family's name.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>A family's samples: its own name's, and a histogram's _bucket, _sum and _count.</summary>
    public IEnumerable<Sample> Of(string family) => Samples.Where(sample => sample.Name == family
        || (Types.GetValueOrDefault(family) == "histogram" && sample.Name is var name && name.StartsWith(family + "_", StringComparison.Ordinal)
            && name[(family.Length + 1)..] is "bucket" or "sum" or "count"));

    public static MetricsExposition Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (TypeLine().Match(line) is { Success: true } type)
            {
                types[type.Groups["name"].Value] = type.Groups["type"].Value;
            }
            else if (SampleLine().Match(line) is { Success: true } sample)
            {
                var labels = LabelPair().Matches(sample.Groups["labels"].Value)
                    .ToDictionary(pair => pair.Groups["name"].Value, pair => pair.Groups["value"].Value, StringComparer.Ordinal);
                samples.Add(new Sample(sample.Groups["name"].Value, labels, double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture)));
            }
        }
        return new MetricsExposition(types, samples);
    }

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>.*)\})? (?<value>\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
