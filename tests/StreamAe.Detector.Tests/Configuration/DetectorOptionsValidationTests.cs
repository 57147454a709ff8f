using StreamAe.Detector.Configuration;

namespace StreamAe.Detector.Tests.Configuration;

public sealed class DetectorOptionsValidationTests : IDisposable
{
    private readonly string _model = Path.GetTempFileName();

    private DetectorOptions Bind(params string[] settings) =>
        DetectorConfiguration.Bind(DetectorConfiguration.Build(null, ["Kafka:BootstrapServers=127.0.0.1:9092", "Sink:FileMode=On", .. settings]));

    private string[] Pipeline(int index, string name, string topic, string? group = null) =>
    [
        $"Pipelines:{index}:Name={name}", $"Pipelines:{index}:Topics:0={topic}", $"Pipelines:{index}:ModelPath={_model}",
        .. group is null ? Array.Empty<string>() : [$"Pipelines:{index}:GroupId={group}"],
    ];

    [Fact]
    public void A_complete_configuration_has_no_errors()
    {
        Assert.Empty(Bind(Pipeline(0, "ecg", "ecg")).Validate());
    }

    [Fact]
    public void Two_pipelines_reading_one_topic_in_one_group_are_refused_with_the_fix()
    {
        var errors = Bind([.. Pipeline(0, "fast", "ecg"), .. Pipeline(1, "slow", "ecg")]).Validate();
        var clash = Assert.Single(errors);
        Assert.Contains("fast and slow", clash);
        Assert.Contains("Pipelines:N:GroupId", clash);

        Assert.Empty(Bind([.. Pipeline(0, "fast", "ecg"), .. Pipeline(1, "slow", "ecg", group: "slow")]).Validate());
    }

    [Fact]
    public void A_pipeline_without_a_model_file_learns_one_and_a_missing_file_is_an_error()
    {
        Assert.Empty(Bind("Pipelines:0:Name=plant", "Pipelines:0:Topics:0=sensors").Validate());

        var missing = Assert.Single(Bind("Pipelines:0:Name=plant", "Pipelines:0:Topics:0=sensors", "Pipelines:0:ModelPath=/nonexistent.sae").Validate());
        Assert.Contains("Pipelines:0:ModelPath", missing, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_naming_its_key()
    {
        var errors = Bind("Pipelines:0:Name=ecg", "Pipelines:0:SeriesPattern=([", "Batching:MaxDelayMs=-1", "Alerting:OpenAfter=0",
            "Pipelines:0:Threshold:Mode=Spot", "Pipelines:0:Threshold:Depth=600", "Pipelines:0:Learning:WarmupWindows=2").Validate();

        foreach (var key in new[] { "Pipelines:0:Topics", "Pipelines:0:Learning:WarmupWindows", "Pipelines:0:SeriesPattern", "Batching:MaxDelayMs",
                     "Alerting:OpenAfter", "Pipelines:0:Threshold:CalibrationWindows" })
        {
            Assert.Contains(errors, e => e.Contains(key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_format_window_length_other_than_the_pipelines_window_length_is_refused_naming_both_keys()
    {
        var error = Assert.Single(Bind([.. Pipeline(0, "ecg", "ecg"), "Pipelines:0:Format:WindowLength=70"]).Validate());
        Assert.Contains("Pipelines:0:Format:WindowLength (70) differs from Pipelines:0:Window:WindowLength (140)", error, StringComparison.Ordinal);

        Assert.Empty(Bind([.. Pipeline(0, "ecg", "ecg"), "Pipelines:0:Format:WindowLength=140"]).Validate());
    }

    [Fact]
    public void State_settings_are_checked_only_when_state_is_on_and_each_problem_names_its_key()
    {
        string[] wrong = ["Pipelines:0:State:WriteEveryWindows=0", "Pipelines:0:State:TopicSettings:cleanup.policy=delete"];
        Assert.Empty(Bind([.. Pipeline(0, "ecg", "^ecg-.*"), .. wrong]).Validate());

        var errors = Bind([.. Pipeline(0, "ecg", "^ecg-.*"), "Pipelines:0:State:Enabled=true", .. wrong]).Validate();

        foreach (var key in new[] { "Pipelines:0:State:WriteEveryWindows", "Pipelines:0:State:TopicSettings", "Pipelines:0:State:Partitions" })
        {
            Assert.Contains(errors, e => e.Contains(key, StringComparison.Ordinal));
        }
    }

    public void Dispose() => File.Delete(_model);
}
