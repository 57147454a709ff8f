using System.Diagnostics;
using Confluent.Kafka;
using StreamAe.Ingest.Source;

namespace StreamAe.Tools.Bench;

/// <summary>The ceiling the broker and client set: a consumer with the daemon's settings (its own group, nothing
/// committed) reading a topic the way the daemon reads it (<see cref="ConsumerBatchReader"/>), without copying,
/// deserializing or parsing it.</summary>
internal static class BareConsumer
{
    private const int BatchSize = 256;
    private static readonly TimeSpan ReadLimit = TimeSpan.FromMinutes(2);

    /// <summary>Seconds from the first to the last of <paramref name="messages"/> messages; NaN when they did not all
    /// come within two minutes.</summary>
    /// <param name="groupSuffix">Makes this read's consumer group its own, so that each read starts from the beginning.</param>
    public static double SecondsToRead(ConsumerConfig daemonConfig, string topic, long messages, string groupSuffix = "")
    {
        Stopwatch? clock = null;
        var seconds = double.NaN;
        using var limit = new CancellationTokenSource(ReadLimit);
        var read = Read(daemonConfig, $"bench-bare-consumer-{topic}{groupSuffix}", topic, messages, (_, _) =>
        {
            clock ??= Stopwatch.StartNew();
            seconds = clock.Elapsed.TotalSeconds;
        }, limit.Token);
        return read >= messages ? seconds : double.NaN;
    }

    /// <summary>Reads the topic from its start in consumer group <paramref name="group"/> until
    /// <paramref name="messages"/> messages came or <paramref name="stop"/>, handing each read to
    /// <paramref name="onRead"/> (the reader and how many it holds: valid during the call only). Calls
    /// <paramref name="onAssigned"/> once the group gave it partitions. Returns how many messages it read.</summary>
    public static long Read(ConsumerConfig daemonConfig, string group, string topic, long messages,
        Action<ConsumerBatchReader, int> onRead, CancellationToken stop, Action? onAssigned = null)
    {
        var config = new ConsumerConfig(daemonConfig) { GroupId = group, EnableAutoCommit = false, AutoOffsetReset = AutoOffsetReset.Earliest };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        consumer.Subscribe(topic);
        long read = 0;
        using (var reader = new ConsumerBatchReader(consumer, BatchSize))
        {
            while (read < messages && !stop.IsCancellationRequested)
            {
                var count = reader.Read(BatchSize, TimeSpan.FromMilliseconds(100));
                if (onAssigned is not null && consumer.Assignment.Count > 0)
                {
                    onAssigned();
                    onAssigned = null;
                }
                if (count > 0)
                {
                    onRead(reader, count);
                    read += count;
                }
            }
        }
        consumer.Close();
        return read;
    }
}
