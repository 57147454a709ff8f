using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamAe.Ingest.Parsing.DeadLetter;

/// <summary>
/// Produces dead letters to a Kafka topic: the original key and value, with headers <c>reason</c>, <c>detail</c>,
/// <c>source_topic</c>, <c>source_partition</c> and <c>source_offset</c>. Idempotent, acks from all replicas;
/// acknowledged from the delivery report.
/// </summary>
public sealed class KafkaDeadLetterSink : IDeadLetterSink
{
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly string _topic;
    private readonly ILogger _logger;

    /// <param name="settings">librdkafka settings (bootstrap servers, security) as for the source.</param>
    public KafkaDeadLetterSink(string topic, IEnumerable<KeyValuePair<string, string>> settings, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        _topic = topic;
        _logger = logger ?? NullLogger.Instance;
        var config = new ProducerConfig(settings.ToDictionary())
        {
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
        };
        _producer = new ProducerBuilder<byte[]?, byte[]>(config)
            .SetLogHandler((_, log) => _logger.LogDebug("dead-letter producer: {Message}", log.Message))
            .Build();
    }

    public void Send(DeadLetterMessage message, Action acknowledged)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(acknowledged);
        var headers = new Headers
        {
            { "reason", Encoding.UTF8.GetBytes(message.Reason.Name()) },
            { "detail", Encoding.UTF8.GetBytes(message.Detail) },
            { "source_topic", Encoding.UTF8.GetBytes(message.SourceTopic) },
            { "source_partition", Encoding.UTF8.GetBytes(message.SourcePartition.ToString(CultureInfo.InvariantCulture)) },
            { "source_offset", Encoding.UTF8.GetBytes(message.SourceOffset.ToString(CultureInfo.InvariantCulture)) },
        };
        _producer.Produce(_topic, new Message<byte[]?, byte[]> { Key = message.Key, Value = message.Value, Headers = headers },
            report =>
            {
                if (report.Error.IsError)
                {
                    ParseMetrics.DeadLetterFailures.Add(1);
                    _logger.LogError("Dead letter for {Topic}[{Partition}]@{Offset} not written ({Error}); the partition's commits stall until restart",
                        message.SourceTopic, message.SourcePartition, message.SourceOffset, report.Error.Reason);
                    return;
                }
                acknowledged();
            });
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}
