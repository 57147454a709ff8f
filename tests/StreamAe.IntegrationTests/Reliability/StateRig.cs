using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using StreamAe.TestSupport.Kafka;
using Xunit.Abstractions;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>
/// A world for the decision state changelog: a mock Kafka cluster, an input topic of beats, and <c>streamae run</c>
/// processes with adaptive thresholds and state on, each writing its decisions to its own JSON-lines file.
/// </summary>
internal sealed partial class StateRig : IDisposable
{
    public const int Partitions = 3;
    private readonly TrainedModels _models;
    private readonly ITestOutputHelper _output;
    private readonly List<DaemonProcess> _daemons = [];
    private readonly HashSet<string> _stateTopics = [];
    private int _incarnation;

    public StateRig(TrainedModels models, ITestOutputHelper output)
    {
        _models = models;
        _output = output;
        Directory = System.IO.Directory.CreateTempSubdirectory("streamae-state-").FullName;
        Kafka = new MockKafkaFixture();
        Topic = Kafka.NewTopic(Partitions);
    }

    public MockKafkaFixture Kafka { get; }

    public string Topic { get; }

    public string Directory { get; }

    /// <summary>Starts a daemon of <paramref name="group"/> keeping state in <paramref name="stateTopic"/>; its decisions
    /// go to a file of its own (returned).</summary>
    public Task<(RunningDaemon Daemon, string Output)> StartAsync(string group, string stateTopic, params string[] extra) =>
        StartAsync(group, stateTopic, $"Pipelines:0:ModelPath={_models.Dense}", extra);

    /// <summary>As <see cref="StartAsync(string, string, string[])"/>, with a pipeline that has no model file: it learns
    /// its model from the stream, keeping its versions in <paramref name="modelDirectory"/>.</summary>
    public Task<(RunningDaemon Daemon, string Output)> StartLearningAsync(string group, string stateTopic, string modelDirectory,
        params string[] extra) =>
        StartAsync(group, stateTopic, $"Pipelines:0:Learning:ModelDirectory={modelDirectory}", extra);

    private async Task<(RunningDaemon Daemon, string Output)> StartAsync(string group, string stateTopic, string model, string[] extra)
    {
        if (_stateTopics.Add(stateTopic))
        {
            // The mock cluster has no controller to create topics through the admin API: the changelog is made here,
            // as an operator whose daemons may not create topics would make it.
            Kafka.Cluster.CreateTopic(stateTopic, Partitions);
        }
        var httpPort = DaemonSettings.FreePort();
        var output = Path.Combine(Directory, $"decisions-{++_incarnation}.jsonl");
        List<string> settings =
        [
            $"Kafka:BootstrapServers={Kafka.BootstrapServers}",
            $"Kafka:GroupId={group}",
            "Kafka:FetchWaitMaxMs=5",
            "Kafka:SessionTimeoutMs=6000",
            "Kafka:HeartbeatIntervalMs=1000",
            "Pipelines:0:Name=ecg",
            $"Pipelines:0:Topics:0={Topic}",
            model,
            "Pipelines:0:Format:Format=Window",
            "Pipelines:0:Format:WindowLength=140",
            "Pipelines:0:Window:WindowLength=140",
            "Pipelines:0:Window:Hop=140",
            "Pipelines:0:Threshold:Mode=Adaptive",
            "Pipelines:0:Threshold:ReferenceWindows=64",
            "Pipelines:0:State:Enabled=true",
            $"Pipelines:0:State:Topic={stateTopic}",
            "Pipelines:0:State:WriteEveryWindows=10",
            "Pipelines:0:State:WriteInterval=00:00:00.5",
            "Batching:MaxDelayMs=10",
            "Sink:File:Format=JsonLines",
            $"Sink:File:Path={output}",
            string.Create(CultureInfo.InvariantCulture, $"Http:Urls=http://127.0.0.1:{httpPort}"),
            "DeadLetter:Target=File",
            $"DeadLetter:FilePath={Path.Combine(Directory, "dead.jsonl")}",
            .. extra,
        ];
        var process = new DaemonProcess(["run", .. settings.SelectMany(s => new[] { "--set", s })]);
        _daemons.Add(process);
        var probe = await DaemonProbe.FindAsync(string.Create(CultureInfo.InvariantCulture, $"Http:Urls=http://127.0.0.1:{httpPort}"));
        return (new RunningDaemon(process, probe, httpPort), output);
    }

    /// <summary>Beats [first, first + count) of five series, at <paramref name="rate"/> a second (0 = at once).</summary>
    public async Task ProduceAsync(int first, int count, double rate = 0)
    {
        using var producer = new ProducerBuilder<string, byte[]>(Kafka.ProducerConfig()).Build();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = first; i < first + count; i++)
        {
            if (rate > 0 && TimeSpan.FromSeconds((i - first) / rate) - clock.Elapsed is var due && due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
            producer.Produce(Topic, new Message<string, byte[]> { Key = BeatMessages.Series(i), Value = BeatMessages.Valid(_models.TestBeats, i) });
        }
        await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(60)));
    }

    /// <summary>Waits for <paramref name="condition"/>; a timeout carries the daemon's log, so a stall is a finding.</summary>
    public static async Task WaitAsync(RunningDaemon daemon, Func<bool> condition, string what, int seconds = 90)
    {
        try
        {
            await KafkaOffsets.WaitUntilAsync(() => daemon.Process.HasExited || condition(), TimeSpan.FromSeconds(seconds), what);
            Assert.False(daemon.Process.HasExited, $"the daemon exited while waiting for {what}:\n{daemon.Process.Output}");
        }
        catch (TimeoutException e)
        {
            var log = daemon.Process.Output;
            throw new TimeoutException($"{e.Message}; the daemon's log ends:\n{log[Math.Max(0, log.Length - 20_000)..]}", e);
        }
    }

    /// <summary>Stops the daemon as an operator would and returns its whole log. A line logged just before the awaited
    /// commit may still sit in the console logger's queue while the daemon runs; after its exit every line is read.</summary>
    public static async Task<string> StopAsync(RunningDaemon daemon)
    {
        Assert.False(daemon.Process.HasExited, $"the daemon exited before it was stopped:\n{daemon.Process.Output}");
        daemon.Process.Terminate();
        var exitCode = await daemon.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"the daemon exited with {exitCode}:\n{daemon.Process.Output}");
        return daemon.Process.Output;
    }

    public long Committed(string group) => KafkaOffsets.CommittedTotal(Kafka.BootstrapServers, group, Topic, Partitions);

    /// <summary>Every decision line of the files: score points and alert transitions, by kind, series and time.</summary>
    public static List<Decision> Read(params string[] paths)
    {
        var decisions = new List<Decision>();
        foreach (var path in paths.Where(File.Exists))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (!line.EndsWith('}'))
                {
                    continue; // cut short by the kill, or still being written
                }
                using var point = JsonDocument.Parse(line);
                var root = point.RootElement;
                var fields = root.GetProperty("fields");
                var tags = root.GetProperty("tags");
                decisions.Add(new Decision(Path.GetFileName(path), root.GetProperty("measurement").GetString()!, tags.GetProperty("series").GetString()!,
                    root.GetProperty("time").GetInt64(),
                    fields.TryGetProperty("threshold", out var threshold) ? threshold.GetDouble() : double.NaN,
                    fields.TryGetProperty("calibrated_score", out var calibrated) ? calibrated.GetDouble() : double.NaN,
                    fields.TryGetProperty("anomaly", out var anomaly) && anomaly.GetBoolean(),
                    tags.TryGetProperty("state", out var state) ? state.GetString()! : ""));
            }
        }
        return decisions;
    }

    /// <summary>The series a daemon's log says it restored, over all its assignments.</summary>
    public static int RestoredSeries(string log) =>
        RestoredLine().Matches(log).Sum(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));

    public void Log(string line) => _output.WriteLine(line);

    /// <summary>Each daemon's log lines about its partitions and their state, for a failure's message.</summary>
    public string PartitionMoves() => string.Join("\n", _daemons.Select((daemon, i) =>
        $"daemon {i + 1} (decisions-{i + 1}.jsonl):\n" + string.Join("\n", daemon.Output.Split('\n')
            .Where(line => line.Contains("Partitions ", StringComparison.Ordinal) || line.Contains("restored from", StringComparison.Ordinal)))));

    public void Dispose()
    {
        foreach (var daemon in _daemons)
        {
            daemon.Dispose();
        }
        Kafka.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    [GeneratedRegex(@"restored from \S+: (\d+) series")]
    private static partial Regex RestoredLine();

    internal sealed record Decision(string File, string Measurement, string Series, long Time, double Threshold, double Calibrated, bool Anomaly, string State)
    {
        public bool IsScore => Measurement == "streamae_score";
    }
}
