using System.Text.Json;
using StreamAe.Detector.Alerting;
using StreamAe.Detector.Pipeline.Batching;
using StreamAe.Detector.Pipeline.Thresholding;
using StreamAe.Ingest.Formats;
using StreamAe.Ingest.Kafka;
using StreamAe.Ingest.Windowing;
using StreamAe.Model.Scoring;
using StreamAe.Sink;

namespace StreamAe.Detector.Tests.Deployment;

/// <summary>
/// docs/configuration.md against the options classes, and the compose stack's and the example file's settings against
/// docs/configuration.md.
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

    [Theory]
    [InlineData("Kafka", typeof(KafkaSourceOptions))]
    [InlineData("Pipelines:N:Format", typeof(FormatOptions))]
    [InlineData("Pipelines:N:Windowing", typeof(WindowerOptions))]
    [InlineData("Pipelines:N:Threshold", typeof(ThresholdOptions))]
    [InlineData("Pipelines:N:Scoring", typeof(ScorerOptions))]
    [InlineData("Batching", typeof(BatchingOptions))]
    [InlineData("Alerting", typeof(AlertingOptions))]
    [InlineData("Sinks", typeof(SinkOptions))]
    public void Documented_section_lists_exactly_the_keys_its_options_class_binds(string section, Type options)
    {
        var bound = OptionKeys.Leaves(options).Select(leaf => $"{section}:{leaf}").Order(StringComparer.OrdinalIgnoreCase);
        var documented = _rows.Select(row => row.Key)
            .Where(key => key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.OrdinalIgnoreCase);

        Assert.Equal(bound, documented, StringComparer.OrdinalIgnoreCase);
    }
}
