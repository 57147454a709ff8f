using System.Text.Json;
using System.Text.RegularExpressions;

namespace StreamAe.Detector.Tests.Deployment;

/// <summary>The keys docs/configuration.md documents (its table rows), with the environment variable each names.</summary>
internal static partial class ConfigurationReference
{
    public const string DocumentPath = "docs/configuration.md";
    public const string EnvironmentPrefix = "STREAMAE_";

    public sealed record Row(string Key, string EnvironmentVariable);

    public static IReadOnlyList<Row> Rows() =>
        KeyRow().Matches(RepositoryFiles.Read(DocumentPath))
            .Select(match => new Row(match.Groups["key"].Value, match.Groups["env"].Value))
            .ToList();

    /// <summary>A concrete key (<c>Pipelines:0:Topic</c>, <c>Kafka:Settings:sasl.password</c>) as the reference writes it.</summary>
    public static bool Documents(IReadOnlyList<Row> rows, string key)
    {
        var generic = ArrayIndex().Replace(key, ":N");
        return rows.Any(row => string.Equals(row.Key, generic, StringComparison.OrdinalIgnoreCase)
            || (IsList(row) && string.Equals(row.Key + ":N", generic, StringComparison.OrdinalIgnoreCase))
            || (IsDictionary(row) && generic.StartsWith(row.Key + ":", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The configuration key an environment variable sets (STREAMAE_A__B → A:B).</summary>
    public static string KeyOf(string environmentVariable) =>
        environmentVariable[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal);

    /// <summary>Every key a JSON settings file sets, as the configuration system flattens it.</summary>
    public static IEnumerable<string> KeysOf(JsonElement element, string prefix = "") => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => KeysOf(property.Value, Join(prefix, property.Name))),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((item, index) => KeysOf(item, Join(prefix, index.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
        _ => [prefix],
    };

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}:{name}";

    // List-valued keys are documented with a "__0" environment variable suffix, dictionary-valued ones with "__<name>".
    private static bool IsList(Row row) => row.EnvironmentVariable.EndsWith("__0", StringComparison.Ordinal);

    private static bool IsDictionary(Row row) => row.EnvironmentVariable.EndsWith("__<name>", StringComparison.Ordinal);

    [GeneratedRegex(@"^\| `(?<key>[A-Za-z]+(?::[A-Za-z]+|:N)*)` \|[^|]*\| `(?<env>STREAMAE_[^`]+)`", RegexOptions.Multiline)]
    private static partial Regex KeyRow();

    [GeneratedRegex(@":\d+(?=:|$)")]
    private static partial Regex ArrayIndex();
}
