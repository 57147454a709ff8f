using System.Buffers.Text;
using System.Diagnostics;
using Confluent.Kafka;
using StreamAe.Detector;
using StreamAe.Detector.Configuration;
using StreamAe.Detector.Delivery;
using StreamAe.Detector.Pipeline;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Tools.Bench;

/// <summary>
/// Live latency on the peer's workload, paced by the peer's producer (each message's <c>ts</c> is its wall-clock
/// sending round, 5 ms producer linger), against its floor in the same run:
/// <list type="bullet">
/// <item>the floor: a bare consumer with the daemon's settings reading each message's <c>ts</c> as it arrives, so
/// only the producer's batching, the broker and the fetch; no windowing, scoring or writing;</item>
/// <item>the daemon: a window's last sample's <c>ts</c> to every sink's acknowledgement.</item>
/// </list>
/// Both leave out their first <see cref="WarmUp"/> (the producer's own start-up sometimes holds its first messages
/// for a second, and the daemon's hot path is compiled then). The daemon's p99 minus the floor's is what StreamAe
/// itself adds.
/// </summary>
internal static class PeerLiveLatency
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(30);
    private static readonly byte[] TimestampField = "\"ts\":"u8.ToArray();

    public static string FloorTopic(int rate) => $"floor-{rate}";

    public static string DaemonTopic(int rate) => $"live-{rate}";

    /// <param name="produce">Produces <c>rate × seconds</c> messages to the topic at the rate; returns when done.</param>
    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(Func<string, int, long, Task> produce, DetectorOptions daemonOptions,
        int rate, int seconds, int series, int windowLength)
    {
        var messages = (long)rate * seconds;
        var floor = await FloorAsync(produce, daemonOptions.Kafka.BuildConsumerConfig(), FloorTopic(rate), rate, messages);
        var daemon = await DaemonAsync(produce, daemonOptions, rate, messages, series * (messages / series / windowLength));
        var label = $"live {rate / 1000} k samples/s";
        return
        [
            new("peer", $"{label}, floor (bare consumer, sample age at read): p50 / p99", floor[0], $"ms / {floor[1]} ms"),
            .. WindowAge.Stages.Select((stage, i) =>
                new BenchFigure("peer", $"{label}, StreamAe window age at the {stage}: p50 / p99", daemon.Stages[i][0], $"ms / {daemon.Stages[i][1]} ms")),
            new("peer", $"{label}, StreamAe InfluxDB write requests: p50 / p99", daemon.Writes[0], $"ms / {daemon.Writes[1]} ms"),
            new("peer", $"{label}, StreamAe window age at every sink's acknowledgement: p50 / p99", daemon.Percentiles[0], $"ms / {daemon.Percentiles[1]} ms"),
            new("peer", $"{label}, StreamAe p99 − floor p99", daemon.Percentiles[1] - floor[1], "ms"),
            new("peer", $"{label}, StreamAe windows acknowledged", daemon.Acknowledged, $"of {daemon.Expected}"),
        ];
    }

    private static async Task<double[]> FloorAsync(Func<string, int, long, Task> produce, ConsumerConfig daemonConfig, string topic, int rate, long messages)
    {
        var ages = new LatencyCounts();
        using var assigned = new SemaphoreSlim(0);
        using var stop = new CancellationTokenSource();
        var reading = Task.Factory.StartNew(() => ReadAges(daemonConfig, topic, messages, ages, assigned, stop.Token), TaskCreationOptions.LongRunning);
        if (!await assigned.WaitAsync(DrainLimit))
        {
            throw new TimeoutException($"the bare consumer got no partition of {topic} within {DrainLimit.TotalSeconds} s");
        }
        await produce(topic, rate, messages);
        if (await Task.WhenAny(reading, Task.Delay(DrainLimit)) != reading)
        {
            await stop.CancelAsync();
        }
        var read = await reading;
        if (read < messages)
        {
            Console.WriteLine($"  floor: read {read:N0} of {messages:N0} messages");
        }
        return ages.Snapshot().Percentiles(0.5, 0.99);
    }

    /// <summary>Reads the topic (empty when it subscribes), recording each message's age from its <c>ts</c> once the warm-up is over.</summary>
    private static long ReadAges(ConsumerConfig daemonConfig, string topic, long messages, LatencyCounts ages, SemaphoreSlim assigned, CancellationToken stop)
    {
        Stopwatch? sinceFirst = null;
        return BareConsumer.Read(daemonConfig, $"bench-floor-{topic}", topic, messages, (reader, count) =>
        {
            var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            sinceFirst ??= Stopwatch.StartNew();
            if (sinceFirst.Elapsed < WarmUp)
            {
                return;
            }
            for (var i = 0; i < count; i++)
            {
                if (TryReadTimestamp(reader[i].Value, out var ts))
                {
                    ages.Record(nowMs - ts);
                }
            }
        }, stop, () => assigned.Release());
    }

    private static bool TryReadTimestamp(ReadOnlySpan<byte> value, out long ts)
    {
        ts = 0;
        var at = value.IndexOf(TimestampField);
        return at >= 0 && Utf8Parser.TryParse(value[(at + TimestampField.Length)..], out ts, out _);
    }

    /// <param name="Stages">p50 and p99 of the windows' ages at each of <see cref="WindowAge.Stages"/>.</param>
    /// <param name="Writes">p50 and p99 of the InfluxDB write requests.</param>
    private sealed record DaemonResult(double[] Percentiles, double[][] Stages, double[] Writes, long Acknowledged, long Expected);

    private static async Task<DaemonResult> DaemonAsync(Func<string, int, long, Task> produce, DetectorOptions options, int rate, long messages, long expected)
    {
        using var daemon = await EmbeddedDaemon.StartAsync(options);
        using var stages = new DurationWatch(DetectorMeter.Name, WindowAge.Name, splitBy: WindowAge.StageTag);
        using var writes = new DurationWatch(SinkMetrics.MeterName, SinkMetrics.WriteSecondsName);
        var pipeline = daemon.Pipeline;
        await daemon.WaitUntilAsync(p => p.Source.AssignedPartitions > 0, Stopwatch.StartNew(), DrainLimit, TimeSpan.FromMilliseconds(10));
        var producing = produce(DaemonTopic(rate), rate, messages);
        await daemon.WaitUntilAsync(p => p.Source.MessagesConsumed > 0 || producing.IsCompleted, Stopwatch.StartNew(), DrainLimit,
            TimeSpan.FromMilliseconds(1));
        await Task.Delay(WarmUp);
        var (warmUp, stagesInWarmUp, writesInWarmUp) = (pipeline.Latency.Snapshot(), StageSnapshots(stages), writes.Snapshot());
        await producing;
        await daemon.WaitUntilAsync(p => p.Latency.Count >= expected, Stopwatch.StartNew(), DrainLimit, TimeSpan.FromMilliseconds(20));
        var steady = pipeline.Latency.Snapshot().Since(warmUp);
        var steadyStages = StageSnapshots(stages).Zip(stagesInWarmUp, (now, before) => now.Since(before).Percentiles(0.5, 0.99)).ToArray();
        var steadyWrites = writes.Snapshot().Since(writesInWarmUp).Percentiles(0.5, 0.99);
        var acknowledged = pipeline.Latency.Count;
        await daemon.Host.StopAsync();
        return new DaemonResult(steady.Percentiles(0.5, 0.99), steadyStages, steadyWrites, acknowledged, expected);
    }

    /// <summary>Each stage's window ages so far, in the order of <see cref="WindowAge.Stages"/>.</summary>
    private static LatencyHistogram[] StageSnapshots(DurationWatch stages) => WindowAge.Stages.Select(stage => stages.Snapshot(stage)).ToArray();
}
