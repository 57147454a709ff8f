using System.Diagnostics;
using Confluent.Kafka;
using StreamAe.Ingest.Parsing;

namespace StreamAe.Tools.Bench;

/// <summary>
/// Mock Kafka → Ingest → Detector → sink, draining a backlog of <c>chunk</c> or <c>sample</c> messages (several series,
/// sliding windows W=140, hop 35): sustained samples/s and windows/s from the first to the last sink acknowledgement,
/// and CPU time; beside it, the ceiling the broker and client set: a bare consumer with the daemon's settings reading
/// the same backlog without parsing it.
/// </summary>
public static class EndToEndBenchmark
{
    private const int WindowLength = 140;
    private const int Hop = 35;
    private const int ChunkSamples = 140;
    private const int IntervalMs = 8;
    private const int Partitions = 8;

    // A sample message carries one value in ~50 bytes: a quarter of the chunk backlog stays within the mock broker's
    // retention (5 MiB a partition: librdkafka's mock broker drops the oldest messages beyond it).
    private const int SampleBacklogDivisor = 4;

    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(string modelPath, MessageFormat format, long samples, int series,
        string? influxUrl, string work, IReadOnlyList<string> settings)
    {
        const string topic = "bench";
        using var cluster = EmbeddedDaemon.StartCluster(topic, Partitions);
        var backlog = format == MessageFormat.Sample ? samples / SampleBacklogDivisor : samples;
        var perSeries = backlog / series / ChunkSamples * ChunkSamples;
        await ProduceBacklogAsync(cluster.BootstrapServers, topic, format, series, perSeries);
        var expectedWindows = series * ((perSeries - WindowLength) / Hop + 1);

        var pipeline = EmbeddedDaemon.Pipeline("bench", topic, format, modelPath, WindowLength, Hop);
        if (format == MessageFormat.Sample)
        {
            pipeline.Window.SampleIntervalMs = IntervalMs; // chunks carry it; single samples need it for time-aligned windows
        }
        var options = EmbeddedDaemon.Options(cluster.BootstrapServers, pipeline, work,
            new EmbeddedSink(influxUrl, "streamae_bench", Path.Combine(work, "bench.lp")));
        BenchSettings.Apply(options, settings);

        var messages = format == MessageFormat.Sample ? series * perSeries : series * perSeries / ChunkSamples;
        var bareSeconds = BareConsumer.SecondsToRead(options.Kafka.BuildConsumerConfig(), topic, messages);

        using var batches = new BatchSizeWatch();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using var daemon = await EmbeddedDaemon.StartAsync(options);
        var running = daemon.Pipeline;
        var deadline = TimeSpan.FromMinutes(5);
        // Start-up (model load, consumer group join) is reported apart from the drain: first message read → every
        // window acknowledged. (Not from the first acknowledgement: one InfluxDB write can hold a small backlog's
        // every window.)
        await daemon.WaitUntilAsync(p => p.Source.MessagesConsumed > 0, clock, deadline, TimeSpan.FromMilliseconds(1));
        var startup = clock.Elapsed.TotalSeconds;
        await daemon.WaitUntilAsync(p => p.Latency.Count >= expectedWindows, clock, deadline, TimeSpan.FromMilliseconds(5));
        var elapsed = clock.Elapsed.TotalSeconds - startup;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var acknowledged = running.Latency.Count;
        await daemon.Host.StopAsync();
        var totalSamples = (double)series * perSeries;
        var label = $"{format.ToString().ToLowerInvariant()} backlog → {(influxUrl == null ? "file" : "influx")}";
        var samplesPerSecond = totalSamples / elapsed;
        return
        [
            .. batches.Figures("e2e", label),
            new("e2e", $"{label}: bare consumer, same settings, no parsing (ceiling)", totalSamples / bareSeconds, "samples/s"),
            new("e2e", $"{label}: windows acknowledged", acknowledged, $"of {expectedWindows}"),
            new("e2e", $"{label}: start-up to first message read", startup, "s"),
            new("e2e", $"{label}: samples/s (drain)", samplesPerSecond, "samples/s"),
            new("e2e", $"{label}: drain / bare consumer", samplesPerSecond * bareSeconds / totalSamples, "ratio"),
            new("e2e", $"{label}: windows/s (drain)", acknowledged / elapsed, "windows/s"),
            new("e2e", $"{label}: CPU per million samples", cpu / totalSamples * 1e6, "CPU s"),
        ];
    }

    private static async Task ProduceBacklogAsync(string bootstrapServers, string topic, MessageFormat format, int series, long perSeries)
    {
        // Message sets up to 1 MB: the mock broker answers a fetch with at most one set a partition (its Fetch handler
        // writes one), so sets of a few hundred single-sample messages would measure fetch round trips, not the daemon.
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers, CompressionType = CompressionType.Lz4,
            LingerMs = 1000, BatchSize = 1 << 20, BatchNumMessages = 100_000,
        };
        using (var producer = new ProducerBuilder<string, byte[]>(config).Build())
        {
            var messages = new BenchMessages(format, producer, topic);
            var gridMs = Hop * (long)IntervalMs; // on the daemon's window grid, so no series waits for its first cell
            var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - perSeries * IntervalMs) / gridMs * gridMs;
            for (long offset = 0; offset < perSeries; offset += ChunkSamples)
            {
                for (var s = 0; s < series; s++)
                {
                    messages.Send($"s{s}", start + offset * IntervalMs, IntervalMs, offset + 97L * s, ChunkSamples);
                }
            }
            await Task.Run(() => producer.Flush(TimeSpan.FromMinutes(2)));
        }
        EnsureRetained(bootstrapServers, topic);
    }

    /// <summary>Fails when the mock broker dropped the start of the backlog, rather than waiting for windows that
    /// cannot come.</summary>
    private static void EnsureRetained(string bootstrapServers, string topic)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "bench-watermarks" };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        for (var partition = 0; partition < Partitions; partition++)
        {
            var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(10));
            if (marks.Low > 0)
            {
                throw new InvalidOperationException(
                    $"the mock broker dropped the first {marks.Low.Value} messages of partition {partition} (it keeps about 5 MiB a partition); use a smaller --samples");
            }
        }
    }
}
