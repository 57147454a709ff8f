namespace StreamAe.Ingest.Files;

/// <summary>What a number in a CSV time column counts.</summary>
public enum CsvTimeUnit
{
    /// <summary>Epoch milliseconds, as the stream formats carry them.</summary>
    Milliseconds,

    /// <summary>Epoch seconds (fractions allowed).</summary>
    Seconds,
}

/// <summary>
/// How a CSV data file (header row, a time column, value columns, optional label) is read. Columns named like labels
/// (<see cref="CsvColumns.LabelLikeNames"/>) are never channels.
/// </summary>
public sealed class CsvFileOptions
{
    /// <summary>Time column; null picks <c>timestamp</c>, <c>ts</c>, <c>time</c>, <c>datetime</c> or <c>date</c> if present, else the first column.</summary>
    public string? TimeColumn { get; set; }

    /// <summary>What a numeric time counts; text times (ISO-8601, <c>yyyy-MM-dd HH:mm:ss</c>) are read as UTC unless they carry an offset.</summary>
    public CsvTimeUnit TimeUnit { get; set; } = CsvTimeUnit.Milliseconds;

    /// <summary>Value columns (the channels, in order); empty takes every numeric column that is not time, label-like or series.</summary>
    public IList<string> ValueColumns { get; set; } = [];

    /// <summary>Columns left out of the default channel choice; not combinable with <see cref="ValueColumns"/>.</summary>
    public IList<string> IgnoreColumns { get; set; } = [];

    /// <summary>Label column (1/true = anomalous); null picks the first of <c>anomaly</c>, <c>label</c>, <c>is_anomaly</c> in the header.</summary>
    public string? LabelColumn { get; set; }

    /// <summary>Column naming the series; null means the whole file is one series, <see cref="SeriesName"/>.</summary>
    public string? SeriesColumn { get; set; }

    /// <summary>Series id when there is no series column; null uses the file name without extension.</summary>
    public string? SeriesName { get; set; }

    /// <summary>Column separator; null detects it from the header (<see cref="CsvSeparator.Detect"/>).</summary>
    public char? Delimiter { get; set; }
}
