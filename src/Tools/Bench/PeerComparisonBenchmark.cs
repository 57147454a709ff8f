using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Configuration = StreamAe.Detector.Configuration;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Tools.Bench;

/// <summary>
/// StreamAe against the Python peer (the folder given as <c>--peer-dir</c>: what a Python team would deploy instead) on the users' own
/// workload, in one run: the peer's mock Kafka cluster (a child process) holds two identical backlogs of one-sample
/// JSON messages from the peer's producer (100 series, 8 partitions), the peer drains one once and the daemon the other
/// three times, into the same InfluxDB (windows 140/140, batches ≤ 1024 windows, the peer's 50 ms), and a bare consumer with
/// the daemon's settings reads the daemon's backlog before and after each drain (the ceiling: <see cref="CeilingReads"/>).
/// Figures: the drains (first message → last window acknowledged; their median), CPU per million samples, the batch
/// sizes, and the ratios.
/// Then, for each live rate, the peer's producer paces the same stream into fresh topics for a bare consumer (the
/// floor) and the daemon (<see cref="PeerLiveLatency"/>).
/// </summary>
public static class PeerComparisonBenchmark
{
    private const string Suite = "peer";
    private const int Series = 100;
    private const int Partitions = 8;
    private const int WindowLength = 140;
    private const int PeerBatchMs = 50;
    private const int FetchWaitMs = 10; // both sides: the mock broker holds an empty fetch for the whole wait
    private const int LiveSeconds = 15;
    private const int DrainRounds = 3;
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(string peerDir, string modelPath, long samples, IReadOnlyList<int> liveRates,
        string influxUrl, string work, IReadOnlyList<string> settings)
    {
        peerDir = Path.GetFullPath(peerDir);
        var log = Path.Combine(work, "peer.log");
        Console.WriteLine($"peer comparison: {samples:N0} samples; the peer's output goes to {log}");
        await CreateDatabaseAsync(influxUrl, "peer");
        if (!File.Exists(Path.Combine(work, "peer-ae-ecg-linear.pt")))
        {
            await PeerProcess.RunAsync(peerDir, work, log, RunLimit, "peer_detector.py", "train", "--data", "auto");
        }
        var bootstrapFile = Path.Combine(work, "bootstrap");
        var liveTopics = liveRates.SelectMany(rate => new[] { "--topic", PeerLiveLatency.FloorTopic(rate), "--topic", PeerLiveLatency.DaemonTopic(rate) });
        using var broker = PeerProcess.Start(peerDir, work, log, ["mock_kafka.py", "--partitions", $"{Partitions}",
            "--topic", "peer", "--topic", "streamae", .. liveTopics, "--max-seconds", "3600", "--bootstrap-file", bootstrapFile]);
        var bootstrap = await ReadBootstrapAsync(bootstrapFile);
        foreach (var topic in new[] { "peer", "streamae" })
        {
            await PeerProcess.RunAsync(peerDir, work, log, RunLimit, "produce.py", "--bootstrap", bootstrap, "--topic", topic,
                "-K", $"{Series}", "-M", $"{samples}", "--data", "auto");
        }
        var expectedWindows = Series * (samples / Series / WindowLength);

        var peer = await RunPeerAsync(peerDir, work, log, bootstrap, samples, influxUrl);
        var options = DaemonOptions(bootstrap, "streamae", modelPath, work, influxUrl, settings);
        var ceilings = new CeilingReads(options.Kafka.BuildConsumerConfig(), "streamae", samples);
        ceilings.Read();
        var drains = new List<Drain>();
        using var batches = new BatchSizeWatch();
        for (var round = 1; round <= DrainRounds; round++)
        {
            options.Kafka.GroupId = $"peer-comparison-{round}"; // each drain reads the whole backlog
            drains.Add(await DrainAsync(options, expectedWindows));
            ceilings.Read();
        }

        var streamaeRate = samples / CeilingReads.Median(drains.Select(d => d.Seconds));
        var streamaeCpu = CeilingReads.Median(drains.Select(d => d.CpuSeconds));
        var peerWindowsPerCall = peer.WindowsAcknowledged / Math.Max(1.0, peer.Flushes);
        var figures = new List<BenchFigure>
        {
            new(Suite, "peer: samples/s (backlog drain)", peer.SamplesPerSecond, "samples/s"),
            new(Suite, "peer: CPU per million samples", peer.CpuSeconds / samples * 1e6, "CPU s"),
            new(Suite, "peer: windows acknowledged", peer.WindowsAcknowledged, $"of {expectedWindows}"),
            new(Suite, "peer: windows per scoring call (= points per write)", peerWindowsPerCall, "windows"),
            new(Suite, $"StreamAe: samples/s (backlog drain, median of {DrainRounds})", streamaeRate,
                $"samples/s (each: {string.Join(", ", drains.Select(d => (samples / d.Seconds).ToString("N0", CultureInfo.InvariantCulture)))})"),
            new(Suite, "StreamAe: CPU per million samples (median)", streamaeCpu / samples * 1e6, "CPU s"),
            new(Suite, "StreamAe: windows acknowledged (fewest of the drains)", drains.Min(d => d.Acknowledged), $"of {expectedWindows}"),
        };
        figures.AddRange(batches.Figures(Suite, "StreamAe"));
        figures.AddRange(ceilings.Figures(Suite, drains.Select(d => d.Seconds).ToList()));
        figures.AddRange(
        [
            new(Suite, "StreamAe / peer: drain", streamaeRate / peer.SamplesPerSecond, "ratio"),
            new(Suite, "StreamAe / peer: CPU per sample", streamaeCpu / peer.CpuSeconds, "ratio"),
        ]);
        foreach (var rate in liveRates)
        {
            Task Produce(string topic, int messagesPerSecond, long messages) => PeerProcess.RunAsync(peerDir, work, log, RunLimit, "produce.py",
                "--bootstrap", bootstrap, "--topic", topic, "-K", $"{Series}", "-M", $"{messages}", "--rate", $"{messagesPerSecond}", "--data", "auto");
            var live = DaemonOptions(bootstrap, PeerLiveLatency.DaemonTopic(rate), modelPath, work, influxUrl, settings);
            figures.AddRange(await PeerLiveLatency.RunAsync(Produce, live, rate, LiveSeconds, Series, WindowLength));
        }
        figures.Add(new(Suite, "load average (1 min) at the end", LoadAverage(), "runnable"));
        return figures;
    }

    private sealed record Drain(double Seconds, double CpuSeconds, long Acknowledged);

    private sealed record PeerResult(double SamplesPerSecond, double CpuSeconds, double WindowsAcknowledged, double Flushes);

    private static async Task<PeerResult> RunPeerAsync(string peerDir, string work, string log, string bootstrap, long samples, string influxUrl)
    {
        var json = Path.Combine(work, "peer-run.json");
        await PeerProcess.RunAsync(peerDir, work, log, RunLimit, "peer_detector.py", "run", "--bootstrap", bootstrap, "--topic", "peer",
            "--group", "peer-bench", "--data", "auto", "--influx-url", influxUrl, "-B", "1024", "-T", $"{PeerBatchMs}",
            "--fetch-wait-ms", $"{FetchWaitMs}", "--expect-samples", $"{samples}", "--json-out", json);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = summary.RootElement;
        return new PeerResult(root.GetProperty("samples_per_s").GetDouble(), root.GetProperty("cpu_seconds").GetDouble(),
            root.GetProperty("windows_acked").GetDouble(), root.GetProperty("flushes").GetDouble());
    }

    /// <summary>The daemon's defaults, but for the workload's shape and the batching both sides are given.</summary>
    private static Configuration.DetectorOptions DaemonOptions(string bootstrap, string topic, string modelPath, string work, string influxUrl,
        IReadOnlyList<string> settings)
    {
        var pipeline = EmbeddedDaemon.Pipeline("peer-comparison", topic, MessageFormat.Sample, modelPath, WindowLength, WindowLength);
        pipeline.Window.Alignment = WindowAlignment.Arrival; // the peer counts windows from each series' first sample
        var options = EmbeddedDaemon.Options(bootstrap, pipeline, work, new EmbeddedSink(influxUrl, "streamae_bench", Path.Combine(work, "peer.lp")));
        options.Kafka.FetchWaitMaxMs = FetchWaitMs;
        options.Batching.MaxBatch = 1024;
        options.Batching.MaxDelayMs = PeerBatchMs;
        BenchSettings.Apply(options, settings);
        return options;
    }

    /// <summary>First message consumed → every window acknowledged, and the process's CPU time over that span.</summary>
    private static async Task<Drain> DrainAsync(Configuration.DetectorOptions options, long expectedWindows)
    {
        using var daemon = await EmbeddedDaemon.StartAsync(options);
        var pipeline = daemon.Pipeline;
        var limit = Stopwatch.StartNew();
        await daemon.WaitUntilAsync(p => p.Source.MessagesConsumed > 0, limit, RunLimit, TimeSpan.FromMilliseconds(1));
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await daemon.WaitUntilAsync(p => p.Latency.Count >= expectedWindows, limit, RunLimit, TimeSpan.FromMilliseconds(5));
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var acknowledged = pipeline.Latency.Count;
        await daemon.Host.StopAsync();
        return new Drain(seconds, cpuSeconds, acknowledged);
    }

    private static async Task<string> ReadBootstrapAsync(string file)
    {
        var limit = Stopwatch.StartNew();
        while (limit.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (File.Exists(file) && (await File.ReadAllTextAsync(file)).Trim() is { Length: > 0 } bootstrap)
            {
                return bootstrap;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the peer's mock Kafka cluster wrote no bootstrap address within 30 s");
    }

    private static async Task CreateDatabaseAsync(string influxUrl, string database)
    {
        using var http = new HttpClient();
        using var query = new FormUrlEncodedContent([new("q", $"CREATE DATABASE \"{database}\"")]);
        (await http.PostAsync($"{influxUrl.TrimEnd('/')}/query", query)).EnsureSuccessStatusCode();
    }

    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}
