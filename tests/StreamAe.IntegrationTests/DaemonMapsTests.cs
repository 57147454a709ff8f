using System.Globalization;
using StreamAe.TestSupport.Kafka;
using StreamAe.Tools.Demo;

namespace StreamAe.IntegrationTests;

/// <summary>Product and tools apart (#18): a running <c>streamae run</c> maps no plotting library, managed or native.</summary>
[Collection(DetectorCollection.Name)]
public sealed class DaemonMapsTests(TrainedModels models) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-split-it-").FullName;

    [Fact]
    public async Task A_scoring_daemon_maps_no_plotting_library()
    {
        using var kafka = new MockKafkaFixture();
        var topic = kafka.NewTopic(partitions: 1);
        var scores = Path.Combine(_directory, "scores.lp");
        string[] settings =
        [
            $"Kafka:BootstrapServers={kafka.BootstrapServers}", $"Kafka:GroupId={kafka.NewGroupId()}", "Pipelines:0:Name=ecg",
            $"Pipelines:0:Topics:0={topic}", $"Pipelines:0:ModelPath={models.Dense}", "Pipelines:0:Format:Format=Window",
            "Pipelines:0:Window:WindowLength=140", "Pipelines:0:Window:Hop=140", $"Sink:File:Path={scores}",
            string.Create(CultureInfo.InvariantCulture, $"Http:Urls=http://127.0.0.1:{DaemonSettings.FreePort()}"),
            "DeadLetter:Target=File", $"DeadLetter:FilePath={Path.Combine(_directory, "dead.jsonl")}",
        ];
        using var daemon = new DaemonProcess(["run", .. settings.SelectMany(s => new[] { "--set", s })]);

        await new EcgReplay(models.Beats(40), 2, 1).ProduceAsync(kafka.BootstrapServers, topic, 0, CancellationToken.None);
        await KafkaOffsets.WaitUntilAsync(() =>
        {
            Assert.False(daemon.HasExited, $"the daemon exited:\n{daemon.Output}");
            return File.Exists(scores) && new FileInfo(scores).Length > 0;
        }, TimeSpan.FromSeconds(90), "the first scores");
        var maps = File.ReadAllText($"/proc/{daemon.Id}/maps");

        // Scoring has run, so the daemon's own native library is there: the maps are the daemon's, read while it works.
        Assert.Contains("libLibTorchSharp.so", maps);
        Assert.DoesNotContain("libSkiaSharp", maps);
        Assert.DoesNotContain("libHarfBuzzSharp", maps);
        Assert.DoesNotContain("/ScottPlot.dll", maps);
        Assert.DoesNotContain("/SkiaSharp.dll", maps);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
