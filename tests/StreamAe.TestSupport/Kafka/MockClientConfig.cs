using Confluent.Kafka;

namespace StreamAe.TestSupport.Kafka;

/// <summary>Client settings that suit the mock cluster: short fetch waits (it holds empty fetches for the full
/// wait), quick group joins, acks from all replicas.</summary>
public static class MockClientConfig
{
    public static ProducerConfig Producer(string bootstrapServers) => new()
    {
        BootstrapServers = bootstrapServers,
        Acks = Acks.All,
        EnableIdempotence = true,
        LingerMs = 2,
    };

    public static ConsumerConfig Consumer(string bootstrapServers, string groupId) => new()
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        FetchWaitMaxMs = 10,
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 500,
        EnableAutoCommit = false,
    };
}
