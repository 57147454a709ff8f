using StreamAe.Contracts;
namespace StreamAe.Sink.Kafka;

/// <summary>The Kafka alerts topic (configuration section <c>Sink:KafkaAlerts</c>); empty bootstrap = off.</summary>
public sealed class KafkaAlertOptions : IValidatableOptions
{
    public const string Section = "Sink:KafkaAlerts";

    public string BootstrapServers { get; set; } = "";

    public string Topic { get; set; } = "streamae-alerts";

    public string ClientId { get; set; } = "streamae-alerts";

    /// <summary>How long start-up waits for broker metadata.</summary>
    public int StartupTimeoutMs { get; set; } = 10_000;

    /// <summary>Extra librdkafka producer settings (security, compression, <c>test.mock.num.brokers</c>, …).</summary>
    public Dictionary<string, string> Producer { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BootstrapServers) || Producer.ContainsKey("test.mock.num.brokers");

    public IEnumerable<string> Validate(string section)
    {
        var errors = new List<string>();
        if (!IsConfigured)
        {
            errors.Add($"{section}:BootstrapServers is required.");
        }
        if (string.IsNullOrWhiteSpace(Topic))
        {
            errors.Add($"{section}:Topic is required.");
        }
        Influx.InfluxOptions.Positive(errors, $"{section}:StartupTimeoutMs", StartupTimeoutMs);
        if (Producer.TryGetValue("enable.idempotence", out var idempotence) && (!bool.TryParse(idempotence, out var on) || !on))
        {
            errors.Add($"{section}:Producer:enable.idempotence cannot be turned off: alerts must not be duplicated or reordered on retry.");
        }
        return errors;
    }
}
