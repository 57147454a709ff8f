using System.Text.Json;

namespace StreamAe.Detector.Tests.Deployment;

/// <summary>A provisioned Grafana dashboard (JSON model) and every query it sends.</summary>
internal sealed class GrafanaDashboard
{
    public const string Directory = "docker/grafana/dashboards";

    public sealed record Query(string Where, string DatasourceType, string DatasourceUid, string Text);

    private GrafanaDashboard(string file, JsonElement root)
    {
        File = file;
        Root = root;
    }

    public string File { get; }

    public JsonElement Root { get; }

    public string Title => Root.GetProperty("title").GetString()!;

    public static IReadOnlyList<GrafanaDashboard> LoadAll() =>
        System.IO.Directory.EnumerateFiles(RepositoryFiles.PathOf(Directory), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => new GrafanaDashboard(Path.GetFileName(path), JsonDocument.Parse(System.IO.File.ReadAllText(path)).RootElement))
            .ToList();

    public static GrafanaDashboard Titled(string title) => Assert.Single(LoadAll(), dashboard => dashboard.Title == title);

    /// <summary>Every panel, including those nested in rows.</summary>
    public IEnumerable<JsonElement> Panels() => PanelsIn(Root);

    public IEnumerable<JsonElement> Variables() => Root.GetProperty("templating").GetProperty("list").EnumerateArray();

    public IEnumerable<JsonElement> Annotations() =>
        Root.GetProperty("annotations").GetProperty("list").EnumerateArray().Where(annotation => !annotation.TryGetProperty("builtIn", out _));

    public IEnumerable<Query> Queries()
    {
        foreach (var panel in Panels())
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }
            foreach (var target in targets.EnumerateArray())
            {
                var datasource = target.TryGetProperty("datasource", out var own) ? own : panel.GetProperty("datasource");
                yield return Make($"panel '{panel.GetProperty("title").GetString()}'", datasource, QueryText(target));
            }
        }
        foreach (var variable in Variables().Where(variable => variable.GetProperty("type").GetString() == "query"))
        {
            yield return Make($"variable '{variable.GetProperty("name").GetString()}'", variable.GetProperty("datasource"), QueryText(variable));
        }
        foreach (var annotation in Annotations())
        {
            yield return Make($"annotation '{annotation.GetProperty("name").GetString()}'", annotation.GetProperty("datasource"), QueryText(annotation));
        }
    }

    private Query Make(string where, JsonElement datasource, string text) =>
        new($"{File}: {where}", datasource.GetProperty("type").GetString()!, datasource.GetProperty("uid").GetString()!, text);

    private static string QueryText(JsonElement element)
    {
        if (element.TryGetProperty("expr", out var expr))
        {
            return expr.GetString()!;
        }
        var query = element.GetProperty("query");
        return query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!;
    }

    private static IEnumerable<JsonElement> PanelsIn(JsonElement container)
    {
        if (!container.TryGetProperty("panels", out var panels))
        {
            yield break;
        }
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            foreach (var nested in PanelsIn(panel))
            {
                yield return nested;
            }
        }
    }
}
