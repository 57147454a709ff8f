using Confluent.Kafka;
using StreamAe.TestSupport.Kafka;
using StreamAe.Tools.Kafka.Mock;

namespace StreamAe.Ingest.Tests.Source;

public sealed class MockClusterRoundTripTests : IClassFixture<MockKafkaFixture>
{
    private readonly MockKafkaFixture _kafka;

    public MockClusterRoundTripTests(MockKafkaFixture kafka) => _kafka = kafka;

    [Fact]
    public void Bootstrap_servers_are_local_tcp_endpoints()
    {
        var endpoints = _kafka.BootstrapServers.Split(',');
        Assert.Equal(3, endpoints.Length);
        foreach (var endpoint in endpoints)
        {
            var parts = endpoint.Split(':');
            Assert.Equal("127.0.0.1", parts[0]);
            Assert.InRange(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), 1, 65535);
        }
    }

    [Fact]
    public async Task Messages_produced_by_a_real_producer_come_back_to_a_real_consumer_in_partition_order()
    {
        const int messageCount = 600;
        var topic = _kafka.NewTopic(partitions: 3);
        using (var producer = new ProducerBuilder<string, string>(_kafka.ProducerConfig()).Build())
        {
            var sends = Enumerable.Range(0, messageCount)
                .Select(i => producer.ProduceAsync(topic,
                    new Message<string, string> { Key = $"series-{i % 7}", Value = $"payload-{i}" }))
                .ToList();
            foreach (var result in await Task.WhenAll(sends))
            {
                Assert.Equal(PersistenceStatus.Persisted, result.Status);
            }
        }

        var received = new List<ConsumeResult<string, string>>();
        using (var consumer = new ConsumerBuilder<string, string>(_kafka.ConsumerConfig(_kafka.NewGroupId())).Build())
        {
            consumer.Subscribe(topic);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (received.Count < messageCount && DateTime.UtcNow < deadline)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is { IsPartitionEOF: false })
                {
                    received.Add(result);
                }
            }
            consumer.Close();
        }

        Assert.Equal(messageCount, received.Count);
        Assert.Equal(
            Enumerable.Range(0, messageCount).Select(i => $"payload-{i}").Order(),
            received.Select(r => r.Message.Value).Order());
        // One key lands in one partition, and within it the producer's order holds.
        foreach (var byKey in received.GroupBy(r => r.Message.Key))
        {
            Assert.Single(byKey.Select(r => r.Partition.Value).Distinct());
            var sequence = byKey.Select(r => int.Parse(r.Message.Value["payload-".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(sequence.Order(), sequence);
        }
        Assert.True(received.Select(r => r.Partition.Value).Distinct().Count() > 1, "keys should spread over partitions");
    }

    [Fact]
    public async Task Committed_offsets_survive_a_new_consumer_in_the_same_group()
    {
        var topic = _kafka.NewTopic(partitions: 1);
        using (var producer = new ProducerBuilder<Null, string>(_kafka.ProducerConfig()).Build())
        {
            for (var i = 0; i < 10; i++)
            {
                await producer.ProduceAsync(topic, new Message<Null, string> { Value = $"m{i}" });
            }
        }
        var group = _kafka.NewGroupId();
        using (var first = new ConsumerBuilder<Null, string>(_kafka.ConsumerConfig(group)).Build())
        {
            first.Subscribe(topic);
            var taken = ConsumeValues(first, 4);
            Assert.Equal(["m0", "m1", "m2", "m3"], taken);
            first.Commit([new TopicPartitionOffset(topic, 0, 4)]);
            first.Close();
        }
        using var second = new ConsumerBuilder<Null, string>(_kafka.ConsumerConfig(group)).Build();
        second.Subscribe(topic);
        Assert.Equal(["m4", "m5", "m6", "m7", "m8", "m9"], ConsumeValues(second, 6));
        second.Close();
    }

    [Fact]
    public async Task Pushed_produce_errors_are_retried_by_an_idempotent_producer()
    {
        var topic = _kafka.NewTopic(partitions: 1);
        const short produceApiKey = 0;
        _kafka.Cluster.PushRequestErrors(produceApiKey, ErrorCode.NotEnoughReplicas, ErrorCode.NotEnoughReplicas);
        using var producer = new ProducerBuilder<Null, string>(_kafka.ProducerConfig()).Build();
        var result = await producer.ProduceAsync(topic, new Message<Null, string> { Value = "after-errors" });
        Assert.Equal(PersistenceStatus.Persisted, result.Status);
        Assert.Equal(0, result.Offset.Value);
    }

    [Fact]
    public void Operations_after_dispose_throw()
    {
        var cluster = new MockCluster();
        cluster.CreateTopic("x", 1);
        cluster.Dispose();
        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("y", 1));
    }

    private static List<string> ConsumeValues(IConsumer<Null, string> consumer, int count)
    {
        var values = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (values.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false })
            {
                values.Add(result.Message.Value);
            }
        }
        return values;
    }
}
