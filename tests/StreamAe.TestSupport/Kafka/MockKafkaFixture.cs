using Confluent.Kafka;
using StreamAe.Tools.Kafka.Mock;

namespace StreamAe.TestSupport.Kafka;

/// <summary>
/// A librdkafka mock cluster (real TCP on 127.0.0.1) shared by a test class, plus client configurations tuned
/// for it. Each test takes fresh topic and group names so tests never see each other's data.
/// </summary>
public sealed class MockKafkaFixture : IDisposable
{
    private int _sequence;

    public const int BrokerCount = 3;

    public MockKafkaFixture()
    {
        Cluster = new MockCluster(BrokerCount);
        Cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
    }

    public MockCluster Cluster { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>Creates a topic with a name no other test uses.</summary>
    public string NewTopic(int partitions = 3, string prefix = "t")
    {
        var topic = $"{prefix}-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}";
        Cluster.CreateTopic(topic, partitions, replicationFactor: 1);
        return topic;
    }

    public string NewGroupId(string prefix = "g") => $"{prefix}-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}";

    public ProducerConfig ProducerConfig() => MockClientConfig.Producer(BootstrapServers);

    public ConsumerConfig ConsumerConfig(string groupId) => MockClientConfig.Consumer(BootstrapServers, groupId);

    public void Dispose() => Cluster.Dispose();
}
