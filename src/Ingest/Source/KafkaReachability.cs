using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAe.Contracts;

namespace StreamAe.Ingest.Source;

/// <summary>
/// Asks a cluster for a topic's metadata before a command relies on it, so that an unreachable broker or a missing
/// topic ends the command within a timeout with one line, instead of librdkafka retrying (and logging) for minutes.
/// </summary>
public static class KafkaReachability
{
    /// <summary>Throws <see cref="DependencyUnavailableException"/> when the cluster does not answer within
    /// <paramref name="timeout"/>, <see cref="InvalidOperationException"/> when it has no such topic.</summary>
    public static void EnsureTopic(string bootstrapServers, string topic, TimeSpan timeout, ILogger logger,
        IEnumerable<KeyValuePair<string, string>>? settings = null)
    {
        var config = new AdminClientConfig { BootstrapServers = bootstrapServers, SocketConnectionSetupTimeoutMs = (int)timeout.TotalMilliseconds };
        foreach (var (key, value) in settings ?? [])
        {
            config.Set(key, value);
        }
        var errors = new RepeatedErrorLog(logger, "Kafka", RepeatedErrorLog.DefaultInterval);
        var connection = new BrokerConnection(bootstrapServers);
        using var admin = new AdminClientBuilder(config)
            // librdkafka would print every failed connection attempt on stderr; debug lines only.
            .SetLogHandler((_, log) => logger.LogDebug("librdkafka {Facility}: {Message}", log.Facility, log.Message))
            .SetErrorHandler((_, error) =>
            {
                connection.OnError(error);
                errors.Report(error.Code.ToString(), error.Reason, LogLevel.Debug);
            })
            .Build();
        Metadata metadata;
        try
        {
            metadata = admin.GetMetadata(topic, timeout);
        }
        catch (KafkaException e)
        {
            throw new DependencyUnavailableException(
                $"Kafka at {bootstrapServers} did not answer within {timeout.TotalSeconds:0.#} s ({connection.Problem ?? e.Error.Reason}).");
        }
        var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
        if (found is null || found.Error.Code == ErrorCode.UnknownTopicOrPart)
        {
            throw new InvalidOperationException($"Kafka at {bootstrapServers} has no topic '{topic}'; create it first.");
        }
        if (found.Error.IsError)
        {
            throw new InvalidOperationException($"Kafka at {bootstrapServers} cannot serve topic '{topic}': {found.Error.Reason}.");
        }
    }
}
