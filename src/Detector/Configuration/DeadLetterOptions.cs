using Microsoft.Extensions.Logging;
using StreamAe.Ingest.DeadLetter;
using StreamAe.Ingest.Kafka;

namespace StreamAe.Detector.Configuration;

/// <summary>Where messages that fail to parse or validate go, with the reason: a Kafka topic or a local file.</summary>
public sealed class DeadLetterOptions
{
    public string Topic { get; set; } = "";

    public string Path { get; set; } = "streamae-dead-letters.jsonl";

    public IEnumerable<string> Validate(string section)
    {
        if (string.IsNullOrWhiteSpace(Topic) && string.IsNullOrWhiteSpace(Path))
        {
            yield return $"{section}: set {section}:Topic (a Kafka topic) or {section}:Path (a local file) for malformed messages.";
        }
    }

    public IDeadLetterSink Create(KafkaSourceOptions kafka, ILogger logger) =>
        string.IsNullOrWhiteSpace(Topic) ? new FileDeadLetterSink(Path) : new KafkaDeadLetterSink(Topic, kafka.ConnectionSettings(), logger);
}
