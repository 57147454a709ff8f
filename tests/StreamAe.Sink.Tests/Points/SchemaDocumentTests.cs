using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using StreamAe.Contracts;
using StreamAe.Sink.JsonLines;
using StreamAe.Sink.Kafka;
using StreamAe.Sink.Points;
using StreamAe.Sink.Tests.JsonLines;
using StreamAe.Sink.Tests.Support;
using StreamAe.TestSupport;

namespace StreamAe.Sink.Tests.Points;

/// <summary>
/// docs/schema.md is the output contract: its tables (a row a tag or field, with its type) must list exactly what
/// <see cref="StreamAeSchema"/> writes, and its alert JSON examples must be what <see cref="AlertJson"/> writes.
/// </summary>
public sealed partial class SchemaDocumentTests
{
    private const string DocumentPath = "docs/schema.md";

    [Fact]
    public void The_schema_page_lists_exactly_the_tags_and_fields_the_encoder_writes()
    {
        // Everything the encoder can write at once: a multichannel anomalous window with its reconstruction and
        // calibrated score, the alert it opens (explained) and a closing alert (with its duration).
        var window = new Window
        {
            Series = "pump-3",
            StartMs = TestData.BaseMs,
            EndMs = TestData.BaseMs + 1000,
            Values = [0.1f, 0.3f, 0.2f, 0.9f],
            Length = 2,
            Channels = 2,
        };
        var scored = new ScoredWindow(window, "dense", 0.8, 0.5, true, [0.1f, 0.3f, 0.2f, 0.4f]) { CalibratedScore = 0.99 };
        var open = new AlertEvent("pump-3", "dense", AlertState.Open, window.EndMs, 0.8, 2, null, "sample 1 channel 1 (+0.5)");
        var closed = new AlertEvent("pump-3", "dense", AlertState.Closed, window.EndMs + 3000, 0.8, 2, 4000);
        using var buffer = new PooledByteBuffer();
        var writer = new JsonLinesWriter(buffer);
        StreamAeSchema.WriteWindow(writer, scored, open, residuals: true);
        StreamAeSchema.WriteAlert(writer, closed);

        var written = JsonLinesParser.Parse(buffer.WrittenSpan)
            .SelectMany(point => point.Tags.Select(tag => Row(point.Measurement, "tag", tag.Key, "string"))
                .Concat(point.Fields.Select(field => Row(point.Measurement, "field", field.Key, TypeName(field.Value)))))
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(string.Join("\n", DocumentedRows()), string.Join("\n", written));
    }

    [Fact]
    public void The_alert_examples_in_the_schema_page_are_what_the_alerts_topic_carries()
    {
        var (fields, examples) = AlertsTopicSection();
        Assert.NotEmpty(examples);
        var names = new List<string>();
        foreach (var example in examples)
        {
            using var document = JsonDocument.Parse(example);
            var root = document.RootElement;
            names.AddRange(root.EnumerateObject().Select(p => p.Name).Where(n => !names.Contains(n)));
            var alert = new AlertEvent(
                root.GetProperty("series").GetString()!,
                root.GetProperty("model").GetString()!,
                root.GetProperty("state").GetString() == "open" ? AlertState.Open : AlertState.Closed,
                root.GetProperty("timestamp_ms").GetInt64(),
                root.GetProperty("peak_score").GetDouble(),
                root.GetProperty("windows").GetInt32(),
                root.TryGetProperty("duration_ms", out var duration) ? duration.GetInt64() : null,
                root.TryGetProperty("explanation", out var explanation) ? explanation.GetString() : null);
            Assert.Equal(example, Encoding.UTF8.GetString(AlertJson.Serialize(alert)));
        }
        Assert.Equal(fields.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    private static string Row(string measurement, string kind, string name, string type) => $"{measurement} {kind} {name} {type}";

    private static string TypeName(object value) => value switch
    {
        double => "float",
        long => "integer",
        bool => "bool",
        _ => "string",
    };

    /// <summary>The tag and field rows of each measurement's table (a section headed <c>## `streamae_…`</c>).</summary>
    private static IEnumerable<string> DocumentedRows()
    {
        var rows = new List<string>();
        string? measurement = null;
        foreach (var line in Repository.ReadLines(DocumentPath))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                var heading = MeasurementHeading().Match(line);
                measurement = heading.Success ? heading.Groups[1].Value : null;
                continue;
            }
            var row = TagOrFieldRow().Match(line);
            if (measurement is not null && row.Success)
            {
                rows.Add(Row(measurement, row.Groups[1].Value, row.Groups[2].Value, row.Groups[3].Value));
            }
        }
        Assert.Contains(rows, r => r.StartsWith("streamae_residual ", StringComparison.Ordinal));
        return rows.Order(StringComparer.Ordinal);
    }

    /// <summary>The field names of the alerts topic's table, and its JSON examples.</summary>
    private static (List<string> Fields, List<string> Examples) AlertsTopicSection()
    {
        var lines = Repository.ReadLines(DocumentPath);
        var start = Array.FindIndex(lines, l => l.StartsWith("## Alerts topic", StringComparison.Ordinal));
        Assert.True(start >= 0, $"{DocumentPath} has no '## Alerts topic' section.");
        var fields = new List<string>();
        var examples = new List<string>();
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            if (FieldRow().Match(lines[i]) is { Success: true } row)
            {
                fields.Add(row.Groups[1].Value);
            }
            else if (lines[i] == "```json")
            {
                examples.Add(lines[++i]);
                Assert.Equal("```", lines[++i]);
            }
        }
        return (fields, examples);
    }

    [GeneratedRegex("^## `(streamae_[a-z]+)`")]
    private static partial Regex MeasurementHeading();

    [GeneratedRegex(@"^\| (tag|field) \| `([a-z_]+)` \| ([a-z]+) \|")]
    private static partial Regex TagOrFieldRow();

    [GeneratedRegex(@"^\| `([a-z_]+)` \| ")]
    private static partial Regex FieldRow();
}
