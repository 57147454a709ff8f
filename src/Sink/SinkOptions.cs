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
public sealed class SinkOptions
{
    public const string Section = "Sink";

    public InfluxOptions Influx { get; set; } = new();

    public KafkaAlertOptions KafkaAlerts { get; set; } = new();

    public FileOutputOptions File { get; set; } = new();

    public FileOutputMode FileMode { get; set; } = FileOutputMode.Auto;

    /// <summary>Also write <c>streamae_residual</c> points for anomalous windows that carry a reconstruction.</summary>
    public bool WriteResiduals { get; set; }

    internal bool UsesFile => FileMode == FileOutputMode.On || (FileMode == FileOutputMode.Auto && !Influx.IsConfigured);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Influx.IsConfigured)
        {
            errors.AddRange(Influx.Validate($"{Section}:Influx"));
        }
        if (KafkaAlerts.IsConfigured)
        {
            errors.AddRange(KafkaAlerts.Validate($"{Section}:KafkaAlerts"));
        }
        if (UsesFile)
        {
            errors.AddRange(File.Validate($"{Section}:File"));
        }
        if (!Influx.IsConfigured && !UsesFile && !KafkaAlerts.IsConfigured)
        {
            errors.Add($"{Section}: no output configured; set {Section}:Influx:Url, {Section}:KafkaAlerts:BootstrapServers or {Section}:FileMode.");
        }
        if (!Influx.IsConfigured && !UsesFile)
        {
            errors.Add($"{Section}: scores need InfluxDB or the file output ({Section}:Influx:Url or {Section}:FileMode=On); the alerts topic alone carries only alerts.");
        }
        return errors;
    }
}
