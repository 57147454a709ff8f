using System.Text.Json;
using StreamAe.Sink.Points;

namespace StreamAe.Tools.Report;

/// <summary>Reads the file sink's JSON lines (<c>{"measurement","tags","fields","time"}</c>) into score and alert points.</summary>
internal static class JsonLinesResults
{
    public static void Read(TextReader reader, ResultSet into, TimestampPrecision precision)
    {
        string? line;
        var number = 0;
        while ((line = reader.ReadLine()) != null)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var tags = root.GetProperty("tags").EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetString() ?? "", StringComparer.Ordinal);
                var fields = root.GetProperty("fields").EnumerateObject().ToDictionary(f => f.Name, f => Value(f.Value), StringComparer.Ordinal);
                ResultPoints.Add(into, root.GetProperty("measurement").GetString() ?? "", tags, fields,
                    ResultPoints.ToMilliseconds(root.GetProperty("time").GetInt64(), precision));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{into.Source}, line {number}: not a StreamAe JSON line ({e.Message})");
            }
        }
    }

    private static object Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number when value.TryGetInt64(out var whole) && !value.GetRawText().AsSpan().ContainsAny(".eE") => whole,
        JsonValueKind.Number => value.GetDouble(),
        _ => throw new FormatException($"unexpected {value.ValueKind} field"),
    };
}
