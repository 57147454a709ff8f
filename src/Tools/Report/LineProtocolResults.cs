using System.Globalization;
using System.Text;
using StreamAe.Sink.Points;

namespace StreamAe.Tools.Report;

/// <summary>
/// Reads the file sink's line protocol (and anything else written in InfluxDB's line protocol) back into score and
/// alert points: escaped names and tag values, quoted string fields, typed numbers; other measurements are skipped.
/// </summary>
internal static class LineProtocolResults
{
    public static void Read(TextReader reader, ResultSet into, TimestampPrecision precision)
    {
        string? line;
        var number = 0;
        while ((line = reader.ReadLine()) != null)
        {
            number++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            Point point;
            try
            {
                point = Parse(line);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{into.Source}, line {number}: {e.Message}");
            }
            ResultPoints.Add(into, point.Measurement, point.Tags, point.Fields, point.Time is { } t ? ResultPoints.ToMilliseconds(t, precision) : 0);
        }
    }

    internal sealed record Point(string Measurement, Dictionary<string, string> Tags, Dictionary<string, object> Fields, long? Time);

    internal static Point Parse(string line)
    {
        var position = 0;
        var measurement = ReadName(line, ref position, stopAtEquals: false);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        while (position < line.Length && line[position] == ',')
        {
            position++;
            var key = ReadName(line, ref position, stopAtEquals: true);
            Expect(line, ref position, '=');
            tags[key] = ReadName(line, ref position, stopAtEquals: false);
        }
        Expect(line, ref position, ' ');
        var fields = new Dictionary<string, object>(StringComparer.Ordinal);
        do
        {
            if (fields.Count > 0)
            {
                position++; // the comma
            }
            var key = ReadName(line, ref position, stopAtEquals: true);
            Expect(line, ref position, '=');
            fields[key] = ReadFieldValue(line, ref position);
        }
        while (position < line.Length && line[position] == ',');
        long? time = null;
        if (position < line.Length)
        {
            Expect(line, ref position, ' ');
            time = long.Parse(line.AsSpan(position).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        return new Point(measurement, tags, fields, time);
    }

    /// <summary>A measurement, tag key, tag value or field key: backslash escapes the next character.</summary>
    private static string ReadName(string line, ref int position, bool stopAtEquals)
    {
        var name = new StringBuilder();
        while (position < line.Length)
        {
            var c = line[position];
            if (c == '\\' && position + 1 < line.Length)
            {
                name.Append(line[position + 1]);
                position += 2;
                continue;
            }
            if (c is ',' or ' ' || (stopAtEquals && c == '='))
            {
                break;
            }
            name.Append(c);
            position++;
        }
        if (name.Length == 0)
        {
            throw new FormatException($"an empty name at column {position + 1}");
        }
        return name.ToString();
    }

    private static object ReadFieldValue(string line, ref int position)
    {
        if (position < line.Length && line[position] == '"')
        {
            var text = new StringBuilder();
            position++;
            while (position < line.Length && line[position] != '"')
            {
                if (line[position] == '\\' && position + 1 < line.Length && line[position + 1] is '"' or '\\')
                {
                    position++;
                }
                text.Append(line[position++]);
            }
            Expect(line, ref position, '"');
            return text.ToString();
        }
        var start = position;
        while (position < line.Length && line[position] is not (',' or ' '))
        {
            position++;
        }
        var token = line[start..position];
        return token switch
        {
            "t" or "T" or "true" or "True" or "TRUE" => true,
            "f" or "F" or "false" or "False" or "FALSE" => false,
            _ when token.EndsWith('i') || token.EndsWith('u') => long.Parse(token.AsSpan(0, token.Length - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            _ => double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }

    private static void Expect(string line, ref int position, char expected)
    {
        if (position >= line.Length || line[position] != expected)
        {
            throw new FormatException($"expected '{expected}' at column {position + 1}");
        }
        position++;
    }
}
