using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using StreamAe.Cli;
using StreamAe.Detector.Hosting;
using StreamAe.TestSupport.Influx;
using StreamAe.TestSupport.Kafka;
using StreamAe.Tools.Demo;

namespace StreamAe.IntegrationTests;

/// <summary><c>streamae run</c> in-process against the mock Kafka cluster and a real InfluxDB 1.6.</summary>
[Collection(DetectorCollection.Name)]
public sealed class DaemonEndToEndTests(TrainedModels models) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-run-it-").FullName;

    [Fact]
    public async Task Scores_reach_influx_offsets_follow_and_a_new_model_file_is_hot_swapped_without_losing_windows()
    {
        using var kafka = new MockKafkaFixture();
        using var influx = new InfluxFixture();
        var topic = kafka.NewTopic(partitions: 3);
        var group = kafka.NewGroupId();
        var modelPath = Path.Combine(_directory, "live.model");
        File.Copy(models.Dense, modelPath);
        var httpPort = DaemonSettings.FreePort();
        var overrides = DaemonSettings.For(kafka.BootstrapServers, group, topic, modelPath, influx, "e2e", httpPort, Path.Combine(_directory, "dead.jsonl"));
        overrides.Add("Sink:WriteResiduals=true");

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        IServiceProvider? services = null;
        var run = RunCommand.RunAsync(null, overrides, stop.Token, provider => services = provider);
        await KafkaOffsets.WaitUntilAsync(() => services != null || run.IsCompleted, TimeSpan.FromSeconds(60), "the daemon to start");
        Assert.False(run.IsCompleted, "the daemon exited early");
        var pipeline = services!.GetRequiredService<DetectorService>().Pipelines.Single();

        await new EcgReplay(models.Beats(300), 5, 1).ProduceAsync(kafka.BootstrapServers, topic, 0, stop.Token);
        await KafkaOffsets.WaitUntilAsync(() => DaemonSettings.CountAsync(influx, "e2e").Result == 300, TimeSpan.FromSeconds(60), "300 score points");
        await KafkaOffsets.WaitUntilAsync(() => KafkaOffsets.CommittedTotal(kafka.BootstrapServers, group, topic, 3) == 300,
            TimeSpan.FromSeconds(30), "offsets of all 300 messages committed");
        Assert.Equal(300, await DaemonSettings.CountAsync(influx, "e2e", "WHERE model = 'it-dense'"));
        var anomalous = await DaemonSettings.CountAsync(influx, "e2e", "WHERE anomaly = true");
        Assert.InRange(anomalous, 1, 299);
        // Residuals of anomalous windows, per sample, in data units (a fast replay overlaps a series' beats in time, so
        // the count is not exact; every point must be consistent).
        using (var residuals = await influx.QueryAsync("SELECT value, reconstruction, residual FROM streamae_residual LIMIT 500", "e2e"))
        {
            var rows = residuals.RootElement.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values").EnumerateArray().ToList();
            Assert.NotEmpty(rows);
            Assert.All(rows, r => Assert.Equal(r[1].GetDouble() - r[2].GetDouble(), r[3].GetDouble(), 1e-5));
        }

        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") })
        {
            Assert.Equal("ok", (await http.GetStringAsync("/healthz")).Trim());
            Assert.Equal("ready", (await http.GetStringAsync("/readyz")).Trim());
            var metrics = await http.GetStringAsync("/metrics");
            foreach (var name in new[]
                     {
                         "streamae_ingest_messages_total", "streamae_ingest_consumer_lag_messages", "streamae_detector_scored_windows_total",
                         "streamae_detector_batch_windows_bucket", "streamae_detector_scoring_seconds_bucket", "streamae_detector_open_alerts",
                         "streamae_detector_end_to_end_seconds_bucket", "streamae_sink_written_points_total", "streamae_sink_write_seconds_bucket",
                     })
            {
                Assert.Contains(name, metrics);
            }
            // Every window's age was taken at each stage it passed (other tests' daemons may add to the counts).
            foreach (var stage in new[] { "batcher", "scorer", "output" })
            {
                var count = Regex.Match(metrics, $$"""streamae_detector_window_age_seconds_count\{stage="{{stage}}"\} (\d+)""");
                Assert.True(count.Success && long.Parse(count.Groups[1].Value) >= 300, $"window ages at {stage}: {count.Value}");
            }
        }

        // Hot reload: a new model file is picked up between batches; the next windows carry its tag.
        var replacement = modelPath + ".new";
        File.Copy(models.Pca, replacement);
        File.Move(replacement, modelPath, overwrite: true);
        await KafkaOffsets.WaitUntilAsync(() => pipeline.Model!.Metadata?.Name == "it-pca", TimeSpan.FromSeconds(30), "the PCA model to load");
        await new EcgReplay(models.Beats(100), 5, 1).ProduceAsync(kafka.BootstrapServers, topic, 0, stop.Token);
        await KafkaOffsets.WaitUntilAsync(() => DaemonSettings.CountAsync(influx, "e2e").Result == 400, TimeSpan.FromSeconds(60), "400 score points");
        Assert.Equal(100, await DaemonSettings.CountAsync(influx, "e2e", "WHERE model = 'it-pca'"));

        // A corrupt file is rejected and the loaded model keeps serving.
        var rejected = new TaskCompletionSource<string?>();
        pipeline.Watcher!.Reloaded += (_, reason) => rejected.TrySetResult(reason);
        File.WriteAllBytes(modelPath, [1, 2, 3, 4, 5]);
        Assert.NotNull(await rejected.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await new EcgReplay(models.Beats(50), 5, 1).ProduceAsync(kafka.BootstrapServers, topic, 0, stop.Token);
        await KafkaOffsets.WaitUntilAsync(() => DaemonSettings.CountAsync(influx, "e2e").Result == 450, TimeSpan.FromSeconds(60), "450 score points");
        Assert.Equal(150, await DaemonSettings.CountAsync(influx, "e2e", "WHERE model = 'it-pca'"));

        await stop.CancelAsync();
        Assert.Equal(0, await run);
        Assert.Equal(450, KafkaOffsets.CommittedTotal(kafka.BootstrapServers, group, topic, 3));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
