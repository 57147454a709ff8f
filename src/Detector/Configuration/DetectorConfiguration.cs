using Microsoft.Extensions.Configuration;

namespace StreamAe.Detector.Configuration;

/// <summary>Builds and binds <see cref="DetectorOptions"/> the same way for the daemon, the demo and the tests.</summary>
public static class DetectorConfiguration
{
    public const string EnvironmentPrefix = "STREAMAE__";

    /// <param name="configFile">appsettings.json to read; null reads ./appsettings.json when present.</param>
    /// <param name="overrides">Key=Value pairs from the command line (e.g. Kafka:BootstrapServers=host:9092); they win.</param>
    public static IConfigurationRoot Build(string? configFile, IEnumerable<string> overrides, IDictionary<string, string?>? defaults = null)
    {
        var builder = new ConfigurationBuilder();
        if (defaults != null)
        {
            builder.AddInMemoryCollection(defaults);
        }
        if (configFile != null)
        {
            if (!File.Exists(configFile))
            {
                throw new FileNotFoundException($"configuration file '{configFile}' does not exist.", configFile);
            }
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }
        else
        {
            builder.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        }
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(ParseOverrides(overrides));
        return builder.Build();
    }

    /// <summary>The options, or every problem at once: first values that do not convert (each naming its key and what it
    /// takes), else <see cref="DetectorOptions.Validate"/>'s.</summary>
    public static (DetectorOptions? Options, IReadOnlyList<string> Errors) Load(IConfiguration configuration)
    {
        var invalid = ConfigurationCheck.Check(configuration, typeof(DetectorOptions)).InvalidValues;
        if (invalid.Count > 0)
        {
            return (null, invalid);
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

    /// <summary>Configuration keys that match no option (typos such as Pipelines:0:ModelPth), for a warning naming each.</summary>
    public static IReadOnlyList<string> UnknownKeys(IConfiguration configuration) =>
        ConfigurationCheck.Check(configuration, typeof(DetectorOptions)).UnknownKeys
            .Select(key => $"{key} is not a setting of streamae run; it is ignored (docs/configuration.md lists them).")
            .ToList();

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
