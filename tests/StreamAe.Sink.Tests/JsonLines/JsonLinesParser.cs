using System.Text;
using System.Text.Json;
using StreamAe.Sink.Tests.Support;

namespace StreamAe.Sink.Tests.JsonLines;

/// <summary>
/// Reads JSON lines with System.Text.Json (independently of the writer): every line one object with exactly
/// <c>measurement</c>, <c>tags</c>, <c>fields</c> and <c>time</c>; a number with a decimal point or an exponent is a
/// float field, any other number an integer field.
/// </summary>
internal static class JsonLinesParser
{
    public static List<ParsedPoint> Parse(ReadOnlySpan<byte> utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("The last line must end with a line feed.");
        }
        return text.Split('\n')[..^1].Select(ParseLine).ToList();
    }

    private static ParsedPoint ParseLine(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        if (!names.SequenceEqual(["measurement", "tags", "fields", "time"]))
        {
            throw new FormatException($"Unexpected properties: {string.Join(", ", names)}.");
        }
        var tags = root.GetProperty("tags").EnumerateObject()
            .Select(tag => new KeyValuePair<string, string>(tag.Name, tag.Value.GetString()!))
            .ToList();
        var fields = root.GetProperty("fields").EnumerateObject()
            .Select(field => new KeyValuePair<string, object>(field.Name, FieldValue(field.Value)))
            .ToList();
        return new ParsedPoint(root.GetProperty("measurement").GetString()!, tags, fields, root.GetProperty("time").GetInt64());
    }

    private static object FieldValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when value.GetRawText().AsSpan().IndexOfAny(".eE") >= 0 => value.GetDouble(),
        JsonValueKind.Number => value.GetInt64(),
        _ => throw new FormatException($"Unexpected field value {value.GetRawText()}."),
    };
}
