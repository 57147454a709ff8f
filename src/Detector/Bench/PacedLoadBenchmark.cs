using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamAe.Detector.Configuration;
using StreamAe.Detector.Daemon;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Detector.Bench;

/// <summary>
/// Live load at a set rate: <c>chunk</c> messages of 35 samples (= the hop) at 1 ms spacing, one series per 1 000
/// samples/s, so every chunk completes exactly one window (W=140) whose last sample is stamped when the chunk is sent.
/// Latency is therefore production → every sink acknowledged, per window. Also samples the process's resident memory.
/// </summary>
internal static class PacedLoadBenchmark
{
    private const int WindowLength = 140;
    private const int Chunk = 35;

    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(string modelPath, double samplesPerSecond, TimeSpan duration,
        string? influxUrl, string work)
    {
        var series = Math.Max(1, (int)Math.Round(samplesPerSecond / 1000));
        const string topic = "paced";
        using var cluster = EmbeddedDaemon.StartCluster(topic, 8);
        using var daemon = await EmbeddedDaemon.StartAsync(Options(cluster.BootstrapServers, topic, modelPath, influxUrl, work));
        var pipeline = daemon.Pipeline;
        while (pipeline.Source.AssignedPartitions == 0)
        {
            await Task.Delay(10);
        }

        using var memory = new ProcessMemoryWatch();
        await Task.Run(() => Produce(cluster.BootstrapServers, topic, series, duration));
        var drainDeadline = DateTime.UtcNow.AddSeconds(30);
        var produced = series * (duration.TotalMilliseconds / Chunk);
        while (pipeline.Latency.Count < produced * 0.99 && DateTime.UtcNow < drainDeadline)
        {
            await Task.Delay(50);
        }
        memory.Dispose(); // stop sampling before the shutdown frees memory
        await daemon.Host.StopAsync();

        var latency = pipeline.Latency.Percentiles(0.5, 0.99, 1.0);
        var label = $"{samplesPerSecond / 1e6:0.###} M samples/s → {(influxUrl == null ? "file" : "influx")}";
        var figures = new List<BenchFigure>
        {
            new("paced", $"{label}: windows acknowledged", pipeline.Latency.Count, "windows"),
            new("paced", $"{label}: latency p50", latency[0], "ms"),
            new("paced", $"{label}: latency p99", latency[1], "ms"),
            new("paced", $"{label}: latency max", latency[2], "ms"),
        };
        figures.AddRange(memory.Figures("paced", label));
        return figures;
    }

    private static DetectorOptions Options(string bootstrapServers, string topic, string modelPath, string? influxUrl, string work)
    {
        var pipeline = EmbeddedDaemon.ChunkPipeline("paced", topic, modelPath, WindowLength, Chunk);
        // Counted from the first sample, so each chunk can carry its own sending time and still close exactly one
        // window (time-aligned windows cost the same: see the ingest suite).
        pipeline.Window.Alignment = WindowAlignment.Arrival;
        pipeline.Window.OutOfOrder = OutOfOrderPolicy.Accept;
        var options = EmbeddedDaemon.Options(bootstrapServers, pipeline, work,
            new EmbeddedSink(influxUrl, "streamae_bench", Path.Combine(work, "paced.lp")));
        options.Kafka.AutoOffsetReset = "latest";
        return options;
    }

    /// <summary>Every 35 ms each series sends its next chunk, whose last sample is stamped with its sending time.</summary>
    private static void Produce(string bootstrapServers, string topic, int series, TimeSpan duration)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 1, CompressionType = CompressionType.Lz4 };
        using var producer = new ProducerBuilder<string, byte[]>(config).Build();
        // The generator shares the two cores with the daemon: its sample text is formatted once, up front.
        var values = SampleTexts();
        var keys = Enumerable.Range(0, series).Select(s => $"p{s}").ToArray();
        var body = new StringBuilder();
        var clock = Stopwatch.StartNew();
        for (var tick = 0L; clock.Elapsed < duration; tick++)
        {
            var due = TimeSpan.FromMilliseconds(tick * Chunk) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                Thread.Sleep(due);
            }
            for (var s = 0; s < series; s++)
            {
                // Stamped when it is sent, so the generator's own time on the shared cores is not counted. A late tick
                // followed by an early one may overlap the previous chunk's times; the daemon keeps arrival order.
                var last = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                body.Clear().Append(CultureInfo.InvariantCulture, $"{{\"series\":\"{keys[s]}\",\"ts\":{last - (Chunk - 1)},\"interval_ms\":1,\"values\":[");
                for (var i = 0; i < Chunk; i++)
                {
                    body.Append(i == 0 ? "" : ",").Append(values[(tick * Chunk + i + 97 * s) % values.Length]);
                }
                body.Append("]}");
                producer.Produce(topic, new Message<string, byte[]> { Key = keys[s], Value = Encoding.UTF8.GetBytes(body.ToString()) });
            }
        }
        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>A noisy sine, one period of text values that series read at different phases.</summary>
    private static string[] SampleTexts()
    {
        var random = new Random(3);
        return Enumerable.Range(0, 4096)
            .Select(i => (MathF.Sin(i * 2 * MathF.PI / 4096 * 32) + (float)(random.NextDouble() * 0.05)).ToString("G5", CultureInfo.InvariantCulture))
            .ToArray();
    }
}
