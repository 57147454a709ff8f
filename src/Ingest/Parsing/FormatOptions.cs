using StreamAe.Contracts;

namespace StreamAe.Ingest.Parsing;

/// <summary>How a topic's messages are read and validated (configuration section <c>Pipelines:N:Format</c>).</summary>
public sealed class FormatOptions : IValidatableOptions
{
    public MessageFormat Format { get; set; } = MessageFormat.Sample;

    public string SeriesField { get; set; } = "series";

    public string TimestampField { get; set; } = "ts";

    public string ValueField { get; set; } = "value";

    public string ValuesField { get; set; } = "values";

    public string IntervalField { get; set; } = "interval_ms";

    public string WindowField { get; set; } = "window";

    public string LabelField { get; set; } = "label";

    /// <summary>Values per sample (C); every sample must carry exactly this many.</summary>
    public int Channels { get; set; } = 1;

    /// <summary>Samples a <see cref="MessageFormat.Window"/> message must carry (0 = any length; in the daemon, the
    /// pipeline's <c>Window:WindowLength</c>).</summary>
    public int WindowLength { get; set; }

    /// <summary>Larger messages are dead-lettered without parsing.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Timestamps before this (epoch ms) are rejected; default 2000-01-01.</summary>
    public long MinTimestampMs { get; set; } = 946_684_800_000;

    /// <summary>Timestamps after this (epoch ms) are rejected; default 2100-01-01.</summary>
    public long MaxTimestampMs { get; set; } = 4_102_444_800_000;

    /// <summary>Influx fields taken as channels, in order; empty = every numeric field in the order written.</summary>
    public IList<string> InfluxFields { get; set; } = [];

    /// <summary>Unit of line-protocol timestamps: ns (Telegraf's default), us, ms or s.</summary>
    public string InfluxPrecision { get; set; } = "ns";

    /// <summary>Field separator of <c>Csv</c> lines: one ASCII character, since lines are split as UTF-8 bytes.</summary>
    public char CsvDelimiter { get; set; } = ',';

    /// <summary>A copy that requires windows of <paramref name="samples"/> samples: a pipeline's model takes one length
    /// only, so a window of another length must be refused as a dead letter before it reaches the model.</summary>
    public FormatOptions WithWindowLength(int samples)
    {
        var copy = (FormatOptions)MemberwiseClone();
        copy.WindowLength = samples;
        return copy;
    }

    public IEnumerable<string> Validate(string section)
    {
        var errors = new List<string>();
        foreach (var (key, value) in new[]
                 {
                     (nameof(SeriesField), SeriesField), (nameof(TimestampField), TimestampField),
                     (nameof(ValueField), ValueField), (nameof(ValuesField), ValuesField),
                     (nameof(IntervalField), IntervalField), (nameof(WindowField), WindowField),
                     (nameof(LabelField), LabelField),
                 })
        {
            if (string.IsNullOrEmpty(value))
            {
                errors.Add($"{section}:{key} must not be empty.");
            }
        }
        if (Channels < 1)
        {
            errors.Add($"{section}:Channels must be at least 1 (got {Channels}).");
        }
        if (WindowLength < 0)
        {
            errors.Add($"{section}:WindowLength must not be negative (got {WindowLength}).");
        }
        if (MaxMessageBytes < 1)
        {
            errors.Add($"{section}:MaxMessageBytes must be positive (got {MaxMessageBytes}).");
        }
        if (MinTimestampMs >= MaxTimestampMs)
        {
            errors.Add($"{section}:MinTimestampMs must be before {section}:MaxTimestampMs.");
        }
        if (InfluxPrecision is not ("ns" or "us" or "ms" or "s"))
        {
            errors.Add($"{section}:InfluxPrecision must be ns, us, ms or s (got '{InfluxPrecision}').");
        }
        if (!char.IsAscii(CsvDelimiter) || CsvDelimiter is '\n' or '\r')
        {
            errors.Add($"{section}:CsvDelimiter must be one ASCII character other than a line break (got '{CsvDelimiter}').");
        }
        if (Format == MessageFormat.Influx && InfluxFields.Count > 0 && InfluxFields.Count != Channels)
        {
            errors.Add($"{section}:InfluxFields names {InfluxFields.Count} fields but {section}:Channels is {Channels}.");
        }
        return errors;
    }
}
