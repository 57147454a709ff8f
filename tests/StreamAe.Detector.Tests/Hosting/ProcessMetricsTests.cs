using Prometheus;
using StreamAe.Detector.Hosting;

namespace StreamAe.Detector.Tests.Hosting;

/// <summary>The process metrics are the usual ones, and a scrape storm reads the process once a second at most.</summary>
public sealed class ProcessMetricsTests
{
    private long _clockMs = 1_000_000;

    [Fact]
    public async Task The_usual_process_metrics_are_exported_with_live_values()
    {
        var registry = Metrics.NewCustomRegistry();
        ProcessMetrics.Register(registry, () => _clockMs);

        var text = await ScrapeAsync(registry);

        Assert.True(Value(text, "process_cpu_seconds_total") > 0);
        Assert.True(Value(text, "process_working_set_bytes") > 1_000_000);
        Assert.True(Value(text, "process_virtual_memory_bytes") >= Value(text, "process_working_set_bytes"));
        Assert.True(Value(text, "process_private_memory_bytes") > 0);
        Assert.True(Value(text, "process_open_handles") > 0);
        Assert.True(Value(text, "process_num_threads") >= 2);
        Assert.True(Value(text, "dotnet_total_memory_bytes") > 0);
        var started = DateTimeOffset.FromUnixTimeMilliseconds((long)(Value(text, "process_start_time_seconds") * 1000));
        Assert.InRange(started, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow);
        Assert.Contains("dotnet_collection_count_total{generation=\"0\"}", text);
        Assert.Contains("dotnet_collection_count_total{generation=\"2\"}", text);
    }

    [Fact]
    public async Task Scrapes_within_the_refresh_interval_reuse_the_last_reading()
    {
        var registry = Metrics.NewCustomRegistry();
        ProcessMetrics.Register(registry, () => _clockMs);
        var first = Value(await ScrapeAsync(registry), "process_cpu_seconds_total");

        for (var scrape = 0; scrape < 20; scrape++)
        {
            BurnCpu(TimeSpan.FromMilliseconds(5));
            _clockMs += 40; // 20 scrapes 40 ms apart: 800 ms in all, under the interval
            Assert.Equal(first, Value(await ScrapeAsync(registry), "process_cpu_seconds_total"));
        }

        _clockMs += (long)ProcessMetrics.RefreshInterval.TotalMilliseconds;
        var refreshed = Value(await ScrapeAsync(registry), "process_cpu_seconds_total");
        Assert.True(refreshed > first, $"CPU seconds {first}, then {refreshed} after 100 ms of work");
    }

    private static void BurnCpu(TimeSpan duration)
    {
        var until = DateTime.UtcNow + duration;
        var spins = 0L;
        while (DateTime.UtcNow < until)
        {
            spins++;
        }
        GC.KeepAlive(spins);
    }

    private static async Task<string> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static double Value(string exposition, string name)
    {
        var line = exposition.Split('\n').Single(line => line.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
