using System.Text;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using StreamAe.Contracts;
using StreamAe.Sink.LineProtocol;
using StreamAe.Sink.Points;
using StreamAe.Sink.Tests.Support;
using StreamAe.TestSupport.Influx;

namespace StreamAe.Sink.Tests.Reference;

/// <summary>
/// The project's line protocol against InfluxDB.Client's (the reference encoder) for the same points. The write path
/// keeps its own encoder (6–8× faster, no allocation per point); this keeps it honest. Known difference: the client
/// writes a tab in a name or tag value as the two characters <c>\t</c>, which InfluxDB does not unescape (it stores a
/// backslash and a t); the project writes the tab itself, which InfluxDB keeps (line protocol escapes only commas,
/// equals signs and spaces there).
/// </summary>
public sealed class ClientLineProtocolTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private const long TimeMs = 1_732_300_000_123;

    public static TheoryData<string, string, double> ScorePoints => new()
    {
        { "ecg-01", "dense", 0.123456789012345 },
        { "ward 7,bed=3", "dense v2", 1e-300 },
        { "série-σ", "m\"x", 12345678.5 },
        { "back\\slash", "model", -0.0 },
    };

    [Theory]
    [MemberData(nameof(ScorePoints))]
    public void A_score_point_is_byte_for_byte_the_clients(string series, string model, double score)
    {
        var scored = TestData.Scored(series, model, 0, score: score, anomaly: true);

        var ours = Project(writer => StreamAeSchema.WriteScore(writer, scored));
        var theirs = PointData.Measurement(StreamAeSchema.ScoreMeasurement)
            .Tag("model", model).Tag("series", series)
            .Field("anomaly", true).Field("score", score).Field("threshold", scored.Threshold).Field("window_start", scored.Window.StartMs)
            .Timestamp(scored.Window.EndMs, WritePrecision.Ms).ToLineProtocol();

        Assert.Equal(theirs, ours);
    }

    [Fact]
    public void An_alert_point_has_the_clients_tags_and_fields_the_explanation_escaped_alike()
    {
        var alert = new AlertEvent("ward 7", "dense", AlertState.Closed, TimeMs, 0.75, 4, 9000, "samples 3, 9: \"high\" \\ done");

        var ours = Project(writer => StreamAeSchema.WriteAlert(writer, alert));
        var theirs = PointData.Measurement(StreamAeSchema.AlertMeasurement)
            .Tag("model", "dense").Tag("series", "ward 7").Tag("state", "closed")
            .Field("duration_ms", 9000L).Field("peak_score", 0.75).Field("windows", 4L).Field("explanation", alert.Explanation)
            .Timestamp(TimeMs, WritePrecision.Ms).ToLineProtocol();

        // The client sorts fields by name; the schema writes the explanation last. Same fields, same bytes each.
        Assert.Equal(FieldsSorted(theirs), FieldsSorted(ours));
    }

    [Fact]
    public async Task A_tab_in_a_tag_value_is_the_one_known_difference_and_influxdb_keeps_the_projects_tab()
    {
        var scored = TestData.Scored("ward\t7", TestData.UniqueModel("tab"), 0, anomaly: false);

        var ours = Project(writer => StreamAeSchema.WriteScore(writer, scored));
        var theirs = PointData.Measurement(StreamAeSchema.ScoreMeasurement)
            .Tag("model", scored.Model).Tag("series", "ward\t7")
            .Field("anomaly", false).Field("score", scored.Score).Field("threshold", scored.Threshold).Field("window_start", scored.Window.StartMs)
            .Timestamp(scored.Window.EndMs, WritePrecision.Ms).ToLineProtocol();

        Assert.Contains("series=ward\t7 ", ours, StringComparison.Ordinal); // the tab itself
        Assert.Contains("series=ward\\t7 ", theirs, StringComparison.Ordinal); // backslash and t
        Assert.Equal(theirs.Replace("\\t", "\t", StringComparison.Ordinal), ours);

        using (var http = new HttpClient { BaseAddress = influx.Url })
        {
            var body = ours + "\n" + theirs.Replace("anomaly=false", "anomaly=true", StringComparison.Ordinal) + "\n";
            using var written = await http.PostAsync($"write?db={influx.Database}&precision=ms", new StringContent(body));
            written.EnsureSuccessStatusCode();
        }
        var rows = await influx.QueryRowsAsync($"SELECT \"anomaly\", \"series\" FROM streamae_score WHERE model = '{scored.Model}'");
        Assert.Equal("ward\t7", rows.Single(r => !r.Bool("anomaly")).Tag("series"));
        Assert.Equal("ward\\t7", rows.Single(r => r.Bool("anomaly")).Tag("series"));
    }

    private static string Project(Action<LineProtocolWriter> write)
    {
        using var buffer = new PooledByteBuffer();
        write(new LineProtocolWriter(buffer, TimestampPrecision.Milliseconds));
        return Encoding.UTF8.GetString(buffer.WrittenSpan).TrimEnd('\n');
    }

    /// <summary>The line with its field set in name order (fields split at commas outside quoted strings).</summary>
    private static string FieldsSorted(string line)
    {
        var parts = SplitOutsideQuotes(line, ' ');
        var fields = SplitOutsideQuotes(parts[1], ',').Order(StringComparer.Ordinal);
        return $"{parts[0]} {string.Join(',', fields)} {parts[2]}";
    }

    private static List<string> SplitOutsideQuotes(string text, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(c).Append(text[++i]);
                continue;
            }
            if (c == '"')
            {
                quoted = !quoted;
            }
            if (c == separator && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        parts.Add(current.ToString());
        return parts;
    }
}
