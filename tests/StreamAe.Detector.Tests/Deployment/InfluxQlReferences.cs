using System.Text.RegularExpressions;

namespace StreamAe.Detector.Tests.Deployment;

/// <summary>
/// Checks that an InfluxQL query (as Grafana sends it, with $variables) names only measurements, tags and fields of
/// <see cref="InfluxSchema"/>, each in a place its kind allows. Dashboards quote every identifier, so an unquoted
/// word that is not InfluxQL is reported too.
/// </summary>
internal static partial class InfluxQlReferences
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "select", "from", "where", "and", "or", "group", "by", "fill", "none", "null", "previous", "linear", "as",
        "show", "tag", "values", "with", "key", "true", "false", "order", "desc", "asc", "limit", "time",
        "mean", "max", "min", "count", "sum", "last", "first", "median", "spread", "stddev", "percentile", "distinct",
    };

    public static IReadOnlyList<string> Problems(string query)
    {
        var problems = new List<string>();
        var masked = RegexLiteral().Replace(StringLiteral().Replace(query, "'text'"), "$1 /regex/");

        var from = FromMeasurement().Matches(masked);
        if (from.Count != 1)
        {
            return [$"expected one FROM \"measurement\", found {from.Count}: {query}"];
        }
        var measurementName = from[0].Groups[1].Value;
        if (!InfluxSchema.Measurements.TryGetValue(measurementName, out var measurement))
        {
            return [$"unknown measurement '{measurementName}': {query}"];
        }

        var withoutAliases = Alias().Replace(masked, "");
        foreach (Match identifier in QuotedIdentifier().Matches(withoutAliases))
        {
            var name = identifier.Groups[1].Value;
            if (name != measurementName && !measurement.Tags.Contains(name) && !measurement.Fields.Contains(name))
            {
                problems.Add($"'{name}' is neither a tag nor a field of {measurementName}: {query}");
            }
        }
        foreach (Match aggregate in AggregateArgument().Matches(withoutAliases))
        {
            RequireKind(aggregate.Groups[1].Value, measurement.Fields, "field", "an aggregate", measurementName, query, problems);
        }
        foreach (Match comparison in TagComparison().Matches(withoutAliases))
        {
            RequireKind(comparison.Groups[1].Value, measurement.Tags, "tag", "a string or regex comparison", measurementName, query, problems);
        }
        foreach (Match comparison in FieldComparison().Matches(withoutAliases))
        {
            RequireKind(comparison.Groups[1].Value, measurement.Fields, "field", "a boolean or number comparison", measurementName, query, problems);
        }
        foreach (Match key in ShowTagKey().Matches(withoutAliases))
        {
            RequireKind(key.Groups[1].Value, measurement.Tags, "tag", "WITH KEY", measurementName, query, problems);
        }
        var groupBy = GroupByClause().Match(withoutAliases);
        if (groupBy.Success)
        {
            foreach (Match tag in QuotedIdentifier().Matches(groupBy.Groups[1].Value))
            {
                RequireKind(tag.Groups[1].Value, measurement.Tags, "tag", "GROUP BY", measurementName, query, problems);
            }
        }

        var bare = Variable().Replace(QuotedIdentifier().Replace(withoutAliases, " "), " ");
        bare = Regex.Replace(bare, @"'text'|/regex/", " ");
        foreach (Match word in Word().Matches(bare))
        {
            if (!Keywords.Contains(word.Value))
            {
                problems.Add($"unquoted identifier or unknown keyword '{word.Value}': {query}");
            }
        }
        return problems;
    }

    private static void RequireKind(string name, IReadOnlySet<string> allowed, string kind, string place, string measurement, string query, List<string> problems)
    {
        if (!allowed.Contains(name))
        {
            problems.Add($"'{name}' in {place} must be a {kind} of {measurement}: {query}");
        }
    }

    [GeneratedRegex(@"'(?:[^'\\]|\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(=~|!~)\s*/(?:[^/\\]|\\.)*/")]
    private static partial Regex RegexLiteral();

    [GeneratedRegex(@"\bFROM\s+""([^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex FromMeasurement();

    [GeneratedRegex(@"\bAS\s+""[^""]+""", RegexOptions.IgnoreCase)]
    private static partial Regex Alias();

    [GeneratedRegex(@"""([^""]+)""")]
    private static partial Regex QuotedIdentifier();

    [GeneratedRegex(@"\b[a-z_]+\(\s*""([^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex AggregateArgument();

    [GeneratedRegex(@"""([^""]+)""\s*(?:=~|!~|=\s*'text'|!=\s*'text'|<>\s*'text')")]
    private static partial Regex TagComparison();

    [GeneratedRegex(@"""([^""]+)""\s*(?:=|!=|<>|<=|>=|<|>)\s*(?:true|false|-?[0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex FieldComparison();

    [GeneratedRegex(@"\bWITH\s+KEY\s*=\s*""([^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex ShowTagKey();

    [GeneratedRegex(@"\bGROUP\s+BY\s+(.*?)(?:\bfill\(|\bORDER\b|\bLIMIT\b|$)", RegexOptions.IgnoreCase)]
    private static partial Regex GroupByClause();

    [GeneratedRegex(@"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9_]*\b")]
    private static partial Regex Word();
}
