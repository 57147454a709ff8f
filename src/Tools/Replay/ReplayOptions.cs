using StreamAe.Contracts;
using StreamAe.Ingest.Files;
using StreamAe.Ingest.Parsing;

namespace StreamAe.Tools.Replay;

/// <summary>What a replay reads and how it writes it (the <c>streamae produce</c> command's options).</summary>
public enum ReplayFileFormat
{
    /// <summary>UCR rows → <c>window</c> messages with a label.</summary>
    Ucr,

    /// <summary>CSV rows → <c>sample</c> or <c>chunk</c> messages.</summary>
    Csv,
}

public sealed class ReplayOptions : IValidatableOptions
{
    public const string Section = "Replay";

    public string Topic { get; set; } = "streamae-input";

    public ReplayFileFormat FileFormat { get; set; } = ReplayFileFormat.Ucr;

    /// <summary>For CSV: <see cref="MessageFormat.Sample"/> (a row a message) or <see cref="MessageFormat.Chunk"/>.</summary>
    public MessageFormat MessageFormat { get; set; } = MessageFormat.Sample;

    /// <summary>Messages a second; 0 = as fast as the producer takes them.</summary>
    public double MessagesPerSecond { get; set; }

    /// <summary>Rows a chunk message carries.</summary>
    public int ChunkSize { get; set; } = 32;

    /// <summary>UCR: the class label of normal rows (ECG5000: 1); every other label is anomalous.</summary>
    public int NormalLabel { get; set; } = 1;

    /// <summary>UCR: rows are spread over this many series ids (<c>{SeriesPrefix}-{n}</c>), keyed for partitioning.</summary>
    public int SeriesCount { get; set; } = 16;

    public string SeriesPrefix { get; set; } = "ecg";

    /// <summary>UCR: time of the first window (epoch ms); 0 = now.</summary>
    public long StartTimestampMs { get; set; }

    /// <summary>UCR: spacing of the samples inside a window (ECG5000 is sampled at about 125 Hz: 8 ms).</summary>
    public long SampleIntervalMs { get; set; } = 8;

    /// <summary>How many times the file is replayed (each pass continues the time line); 0 = until stopped.</summary>
    public int Repeat { get; set; } = 1;

    /// <summary>UCR: send each window when its last sample's time comes (time line starting now), so the data is
    /// never stamped in the future and end-to-end latency means what it says; replaces <see cref="MessagesPerSecond"/>.</summary>
    public bool WallClock { get; set; }

    public CsvFileOptions Csv { get; set; } = new();

    public IEnumerable<string> Validate(string section)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Topic))
        {
            errors.Add($"{section}:Topic must be set.");
        }
        if (MessagesPerSecond < 0)
        {
            errors.Add($"{section}:MessagesPerSecond must not be negative (got {MessagesPerSecond}).");
        }
        if (FileFormat == ReplayFileFormat.Csv && MessageFormat is not (MessageFormat.Sample or MessageFormat.Chunk))
        {
            errors.Add($"{section}:MessageFormat must be Sample or Chunk for CSV files (got {MessageFormat}).");
        }
        if (ChunkSize < 1 || SeriesCount < 1 || SampleIntervalMs < 1)
        {
            errors.Add($"{section}:ChunkSize, {section}:SeriesCount and {section}:SampleIntervalMs must be positive.");
        }
        if (Repeat < 0)
        {
            errors.Add($"{section}:Repeat must be 0 (until stopped) or more (got {Repeat}).");
        }
        if (WallClock && (FileFormat != ReplayFileFormat.Ucr || MessagesPerSecond > 0 || StartTimestampMs > 0))
        {
            errors.Add($"{section}:WallClock paces UCR files by their own time line from now: it takes no rate, start time or CSV file.");
        }
        return errors;
    }
}
