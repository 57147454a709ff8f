using StreamAe.Detector.Configuration;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Tools.Bench;

namespace StreamAe.Detector.Tests.Bench;

public sealed class BenchSettingsTests
{
    private static DetectorOptions Options()
    {
        var options = new DetectorOptions();
        options.Pipelines.Add(new PipelineOptions { Name = "bench", Topics = ["bench"] });
        return options;
    }

    [Fact]
    public void Pipeline_keys_reach_the_suites_pipeline_and_the_rest_the_daemon()
    {
        var options = Options();

        BenchSettings.Apply(options, ["Pipeline:Threshold:Mode=Static", "Batching:BacklogMaxDelayMs=0", "Kafka:BacklogMessages=100"]);

        var pipeline = Assert.Single(options.Pipelines);
        Assert.Equal(ThresholdMode.Static, pipeline.Threshold.Mode);
        Assert.Equal(0, options.Batching.BacklogMaxDelayMs);
        Assert.Equal(100, options.Kafka.BacklogMessages);
    }

    [Fact]
    public void A_key_that_matches_no_option_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => BenchSettings.Apply(Options(), ["Pipeline:Threshold:Mood=Static"]));
        Assert.Throws<InvalidOperationException>(() => BenchSettings.Apply(Options(), ["Batching:BacklogMaxDelay=0"]));
        Assert.Throws<FormatException>(() => BenchSettings.Apply(Options(), ["Batching"]));
    }
}
