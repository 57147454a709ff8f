using StreamAe.TestSupport.Telemetry;

namespace StreamAe.IntegrationTests;

/// <summary>
/// The daemon's first scrape against docs/deploy.md's metrics table, so that the document and the code cannot drift:
/// every documented metric is there from the start with its type and labels, every counter at 0 (with the label values
/// known in advance), and nothing else is exported under <c>streamae_</c>. The broker is unreachable, so nothing can
/// have been counted yet.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class MetricsContractTests(TrainedModels models) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-metrics-it-").FullName;

    [Fact]
    public async Task The_first_scrape_exports_exactly_the_documented_metrics_with_their_types_and_labels_and_known_series_at_0()
    {
        var contract = MetricsContract.Load();
        var exposition = MetricsExposition.Parse(await FirstScrapeAsync());

        var problems = Problems(contract, exposition).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Equal(1, Assert.Single(exposition.Of("streamae_build_info")).Value);

        // Label values known in advance are there too, not only the label names.
        string[] expected =
        [
            "streamae_ingest_dead_letters_total{reason=malformed}", "streamae_ingest_dead_letters_total{reason=oversize}",
            "streamae_detector_alert_transitions_total{state=open}", "streamae_detector_alert_transitions_total{state=closed}",
            "streamae_state_writes_total{result=written}", "streamae_state_writes_total{result=failed}",
            "streamae_sink_batches_total{output=file,result=written}", "streamae_sink_retries_total{class=error,output=file}",
            "streamae_sink_dropped_points_total{output=file,reason=unencodable}", "streamae_sink_written_points_total{output=file}",
        ];
        var series = exposition.Samples.Select(sample =>
            $"{sample.Name}{{{string.Join(',', sample.Labels.OrderBy(label => label.Key, StringComparer.Ordinal).Select(label => $"{label.Key}={label.Value}"))}}}");
        Assert.Empty(expected.Except(series));
    }

    /// <summary>Every difference between the documented table and the exported families, so a failure lists them all.</summary>
    private static IEnumerable<string> Problems(MetricsContract contract, MetricsExposition exposition)
    {
        foreach (var name in exposition.Types.Keys.Where(name => name.StartsWith("streamae_", StringComparison.Ordinal)).Except(contract.Metrics.Keys))
        {
            yield return $"{name} is exported but not documented";
        }
        foreach (var metric in contract.Metrics.Values)
        {
            if (!exposition.Types.TryGetValue(metric.Name, out var type))
            {
                yield return $"{metric.Name} is documented but not exported";
                continue;
            }
            if (type != metric.Type)
            {
                yield return $"{metric.Name} is a {type}, documented as a {metric.Type}";
            }
            var samples = exposition.Of(metric.Name).ToList();
            if (samples.Count == 0)
            {
                yield return $"{metric.Name} has no series at start";
            }
            var required = metric.Labels.Except(metric.OptionalLabels).ToHashSet(StringComparer.Ordinal);
            foreach (var sample in samples)
            {
                var labels = sample.Labels.Keys.Where(label => label != "le").ToHashSet(StringComparer.Ordinal);
                if (!labels.IsSubsetOf(metric.Labels) || !labels.IsSupersetOf(required))
                {
                    yield return $"{sample.Name} has labels [{string.Join(", ", labels)}], documented [{string.Join(", ", metric.Labels)}]";
                }
                if (metric.Type == "counter" && sample.Value != 0)
                {
                    yield return $"{sample.Name}{{{string.Join(',', sample.Labels.Values)}}} is {sample.Value} at start";
                }
            }
        }
    }

    /// <summary>Starts the executable (a fresh process: the metrics are process-wide) and reads /metrics once it answers.</summary>
    private async Task<string> FirstScrapeAsync()
    {
        var httpPort = DaemonSettings.FreePort();
        string[] settings =
        [
            $"Kafka:BootstrapServers=127.0.0.1:{DaemonSettings.FreePort()}", "Pipelines:0:Name=ecg", "Pipelines:0:Topics:0=ecg",
            $"Pipelines:0:ModelPath={models.Dense}", "Pipelines:0:Format:Format=Window", "Pipelines:0:Format:WindowLength=140",
            "Pipelines:0:Window:WindowLength=140", "Pipelines:0:Window:Hop=140", $"Sink:File:Path={Path.Combine(_directory, "scores.lp")}",
            $"Http:Urls=http://127.0.0.1:{httpPort}", "DeadLetter:Target=File", $"DeadLetter:FilePath={Path.Combine(_directory, "dead.jsonl")}",
        ];
        using var daemon = new DaemonProcess(["run", .. settings.SelectMany(s => new[] { "--set", s })]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        string? metrics = null;
        await KafkaOffsets.WaitUntilAsync(() =>
        {
            Assert.False(daemon.HasExited, $"the daemon exited:\n{daemon.Output}");
            metrics = TryGet(http, "/metrics");
            return metrics?.Contains("streamae_sink_written_points_total{", StringComparison.Ordinal) == true;
        }, TimeSpan.FromSeconds(60), "/metrics to list the file output");
        return metrics!;
    }

    private static string? TryGet(HttpClient http, string path)
    {
        try
        {
            return http.GetStringAsync(path).GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
