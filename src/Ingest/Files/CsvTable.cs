using System.Globalization;

namespace StreamAe.Ingest.Files;

/// <summary>
/// Reads a CSV data file row by row in file order: detects the separator (unless given), resolves the header into
/// time, value, label and series columns (<see cref="CsvColumns"/>) and parses numbers and times with the invariant
/// culture (exponents allowed). Rows with a missing or non-finite value are skipped and counted, never reordered or
/// de-duplicated. Anything else wrong with the file is a <see cref="CsvFormatException"/> naming the line or column.
/// </summary>
public sealed class CsvTable
{
    private readonly CsvFileOptions _options;
    private readonly CsvFieldSplitter _splitter = new();

    public CsvTable(CsvFileOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    public IReadOnlyList<string> ValueColumns { get; private set; } = [];

    public long RowsRead { get; private set; }

    public long RowsSkipped { get; private set; }

    /// <summary>One parsed row: series, epoch-ms time, values (one a value column; the array is reused), label.</summary>
    public readonly record struct Row(string Series, long TimestampMs, float[] Values, bool? Label);

    /// <param name="source">Names the file in error messages (a path); null leaves it out.</param>
    public IEnumerable<Row> ReadRows(TextReader reader, string defaultSeries, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var prefix = source is null ? "" : $"{source}: ";
        var header = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new CsvFormatException(prefix + "the CSV file is empty (no header row).");
        }
        var separator = _options.Delimiter ?? CsvSeparator.Detect(header);
        var columnNames = _splitter.Split(header, separator).Select(c => c.Trim()).ToArray();
        var lineNumber = 1;
        var line = NextLine(reader, ref lineNumber)
            ?? throw new CsvFormatException(prefix + "the CSV file has a header but no data rows.");
        CsvColumns columns;
        try
        {
            columns = CsvColumns.Resolve(columnNames, _splitter.Split(line, separator).Select(c => c.Trim()).ToArray(), _options);
        }
        catch (CsvFormatException e)
        {
            // One header column usually means the separator is wrong, not the columns.
            var hint = columnNames.Length == 1 ? $" The header was split on {CsvSeparator.Describe(separator)}: is that the separator?" : "";
            throw new CsvFormatException(prefix + e.Message + hint, e);
        }
        ValueColumns = columns.ValueNames;
        var values = new float[columns.Values.Count];
        var seriesName = _options.SeriesName ?? defaultSeries;
        do
        {
            var fields = _splitter.Split(line, separator);
            RowsRead++;
            if (fields.Count != columnNames.Length)
            {
                throw new CsvFormatException(prefix + $"line {lineNumber} has {fields.Count} fields but the header has "
                    + $"{columnNames.Length} (separator {CsvSeparator.Describe(separator)}).");
            }
            var timeText = Field(fields, columns.Time);
            if (!TryParseTime(timeText, out var timestamp))
            {
                throw new CsvFormatException(prefix + $"line {lineNumber}: '{timeText}' in time column '{columnNames[columns.Time]}' "
                    + "is not a time (epoch number or ISO-8601 / yyyy-MM-dd HH:mm:ss).");
            }
            if (!TryParseValues(fields, columns, values, out var textColumn))
            {
                if (textColumn is { } column)
                {
                    throw new CsvFormatException(prefix + $"line {lineNumber}: '{Field(fields, column)}' in column "
                        + $"'{columnNames[column]}' is not a number.");
                }
                RowsSkipped++;
                continue;
            }
            yield return new Row(columns.Series is { } s ? Field(fields, s) : seriesName, timestamp, values,
                columns.Label is { } l ? CsvCell.ParseLabel(Field(fields, l)) : null);
        }
        while ((line = NextLine(reader, ref lineNumber)) is not null);
    }

    private static string? NextLine(TextReader reader, ref int lineNumber)
    {
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                return line;
            }
        }
        return null;
    }

    private static string Field(List<string> fields, int index) => fields[index].Trim();

    /// <summary>Numbers count <see cref="CsvFileOptions.TimeUnit"/> since the epoch; text is ISO-8601 or similar, UTC unless it says otherwise.</summary>
    private bool TryParseTime(string text, out long epochMs)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            var milliseconds = _options.TimeUnit == CsvTimeUnit.Seconds ? number * 1000 : number;
            return Parsing.TextValues.TryFromDouble(milliseconds, out epochMs);
        }
        return Parsing.TextValues.TryParseIso(text, out epochMs);
    }

    /// <summary>False when a value is missing or not finite (skip the row) or is text (<paramref name="textColumn"/> says where).</summary>
    private static bool TryParseValues(List<string> fields, CsvColumns columns, float[] values, out int? textColumn)
    {
        textColumn = null;
        for (var i = 0; i < values.Length; i++)
        {
            var cell = Field(fields, columns.Values[i]);
            if (!CsvCell.TryParseValue(cell, out values[i]))
            {
                textColumn = CsvCell.IsText(cell) ? columns.Values[i] : null;
                return false;
            }
        }
        return true;
    }
}
