using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using StreamAe.Detector.Configuration;

namespace StreamAe.Detector.Tests.Deployment;

/// <summary>
/// docs/configuration.md against the daemon's options (<see cref="DetectorOptions"/>), and the compose stack's and the
/// example file's settings against both, bound through the daemon's own configuration loading.
/// </summary>
public sealed class ConfigurationReferenceTests
{
    private readonly IReadOnlyList<ConfigurationReference.Row> _rows = ConfigurationReference.Rows();

    [Fact]
    public void Every_documented_environment_variable_is_its_key_with_double_underscores()
    {
        Assert.NotEmpty(_rows);
        Assert.All(_rows, row =>
        {
            var expected = ConfigurationReference.EnvironmentPrefix + row.Key.Replace(":", "__", StringComparison.Ordinal);
            Assert.Contains(row.EnvironmentVariable, new[] { expected, expected + "__<name>", expected + "__0" });
        });
    }

    [Fact]
    public void Every_key_is_documented_once()
    {
        var duplicates = _rows.GroupBy(row => row.Key, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1).Select(group => group.Key);

        Assert.Empty(duplicates);
    }

    [Theory]
    [InlineData(ComposeFile.MainPath)]
    [InlineData(ComposeFile.GpuOverridePath)]
    public void Every_streamae_variable_the_compose_stack_sets_is_a_documented_key(string composePath)
    {
        var compose = composePath == ComposeFile.MainPath ? ComposeFile.Stack() : ComposeFile.GpuOverride();
        var variables = compose.Environment("streamae").Keys
            .Where(name => name.StartsWith(ConfigurationReference.EnvironmentPrefix, StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(variables);
        Assert.All(variables, variable => Assert.True(
            ConfigurationReference.Documents(_rows, ConfigurationReference.KeyOf(variable)),
            $"{composePath}: {variable} sets {ConfigurationReference.KeyOf(variable)}, which {ConfigurationReference.DocumentPath} does not document"));
    }

    [Fact]
    public void Every_key_of_the_example_settings_file_is_documented()
    {
        var keys = ConfigurationReference.KeysOf(JsonDocument.Parse(RepositoryFiles.Read("deploy/appsettings.json")).RootElement).ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.True(ConfigurationReference.Documents(_rows, key), $"deploy/appsettings.json sets {key}, which is not documented"));
    }

    [Fact]
    public void Reference_lists_exactly_the_keys_the_daemon_binds()
    {
        var bound = OptionKeys.Leaves(typeof(DetectorOptions)).Order(StringComparer.OrdinalIgnoreCase);
        var documented = _rows.Select(row => row.Key).Order(StringComparer.OrdinalIgnoreCase);

        Assert.Equal(bound, documented, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Compose_settings_bind_to_real_options_and_pass_validation()
    {
        var overrides = ComposeFile.Stack().Environment("streamae")
            .Concat(ComposeFile.GpuOverride().Environment("streamae"))
            .Where(variable => variable.Key.StartsWith(ConfigurationReference.EnvironmentPrefix, StringComparison.Ordinal))
            .Select(variable => $"{ConfigurationReference.KeyOf(variable.Key)}={Interpolated(variable.Value)}");
        var emptySettings = Path.Combine(Path.GetTempPath(), $"streamae-empty-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(emptySettings, "{}");
        IConfigurationRoot configuration;
        try
        {
            configuration = DetectorConfiguration.Build(emptySettings, overrides);
        }
        finally
        {
            File.Delete(emptySettings);
        }

        var options = DetectorConfiguration.Bind(configuration);

        Assert.Empty(DetectorConfiguration.UnknownKeys(configuration));
        Assert.Equal(["/var/lib/streamae/models/ecg5000.model does not exist"], ProblemsBesidesMissingModel(options));
        Assert.Equal("http://influxdb:8086", options.Sink.Influx.Url);
        Assert.Equal(["ecg"], options.Pipelines.Single().Topics);
        Assert.Equal("cuda", options.Scoring.Device);
    }

    [Fact]
    public void Example_settings_file_binds_to_real_options_and_passes_validation()
    {
        var configuration = DetectorConfiguration.Build(RepositoryFiles.PathOf("deploy/appsettings.json"), []);

        var options = DetectorConfiguration.Bind(configuration);

        Assert.Empty(DetectorConfiguration.UnknownKeys(configuration));
        Assert.Equal(["/opt/streamae/models/ecg5000.model does not exist"], ProblemsBesidesMissingModel(options));
    }

    /// <summary>Validation problems, with the one about the model file (made by model-init or the operator) reduced to a marker.</summary>
    private static List<string> ProblemsBesidesMissingModel(DetectorOptions options) =>
        options.Validate()
            .Select(problem => Regex.Match(problem, @"ModelPath '([^']+)' does not exist") is { Success: true } missing
                ? $"{missing.Groups[1].Value} does not exist"
                : problem)
            .ToList();

    /// <summary>A compose value as compose passes it: ${NAME:-default} becomes the default when NAME is unset.</summary>
    private static string Interpolated(string value) => Regex.Replace(value, @"\$\{[A-Z_]+:-([^}]*)\}", "$1");
}
