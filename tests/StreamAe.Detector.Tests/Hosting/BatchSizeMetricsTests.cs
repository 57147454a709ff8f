using Prometheus;
using StreamAe.Detector.Hosting;
using StreamAe.Sink.File;

namespace StreamAe.Detector.Tests.Hosting;

[CollectionDefinition(nameof(BatchSizeMetricsTests), DisableParallelization = true)]
public sealed class BatchSizeMetricsCollection;

/// <summary>The batch-size distributions on /metrics: the sink's points per write is there as soon as an output exists
/// (at 0 in a fresh process), so a dashboard or a benchmark reading it never finds it missing before the first write.
/// Runs alone: the registry is process-wide.</summary>
[Collection(nameof(BatchSizeMetricsTests))]
public sealed class BatchSizeMetricsTests
{
    [Fact]
    public async Task Points_per_write_are_exported_before_the_first_write()
    {
        PrometheusMeterBridge.EnsureStarted();
        var path = Path.Combine(Path.GetTempPath(), $"streamae-metrics-{Guid.NewGuid():N}.lp");
        await using (new FileOutput(new FileOutputOptions { Path = path }))
        {
            using var scrape = new MemoryStream();
            await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(scrape);
            var text = System.Text.Encoding.UTF8.GetString(scrape.ToArray());

            Assert.Matches("""streamae_sink_batch_points_count\{output="file"\} \d+""", text);
        }
        File.Delete(path);
    }
}
