using System.Globalization;
using System.Text;

namespace StreamAe.Ingest.Files;

/// <summary>
/// Reads a CSV data file row by row in file order: resolves the header into time, value, label and series
/// columns and parses numbers and times with the invariant culture (exponents allowed). Rows whose values are
/// missing or not finite are skipped and counted, never reordered or de-duplicated.
/// </summary>
public sealed class CsvTable
{
    private static readonly string[] TimeNames = ["timestamp", "ts", "time"];
    private static readonly string[] LabelNames = ["label", "is_anomaly", "anomaly"];
    private readonly CsvFileOptions _options;
    private readonly List<string> _fields = [];
    private readonly StringBuilder _field = new();

    public CsvTable(CsvFileOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    public IReadOnlyList<string> ValueColumns { get; private set; } = [];

    public long RowsRead { get; private set; }

    public long RowsSkipped { get; private set; }

    /// <summary>One parsed row: series, epoch-ms time, values (one a value column; the array is reused), label.</summary>
    public readonly record struct Row(string Series, long TimestampMs, float[] Values, bool? Label);

    public IEnumerable<Row> ReadRows(TextReader reader, string defaultSeries)
    {
        var header = reader.ReadLine() ?? throw new InvalidDataException("The CSV file is empty (no header row).");
        var columns = Split(header).Select(c => c.Trim()).ToList();
        var time = Resolve(columns, _options.TimeColumn, TimeNames, "TimeColumn") ?? 0;
        var label = Resolve(columns, _options.LabelColumn, LabelNames, "LabelColumn");
        var series = _options.SeriesColumn is null ? null : Resolve(columns, _options.SeriesColumn, [], "SeriesColumn");
        var valueIndexes = _options.ValueColumns.Count > 0
            ? _options.ValueColumns.Select(name => Resolve(columns, name, [], "ValueColumns")!.Value).ToArray()
            : Enumerable.Range(0, columns.Count).Where(i => i != time && i != label && i != series).ToArray();
        if (valueIndexes.Length == 0)
        {
            throw new InvalidDataException("The CSV file has no value column.");
        }
        ValueColumns = valueIndexes.Select(i => columns[i]).ToArray();
        var values = new float[valueIndexes.Length];
        var seriesName = _options.SeriesName ?? defaultSeries;
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var fields = Split(line);
            RowsRead++;
            if (!TryParseTime(Field(fields, time), out var timestamp))
            {
                throw new InvalidDataException($"Line {lineNumber}: '{Field(fields, time)}' is not a time (epoch ms or ISO-8601).");
            }
            if (!TryParseValues(fields, valueIndexes, values))
            {
                RowsSkipped++;
                continue;
            }
            yield return new Row(series is { } s ? Field(fields, s) : seriesName, timestamp, values,
                label is { } l ? ParseLabel(Field(fields, l)) : null);
        }
    }

    private static int? Resolve(List<string> columns, string? name, string[] defaults, string key)
    {
        if (name is not null)
        {
            var index = columns.FindIndex(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? index : throw new InvalidDataException($"CSV column '{name}' ({key}) not in the header.");
        }
        foreach (var candidate in defaults)
        {
            var index = columns.FindIndex(c => string.Equals(c, candidate, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index;
            }
        }
        return null;
    }

    private static string Field(List<string> fields, int index) => index < fields.Count ? fields[index].Trim() : "";

    private static bool TryParseTime(string text, out long epochMs)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return Formats.TextValues.TryFromDouble(number, out epochMs);
        }
        return Formats.TextValues.TryParseIso(text, out epochMs);
    }

    private static bool TryParseValues(List<string> fields, int[] indexes, float[] values)
    {
        for (var i = 0; i < indexes.Length; i++)
        {
            if (!double.TryParse(Field(fields, indexes[i]), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                || !float.IsFinite(values[i] = (float)number))
            {
                return false;
            }
        }
        return true;
    }

    private static bool ParseLabel(string text) =>
        bool.TryParse(text, out var flag) ? flag
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == 1;

    /// <summary>Splits a line on the delimiter, honouring double-quoted fields (with "" as an escaped quote).</summary>
    private List<string> Split(string line)
    {
        _fields.Clear();
        _field.Clear();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    _field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    _field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == _options.Delimiter)
            {
                _fields.Add(_field.ToString());
                _field.Clear();
            }
            else
            {
                _field.Append(c);
            }
        }
        _fields.Add(_field.ToString());
        return _fields;
    }
}
