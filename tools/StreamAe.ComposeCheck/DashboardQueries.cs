using System.Text.Json;

namespace StreamAe.ComposeCheck;

/// <summary>The InfluxQL queries of the provisioned Grafana dashboards (panels and template variables), with Grafana's
/// macros and variables replaced as Grafana would for "all series, all models, the last <c>since</c>".</summary>
internal static class DashboardQueries
{
    public static IReadOnlyList<(string Where, string Query)> Load(string directory, string since)
    {
        var queries = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var dashboard = Path.GetFileNameWithoutExtension(file);
            foreach (var (title, query) in Panels(document.RootElement).Concat(Variables(document.RootElement)))
            {
                if (query.Contains("\"streamae_", StringComparison.Ordinal))
                {
                    queries.Add(($"{dashboard} / {title}", Expand(query, since)));
                }
            }
        }
        return queries;
    }

    internal static string Expand(string query, string since) => query
        .Replace("$timeFilter", $"time > now() - {since}", StringComparison.Ordinal)
        .Replace("$__interval", "10s", StringComparison.Ordinal)
        .Replace("$series", ".*", StringComparison.Ordinal)
        .Replace("$model", ".*", StringComparison.Ordinal);

    private static IEnumerable<(string, string)> Panels(JsonElement element)
    {
        if (!element.TryGetProperty("panels", out var panels))
        {
            yield break;
        }
        foreach (var panel in panels.EnumerateArray())
        {
            var title = panel.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray())
                {
                    if (target.TryGetProperty("query", out var query) && query.ValueKind == JsonValueKind.String)
                    {
                        yield return (title, query.GetString()!);
                    }
                }
            }
            foreach (var nested in Panels(panel))
            {
                yield return nested; // rows hold panels of their own
            }
        }
    }

    private static IEnumerable<(string, string)> Variables(JsonElement root)
    {
        if (!root.TryGetProperty("templating", out var templating))
        {
            yield break;
        }
        foreach (var variable in templating.GetProperty("list").EnumerateArray())
        {
            if (variable.TryGetProperty("query", out var query) && query.ValueKind == JsonValueKind.String)
            {
                yield return ($"${variable.GetProperty("name").GetString()}", query.GetString()!);
            }
        }
    }
}
