using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using StreamAe.TestSupport.Influx;
using StreamAe.TestSupport.Kafka;
using Xunit.Abstractions;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>
/// One fault scenario's world: a 3-broker mock Kafka cluster, a private InfluxDB, a fresh topic and group, and
/// <c>streamae run</c> child processes pointed at them. Counts are exact: message i is one distinct score point.
/// </summary>
internal sealed class ReliabilityRig : IDisposable
{
    public const int Partitions = 3;
    public const string Database = "reliability";
    private readonly TrainedModels _models;
    private readonly ITestOutputHelper _output;
    private readonly List<DaemonProcess> _daemons = [];

    /// <param name="influx">The InfluxDB to write to (e.g. one that requires authentication); default a fresh one without.</param>
    public ReliabilityRig(TrainedModels models, ITestOutputHelper output, InfluxFixture? influx = null)
    {
        _models = models;
        _output = output;
        Directory = System.IO.Directory.CreateTempSubdirectory("streamae-reliability-").FullName;
        Kafka = new MockKafkaFixture();
        Influx = influx ?? new InfluxFixture();
        Influx.Query($"CREATE DATABASE {Database}").Dispose();
        Topic = Kafka.NewTopic(Partitions);
        Group = Kafka.NewGroupId();
    }

    public MockKafkaFixture Kafka { get; }

    public InfluxFixture Influx { get; }

    public string Topic { get; }

    public string Group { get; }

    public string Directory { get; }

    public string DeadLetterPath => Path.Combine(Directory, "dead.jsonl");

    /// <summary>Starts a daemon on a fresh HTTP port; <paramref name="extra"/> are further --set overrides.</summary>
    public Task<RunningDaemon> StartAsync(params string[] extra) => StartAsync(new Dictionary<string, string>(), extra);

    /// <summary>As <see cref="StartAsync(string[])"/>, with <paramref name="environment"/> set for the daemon process.</summary>
    public async Task<RunningDaemon> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] extra)
    {
        var httpPort = DaemonSettings.FreePort();
        var settings = DaemonSettings.For(Kafka.BootstrapServers, Group, Topic, _models.Dense, Influx, Database, httpPort, DeadLetterPath);
        settings.AddRange(extra);
        var process = new DaemonProcess(environment, ["run", .. settings.SelectMany(s => new[] { "--set", s })]);
        _daemons.Add(process);
        var probe = await DaemonProbe.FindAsync(string.Create(CultureInfo.InvariantCulture, $"Http:Urls=http://127.0.0.1:{httpPort}"));
        return new RunningDaemon(process, probe, httpPort);
    }

    /// <summary>Produces messages [first, first + count) at <paramref name="rate"/> a second (0 = at once).</summary>
    public Task ProduceAsync(int first, int count, double rate = 0) =>
        ProduceAsync(Enumerable.Range(first, count).Select(i => (BeatMessages.Series(i), (byte[]?)BeatMessages.Valid(_models.TestBeats, i))), rate);

    public async Task ProduceAsync(IEnumerable<(string Key, byte[]? Value)> messages, double rate = 0)
    {
        using var producer = new ProducerBuilder<string, byte[]?>(new ProducerConfig
        {
            BootstrapServers = Kafka.BootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
            MessageTimeoutMs = 120_000,
        }).Build();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        foreach (var (key, value) in messages)
        {
            if (rate > 0 && TimeSpan.FromSeconds(sent / rate) - clock.Elapsed is { } due && due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
            producer.Produce(Topic, new Message<string, byte[]?> { Key = key, Value = value }, report =>
            {
                if (report.Error.IsError)
                {
                    throw new InvalidOperationException($"produce failed: {report.Error}");
                }
            });
            sent++;
        }
        await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(120)));
    }

    /// <summary>Distinct (series, time) score points: re-writes of a replayed window overwrite, they do not add.</summary>
    public Task<long> WrittenAsync() => DaemonSettings.CountAsync(Influx, Database);

    public long Committed() => KafkaOffsets.CommittedTotal(Kafka.BootstrapServers, Group, Topic, Partitions);

    /// <summary>Per partition: (committed, end offset).</summary>
    public IReadOnlyList<(long Committed, long End)> PartitionProgress()
    {
        using var consumer = OffsetReader();
        var committed = Committed(consumer);
        return committed.Select((offset, partition) => (offset,
            consumer.QueryWatermarkOffsets(new TopicPartition(Topic, partition), TimeSpan.FromSeconds(10)).High.Value)).ToList();
    }

    /// <summary>The group's committed offset per partition (0 where none): asks only the group coordinator.</summary>
    public IReadOnlyList<long> CommittedByPartition()
    {
        using var consumer = OffsetReader();
        return Committed(consumer);
    }

    private IConsumer<Ignore, Ignore> OffsetReader() =>
        new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = Kafka.BootstrapServers, GroupId = Group }).Build();

    private List<long> Committed(IConsumer<Ignore, Ignore> consumer) =>
        consumer.Committed(Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topic, p)), TimeSpan.FromSeconds(10))
            .OrderBy(c => c.Partition.Value).Select(c => Math.Max(0, c.Offset.Value)).ToList();

    /// <summary>Waits until every one of <paramref name="expected"/> windows is written and committed; returns the wait.</summary>
    public async Task<TimeSpan> WaitForAllAsync(long expected, TimeSpan timeout, RunningDaemon? alive = null)
    {
        var clock = Stopwatch.StartNew();
        await KafkaOffsets.WaitUntilAsync(() =>
        {
            Assert.False(alive?.Process.HasExited ?? false, $"the daemon exited:\n{alive?.Process.Output}");
            return WrittenAsync().Result >= expected && Committed() >= expected;
        }, timeout, $"{expected} windows written and committed (written {WrittenAsync().Result}, committed {Committed()})");
        return clock.Elapsed;
    }

    /// <summary>The exact-count assertions every scenario ends with, and the figures the report table needs.</summary>
    public async Task AssertExactlyOnceAsync(string fault, long produced, TimeSpan recovery, long peakBytes)
    {
        var written = await WrittenAsync();
        var committed = Committed();
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"FIGURES | {fault} | produced {produced} | written {written} | lost {Math.Max(0, produced - written)} | duplicated {Math.Max(0, written - produced)} | committed {committed} | recovery {recovery.TotalSeconds:0.0} s | peak RSS {DaemonProbe.Mib(peakBytes)}"));
        Assert.Equal(produced, written);
        Assert.Equal(produced, committed);
        foreach (var (partitionCommitted, end) in PartitionProgress())
        {
            Assert.Equal(end, partitionCommitted);
        }
    }

    public void Log(string line) => _output.WriteLine(line);

    public void Dispose()
    {
        foreach (var daemon in _daemons)
        {
            daemon.Dispose();
        }
        Influx.Dispose();
        Kafka.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>A started daemon: its process (output, SIGTERM), its OS probe (SIGKILL, memory) and its HTTP port.</summary>
internal sealed record RunningDaemon(DaemonProcess Process, DaemonProbe Probe, int HttpPort)
{
    public async Task<string> GetAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{HttpPort}")) };
        return await http.GetStringAsync(path);
    }

    /// <summary>Samples resident memory every 200 ms until cancelled (the peak lands in <see cref="DaemonProbe.PeakBytes"/>).</summary>
    public async Task SampleMemoryAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Probe.SampleResidentBytes();
            await Task.Delay(200, CancellationToken.None);
        }
    }
}
