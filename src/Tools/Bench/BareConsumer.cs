using System.Diagnostics;
using Confluent.Kafka;
using StreamAe.Ingest.Source;

namespace StreamAe.Tools.Bench;

/// <summary>The ceiling the broker and client set: a consumer with the daemon's settings (its own group, nothing
/// committed) reading a backlog the way the daemon reads it (<see cref="ConsumerBatchReader"/>), without copying,
/// deserializing or parsing it.</summary>
internal static class BareConsumer
{
    private const int BatchSize = 256;

    /// <summary>Seconds from the first to the last of <paramref name="messages"/> messages.</summary>
    /// <param name="groupSuffix">Makes this read's consumer group its own, so that each read starts from the beginning.</param>
    public static double SecondsToRead(ConsumerConfig daemonConfig, string topic, long messages, string groupSuffix = "")
    {
        var config = new ConsumerConfig(daemonConfig) { GroupId = $"bench-bare-consumer-{topic}{groupSuffix}", EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        consumer.Subscribe(topic);
        var deadline = Stopwatch.StartNew();
        Stopwatch? clock = null;
        using (var reader = new ConsumerBatchReader(consumer, BatchSize))
        {
            for (long read = 0; read < messages && deadline.Elapsed < TimeSpan.FromMinutes(2);)
            {
                var count = reader.Read(BatchSize, TimeSpan.FromMilliseconds(100));
                if (count > 0)
                {
                    clock ??= Stopwatch.StartNew();
                    read += count;
                }
            }
        }
        var seconds = clock?.Elapsed.TotalSeconds ?? double.NaN;
        consumer.Close();
        return seconds;
    }
}
