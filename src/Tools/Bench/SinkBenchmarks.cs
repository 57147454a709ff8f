using System.Diagnostics;
using StreamAe.Contracts;
using StreamAe.Sink.Influx;
using StreamAe.Sink.LineProtocol;
using StreamAe.Sink.Points;

namespace StreamAe.Tools.Bench;

/// <summary>
/// Plain Stopwatch loops for <c>streamae bench</c>: encoder speed on one thread, and points/s into a given
/// InfluxDB at several batch sizes with and without gzip (acknowledged points only).
/// </summary>
public static class SinkBenchmarks
{
    /// <summary>Encodes <paramref name="points"/> score points into a reused buffer on the calling thread.</summary>
    public static IReadOnlyList<BenchFigure> MeasureEncoder(int points = 3_000_000)
    {
        var windows = SampleWindows(1000, "bench");
        using var buffer = new PooledByteBuffer(8 << 20);
        var writer = new LineProtocolWriter(buffer);
        WarmUp(writer, buffer, windows);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var bytes = EncodeMany(writer, buffer, windows, points);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        // CPU time is what "on one core" means on a shared machine where wall time includes waiting for a core.
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return
        [
            new("encoder", "encoder_points_per_s", points / seconds, "points/s"),
            new("encoder", "encoder_points_per_cpu_s", points / cpuSeconds, "points/cpu-s"),
            new("encoder", "encoder_mb_per_s", bytes / seconds / 1e6, "MB/s"),
            new("encoder", "encoder_bytes_per_point", (double)bytes / points, "bytes"),
            new("encoder", "encoder_allocated_bytes_per_point", (double)allocated / points, "bytes"),
        ];
    }

    /// <summary>
    /// Encodes for a second in short calls, so the timed call runs fully optimised code: the runtime only starts
    /// counting calls for its optimising recompile after 100 ms without new methods, and then compiles in the
    /// background, so a shorter warm-up times the unoptimised encoder and the compiler's own work.
    /// </summary>
    private static void WarmUp(LineProtocolWriter writer, PooledByteBuffer buffer, ScoredWindow[] windows)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(1))
        {
            EncodeMany(writer, buffer, windows, 20_000);
        }
    }

    /// <returns>Bytes written.</returns>
    private static long EncodeMany(LineProtocolWriter writer, PooledByteBuffer buffer, ScoredWindow[] windows, int points)
    {
        long bytes = 0;
        for (var i = 0; i < points; i++)
        {
            if (buffer.Length > (7 << 20))
            {
                buffer.Clear();
            }
            var before = buffer.Length;
            StreamAeSchema.WriteScore(writer, windows[i % windows.Length]);
            bytes += buffer.Length - before;
        }
        return bytes;
    }

    /// <summary>
    /// Writes <paramref name="points"/> score points to InfluxDB v1 at <paramref name="url"/> (database created if
    /// missing) for each batch size, with and without gzip; each point is timed until it is acknowledged.
    /// </summary>
    public static async Task<IReadOnlyList<BenchFigure>> MeasureInfluxAsync(
        string url, string database = "streamae_bench", int points = 200_000, int[]? batchSizes = null, CancellationToken ct = default)
    {
        var figures = new List<BenchFigure>();
        foreach (var batchSize in batchSizes ?? [1000, 5000, 20000])
        {
            foreach (var gzip in new[] { false, true })
            {
                var options = new InfluxOptions
                {
                    Url = url,
                    Database = database,
                    CreateIfMissing = true,
                    BatchSize = batchSize,
                    MaxDelayMs = 100,
                    Gzip = gzip,
                };
                var acknowledged = new AckCounter();
                var windows = SampleWindows(points, $"bench-b{batchSize}-{(gzip ? "gzip" : "plain")}", acknowledged);
                await using var output = new InfluxOutput(options);
                await output.StartAsync(ct).ConfigureAwait(false);
                var started = Stopwatch.GetTimestamp();
                foreach (var scored in windows)
                {
                    await output.WriteAsync(scored, null, scored.Window.Delivery, ct).ConfigureAwait(false);
                }
                await output.FlushAsync(ct).ConfigureAwait(false);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                figures.Add(new("influx", $"influx_v1_batch{batchSize}_{(gzip ? "gzip" : "plain")}_points_per_s", acknowledged.Count / seconds, "points/s"));
            }
        }
        return figures;
    }

    private static ScoredWindow[] SampleWindows(int count, string model, IDeliveryToken? token = null)
    {
        var values = new float[140];
        // One string a series, as the windower hands out its series buffer's name with every window.
        var series = Enumerable.Range(0, 100).Select(i => $"ecg-{i}").ToArray();
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - count * 1120L;
        return Enumerable.Range(0, count).Select(i => new ScoredWindow(
            new Window
            {
                Series = series[i % series.Length],
                StartMs = start + i * 1120L,
                EndMs = start + i * 1120L + 1112,
                Values = values,
                Length = 140,
                Delivery = token,
            },
            model,
            Score: 0.0123456789 * (i % 977),
            Threshold: 0.5,
            Anomaly: i % 17 == 0)).ToArray();
    }

    private sealed class AckCounter : IDeliveryToken
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void Delivered() => Interlocked.Increment(ref _count);
    }
}
