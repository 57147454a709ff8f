using Microsoft.Extensions.Logging;
using StreamAe.Ingest.Kafka;

namespace StreamAe.Ingest.DeadLetter;

public enum DeadLetterTarget
{
    /// <summary>A Kafka topic on the source's cluster (same security settings).</summary>
    Kafka,

    /// <summary>A local JSON-lines file.</summary>
    File,
}

/// <summary>Where refused messages go (configuration section <c>Ingest:DeadLetter</c>).</summary>
public sealed class DeadLetterOptions
{
    public DeadLetterTarget Target { get; set; } = DeadLetterTarget.Kafka;

    public string Topic { get; set; } = "streamae-dead-letters";

    public string FilePath { get; set; } = "streamae-dead-letters.jsonl";

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Target == DeadLetterTarget.Kafka && string.IsNullOrWhiteSpace(Topic))
        {
            errors.Add("DeadLetter:Topic must be set when DeadLetter:Target is Kafka.");
        }
        if (Target == DeadLetterTarget.File && string.IsNullOrWhiteSpace(FilePath))
        {
            errors.Add("DeadLetter:FilePath must be set when DeadLetter:Target is File.");
        }
        return errors;
    }

    /// <summary>Builds the configured sink; a Kafka sink reuses the source's connection and security settings.</summary>
    public IDeadLetterSink CreateSink(KafkaSourceOptions source, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
        return Target == DeadLetterTarget.File
            ? new FileDeadLetterSink(FilePath)
            : new KafkaDeadLetterSink(Topic, source.ConnectionSettings(), logger);
    }
}
