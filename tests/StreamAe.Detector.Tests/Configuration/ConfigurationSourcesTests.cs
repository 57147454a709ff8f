using System.Collections;
using StreamAe.Detector.Configuration;

namespace StreamAe.Detector.Tests.Configuration;

/// <summary>Where settings come from, as .NET users expect: environment files and variables, repeated overrides, and
/// a JSON mistake named where it is.</summary>
public sealed class ConfigurationSourcesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-config-").FullName;

    [Fact]
    public void Environment_variables_with_either_prefix_are_settings_and_a_variable_without_a_section_is_not()
    {
        var variables = new Hashtable
        {
            ["STREAMAE_Kafka__BootstrapServers"] = "a:9092",
            ["STREAMAE__Sink__Influx__Url"] = "http://influx",
            ["STREAMAE_REPORT_TOKEN"] = "secret",
            ["DOTNET_ENVIRONMENT"] = "Staging",
        };

        var settings = EnvironmentSettings.From(variables).ToDictionary(setting => setting.Key, setting => setting.Value);

        Assert.Equal(new Dictionary<string, string?> { ["Kafka:BootstrapServers"] = "a:9092", ["Sink:Influx:Url"] = "http://influx" }, settings);
    }

    [Fact]
    public void The_environment_file_beside_the_configuration_file_overrides_it_and_the_command_line_overrides_both()
    {
        var file = Path.Combine(_directory, "appsettings.json");
        File.WriteAllText(file, """{ "Kafka": { "BootstrapServers": "base:9092", "GroupId": "base" }, "Http": { "Urls": "0" } }""");
        File.WriteAllText(Path.Combine(_directory, $"appsettings.{DetectorConfiguration.EnvironmentName}.json"),
            """{ "Kafka": { "GroupId": "environment" }, "Http": { "Urls": "http://127.0.0.1:1" } }""");

        var configuration = DetectorConfiguration.Build(file, ["Http:Urls=http://127.0.0.1:2"]);

        Assert.Equal("base:9092", configuration["Kafka:BootstrapServers"]);
        Assert.Equal("environment", configuration["Kafka:GroupId"]);
        Assert.Equal("http://127.0.0.1:2", configuration["Http:Urls"]);
    }

    [Fact]
    public void A_key_given_twice_on_the_command_line_takes_the_last_value()
    {
        var configuration = DetectorConfiguration.Build(null, ["Kafka:GroupId=first", "kafka:groupid=second"]);

        Assert.Equal("second", configuration["Kafka:GroupId"]);
    }

    [Fact]
    public void A_file_that_is_not_JSON_is_named_with_the_line_and_position_of_the_mistake()
    {
        var file = Path.Combine(_directory, "appsettings.json");
        File.WriteAllText(file, "{\n  \"Kafka\": {\n    \"GroupId\": \"g\"\n  }\n  \"Http\": {}\n}\n");

        var error = Assert.Throws<FormatException>(() => DetectorConfiguration.Build(file, []));

        Assert.StartsWith($"{file}: not valid JSON at line 5, position 3: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_key_is_an_error_with_the_setting_it_meant_reported_before_the_rules_it_breaks()
    {
        var (options, errors) = DetectorConfiguration.Load(DetectorConfiguration.Build(null,
            ["Kafka:BootstrapServers=127.0.0.1:9092", "Sink:FileMode=On", "Pipelines:0:Name=ecg", "Pipelines:0:Topics:0=ecg", "Pipelines:0:ModelPth=x"]));

        Assert.Null(options);
        Assert.Equal(["Pipelines:0:ModelPth is not a setting of streamae run; did you mean Pipelines:0:ModelPath? (docs/configuration.md lists them)"], errors);
    }

    [Fact]
    public void The_standard_Logging_section_is_no_unknown_key_and_its_console_formatter_must_be_one_the_daemon_has()
    {
        string[] valid = ["Kafka:BootstrapServers=127.0.0.1:9092", "Logging:LogLevel:Default=Warning", "Logging:Console:FormatterName=json"];
        Assert.Empty(DetectorConfiguration.UnknownKeys(DetectorConfiguration.Build(null, valid)));

        var (_, errors) = DetectorConfiguration.Load(DetectorConfiguration.Build(null, ["Logging:Console:FormatterName=xml"]));

        Assert.Contains("Logging:Console:FormatterName has 'xml', which is not one of simple, json, systemd.", errors);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
