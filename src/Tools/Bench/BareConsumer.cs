using System.Diagnostics;
using Confluent.Kafka;
using StreamAe.Ingest.Source;

namespace StreamAe.Tools.Bench;

/// <summary>The ceiling the broker and client set: a consumer with the daemon's settings (its own group, nothing
/// committed) reading a topic the way the daemon reads it (<see cref="ConsumerBatchReader"/>), or one message per
/// <c>Consume</c> call, without copying, deserializing or parsing it.</summary>
internal static class BareConsumer
{
    private const int BatchSize = 256;
    private static readonly TimeSpan ReadLimit = TimeSpan.FromMinutes(2);

    /// <summary>Seconds from the first to the last of <paramref name="messages"/> messages; NaN when they did not all
    /// come within two minutes.</summary>
    /// <param name="groupSuffix">Makes this read's consumer group its own, so that each read starts from the beginning.</param>
    /// <param name="consumeCalls">Read one message per Confluent.Kafka <c>Consume</c> call (how the daemon read
    /// before it read librdkafka's batches) instead of in batches.</param>
    public static double SecondsToRead(ConsumerConfig daemonConfig, string topic, long messages, string groupSuffix = "",
        bool consumeCalls = false)
    {
        Stopwatch? clock = null;
        var seconds = double.NaN;
        using var limit = new CancellationTokenSource(ReadLimit);
        var group = $"bench-bare-consumer-{topic}{groupSuffix}";
        void OnRead()
        {
            clock ??= Stopwatch.StartNew();
            seconds = clock.Elapsed.TotalSeconds;
        }
        var read = consumeCalls
            ? ReadByConsumeCalls(daemonConfig, group, topic, messages, OnRead, limit.Token)
            : Read(daemonConfig, group, topic, messages, (_, _) => OnRead(), limit.Token);
        return read >= messages ? seconds : double.NaN;
    }

    /// <summary>Reads the topic from its start in consumer group <paramref name="group"/> until
    /// <paramref name="messages"/> messages came or <paramref name="stop"/>, handing each read to
    /// <paramref name="onRead"/> (the reader and how many it holds: valid during the call only). Calls
    /// <paramref name="onAssigned"/> once the group gave it partitions. Returns how many messages it read.</summary>
    public static long Read(ConsumerConfig daemonConfig, string group, string topic, long messages,
        Action<ConsumerBatchReader, int> onRead, CancellationToken stop, Action? onAssigned = null)
    {
        using var consumer = Subscribed(daemonConfig, group, topic);
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

    private static long ReadByConsumeCalls(ConsumerConfig daemonConfig, string group, string topic, long messages, Action onRead,
        CancellationToken stop)
    {
        using var consumer = Subscribed(daemonConfig, group, topic);
        long read = 0;
        while (read < messages && !stop.IsCancellationRequested)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null })
            {
                onRead();
                read++;
            }
        }
        consumer.Close();
        return read;
    }

    private static IConsumer<Ignore, Ignore> Subscribed(ConsumerConfig daemonConfig, string group, string topic)
    {
        var config = new ConsumerConfig(daemonConfig) { GroupId = group, EnableAutoCommit = false, AutoOffsetReset = AutoOffsetReset.Earliest };
        var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        consumer.Subscribe(topic);
        return consumer;
    }
}
