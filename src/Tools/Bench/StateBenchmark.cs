using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAe.Contracts;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.Alerts;
using StreamAe.Detector.Decision.State;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Ingest.Source;

namespace StreamAe.Tools.Bench;

/// <summary>
/// The decision state changelog at scale, on the mock broker: N series with the default adaptive state (a full
/// reference of 1 000 errors each) are written to the changelog at once (the burst a shutdown or revoke causes) and
/// restored by a second journal, as a daemon taking over every partition would.
/// </summary>
public static class StateBenchmark
{
    private const string Input = "input";
    private const string Changelog = "state";

    // Partitions enough that a state partition stays within the mock broker's retention (5 MiB a partition).
    private const int Partitions = 128;

    public static IReadOnlyList<BenchFigure> Run(int series)
    {
        using var cluster = EmbeddedDaemon.StartCluster(Changelog, Partitions);
        var options = new StateOptions { Enabled = true, Topic = Changelog, WriteInterval = TimeSpan.FromHours(1), RestoreTimeout = TimeSpan.FromMinutes(5) };
        var connection = new Dictionary<string, string> { ["bootstrap.servers"] = cluster.BootstrapServers };
        var random = new Random(17);
        var model = new ModelReference("bench", 1, 1.0, [.. Enumerable.Range(0, 1_000).Select(_ => (float)random.NextDouble())]);
        var assignment = Enumerable.Range(0, Partitions).Select(p => new AssignedPartition(new TopicPartition(Input, p), p)).ToList();
        var label = $"{series:N0} series";

        using var writer = KafkaChangelog.Open(Changelog, "bench", options, connection, [Input], options.RestoreTimeout, NullLogger.Instance);
        var before = NewStage();
        using var writing = new SeriesStateJournal(options, before, writer, Changelog, NullLogger.Instance);
        writing.Assigned(assignment);
        for (var i = 0; i < series; i++)
        {
            var window = new Window
            {
                Series = $"series-{i}", StartMs = 0, EndMs = 1_000, Values = [0f], Length = 1, SourceTopic = Input, SourcePartition = i % Partitions,
                SourceAssignment = i % Partitions,
            };
            writing.TryDecide(window, 0.5, model, default, out _, out _);
        }
        var clock = Stopwatch.StartNew();
        writing.WriteAll();
        writer.Flush(TimeSpan.FromMinutes(5));
        var written = clock.Elapsed;
        var bytes = ChangelogBytes(cluster.BootstrapServers);

        var after = NewStage();
        using var reader = KafkaChangelog.Open(Changelog, "bench", options, connection, [Input], options.RestoreTimeout, NullLogger.Instance);
        using var restoring = new SeriesStateJournal(options, after, reader, Changelog, NullLogger.Instance);
        clock.Restart();
        restoring.Assigned(assignment);
        var restored = clock.Elapsed;
        return
        [
            new("state", $"state bytes a series ({label}, key and value)", (double)bytes / series, "B"),
            new("state", $"changelog write, every series at once ({label})", series / written.TotalSeconds, "records/s"),
            new("state", $"changelog write, every series at once ({label})", bytes / written.TotalSeconds / 1e6, "MB/s"),
            new("state", $"restore, read and decoded ({label})", restored.TotalSeconds, "s"),
        ];
    }

    private static DecisionStage NewStage() =>
        new(new ThresholdOptions { Mode = ThresholdMode.Adaptive, MaxSeries = 1_000_000 }, new AlertingOptions());

    /// <summary>Key and value bytes the changelog holds (every record is the first and only one of its series).</summary>
    private static long ChangelogBytes(string bootstrapServers)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers, GroupId = "bench-size", EnablePartitionEof = true, FetchWaitMaxMs = 10,
        }).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(Changelog, p, Offset.Beginning)));
        long bytes = 0;
        var ended = 0;
        while (ended < Partitions && consumer.Consume(TimeSpan.FromSeconds(10)) is { } result)
        {
            if (result.IsPartitionEOF)
            {
                ended++;
                continue;
            }
            bytes += result.Message.Key.Length + result.Message.Value.Length;
        }
        return bytes;
    }
}
