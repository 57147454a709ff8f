using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace StreamAe.Detector.Bench;

/// <summary>
/// The paced suite's load: every 35 ms each series sends its next <c>chunk</c> of 35 samples at 1 ms spacing, one
/// series per 1 000 samples/s, the last sample stamped with the message's sending time.
/// </summary>
internal static class PacedLoadGenerator
{
    public const int Chunk = 35;

    public static int SeriesFor(double samplesPerSecond) => Math.Max(1, (int)Math.Round(samplesPerSecond / 1000));

    public static long MessagesFor(double samplesPerSecond, TimeSpan duration) =>
        SeriesFor(samplesPerSecond) * (long)Math.Ceiling(duration.TotalMilliseconds / Chunk);

    /// <summary>Produces for <paramref name="duration"/>, then waits for every message to be delivered.</summary>
    public static void Produce(string bootstrapServers, string topic, double samplesPerSecond, TimeSpan duration)
    {
        var series = SeriesFor(samplesPerSecond);
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 1, CompressionType = CompressionType.Lz4 };
        using var producer = new ProducerBuilder<string, byte[]>(config).Build();
        var values = SampleTexts();
        var keys = Enumerable.Range(0, series).Select(s => $"p{s}").ToArray();
        var body = new StringBuilder();
        var clock = Stopwatch.StartNew();
        var ticks = (long)Math.Ceiling(duration.TotalMilliseconds / Chunk);
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

    /// <summary>A noisy sine, one period of text values that series read at different phases; formatted once, up
    /// front, so the generator takes little of the cores it shares with the daemon.</summary>
    private static string[] SampleTexts()
    {
        var random = new Random(3);
        return Enumerable.Range(0, 4096)
            .Select(i => (MathF.Sin(i * 2 * MathF.PI / 4096 * 32) + (float)(random.NextDouble() * 0.05)).ToString("G5", CultureInfo.InvariantCulture))
            .ToArray();
    }
}
