using System.Globalization;
using System.Text;

namespace StreamAe.Ingest.Parsing;

/// <summary>
/// InfluxDB line protocol (what Telegraf's Kafka output writes), one point a line:
/// <c>measurement[,tag=v…] field=v[,field=v…] timestamp</c>. The series is the measurement with its tag set as
/// written; the channels are the configured fields in order, or every numeric field in the order written.
/// </summary>
internal sealed class InfluxLineParser : IMessageParser
{
    private readonly FormatOptions _options;
    private readonly SeriesNames _names = new();
    private readonly byte[][] _fields;
    private readonly long _precisionDivisor;
    private readonly long _precisionMultiplier;

    public InfluxLineParser(FormatOptions options)
    {
        _options = options;
        _fields = options.InfluxFields.Select(Encoding.UTF8.GetBytes).ToArray();
        (_precisionDivisor, _precisionMultiplier) = options.InfluxPrecision switch
        {
            "ns" => (1_000_000L, 1L),
            "us" => (1_000L, 1L),
            "ms" => (1L, 1L),
            _ => (1L, 1_000L),
        };
    }

    public bool TryParse(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ParsedMessage output, out ParseFailure failure)
    {
        var lineNumber = 0;
        foreach (var range in value.Split((byte)'\n'))
        {
            var line = value[range].Trim(" \r\t"u8);
            lineNumber++;
            if (line.IsEmpty || line[0] == (byte)'#')
            {
                continue;
            }
            if (!TryParseLine(line, output, out failure))
            {
                failure = failure with { Detail = $"line {lineNumber}: {failure.Detail}" };
                return false;
            }
        }
        if (output.Count == 0)
        {
            failure = new ParseFailure(DeadLetterReason.Malformed, "no line-protocol points");
            return false;
        }
        failure = default;
        return true;
    }

    private bool TryParseLine(ReadOnlySpan<byte> line, ParsedMessage output, out ParseFailure failure)
    {
        var seriesEnd = IndexOfUnescaped(line, (byte)' ', honourQuotes: false);
        if (seriesEnd <= 0)
        {
            return Fail(DeadLetterReason.Malformed, "no field set", out failure);
        }
        var rest = line[(seriesEnd + 1)..].TrimStart((byte)' ');
        var fieldsEnd = IndexOfUnescaped(rest, (byte)' ', honourQuotes: true);
        if (fieldsEnd < 0)
        {
            return Fail(DeadLetterReason.MissingField, "missing timestamp", out failure);
        }
        var fieldSet = rest[..fieldsEnd];
        var timestampText = rest[(fieldsEnd + 1)..].Trim((byte)' ');
        if (!long.TryParse(timestampText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var raw))
        {
            return Fail(DeadLetterReason.Malformed, "timestamp is not an integer", out failure);
        }
        var start = output.ValueCount;
        if (!TryReadFields(fieldSet, output, out failure))
        {
            output.TruncateValues(start);
            return false;
        }
        output.AddRecord(new ParsedRecord(_names.Get(line[..seriesEnd]), raw / _precisionDivisor * _precisionMultiplier,
            0, start, 1, false, null));
        return true;
    }

    private bool TryReadFields(ReadOnlySpan<byte> fieldSet, ParsedMessage output, out ParseFailure failure)
    {
        var channels = _options.Channels;
        Span<float> picked = stackalloc float[_fields.Length];
        Span<bool> found = stackalloc bool[_fields.Length];
        var numericCount = 0;
        while (!fieldSet.IsEmpty)
        {
            var end = IndexOfUnescaped(fieldSet, (byte)',', honourQuotes: true);
            var field = end < 0 ? fieldSet : fieldSet[..end];
            fieldSet = end < 0 ? default : fieldSet[(end + 1)..];
            var equals = IndexOfUnescaped(field, (byte)'=', honourQuotes: false);
            if (equals <= 0)
            {
                return Fail(DeadLetterReason.Malformed, "field without '='", out failure);
            }
            var name = field[..equals];
            var text = field[(equals + 1)..];
            var slot = _fields.Length == 0 ? -1 : IndexOfField(name);
            if (_fields.Length > 0 && slot < 0)
            {
                continue; // a field nobody asked for
            }
            if (!TryReadFieldValue(text, out var number, out var isNumeric, out failure))
            {
                return false;
            }
            if (!isNumeric)
            {
                if (slot >= 0)
                {
                    return Fail(DeadLetterReason.Malformed, $"field '{Encoding.UTF8.GetString(name)}' is a string", out failure);
                }
                continue;
            }
            if (slot >= 0)
            {
                picked[slot] = number;
                found[slot] = true;
            }
            else
            {
                output.AddValue(number);
                numericCount++;
            }
        }
        if (_fields.Length > 0)
        {
            var missing = found.IndexOf(false);
            if (missing >= 0)
            {
                return Fail(DeadLetterReason.MissingField, $"missing field '{_options.InfluxFields[missing]}'", out failure);
            }
            foreach (var number in picked)
            {
                output.AddValue(number);
            }
            failure = default;
            return true;
        }
        if (numericCount != channels)
        {
            return Fail(DeadLetterReason.ChannelCount, $"expected {channels} numeric fields, found {numericCount}", out failure);
        }
        failure = default;
        return true;
    }

    private static bool TryReadFieldValue(ReadOnlySpan<byte> text, out float number, out bool isNumeric,
        out ParseFailure failure)
    {
        number = 0;
        failure = default;
        isNumeric = true;
        if (text.IsEmpty)
        {
            isNumeric = false;
            return Fail(DeadLetterReason.Malformed, "empty field value", out failure);
        }
        if (text[0] == (byte)'"')
        {
            isNumeric = false;
            return true;
        }
        if (text is [.., (byte)'i' or (byte)'u'])
        {
            text = text[..^1];
        }
        if (IsBoolean(text, out var flag))
        {
            number = flag ? 1 : 0;
            return true;
        }
        if (!TextValues.TryParseFloat(text, out number, out var reason))
        {
            return Fail(reason, reason == DeadLetterReason.NonFinite ? "value is NaN or infinite" : "field value is not a number",
                out failure);
        }
        return true;
    }

    private static bool IsBoolean(ReadOnlySpan<byte> text, out bool value)
    {
        value = text is [(byte)'t' or (byte)'T', ..];
        return text.SequenceEqual("t"u8) || text.SequenceEqual("T"u8) || text.SequenceEqual("true"u8)
            || text.SequenceEqual("True"u8) || text.SequenceEqual("TRUE"u8) || text.SequenceEqual("f"u8)
            || text.SequenceEqual("F"u8) || text.SequenceEqual("false"u8) || text.SequenceEqual("False"u8)
            || text.SequenceEqual("FALSE"u8);
    }

    private int IndexOfField(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < _fields.Length; i++)
        {
            if (name.SequenceEqual(_fields[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Index of <paramref name="separator"/> not escaped by a backslash (nor inside a quoted string
    /// value when <paramref name="honourQuotes"/>); -1 if none.</summary>
    private static int IndexOfUnescaped(ReadOnlySpan<byte> text, byte separator, bool honourQuotes)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == (byte)'\\')
            {
                i++;
            }
            else if (honourQuotes && c == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (c == separator && !quoted)
            {
                return i;
            }
        }
        return -1;
    }

    private static bool Fail(DeadLetterReason reason, string detail, out ParseFailure failure)
    {
        failure = new ParseFailure(reason, detail);
        return false;
    }
}
