using StreamAe.Contracts;
using StreamAe.Sink.Points;

namespace StreamAe.Sink.File;

/// <summary>
/// A local file of line protocol or JSON lines (configuration section <c>Sink:File</c>): the default output when no
/// InfluxDB is configured. Rotates by size: <c>Path</c> is the live file, <c>Path.1</c> the newest rotated one, and so on.
/// </summary>
public sealed class FileOutputOptions : IValidatableOptions
{
    public const string Section = "Sink:File";

    /// <summary>The live file; empty = <c>streamae-output.lp</c>, or <c>streamae-output.jsonl</c> for JSON lines.</summary>
    public string Path { get; set; } = "";

    public PointFormat Format { get; set; } = PointFormat.LineProtocol;

    /// <summary>The live file is rotated before a batch would take it past this size.</summary>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Rotated files kept besides the live one; older ones are deleted.</summary>
    public int MaxRotatedFiles { get; set; } = 5;

    public TimestampPrecision Precision { get; set; } = TimestampPrecision.Milliseconds;

    public int BatchSize { get; set; } = 5000;

    /// <summary>The longest a point waits in an unfilled batch while the writer is busy.</summary>
    public int MaxDelayMs { get; set; } = 200;

    /// <summary>The writer, when free, writes what is waiting at once rather than let it linger up to MaxDelayMs.</summary>
    public bool SendWhenIdle { get; set; } = true;

    /// <summary>fsync each batch before acknowledging it (off only for throwaway demos).</summary>
    public bool Fsync { get; set; } = true;

    public int DrainTimeoutMs { get; set; } = 10_000;

    internal string ResolvedPath => Path.Length > 0 ? Path
        : Format == PointFormat.JsonLines ? "streamae-output.jsonl" : "streamae-output.lp";

    public IEnumerable<string> Validate(string section)
    {
        var errors = new List<string>();
        if (Path.Length > 0 && string.IsNullOrWhiteSpace(Path))
        {
            errors.Add($"{section}:Path must not be blank; leave it empty for the default file name.");
        }
        if (!Enum.IsDefined(Format))
        {
            errors.Add($"{section}:Format must be {string.Join(" or ", Enum.GetNames<PointFormat>())}, got {Format}.");
        }
        if (MaxFileBytes < 4096)
        {
            errors.Add($"{section}:MaxFileBytes must be at least 4096, got {MaxFileBytes}.");
        }
        if (MaxRotatedFiles < 0)
        {
            errors.Add($"{section}:MaxRotatedFiles must not be negative, got {MaxRotatedFiles}.");
        }
        Influx.InfluxOptions.Positive(errors, $"{section}:BatchSize", BatchSize);
        Influx.InfluxOptions.Positive(errors, $"{section}:MaxDelayMs", MaxDelayMs);
        if (DrainTimeoutMs < 0)
        {
            errors.Add($"{section}:DrainTimeoutMs must not be negative.");
        }
        return errors;
    }
}
