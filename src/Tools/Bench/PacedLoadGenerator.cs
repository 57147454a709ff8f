using System.Diagnostics;
using Confluent.Kafka;
using StreamAe.Ingest.Parsing;

namespace StreamAe.Tools.Bench;

/// <summary>
/// The paced suite's load: every 35 ms each series sends its next 35 samples at 1 ms spacing (one <c>chunk</c>
/// message, or 35 <c>sample</c> messages), one series per 1 000 samples/s, the last sample stamped with its sending time.
/// </summary>
public static class PacedLoadGenerator
{
    public const int Chunk = 35;

    public static int SeriesFor(double samplesPerSecond) => Math.Max(1, (int)Math.Round(samplesPerSecond / 1000));

    /// <summary>How many times each series sends its next <see cref="Chunk"/> samples.</summary>
    public static long TicksFor(TimeSpan duration) => (long)Math.Ceiling(duration.TotalMilliseconds / Chunk);

    /// <summary>Produces for <paramref name="duration"/>, then waits for every message to be delivered.</summary>
    public static void Produce(string bootstrapServers, string topic, MessageFormat format, double samplesPerSecond, TimeSpan duration)
    {
        var series = SeriesFor(samplesPerSecond);
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 1, CompressionType = CompressionType.Lz4 };
        using var producer = new ProducerBuilder<string, byte[]>(config).Build();
        var messages = new BenchMessages(format, producer, topic);
        var keys = Enumerable.Range(0, series).Select(s => $"p{s}").ToArray();
        var clock = Stopwatch.StartNew();
        var ticks = TicksFor(duration);
        for (var tick = 0L; tick < ticks; tick++)
        {
            var due = TimeSpan.FromMilliseconds(tick * Chunk) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                Thread.Sleep(due);
            }
            for (var s = 0; s < series; s++)
            {
                // Stamped when it is sent, so the generator's own lateness is not counted. A late tick followed by an
                // early one may overlap the previous chunk's times; the daemon keeps arrival order.
                var last = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                messages.Send(keys[s], last - (Chunk - 1), 1, tick * Chunk + 97L * s, Chunk);
            }
        }
        producer.Flush(TimeSpan.FromSeconds(30));
    }
}
