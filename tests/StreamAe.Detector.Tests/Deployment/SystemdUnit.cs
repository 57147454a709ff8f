namespace StreamAe.Detector.Tests.Deployment;

/// <summary>A systemd unit file as section → directive → values (a directive may repeat).</summary>
internal sealed class SystemdUnit
{
    private readonly Dictionary<string, Dictionary<string, List<string>>> _sections;

    private SystemdUnit(Dictionary<string, Dictionary<string, List<string>>> sections) => _sections = sections;

    public static SystemdUnit Parse(string text)
    {
        var sections = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        Dictionary<string, List<string>>? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                sections[line[1..^1]] = current;
                continue;
            }
            var separator = line.IndexOf('=');
            if (current is null || separator <= 0)
            {
                throw new FormatException($"not a directive inside a section: '{line}'");
            }
            var name = line[..separator].Trim();
            if (!current.TryGetValue(name, out var values))
            {
                current[name] = values = [];
            }
            values.Add(line[(separator + 1)..].Trim());
        }
        return new SystemdUnit(sections);
    }

    /// <summary>The directive's value (the last one wins, as in systemd), or null when it is not set.</summary>
    public string? Value(string section, string directive) =>
        _sections.TryGetValue(section, out var directives) && directives.TryGetValue(directive, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Values(string section, string directive) =>
        _sections.TryGetValue(section, out var directives) && directives.TryGetValue(directive, out var values) ? values : [];
}
