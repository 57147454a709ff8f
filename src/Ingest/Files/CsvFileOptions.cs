namespace StreamAe.Ingest.Files;

/// <summary>How a CSV data file (header row, a time column, value columns, optional label) is read.</summary>
public sealed class CsvFileOptions
{
    /// <summary>Time column; null picks <c>timestamp</c>, <c>ts</c> or <c>time</c> if present, else the first column.</summary>
    public string? TimeColumn { get; set; }

    /// <summary>Value columns (the channels, in order); empty takes every column that is not time, label or series.</summary>
    public IList<string> ValueColumns { get; set; } = [];

    /// <summary>Label column (1/true = anomalous); null picks <c>label</c>, <c>is_anomaly</c> or <c>anomaly</c> if present.</summary>
    public string? LabelColumn { get; set; }

    /// <summary>Column naming the series; null means the whole file is one series, <see cref="SeriesName"/>.</summary>
    public string? SeriesColumn { get; set; }

    /// <summary>Series id when there is no series column; null uses the file name without extension.</summary>
    public string? SeriesName { get; set; }

    public char Delimiter { get; set; } = ',';
}
