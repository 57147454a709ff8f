using StreamAe.Detector.Demo;
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
