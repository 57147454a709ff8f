using StreamAe.Cli;
using StreamAe.Detector.Configuration;

namespace StreamAe.Detector.Tests.Configuration;

/// <summary>Mistyped keys and values are named by their full key, not lost in binding.</summary>
public sealed class ConfigurationCheckTests : IDisposable
{
    private readonly string _model = Path.GetTempFileName();

    private (DetectorOptions? Options, IReadOnlyList<string> Errors) Load(params string[] settings) =>
        DetectorConfiguration.Load(Configuration(settings));

    private Microsoft.Extensions.Configuration.IConfigurationRoot Configuration(string[] settings) =>
        DetectorConfiguration.Build(null,
        [
            "Kafka:BootstrapServers=127.0.0.1:9092", "Sink:FileMode=On", "Pipelines:0:Name=ecg", "Pipelines:0:Topics:0=ecg",
            $"Pipelines:0:ModelPath={_model}", .. settings,
        ]);

    [Theory]
    [InlineData("Pipelines:0:Format:Format", "Windw", "Sample, Chunk, Window, Influx, Csv")]
    [InlineData("Pipelines:0:Threshold:Mode", "Adaptiv", "Adaptive, Static, Spot, Rolling")]
    [InlineData("Pipelines:0:Window:OutOfOrder", "Sort", "Accept, Drop, Reorder")]
    [InlineData("Sink:Influx:ApiVersion", "V3", "V1, V2")]
    public void A_mistyped_enum_value_is_one_error_naming_its_key_and_the_allowed_values(string key, string value, string allowed)
    {
        var (options, errors) = Load($"{key}={value}");

        Assert.Null(options);
        var error = Assert.Single(errors);
        Assert.Equal($"{key} has '{value}', which is not one of {allowed}.", error);
    }

    [Fact]
    public async Task The_daemon_refuses_a_mistyped_enum_value_with_the_configuration_exit_code()
    {
        string[] settings = ["Sink:FileMode=On", "Pipelines:0:Name=ecg", "Pipelines:0:Topics:0=ecg", "Pipelines:0:Format:Format=Windw"];

        Assert.Equal(StreamAeCommandLine.UsageError, await RunCommand.RunAsync(null, settings, CancellationToken.None));
    }

    [Theory]
    [InlineData("Pipelines:0:Window:Hop", "ten", "a whole number")]
    [InlineData("Kafka:PauseAfter", "soon", "a time span")]
    [InlineData("Batching:MaxBatch", "99999999999", "a whole number of at most 2147483647")]
    [InlineData("Alerting:Explain", "yes please", "true or false")]
    public void A_value_of_the_wrong_type_is_an_error_naming_its_key(string key, string value, string expected)
    {
        var error = Assert.Single(Load($"{key}={value}").Errors);

        Assert.StartsWith($"{key} has '{value}', which is not {expected}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_value_is_named_by_its_full_key()
    {
        var error = Assert.Single(Load("Pipelines:0:Window:Hop=0").Errors);

        Assert.StartsWith("Pipelines:0:Window:Hop ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_unknown_key_is_reported_by_its_full_key()
    {
        var unknown = DetectorConfiguration.UnknownKeys(Configuration(["Pipelines:0:ModelPth=x", "Kafka:Settings:security.protocol=SSL",
            "Sink:Influx:Urll=http://x", "Pipelines:0:Window:Hop:Size=3"]));

        Assert.Equal(3, unknown.Count);
        Assert.StartsWith("Pipelines:0:ModelPth is not a setting", unknown[0], StringComparison.Ordinal);
        Assert.Contains("did you mean Pipelines:0:ModelPath?", unknown[0], StringComparison.Ordinal);
        Assert.Contains(unknown, line => line.StartsWith("Pipelines:0:Window:Hop:Size ", StringComparison.Ordinal));
        Assert.Contains(unknown, line => line.StartsWith("Sink:Influx:Urll ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_valid_configuration_loads()
    {
        var (options, errors) = Load("Pipelines:0:Threshold:Mode=spot", "Pipelines:0:Window:Hop=10");

        Assert.Empty(errors);
        Assert.Equal(10, Assert.Single(options!.Pipelines).Window.Hop);
    }

    public void Dispose() => File.Delete(_model);
}
