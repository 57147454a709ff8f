using System.Collections;
using Microsoft.Extensions.Configuration;

namespace StreamAe.Detector.Configuration;

/// <summary>
/// Settings from environment variables: <c>STREAMAE_Section__Key</c>, the prefix .NET users expect, and the older
/// <c>STREAMAE__Section__Key</c>, both meaning <c>Section:Key</c>. A variable without a <c>__</c> after the prefix
/// (e.g. <c>STREAMAE_REPORT_TOKEN</c>, read by <c>streamae report</c>) is not a setting.
/// </summary>
public static class EnvironmentSettings
{
    public const string Prefix = "STREAMAE_";

    public static IEnumerable<KeyValuePair<string, string?>> From(IDictionary variables)
    {
        foreach (DictionaryEntry variable in variables)
        {
            if (variable.Key is not string name || !name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var key = name[Prefix.Length..].TrimStart('_');
            if (key.Contains("__", StringComparison.Ordinal))
            {
                yield return new(key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), variable.Value as string);
            }
        }
    }
}
