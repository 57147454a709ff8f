using System.Text;
using StreamAe.Contracts;
using StreamAe.Sink.JsonLines;
using StreamAe.Sink.LineProtocol;
using StreamAe.Sink.Points;
using StreamAe.Sink.Tests.LineProtocol;
using StreamAe.Sink.Tests.Support;

namespace StreamAe.Sink.Tests.JsonLines;

public sealed class JsonLinesWriterTests
{
    [Fact]
    public void Random_points_with_nasty_text_parse_back_to_the_same_point()
    {
        var random = new Random(20261124);
        using var buffer = new PooledByteBuffer();
        var writer = new JsonLinesWriter(buffer, TimestampPrecision.Nanoseconds);
        var expected = new List<ParsedPoint>();
        for (var n = 0; n < 3000; n++)
        {
            var point = RandomPoints.Next(random, RandomPoints.LineProtocolAlphabet, RandomPoints.JsonAlphabet);
            // Names are PointNames, which every format must carry; the text around them may be anything.
            if (!Names(point).All(name => name.Length > 0 && !name.EndsWith('\\')))
            {
                continue;
            }
            Write(writer, point);
            expected.Add(point with { Tags = [.. point.Tags.Where(t => t.Value.Length > 0)] });
        }

        var parsed = JsonLinesParser.Parse(buffer.WrittenSpan);

        Assert.InRange(expected.Count, 1000, 3000);
        Assert.Equal(expected.Count, writer.PointsWritten);
        PointAssert.Equal(expected, parsed);
    }

    [Fact]
    public void Float_fields_keep_a_decimal_point_or_exponent_and_integers_never_get_one()
    {
        using var buffer = new PooledByteBuffer();
        var writer = new JsonLinesWriter(buffer);

        writer.BeginPoint(PointName.Measurement("m"));
        writer.Field(PointName.Key("one"), 1.0);
        writer.Field(PointName.Key("negative_zero"), -0.0);
        writer.Field(PointName.Key("big"), 1e20);
        writer.Field(PointName.Key("small"), 1.03989471325e-05);
        writer.Field(PointName.Key("count"), 1L);
        writer.EndPointMilliseconds(5);

        Assert.Equal("""{"measurement":"m","tags":{},"fields":{"one":1.0,"negative_zero":-0.0,"big":1E+20,"small":1.03989471325E-05,"count":1},"time":5}""" + "\n",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Schema_points_are_the_same_points_as_in_line_protocol()
    {
        using var lineProtocol = new PooledByteBuffer();
        using var jsonLines = new PooledByteBuffer();
        IPointWriter[] writers = [new LineProtocolWriter(lineProtocol, TimestampPrecision.Microseconds), new JsonLinesWriter(jsonLines, TimestampPrecision.Microseconds)];
        // A lone surrogate becomes U+FFFD in both formats.
        var series = "ecg 7,lead=\"II\" \\ é😀 \ud800";
        var scored = TestData.Scored(series, "dense v2", 2, anomaly: true, length: 3, reconstruction: [2f, 2.5f, 2f]);
        var open = new AlertEvent(series, "dense v2", AlertState.Open, TestData.BaseMs + 9000, 1.25, 3, null) { Explanation = "peak at \"7\"\nchannel 0" };

        foreach (var writer in writers)
        {
            StreamAeSchema.WriteWindow(writer, scored, open, residuals: true);
            StreamAeSchema.WriteAlert(writer, open with { State = AlertState.Closed, DurationMs = 4000 });
        }
        var expected = LineProtocolParser.Parse(lineProtocol.WrittenSpan);
        var actual = JsonLinesParser.Parse(jsonLines.WrittenSpan);

        Assert.Equal(6, expected.Count);
        PointAssert.Equal(expected, actual);
    }

    [Fact]
    public void Points_without_a_finite_field_are_taken_back_and_counted()
    {
        using var buffer = new PooledByteBuffer();
        var writer = new JsonLinesWriter(buffer);
        var key = PointName.Key("v");
        var series = PointName.Key("series");

        writer.BeginPoint(PointName.Measurement("m"));
        writer.Field(key, double.NaN);
        writer.Field(PointName.Key("w"), 2.5);
        Assert.True(writer.EndPointMilliseconds(1));
        var kept = buffer.Length;
        writer.BeginPoint(PointName.Measurement("m"));
        writer.Field(key, double.PositiveInfinity);
        Assert.False(writer.EndPointMilliseconds(2));
        writer.BeginPoint(PointName.Measurement("m"));
        // Longer than the JSON writer holds back, so part of the point has reached the buffer before it is taken back.
        writer.Tag(series, new string('x', 100_000));
        writer.Field(key, double.NaN);
        Assert.False(writer.EndPointMilliseconds(3));
        Assert.Equal(kept, buffer.Length);
        writer.BeginPoint(PointName.Measurement("m"));
        writer.Tag(series, "after");
        writer.Field(key, 3L);
        Assert.True(writer.EndPointMilliseconds(4));

        var points = JsonLinesParser.Parse(buffer.WrittenSpan);

        Assert.Equal([1L, 4L], points.Select(p => p.Timestamp));
        Assert.Equal([new KeyValuePair<string, object>("w", 2.5)], points[0].Fields);
        Assert.Equal(3, writer.NonFiniteFieldsRejected);
        Assert.Equal(2, writer.PointsRejected);
    }

    [Theory]
    [InlineData(TimestampPrecision.Milliseconds, 1L)]
    [InlineData(TimestampPrecision.Microseconds, 1_000L)]
    [InlineData(TimestampPrecision.Nanoseconds, 1_000_000L)]
    public void Time_is_in_the_chosen_precision(TimestampPrecision precision, long unitsPerMillisecond)
    {
        using var buffer = new PooledByteBuffer();
        var writer = new JsonLinesWriter(buffer, precision);
        var scored = TestData.Scored("s", "m", 123);

        StreamAeSchema.WriteScore(writer, scored);

        Assert.Equal(scored.Window.EndMs * unitsPerMillisecond, Assert.Single(JsonLinesParser.Parse(buffer.WrittenSpan)).Timestamp);
    }

    private static IEnumerable<string> Names(ParsedPoint point) =>
        new[] { point.Measurement }.Concat(point.Tags.Select(t => t.Key)).Concat(point.Fields.Select(f => f.Key));

    private static void Write(JsonLinesWriter writer, ParsedPoint point)
    {
        writer.BeginPoint(PointName.Measurement(point.Measurement));
        foreach (var (key, value) in point.Tags)
        {
            writer.Tag(PointName.Key(key), value);
        }
        foreach (var (key, value) in point.Fields)
        {
            var name = PointName.Key(key);
            switch (value)
            {
                case double d: writer.Field(name, d); break;
                case long l: writer.Field(name, l); break;
                case bool b: writer.Field(name, b); break;
                default: writer.Field(name, (string)value); break;
            }
        }
        Assert.True(writer.EndPointNanoseconds(point.Timestamp));
    }
}
