namespace StreamAe.Ingest.Files;

/// <summary>
/// Which header columns of a CSV file hold the time, the label, the series and the channels (indexes into a row).
/// Resolved once from the header and the first data row: without <see cref="CsvFileOptions.ValueColumns"/>, the
/// channels are the columns that are not time, series or label-like and whose first cell is numeric or missing.
/// </summary>
public sealed class CsvColumns
{
    /// <summary>Column names that mark rows, never measure them: never channels, the first three are label candidates.</summary>
    public static IReadOnlyList<string> LabelLikeNames { get; } = ["anomaly", "label", "is_anomaly", "changepoint"];

    private static readonly string[] LabelNames = ["anomaly", "label", "is_anomaly"];
    private static readonly string[] TimeNames = ["timestamp", "ts", "time", "datetime", "date"];

    private CsvColumns(int time, int? label, int? series, int[] values, IReadOnlyList<string> header)
    {
        Time = time;
        Label = label;
        Series = series;
        Values = values;
        ValueNames = [.. values.Select(i => header[i])];
    }

    public int Time { get; }

    public int? Label { get; }

    public int? Series { get; }

    /// <summary>The channels' column indexes, in channel order.</summary>
    public IReadOnlyList<int> Values { get; }

    public IReadOnlyList<string> ValueNames { get; }

    public static CsvColumns Resolve(IReadOnlyList<string> header, IReadOnlyList<string> firstRow, CsvFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(firstRow);
        ArgumentNullException.ThrowIfNull(options);
        var time = options.TimeColumn is { } timeName ? Find(header, timeName, "time") : FirstNamed(header, TimeNames) ?? 0;
        var label = options.LabelColumn is { } labelName ? Find(header, labelName, "label") : FirstInHeader(header, LabelNames);
        int? series = options.SeriesColumn is { } seriesName ? Find(header, seriesName, "series") : null;
        var notChannels = new HashSet<int> { time };
        notChannels.UnionWith(new[] { label, series }.OfType<int>());
        notChannels.UnionWith(Enumerable.Range(0, header.Count).Where(i => IsLabelLike(header[i])));

        int[] values;
        if (options.ValueColumns.Count > 0)
        {
            if (options.IgnoreColumns.Count > 0)
            {
                throw new CsvFormatException("Give the value columns or the columns to ignore, not both.");
            }
            values = [.. options.ValueColumns.Select(name => Find(header, name, "value"))];
            var clash = Array.FindIndex(values, notChannels.Contains);
            if (clash >= 0)
            {
                throw new CsvFormatException($"Column '{header[values[clash]]}' is the time, series or a label column, so it cannot be a channel.");
            }
        }
        else
        {
            var ignored = options.IgnoreColumns.Select(name => Find(header, name, "ignored")).ToHashSet();
            values = [.. Enumerable.Range(0, header.Count)
                .Where(i => !notChannels.Contains(i) && !ignored.Contains(i) && !CsvCell.IsText(Cell(firstRow, i)))];
            if (values.Length == 0)
            {
                throw new CsvFormatException(
                    $"No numeric value column: besides time and label columns, the header ({Quote(header)}) names only text columns.");
            }
        }
        return new CsvColumns(time, label, series, values, header);
    }

    public static bool IsLabelLike(string column) => LabelLikeNames.Contains(column, StringComparer.OrdinalIgnoreCase);

    private static string Cell(IReadOnlyList<string> row, int index) => index < row.Count ? row[index] : "";

    private static int Find(IReadOnlyList<string> header, string name, string role)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i], name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new CsvFormatException($"The {role} column '{name}' is not in the header ({Quote(header)}).");
    }

    private static int? FirstNamed(IReadOnlyList<string> header, string[] names)
    {
        foreach (var name in names)
        {
            for (var i = 0; i < header.Count; i++)
            {
                if (string.Equals(header[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }
        return null;
    }

    private static int? FirstInHeader(IReadOnlyList<string> header, string[] names)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (names.Contains(header[i], StringComparer.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return null;
    }

    private static string Quote(IReadOnlyList<string> header) => string.Join(", ", header.Select(c => $"'{c}'"));
}
