namespace StreamAe.Detector.Tests.Deployment;

/// <summary>docker/compose.yaml (or an override) read as compose would: services, their environment and dependencies.</summary>
internal sealed class ComposeFile
{
    public const string MainPath = "docker/compose.yaml";
    public const string GpuOverridePath = "docker/compose.gpu.yaml";

    private ComposeFile(YamlTree root) => Root = root;

    public YamlTree Root { get; }

    public static ComposeFile Stack() => new(YamlTree.Load(MainPath));

    public static ComposeFile GpuOverride() => new(YamlTree.Load(GpuOverridePath));

    public IReadOnlyList<string> ServiceNames => Root["services"].Keys;

    public YamlTree Service(string name) => Root["services"][name];

    /// <summary>A service's environment, whether written as a mapping or as a list of NAME=value.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        var node = Service(service);
        if (!node.Has("environment"))
        {
            return new Dictionary<string, string>();
        }
        var environment = node["environment"];
        if (environment.IsMapping)
        {
            return environment.Keys.ToDictionary(key => key, key => environment[key].Text, StringComparer.Ordinal);
        }
        return environment.Items
            .Select(item => item.Text.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "", StringComparer.Ordinal);
    }

    /// <summary>depends_on as service → condition; the short list form has no condition and reads as "".</summary>
    public IReadOnlyDictionary<string, string> Dependencies(string service)
    {
        var node = Service(service);
        if (!node.Has("depends_on"))
        {
            return new Dictionary<string, string>();
        }
        var dependsOn = node["depends_on"];
        if (dependsOn.IsSequence)
        {
            return dependsOn.Items.ToDictionary(item => item.Text, _ => "");
        }
        return dependsOn.Keys.ToDictionary(
            key => key,
            key => dependsOn[key].Has("condition") ? dependsOn[key]["condition"].Text : "");
    }

    public bool HasHealthCheck(string service) =>
        Service(service).Has("healthcheck") && Service(service)["healthcheck"].Has("test");

    /// <summary>One-shot services finish and stay down: compose must not restart them.</summary>
    public bool IsOneShot(string service) =>
        Service(service).Has("restart") && Service(service)["restart"].Text == "no";
}
