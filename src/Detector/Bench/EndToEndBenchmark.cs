using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamAe.Detector.Daemon;

namespace StreamAe.Detector.Bench;

/// <summary>
/// Mock Kafka → Ingest → Detector → sink, draining a backlog of <c>chunk</c> messages (several series, sliding windows
/// W=140, hop 35): sustained samples/s and windows/s from start to the last sink acknowledgement, and CPU time.
/// </summary>
internal static class EndToEndBenchmark
{
    private const int WindowLength = 140;
    private const int Hop = 35;
    private const int ChunkSamples = 140;

    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(string modelPath, long samples, int series, string? influxUrl, string work)
    {
        const string topic = "bench";
        using var cluster = EmbeddedDaemon.StartCluster(topic, 8); // the mock keeps at most 5 MiB a partition (PERF-NOTES #2)
        var perSeries = samples / series / ChunkSamples * ChunkSamples;
        await ProduceBacklogAsync(cluster.BootstrapServers, topic, series, perSeries);
        var expectedWindows = series * ((perSeries - WindowLength) / Hop + 1);

        var pipeline = EmbeddedDaemon.ChunkPipeline("bench", topic, modelPath, WindowLength, Hop);
        var options = EmbeddedDaemon.Options(cluster.BootstrapServers, pipeline, work,
            new EmbeddedSink(influxUrl, "streamae_bench", Path.Combine(work, "bench.lp")));

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using var daemon = await EmbeddedDaemon.StartAsync(options);
        var running = daemon.Pipeline;
        var deadline = TimeSpan.FromMinutes(5);
        while (running.Latency.Count == 0 && clock.Elapsed < deadline && !running.Completion.IsFaulted)
        {
            await Task.Delay(5);
        }
        // Start-up (model load, consumer group join) is reported apart from the steady drain that follows.
        var startup = clock.Elapsed.TotalSeconds;
        var firstAcknowledged = running.Latency.Count;
        while (running.Latency.Count < expectedWindows && clock.Elapsed < deadline && !running.Completion.IsFaulted)
        {
            await Task.Delay(20);
        }
        var elapsed = clock.Elapsed.TotalSeconds - startup;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var acknowledged = running.Latency.Count;
        await daemon.Host.StopAsync();
        var totalSamples = (double)series * perSeries;
        var drainedShare = (double)(acknowledged - firstAcknowledged) / Math.Max(1, acknowledged);
        var sink = influxUrl == null ? "file" : "influx";
        return
        [
            new("e2e", $"chunk backlog → {sink}: windows acknowledged", acknowledged, $"of {expectedWindows}"),
            new("e2e", $"chunk backlog → {sink}: start-up to first acknowledgement", startup, "s"),
            new("e2e", $"chunk backlog → {sink}: samples/s (steady drain)", totalSamples * drainedShare / elapsed, "samples/s"),
            new("e2e", $"chunk backlog → {sink}: windows/s (steady drain)", (acknowledged - firstAcknowledged) / elapsed, "windows/s"),
            new("e2e", $"chunk backlog → {sink}: CPU per million samples", cpu / totalSamples * 1e6, "CPU s"),
        ];
    }

    private static async Task ProduceBacklogAsync(string bootstrapServers, string topic, int series, long perSeries)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 20, CompressionType = CompressionType.Lz4, BatchSize = 1 << 20 };
        using var producer = new ProducerBuilder<string, byte[]>(config).Build();
        var gridMs = Hop * 8L; // on the daemon's window grid, so no series waits for its first cell
        var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - perSeries * 8) / gridMs * gridMs;
        var random = new Random(9);
        var body = new StringBuilder();
        for (long offset = 0; offset < perSeries; offset += ChunkSamples)
        {
            for (var s = 0; s < series; s++)
            {
                body.Clear().Append(CultureInfo.InvariantCulture, $"{{\"series\":\"s{s}\",\"ts\":{start + offset * 8},\"interval_ms\":8,\"values\":[");
                for (var i = 0; i < ChunkSamples; i++)
                {
                    var value = MathF.Sin((offset + i) * 0.045f + s) + (float)(random.NextDouble() * 0.1);
                    body.Append(i == 0 ? "" : ",").Append(value.ToString("G6", CultureInfo.InvariantCulture));
                }
                body.Append("]}");
                while (true)
                {
                    try
                    {
                        producer.Produce(topic, new Message<string, byte[]> { Key = $"s{s}", Value = Encoding.UTF8.GetBytes(body.ToString()) });
                        break;
                    }
                    catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(50));
                    }
                }
            }
        }
        await Task.Run(() => producer.Flush(TimeSpan.FromMinutes(2)));
    }
}
