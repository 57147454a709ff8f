using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace StreamAe.Detector.Configuration;

/// <summary>
/// The configuration's keys and values against an options type, before binding. The binder itself cannot report
/// these: it drops a list element holding a value it cannot convert (a mistyped enum in <c>Pipelines:0</c> lost the
/// whole pipeline, and the error then said there was none), and it names only the first key it does not know.
/// </summary>
public static class ConfigurationCheck
{
    /// <param name="UnknownKeys">Keys that match no option (typos such as <c>Pipelines:0:ModelPth</c>).</param>
    /// <param name="InvalidValues">One line per value the binder could not convert, naming its full key and what it takes.</param>
    public sealed record Result(IReadOnlyList<UnknownKey> UnknownKeys, IReadOnlyList<string> InvalidValues);

    /// <param name="Key">the full key</param>
    /// <param name="Suggestion">the full key of the option it most likely meant, when one is close</param>
    public sealed record UnknownKey(string Key, string? Suggestion);

    /// <param name="ignoredSections">top-level sections read by something else (the host's <c>Logging</c>)</param>
    public static Result Check(IConfiguration configuration, Type options, params string[] ignoredSections)
    {
        var unknown = new List<UnknownKey>();
        var invalid = new List<string>();
        foreach (var section in configuration.GetChildren())
        {
            if (!ignoredSections.Contains(section.Key, StringComparer.OrdinalIgnoreCase))
            {
                CheckEntry(section, options, unknown, invalid);
            }
        }
        return new Result(unknown, invalid);
    }

    private static void CheckSection(IConfiguration section, Type type, List<UnknownKey> unknown, List<string> invalid)
    {
        foreach (var child in section.GetChildren())
        {
            CheckEntry(child, type, unknown, invalid);
        }
    }

    private static void CheckEntry(IConfigurationSection entry, Type type, List<UnknownKey> unknown, List<string> invalid)
    {
        var entryType = CollectionItemType(type) ?? Property(type, entry.Key)?.PropertyType;
        if (entryType is null)
        {
            var parent = ConfigurationPath.GetParentPath(entry.Path);
            unknown.Add(new UnknownKey(entry.Path, Closest(type, entry.Key) is { } name
                ? (parent is null ? name : ConfigurationPath.Combine(parent, name))
                : null));
        }
        else if (IsValue(entryType))
        {
            CheckValue(entry, entryType, unknown, invalid);
        }
        else
        {
            CheckSection(entry, entryType, unknown, invalid);
        }
    }

    private static void CheckValue(IConfigurationSection entry, Type type, List<UnknownKey> unknown, List<string> invalid)
    {
        unknown.AddRange(entry.GetChildren().Select(child => new UnknownKey(child.Path, null)));
        if (string.IsNullOrEmpty(entry.Value) || Converts(entry.Value, type))
        {
            return;
        }
        invalid.Add($"{entry.Path} has '{entry.Value}', which is not {Expected(Nullable.GetUnderlyingType(type) ?? type)}.");
    }

    /// <summary>The conversion the binder makes (its type converter, invariant culture).</summary>
    private static bool Converts(string value, Type type)
    {
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException || e.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    private static string Expected(Type type) => type switch
    {
        { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a time span (hh:mm:ss[.fff])",
        _ when type == typeof(char) => "one character",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
        _ when type.IsPrimitive => string.Create(CultureInfo.InvariantCulture, $"a whole number of at most {type.GetField("MaxValue")?.GetValue(null)}"),
        _ => $"a {type.Name}",
    };

    /// <summary>The option of <paramref name="type"/> a mistyped name most likely meant: the nearest by edit distance,
    /// when at most a third of its letters differ.</summary>
    private static string? Closest(Type type, string name) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(property => (property.Name, Distance: EditDistance(property.Name.ToUpperInvariant(), name.ToUpperInvariant())))
            .Where(candidate => candidate.Distance <= Math.Max(1, candidate.Name.Length / 3))
            .OrderBy(candidate => candidate.Distance)
            .Select(candidate => candidate.Name)
            .FirstOrDefault();

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }

    /// <summary>A settable public property, or a collection the binder fills in place, as the binder finds it.</summary>
    private static PropertyInfo? Property(Type type, string name) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(property =>
            string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)
            && (property.SetMethod is { IsPublic: true } || CollectionItemType(property.PropertyType) is not null));

    /// <summary>Whether the binder reads <paramref name="type"/> from one string (a key's value) rather than a section.</summary>
    internal static bool IsValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
            || underlying == typeof(TimeSpan) || underlying == typeof(DateTimeOffset) || underlying == typeof(Uri);
    }

    /// <summary>The type of a list's elements or a dictionary's values (their keys are indexes or free names).</summary>
    private static Type? CollectionItemType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) || !type.IsGenericType)
        {
            return null;
        }
        return type.GetGenericArguments()[^1];
    }
}
