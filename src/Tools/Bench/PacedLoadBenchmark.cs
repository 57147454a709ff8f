using System.Diagnostics;
using StreamAe.Detector.Configuration;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Windowing;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Tools.Bench;

/// <summary>
/// Live load at a set rate: every 35 ms each series sends its next 35 samples (= the hop) at 1 ms spacing, as one
/// <c>chunk</c> message or 35 <c>sample</c> messages, one series per 1 000 samples/s, so every send completes exactly one
/// window (W=140) whose last sample is stamped when it is sent.
/// Latency is therefore production → every sink acknowledged, per window. The cluster and the generator run in a
/// child process (<see cref="PacedLoadProcess"/>), so the memory, GC and CPU figures are the daemon's alone.
/// </summary>
public static class PacedLoadBenchmark
{
    private const int WindowLength = 140;

    // The first seconds of traffic pay for the hot path's JIT and the sink's first requests: reported apart, as a
    // long-running daemon pays them once.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(string modelPath, MessageFormat format, double samplesPerSecond,
        TimeSpan duration, string? influxUrl, string work, IReadOnlyList<string> settings)
    {
        const string topic = "paced";
        using var load = await PacedLoadProcess.StartAsync(topic, 8, format, samplesPerSecond, duration);
        var options = Options(load.BootstrapServers, topic, format, modelPath, influxUrl, work);
        BenchSettings.Apply(options, settings);
        using var daemon = await EmbeddedDaemon.StartAsync(options);
        var pipeline = daemon.Pipeline;
        await daemon.WaitUntilAsync(p => p.Source.AssignedPartitions > 0, Stopwatch.StartNew(), TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(10));

        var cpuBefore = Environment.CpuUsage.TotalTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        using var memory = new ProcessMemoryWatch();
        using var writes = new DurationWatch(SinkMetrics.MeterName, SinkMetrics.WriteSecondsName);
        using var batches = new BatchSizeWatch();
        var producing = load.ProduceAsync(duration);
        await Task.Delay(WarmUp);
        var warmUp = pipeline.Latency.Snapshot();
        var writesInWarmUp = writes.Snapshot();
        await producing;
        var series = PacedLoadGenerator.SeriesFor(samplesPerSecond);
        var ticks = PacedLoadGenerator.TicksFor(duration);
        // A series' first window closes with its fourth send, then every send closes one.
        var expected = series * (ticks - (WindowLength / PacedLoadGenerator.Chunk - 1));
        await daemon.WaitUntilAsync(p => p.Latency.Count >= expected, Stopwatch.StartNew(), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        memory.Dispose(); // stop sampling before the shutdown frees memory
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        await daemon.Host.StopAsync();

        var all = pipeline.Latency.Snapshot();
        var latency = all.Since(warmUp).Percentiles(0.5, 0.99, 1.0);
        var write = writes.Snapshot().Since(writesInWarmUp).Percentiles(0.5, 0.99, 1.0);
        var label = $"{format.ToString().ToLowerInvariant()}, {samplesPerSecond / 1e6:0.###} M samples/s → {(influxUrl == null ? "file" : "influx")}";
        var figures = new List<BenchFigure>
        {
            new("paced", $"{label}: windows acknowledged", pipeline.Latency.Count, $"of {expected}"),
            new("paced", $"{label}: latency p50 after warm-up", latency[0], "ms"),
            new("paced", $"{label}: latency p99 after warm-up", latency[1], "ms"),
            new("paced", $"{label}: latency max after warm-up", latency[2], "ms"),
            new("paced", $"{label}: latency p99 / max in the warm-up", warmUp.Percentiles(0.99)[0], $"ms / {warmUp.Percentiles(1.0)[0]} ms"),
            new("paced", $"{label}: latency p99 of the whole run", all.Percentiles(0.99)[0], "ms"),
            new("paced", $"{label}: sink write request p50 / p99 / max after warm-up", write[0], $"ms / {write[1]} ms / {write[2]} ms"),
            new("paced", $"{label}: managed memory allocated per window", (double)allocated / pipeline.Latency.Count, "bytes"),
            new("paced", $"{label}: daemon CPU per million samples", cpu.TotalSeconds / (series * ticks * PacedLoadGenerator.Chunk / 1e6), "CPU s"),
        };
        figures.AddRange(memory.Figures("paced", label));
        figures.AddRange(batches.Figures("paced", label));
        return figures;
    }

    private static DetectorOptions Options(string bootstrapServers, string topic, MessageFormat format, string modelPath,
        string? influxUrl, string work)
    {
        var pipeline = EmbeddedDaemon.Pipeline("paced", topic, format, modelPath, WindowLength, PacedLoadGenerator.Chunk);
        // Counted from the first sample, so each send can carry its own sending time and still close exactly one
        // window (time-aligned windows cost the same: see the ingest suite).
        pipeline.Window.Alignment = WindowAlignment.Arrival;
        pipeline.Window.OutOfOrder = OutOfOrderPolicy.Accept;
        var options = EmbeddedDaemon.Options(bootstrapServers, pipeline, work,
            new EmbeddedSink(influxUrl, "streamae_bench", Path.Combine(work, "paced.lp")));
        options.Kafka.AutoOffsetReset = "latest";
        return options;
    }
}
