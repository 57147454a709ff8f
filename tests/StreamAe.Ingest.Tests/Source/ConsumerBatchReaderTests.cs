using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using StreamAe.Ingest.Source;
using StreamAe.TestSupport.Kafka;

namespace StreamAe.Ingest.Tests.Source;

/// <summary>The batch reader against the mock cluster: every message once, with its key (none ≠ empty), value, topic,
/// partition and offset; a read asked for one message returns as soon as one comes; what a rebalance handler throws
/// comes out of the read, as out of Confluent.Kafka's <c>Consume</c>.</summary>
public sealed class ConsumerBatchReaderTests(MockKafkaFixture kafka) : IClassFixture<MockKafkaFixture>
{
    [Fact]
    public async Task Reads_every_message_once_with_its_key_value_and_origin()
    {
        var topic = kafka.NewTopic(partitions: 3);
        const int count = 1_000;
        await ProduceAsync(topic, Enumerable.Range(0, count).Select(i => (Key(i), $"value-{i}")));

        using var consumer = new ConsumerBuilder<Ignore, Ignore>(kafka.ConsumerConfig(kafka.NewGroupId())).Build();
        consumer.Subscribe(topic);
        var read = new List<(string? Key, string Value, string Topic, int Partition, long Offset)>();
        var largestRead = 0;
        using (var reader = new ConsumerBatchReader(consumer, capacity: 64))
        {
            var deadline = Stopwatch.StartNew();
            while (read.Count < count && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                var n = reader.Read(64, TimeSpan.FromMilliseconds(100));
                largestRead = Math.Max(largestRead, n);
                for (var i = 0; i < n; i++)
                {
                    ref readonly var message = ref reader[i];
                    Assert.Equal(0, message.Error);
                    read.Add((message.HasKey ? Encoding.UTF8.GetString(message.Key) : null, Encoding.UTF8.GetString(message.Value),
                        reader.TopicOf(message), message.Partition, message.Offset));
                }
            }
            Assert.Equal(0, reader.Read(64, TimeSpan.FromMilliseconds(200))); // nothing twice
        }
        consumer.Close();

        Assert.Equal(count, read.Count);
        Assert.True(largestRead > 1, "a read returned at most one message");
        Assert.All(read, message => Assert.Equal(topic, message.Topic));
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"value-{i}").Order(), read.Select(m => m.Value).Order());
        foreach (var message in read)
        {
            Assert.Equal(Key(int.Parse(message.Value["value-".Length..])), message.Key);
        }
        foreach (var partition in read.GroupBy(m => m.Partition))
        {
            Assert.Equal(Enumerable.Range(0, partition.Count()).Select(o => (long)o), partition.Select(m => m.Offset));
        }
    }

    [Fact]
    public async Task A_read_of_one_message_returns_when_it_comes_not_when_the_wait_is_over()
    {
        var topic = kafka.NewTopic(partitions: 1);
        await ProduceAsync(topic, [("k", "first")]);
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(kafka.ConsumerConfig(kafka.NewGroupId())).Build();
        consumer.Subscribe(topic);
        using var reader = new ConsumerBatchReader(consumer, capacity: 16);
        var deadline = Stopwatch.StartNew();
        while (reader.Read(1, TimeSpan.FromMilliseconds(100)) == 0 && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
        }
        Assert.Equal("first", Encoding.UTF8.GetString(reader[0].Value)); // assigned and reading

        var wait = Stopwatch.StartNew();
        var produced = ProduceAsync(topic, [("k", "second")]);
        var n = reader.Read(1, TimeSpan.FromSeconds(20));
        wait.Stop();
        await produced;

        Assert.Equal(1, n);
        Assert.Equal("second", Encoding.UTF8.GetString(reader[0].Value));
        Assert.True(wait.Elapsed < TimeSpan.FromSeconds(10), $"the read took {wait.Elapsed}");
        reader.Dispose();
        consumer.Close();
    }

    [Fact]
    public async Task What_a_rebalance_handler_throws_comes_out_of_the_read()
    {
        var topic = kafka.NewTopic(partitions: 2);
        await ProduceAsync(topic, [("k", "v")]);
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(kafka.ConsumerConfig(kafka.NewGroupId()))
            .SetPartitionsAssignedHandler((_, _) => throw new InvalidOperationException("handler failed"))
            .Build();
        consumer.Subscribe(topic);
        using var reader = new ConsumerBatchReader(consumer, capacity: 16);

        var deadline = Stopwatch.StartNew();
        var thrown = Record.Exception(() =>
        {
            while (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                reader.Read(16, TimeSpan.FromMilliseconds(100));
            }
        });

        Assert.Equal("handler failed", Assert.IsType<InvalidOperationException>(thrown).Message);
    }

    [Fact]
    public void Error_messages_say_what_librdkafka_reported()
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(kafka.ConsumerConfig(kafka.NewGroupId())).Build();
        var topic = $"absent-{Guid.NewGuid():N}";
        consumer.Subscribe(topic);
        using var reader = new ConsumerBatchReader(consumer, capacity: 16);

        var deadline = Stopwatch.StartNew();
        Error? error = null;
        while (error is null && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var n = reader.Read(16, TimeSpan.FromMilliseconds(100));
            for (var i = 0; i < n && error is null; i++)
            {
                error = reader[i].Error != 0 ? reader.ErrorOf(reader[i]) : null;
            }
        }

        Assert.NotNull(error);
        Assert.False(error.IsFatal);
        Assert.Contains(topic, error.Reason, StringComparison.Ordinal);
    }

    private static string? Key(int i) => (i % 3) switch { 0 => null, 1 => "", _ => $"k{i}" };

    private Task ProduceAsync(string topic, IEnumerable<(string? Key, string Value)> messages) =>
        KafkaSourceHarness.ProduceAsync(kafka, topic, messages);
}
