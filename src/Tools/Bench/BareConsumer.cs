using System.Diagnostics;
using Confluent.Kafka;

namespace StreamAe.Tools.Bench;

/// <summary>The ceiling the broker and client set: a consumer with the daemon's settings (its own group, nothing
/// committed) reading a backlog without deserializing or parsing it.</summary>
internal static class BareConsumer
{
    /// <summary>Seconds from the first to the last of <paramref name="messages"/> messages.</summary>
    public static double SecondsToRead(ConsumerConfig daemonConfig, string topic, long messages)
    {
        var config = new ConsumerConfig(daemonConfig) { GroupId = $"bench-bare-consumer-{topic}", EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        consumer.Subscribe(topic);
        var deadline = Stopwatch.StartNew();
        Stopwatch? clock = null;
        for (long read = 0; read < messages && deadline.Elapsed < TimeSpan.FromMinutes(2);)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null })
            {
                clock ??= Stopwatch.StartNew();
                read++;
            }
        }
        var seconds = clock?.Elapsed.TotalSeconds ?? double.NaN;
        consumer.Close();
        return seconds;
    }
}
