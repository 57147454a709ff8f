using System.Globalization;
using System.Text;
using StreamAe.Sink.Tests.Support;

namespace StreamAe.Sink.Tests.LineProtocol;

/// <summary>
/// Reads line protocol the way InfluxDB 1.x does (written independently of the encoder, for round-trip tests): a
/// backslash before a character that is special in that position escapes it; any other backslash is literal.
/// </summary>
internal static class LineProtocolParser
{
    private const string KeyEscapes = ",= ";

    public static List<ParsedPoint> Parse(ReadOnlySpan<byte> utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var points = new List<ParsedPoint>();
        var i = 0;
        while (i < text.Length)
        {
            points.Add(ParsePoint(text, ref i));
        }
        return points;
    }

    private static ParsedPoint ParsePoint(string text, ref int i)
    {
        var measurement = ReadName(text, ref i, ", ", ", ", out var stop);
        var tags = new List<KeyValuePair<string, string>>();
        while (stop == ',')
        {
            var key = ReadName(text, ref i, KeyEscapes, "=", out _);
            var value = ReadName(text, ref i, KeyEscapes, ", ", out stop);
            tags.Add(new(key, value));
        }
        var fields = new List<KeyValuePair<string, object>>();
        do
        {
            var key = ReadName(text, ref i, KeyEscapes, "=", out _);
            fields.Add(new(key, ReadFieldValue(text, ref i, out stop)));
        }
        while (stop == ',');
        var end = text.IndexOf('\n', i);
        if (end < 0)
        {
            throw new FormatException("A point must end with a newline.");
        }
        var timestamp = long.Parse(text.AsSpan(i, end - i), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        i = end + 1;
        return new ParsedPoint(measurement, tags, fields, timestamp);
    }

    private static string ReadName(string text, ref int i, string escapes, string stops, out char stop)
    {
        var name = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && escapes.Contains(text[i + 1], StringComparison.Ordinal))
            {
                name.Append(text[i + 1]);
                i += 2;
                continue;
            }
            if (stops.Contains(c, StringComparison.Ordinal))
            {
                stop = c;
                i++;
                return name.ToString();
            }
            if (c == '\n')
            {
                throw new FormatException($"Unexpected newline in a name at {i}.");
            }
            name.Append(c);
            i++;
        }
        throw new FormatException("Unexpected end of input in a name.");
    }

    private static object ReadFieldValue(string text, ref int i, out char stop)
    {
        if (text[i] == '"')
        {
            var value = new StringBuilder();
            i++;
            while (text[i] != '"')
            {
                if (text[i] == '\\' && text[i + 1] is '"' or '\\')
                {
                    i++;
                }
                value.Append(text[i++]);
            }
            i++;
            stop = text[i++];
            return value.ToString();
        }
        var start = i;
        while (text[i] is not (',' or ' '))
        {
            i++;
        }
        var raw = text[start..i];
        stop = text[i++];
        return raw switch
        {
            "true" or "t" or "T" or "TRUE" or "True" => true,
            "false" or "f" or "F" or "FALSE" or "False" => false,
            _ when raw.EndsWith('i') => long.Parse(raw.AsSpan(0, raw.Length - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            _ => double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }
}
