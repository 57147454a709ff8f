using System.Globalization;
using StreamAe.Tools.Demo;
using StreamAe.Model.Architectures;
using StreamAe.Model.Data;
using StreamAe.Model.Jobs;
using StreamAe.TestSupport.Influx;
using StreamAe.TestSupport.Kafka;

namespace StreamAe.IntegrationTests;

/// <summary>The executable as an operator runs it: configuration errors, and SIGTERM draining and committing.</summary>
[Collection(DetectorCollection.Name)]
public sealed class DaemonProcessTests(TrainedModels models) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-proc-it-").FullName;

    [Fact]
    public async Task Bad_configuration_exits_with_code_2_and_names_the_keys_to_fix()
    {
        using var daemon = new DaemonProcess("run", "--set", "Pipelines:0:Name=ecg", "--set", "Pipelines:0:ModelPath=/nonexistent.model",
            "--set", "Batching:MaxBatch=0");

        Assert.Equal(2, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Pipelines:0:Topics", daemon.Output);
        Assert.Contains("Pipelines:0:ModelPath '/nonexistent.model' does not exist", daemon.Output);
        Assert.Contains("Batching:MaxBatch", daemon.Output);
        Assert.DoesNotContain("   at ", daemon.Output); // a message, not a stack trace
    }

    [Fact]
    public async Task A_model_of_another_window_shape_with_as_many_values_is_refused_at_start_naming_both_window_keys()
    {
        using var kafka = new MockKafkaFixture();
        var beats = models.TestBeats;
        var twoChannelModel = TrainJob.Run(new WindowSet(beats.Values, beats.Labels, 70, 2, beats.Sha256), new TrainJobOptions
        {
            Architecture = new ArchitectureSpec { Name = ArchitectureSpec.Pca, WindowLength = 70 },
            OutputPath = Path.Combine(_directory, "70x2.model"),
        }).ModelPath;
        string[] settings =
        [
            $"Kafka:BootstrapServers={kafka.BootstrapServers}", "Pipelines:0:Name=ecg", $"Pipelines:0:Topics:0={kafka.NewTopic()}",
            $"Pipelines:0:ModelPath={twoChannelModel}", "Pipelines:0:Format:Format=Window", "Pipelines:0:Window:WindowLength=140",
            "DeadLetter:Target=File", $"DeadLetter:FilePath={Path.Combine(_directory, "dead.jsonl")}",
            $"Sink:File:Path={Path.Combine(_directory, "out.lp")}",
            string.Create(CultureInfo.InvariantCulture, $"Http:Urls=http://127.0.0.1:{DaemonSettings.FreePort()}"),
        ];
        using var daemon = new DaemonProcess(["run", .. settings.SelectMany(s => new[] { "--set", s })]);

        Assert.Equal(2, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("70 samples × 2 channels, but Pipelines:0:Window:WindowLength is 140 and Pipelines:0:Window:Channels is 1", daemon.Output);
        Assert.DoesNotContain("   at ", daemon.Output);
    }

    [Fact]
    public async Task Sigterm_drains_writes_and_commits_then_exits_0()
    {
        using var kafka = new MockKafkaFixture();
        using var influx = new InfluxFixture();
        var topic = kafka.NewTopic(partitions: 2);
        var group = kafka.NewGroupId();
        influx.Query("CREATE DATABASE sigterm").Dispose();
        var settings = DaemonSettings.For(kafka.BootstrapServers, group, topic, models.Dense, influx, "sigterm",
            DaemonSettings.FreePort(), Path.Combine(_directory, "dead.jsonl"));
        using var daemon = new DaemonProcess(["run", .. settings.SelectMany(s => new[] { "--set", s })]);

        await new EcgReplay(models.Beats(400), 4, 1).ProduceAsync(kafka.BootstrapServers, topic, 0, CancellationToken.None);
        await KafkaOffsets.WaitUntilAsync(() => daemon.HasExited || DaemonSettings.CountAsync(influx, "sigterm").Result > 0,
            TimeSpan.FromSeconds(90), "the first score points");
        daemon.Terminate();

        Assert.Equal(0, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var written = await DaemonSettings.CountAsync(influx, "sigterm");
        var committed = KafkaOffsets.CommittedTotal(kafka.BootstrapServers, group, topic, 2);
        Assert.True(committed <= written, $"committed {committed} offsets but only {written} windows were written");
        Assert.Equal(400, written);
        Assert.Equal(400, committed);
        Assert.Contains("drained", daemon.Output);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
