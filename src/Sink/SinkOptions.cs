using StreamAe.Contracts;
using StreamAe.Sink.File;
using StreamAe.Sink.Influx;
using StreamAe.Sink.Kafka;

namespace StreamAe.Sink;

public enum FileOutputMode
{
    /// <summary>Write the file only when no InfluxDB is configured (the embedded default).</summary>
    Auto,
    On,
    Off,
}

/// <summary>All outputs (configuration section <c>Sink</c>); <see cref="SinkFactory"/> builds the fan-out from it.</summary>
public sealed class SinkOptions : IValidatableOptions
{
    public const string Section = "Sink";

    public InfluxOptions Influx { get; set; } = new();

    public KafkaAlertOptions KafkaAlerts { get; set; } = new();

    public FileOutputOptions File { get; set; } = new();

    public FileOutputMode FileMode { get; set; } = FileOutputMode.Auto;

    /// <summary>Also write <c>streamae_residual</c> points for anomalous windows that carry a reconstruction.</summary>
    public bool WriteResiduals { get; set; }

    internal bool UsesFile => FileMode == FileOutputMode.On || (FileMode == FileOutputMode.Auto && !Influx.IsConfigured);

    public IEnumerable<string> Validate(string section)
    {
        var errors = new List<string>();
        if (Influx.IsConfigured)
        {
            errors.AddRange(Influx.Validate($"{section}:Influx"));
        }
        if (KafkaAlerts.IsConfigured)
        {
            errors.AddRange(KafkaAlerts.Validate($"{section}:KafkaAlerts"));
        }
        if (UsesFile)
        {
            errors.AddRange(File.Validate($"{section}:File"));
        }
        if (!Influx.IsConfigured && !UsesFile && !KafkaAlerts.IsConfigured)
        {
            errors.Add($"{section}: no output configured; set {section}:Influx:Url, {section}:KafkaAlerts:BootstrapServers or {section}:FileMode.");
        }
        if (!Influx.IsConfigured && !UsesFile)
        {
            errors.Add($"{section}: scores need InfluxDB or the file output ({section}:Influx:Url or {section}:FileMode=On); the alerts topic alone carries only alerts.");
        }
        return errors;
    }
}
