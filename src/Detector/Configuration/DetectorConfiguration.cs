using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace StreamAe.Detector.Configuration;

/// <summary>Builds and binds <see cref="DetectorOptions"/> the same way for the daemon, the demo and the tests.</summary>
public static class DetectorConfiguration
{
    /// <summary>The environment whose <c>appsettings.{Environment}.json</c> is read after the base file, as .NET hosts do:
    /// <c>DOTNET_ENVIRONMENT</c>, else <c>ASPNETCORE_ENVIRONMENT</c>, else Production.</summary>
    public static string EnvironmentName =>
        Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } dotnet ? dotnet
        : Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspnet ? aspnet
        : "Production";

    /// <summary>Settings in rising precedence: <paramref name="defaults"/>, the JSON file and its environment's file,
    /// <c>STREAMAE_*</c> environment variables, then <paramref name="overrides"/>.</summary>
    /// <param name="configFile">appsettings.json to read; null reads ./appsettings.json when present.</param>
    /// <param name="overrides">Key=Value pairs from the command line (e.g. Kafka:BootstrapServers=host:9092); they win, the
    /// last of a repeated key too.</param>
    /// <exception cref="FormatException">a file that is not valid JSON (with its line and position) or a malformed override</exception>
    public static IConfigurationRoot Build(string? configFile, IEnumerable<string> overrides, IDictionary<string, string?>? defaults = null)
    {
        var builder = new ConfigurationBuilder();
        if (defaults != null)
        {
            builder.AddInMemoryCollection(defaults);
        }
        if (configFile != null && !File.Exists(configFile))
        {
            throw new FileNotFoundException($"configuration file '{configFile}' does not exist.", configFile);
        }
        var file = Path.GetFullPath(configFile ?? "appsettings.json");
        foreach (var json in new[] { file, Path.ChangeExtension(file, $"{EnvironmentName}.json") })
        {
            if (File.Exists(json))
            {
                CheckJson(json);
                builder.AddJsonFile(json, optional: false);
            }
        }
        builder.AddInMemoryCollection(LastWins(EnvironmentSettings.From(Environment.GetEnvironmentVariables())));
        builder.AddInMemoryCollection(LastWins(ParseOverrides(overrides)));
        return builder.Build();
    }

    /// <summary>Parses the file as the JSON provider does, so a mistake is named with its line and position (the
    /// provider's own error names neither).</summary>
    private static void CheckJson(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var reason = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
            throw new FormatException($"{path}: not valid JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {reason}.", e);
        }
    }

    private static Dictionary<string, string?> LastWins(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings)
        {
            merged[key] = value;
        }
        return merged;
    }

    /// <summary>The options, or every problem at once: first keys that are no setting and values that do not convert
    /// (each naming its full key, with the setting it most likely meant or what it takes), else
    /// <see cref="DetectorOptions.Validate"/>'s.</summary>
    public static (DetectorOptions? Options, IReadOnlyList<string> Errors) Load(IConfiguration configuration)
    {
        var check = ConfigurationCheck.Check(configuration, typeof(DetectorOptions), HostSections);
        var mistakes = check.UnknownKeys.Select(Describe).Concat(check.InvalidValues).Concat(LoggingMistakes(configuration)).ToList();
        if (mistakes.Count > 0)
        {
            return (null, mistakes);
        }
        var options = Bind(configuration);
        var errors = options.Validate();
        return (errors.Count == 0 ? options : null, errors);
    }

    /// <summary>Binds without checking; values that do not convert make the binder throw or drop a pipeline (see <see cref="Load"/>).</summary>
    public static DetectorOptions Bind(IConfiguration configuration)
    {
        var options = new DetectorOptions();
        configuration.Bind(options, binder => binder.ErrorOnUnknownConfiguration = false);
        return options;
    }

    /// <summary>Top-level sections the host reads, not the daemon's options: the standard <c>Logging</c> section.</summary>
    private static readonly string[] HostSections = ["Logging"];

    /// <summary>Configuration keys that match no option (typos such as Pipelines:0:ModelPth), one line each.</summary>
    public static IReadOnlyList<string> UnknownKeys(IConfiguration configuration) =>
        ConfigurationCheck.Check(configuration, typeof(DetectorOptions), HostSections).UnknownKeys.Select(Describe).ToList();

    private static readonly string[] ConsoleFormatters = ["simple", "json", "systemd"];

    private static IEnumerable<string> LoggingMistakes(IConfiguration configuration)
    {
        if (configuration["Logging:Console:FormatterName"] is { } formatter && !ConsoleFormatters.Contains(formatter, StringComparer.Ordinal))
        {
            yield return $"Logging:Console:FormatterName has '{formatter}', which is not one of {string.Join(", ", ConsoleFormatters)}.";
        }
    }

    private static string Describe(ConfigurationCheck.UnknownKey unknown) =>
        unknown.Suggestion is { } meant
            ? $"{unknown.Key} is not a setting of streamae run; did you mean {meant}? (docs/configuration.md lists them)"
            : $"{unknown.Key} is not a setting of streamae run (docs/configuration.md lists them).";

    /// <summary>Key=Value pairs (as --set takes them) as configuration entries; a pair without a key is a <see cref="FormatException"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ParseOverrides(IEnumerable<string> overrides)
    {
        foreach (var pair in overrides)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"'{pair}' is not Key=Value (for example Kafka:BootstrapServers=localhost:9092).");
            }
            yield return new(pair[..equals].Trim(), pair[(equals + 1)..]);
        }
    }
}
