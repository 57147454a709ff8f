using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using StreamAe.Contracts;

namespace StreamAe.Detector.Decision.State;

/// <summary>
/// The changelog on Kafka: a compacted topic keyed by series, written by an idempotent producer (so a partition's
/// records stay in order through retries) and read back, partition by partition, from the start to the end it had when
/// the read began. Kafka's compaction keeps the latest record of each series; a broker that does not compact (the
/// librdkafka mock cluster) keeps them all, which costs restore time, not correctness.
/// </summary>
public sealed class KafkaChangelog : IChangelog, IDisposable
{
    private readonly string _topic;
    private readonly Dictionary<string, string> _connection;
    private readonly IProducer<byte[], byte[]> _producer;

    private KafkaChangelog(string topic, int partitions, Dictionary<string, string> connection, ILogger logger)
    {
        _topic = topic;
        Partitions = partitions;
        _connection = connection;
        // Copies: a Confluent.Kafka config writes its settings into the dictionary it is given.
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig(new Dictionary<string, string>(connection))
            {
                EnableIdempotence = true,
                Acks = Acks.All,
                LingerMs = 20,
            })
            .SetLogHandler((_, m) => logger.LogDebug("librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .Build();
    }

    public int Partitions { get; }

    /// <summary>Opens the changelog, creating it (compacted) when missing.</summary>
    /// <param name="connection">bootstrap servers, client id and security settings of the input cluster</param>
    /// <param name="inputTopics">the pipeline's topics: a changelog created here gets as many partitions as the largest</param>
    /// <exception cref="InvalidOperationException">the changelog neither exists nor can be created; the message says what to set</exception>
    public static KafkaChangelog Open(string topic, string section, StateOptions options, IEnumerable<KeyValuePair<string, string>> connection,
        IReadOnlyCollection<string> inputTopics, TimeSpan timeout, ILogger logger)
    {
        var settings = connection.ToDictionary(s => s.Key, s => s.Value);
        try
        {
            return Open(topic, section, options, settings, inputTopics, timeout, logger);
        }
        catch (KafkaException e)
        {
            // Brokers not answering: a restart may find them up, so the supervisor is told to retry.
            throw new DependencyUnavailableException(
                $"{section}: the changelog '{topic}' could not be opened within {timeout} ({section}:RestoreTimeout): {e.Error.Reason}.");
        }
    }

    private static KafkaChangelog Open(string topic, string section, StateOptions options, Dictionary<string, string> settings,
        IReadOnlyCollection<string> inputTopics, TimeSpan timeout, ILogger logger)
    {
        // Asking for a missing changelog must not have the broker auto-create it uncompacted.
        using var admin = new AdminClientBuilder(new Dictionary<string, string>(settings) { ["allow.auto.create.topics"] = "false" }).Build();
        var partitions = PartitionsOf(admin, topic, timeout);
        if (partitions == 0)
        {
            var wanted = options.Partitions > 0 ? options.Partitions : inputTopics.Max(t => PartitionsOf(admin, t, timeout));
            if (wanted == 0)
            {
                throw new InvalidOperationException(
                    $"{section}: the input topics {string.Join(", ", inputTopics)} were not found, so the changelog '{topic}' cannot be sized: create them or set {section}:Partitions.");
            }
            Create(admin, topic, section, wanted, options, timeout, logger);
            partitions = PartitionsOf(admin, topic, timeout);
            if (partitions == 0)
            {
                throw new InvalidOperationException($"{section}: the changelog '{topic}' was created but is not visible within {timeout}.");
            }
        }
        logger.LogInformation("State changelog {Topic}: {Partitions} partitions", topic, partitions);
        return new KafkaChangelog(topic, partitions, settings, logger);
    }

    public void Write(int partition, string series, byte[] value, Action<bool> written) =>
        _producer.Produce(new TopicPartition(_topic, partition),
            new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(series), Value = value },
            report => written(report.Error.Code == ErrorCode.NoError));

    public (IReadOnlyDictionary<string, byte[]> Latest, bool Complete) Read(IReadOnlyCollection<int> partitions, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var latest = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var consumer = new ConsumerBuilder<byte[], byte[]?>(new ConsumerConfig(new Dictionary<string, string>(_connection))
            {
                GroupId = "streamae-state-restore", // required by the client, never joined: partitions are assigned
                EnableAutoCommit = false,
                EnablePartitionEof = true,
                FetchWaitMaxMs = 10,
            }).Build();
        var ends = new Dictionary<int, long>();
        foreach (var partition in partitions)
        {
            var high = consumer.QueryWatermarkOffsets(new TopicPartition(_topic, partition), Remaining(timeout, clock)).High.Value;
            if (high > 0)
            {
                ends[partition] = high;
            }
        }
        consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(_topic, p, Offset.Beginning)));
        while (ends.Count > 0 && clock.Elapsed < timeout)
        {
            ConsumeResult<byte[], byte[]?>? result;
            try
            {
                result = consumer.Consume(Remaining(timeout, clock));
            }
            catch (ConsumeException e) when (!e.Error.IsFatal)
            {
                // A failed fetch (a busy broker, a moving leader) is fetched again by librdkafka; giving up here made
                // every series of the assignment recalibrate after a single transient error.
                continue;
            }
            if (result is null)
            {
                continue;
            }
            var partition = result.Partition.Value;
            if (!result.IsPartitionEOF && result.Message.Key is { } key)
            {
                var series = Encoding.UTF8.GetString(key);
                if (result.Message.Value is { } value)
                {
                    latest[series] = value;
                }
                else
                {
                    latest.Remove(series);
                }
            }
            if (result.Offset.Value + (result.IsPartitionEOF ? 0 : 1) >= ends.GetValueOrDefault(partition, long.MaxValue))
            {
                ends.Remove(partition);
            }
        }
        return (latest, ends.Count == 0);
    }

    public void Flush(TimeSpan timeout) => _producer.Flush(timeout);

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }

    private static TimeSpan Remaining(TimeSpan timeout, Stopwatch clock) =>
        TimeSpan.FromTicks(Math.Max(timeout.Ticks - clock.Elapsed.Ticks, 0));

    private static int PartitionsOf(IAdminClient admin, string topic, TimeSpan timeout)
    {
        var metadata = admin.GetMetadata(topic, timeout);
        return metadata.Topics.FirstOrDefault(t => t.Topic == topic) is { Error.IsError: false } found ? found.Partitions.Count : 0;
    }

    private static void Create(IAdminClient admin, string topic, string section, int partitions, StateOptions options, TimeSpan timeout, ILogger logger)
    {
        var configs = new Dictionary<string, string>(options.TopicSettings) { ["cleanup.policy"] = "compact" };
        try
        {
            admin.CreateTopicsAsync(
                    [new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = options.ReplicationFactor, Configs = configs }],
                    new CreateTopicsOptions { RequestTimeout = timeout })
                .GetAwaiter().GetResult();
            logger.LogInformation("State changelog {Topic} created: {Partitions} partitions, compacted", topic, partitions);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            // another daemon of the group created it first
        }
        catch (KafkaException e)
        {
            // e.g. no right to create topics, or a broker without a controller (the librdkafka mock cluster)
            throw new InvalidOperationException(
                $"{section}: the changelog '{topic}' does not exist and could not be created ({e.Error.Reason}): create it with " +
                $"cleanup.policy=compact and {partitions} partitions, or let the daemon create topics.", e);
        }
    }
}
