namespace StreamAe.Ingest.Parsing;

/// <summary><c>csv</c> messages: lines of <c>series,ts,value[,value…]</c> (C values a line).</summary>
internal sealed class CsvLineParser(FormatOptions options) : IMessageParser
{
    private readonly SeriesNames _names = new();
    private readonly byte _delimiter = checked((byte)options.CsvDelimiter);

    public bool TryParse(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ParsedMessage output, out ParseFailure failure)
    {
        var lineNumber = 0;
        foreach (var rawLine in value.Split((byte)'\n'))
        {
            var line = value[rawLine].TrimEnd((byte)'\r');
            lineNumber++;
            if (line.IsEmpty)
            {
                continue;
            }
            if (!TryParseLine(line, key, output, out failure))
            {
                failure = failure with { Detail = $"line {lineNumber}: {failure.Detail}" };
                return false;
            }
        }
        if (output.Count == 0)
        {
            failure = new ParseFailure(DeadLetterReason.Malformed, "no CSV lines");
            return false;
        }
        failure = default;
        return true;
    }

    private bool TryParseLine(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key, ParsedMessage output,
        out ParseFailure failure)
    {
        var start = output.ValueCount;
        var column = 0;
        string? series = null;
        long timestamp = 0;
        foreach (var range in line.Split(_delimiter))
        {
            var cell = line[range].Trim((byte)' ');
            switch (column++)
            {
                case 0:
                    series = cell.IsEmpty ? key.IsEmpty ? null : _names.Get(key) : _names.Get(cell);
                    if (series is null)
                    {
                        failure = JsonRecordReader.Missing("series");
                        return false;
                    }
                    break;
                case 1:
                    if (!TextValues.TryParseTimestamp(cell, out timestamp))
                    {
                        failure = new ParseFailure(DeadLetterReason.Malformed, "timestamp is not epoch ms or ISO-8601");
                        return false;
                    }
                    break;
                default:
                    if (!TextValues.TryParseFloat(cell, out var number, out var reason))
                    {
                        output.TruncateValues(start);
                        failure = new ParseFailure(reason, $"column {column}: not a finite number");
                        return false;
                    }
                    output.AddValue(number);
                    break;
            }
        }
        var values = output.ValueCount - start;
        if (column < 3)
        {
            output.TruncateValues(start);
            failure = JsonRecordReader.Missing(column < 2 ? "ts" : "value");
            return false;
        }
        if (values != options.Channels)
        {
            output.TruncateValues(start);
            failure = new ParseFailure(DeadLetterReason.ChannelCount, $"expected {options.Channels} values, found {values}");
            return false;
        }
        output.AddRecord(new ParsedRecord(series!, timestamp, 0, start, 1, false, null));
        failure = default;
        return true;
    }
}
