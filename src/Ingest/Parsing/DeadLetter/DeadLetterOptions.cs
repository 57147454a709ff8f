using Microsoft.Extensions.Logging;
using StreamAe.Contracts;
using StreamAe.Ingest.Source;

namespace StreamAe.Ingest.Parsing.DeadLetter;

public enum DeadLetterTarget
{
    /// <summary>A Kafka topic on the source's cluster (same security settings).</summary>
    Kafka,

    /// <summary>A local JSON-lines file.</summary>
    File,
}

/// <summary>Where refused messages go (configuration section <c>DeadLetter</c>).</summary>
public sealed class DeadLetterOptions : IValidatableOptions
{
    public DeadLetterTarget Target { get; set; } = DeadLetterTarget.Kafka;

    public string Topic { get; set; } = "streamae-dead-letters";

    public string FilePath { get; set; } = "streamae-dead-letters.jsonl";

    public IEnumerable<string> Validate(string section)
    {
        var errors = new List<string>();
        if (Target == DeadLetterTarget.Kafka && string.IsNullOrWhiteSpace(Topic))
        {
            errors.Add($"{section}:Topic must be set when {section}:Target is Kafka.");
        }
        if (Target == DeadLetterTarget.File && string.IsNullOrWhiteSpace(FilePath))
        {
            errors.Add($"{section}:FilePath must be set when {section}:Target is File.");
        }
        return errors;
    }

    /// <summary>Builds the configured sink; a Kafka sink reuses the source's connection and security settings.</summary>
    public IDeadLetterSink CreateSink(KafkaSourceOptions source, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        this.ThrowIfInvalid("DeadLetter");
        return Target == DeadLetterTarget.File
            ? new FileDeadLetterSink(FilePath)
            : new KafkaDeadLetterSink(Topic, source.ConnectionSettings(), logger);
    }
}
