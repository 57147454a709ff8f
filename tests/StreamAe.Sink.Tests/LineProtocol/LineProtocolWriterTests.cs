using System.Text;
using StreamAe.Contracts;
using StreamAe.Sink.LineProtocol;
using StreamAe.Sink.Points;
using StreamAe.Sink.Tests.Support;

namespace StreamAe.Sink.Tests.LineProtocol;

public sealed class LineProtocolWriterTests
{
    [Fact]
    public void Random_points_encode_and_parse_back_to_the_same_point()
    {
        var random = new Random(20261123);
        using var buffer = new PooledByteBuffer();
        var writer = new LineProtocolWriter(buffer, TimestampPrecision.Nanoseconds);
        var expected = new List<ParsedPoint>();
        var rejected = 0;
        for (var n = 0; n < 3000; n++)
        {
            var point = RandomPoints.Next(random, RandomPoints.LineProtocolAlphabet, RandomPoints.LineProtocolAlphabet);
            var before = buffer.Length;
            writer.BeginPoint(point.Measurement);
            foreach (var (key, value) in point.Tags)
            {
                writer.Tag(key, value);
            }
            foreach (var (key, value) in point.Fields)
            {
                switch (value)
                {
                    case double d: writer.Field(key, d); break;
                    case long l: writer.Field(key, l); break;
                    case bool b: writer.Field(key, b); break;
                    default: writer.Field(key, (string)value); break;
                }
            }
            var written = writer.EndPointNanoseconds(point.Timestamp);
            var representable = Names(point).All(name => name.Length > 0 && !name.EndsWith('\\'));
            Assert.Equal(representable, written);
            if (written)
            {
                expected.Add(point with { Tags = [.. point.Tags.Where(t => t.Value.Length > 0)] });
            }
            else
            {
                rejected++;
                Assert.Equal(before, buffer.Length);
            }
        }

        var parsed = LineProtocolParser.Parse(buffer.WrittenSpan);

        Assert.Equal(rejected, writer.PointsRejected);
        Assert.InRange(rejected, 1, 2999);
        PointAssert.Equal(expected, parsed);
    }

    [Fact]
    public void Doubles_round_trip_exactly_through_the_shortest_form()
    {
        var random = new Random(7);
        using var buffer = new PooledByteBuffer();
        var writer = new LineProtocolWriter(buffer);
        var values = new List<double> { 0.1, -0.0, double.Epsilon, double.MaxValue, double.MinValue, 1e20, 1.03989471325e-05 };
        while (values.Count < 5000)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (double.IsFinite(value))
            {
                values.Add(value);
            }
        }
        foreach (var value in values)
        {
            writer.BeginPoint("m");
            writer.Field("v", value);
            writer.EndPointMilliseconds(1);
        }

        var parsed = LineProtocolParser.Parse(buffer.WrittenSpan);

        Assert.Equal(values, parsed.Select(p => (double)p.Fields[0].Value));
    }

    [Fact]
    public void A_repeated_double_between_changing_ones_keeps_its_exact_digits()
    {
        var random = new Random(11);
        using var buffer = new PooledByteBuffer();
        var writer = new LineProtocolWriter(buffer);
        double[] constants = [0.5, 1e-300, -2.2250738585072014E-308];
        var expected = new List<(double Score, double Threshold)>();
        for (var i = 0; i < 3000; i++)
        {
            // Scores repeat now and then, thresholds change now and then: hits and misses of the recent-value digits.
            var score = i % 7 == 0 && expected.Count > 0 ? expected[^1].Score : random.NextDouble() * Math.Pow(10, random.Next(-20, 20));
            var threshold = constants[i / 1000];
            writer.BeginPoint("m");
            writer.Field("score", score);
            writer.Field("threshold", threshold);
            writer.EndPointMilliseconds(i);
            expected.Add((score, threshold));
        }

        var parsed = LineProtocolParser.Parse(buffer.WrittenSpan);

        Assert.Equal(expected, parsed.Select(p => ((double)p.Fields[0].Value, (double)p.Fields[1].Value)));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_values_are_left_out_and_counted(double value)
    {
        using var buffer = new PooledByteBuffer();
        var writer = new LineProtocolWriter(buffer);

        writer.BeginPoint("m");
        writer.Field("bad", value);
        writer.Field("good", 1.5);
        Assert.True(writer.EndPointMilliseconds(5));
        writer.BeginPoint("m");
        writer.Field("bad", value);
        Assert.False(writer.EndPointMilliseconds(6));

        Assert.Equal("m good=1.5 5\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Equal(2, writer.NonFiniteFieldsRejected);
        Assert.Equal(1, writer.PointsRejected);
    }

    [Fact]
    public void Escapes_follow_the_influx_spec()
    {
        using var buffer = new PooledByteBuffer();
        var writer = new LineProtocolWriter(buffer);

        writer.BeginPoint("my meas,ure=ment");
        writer.Tag("tag key", "a,b=c d\\e");
        writer.Field("field=key", "say \"hi\"\\\nbye");
        writer.Field("n", 42L);
        writer.Field("ok", true);
        writer.EndPointMilliseconds(1_732_300_000_123);

        Assert.Equal("my\\ meas\\,ure=ment,tag\\ key=a\\,b\\=c\\ d\\e field\\=key=\"say \\\"hi\\\"\\\\\nbye\",n=42i,ok=true 1732300000123\n",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData(TimestampPrecision.Milliseconds, "1732300000123")]
    [InlineData(TimestampPrecision.Microseconds, "1732300000123000")]
    [InlineData(TimestampPrecision.Nanoseconds, "1732300000123000000")]
    public void Millisecond_timestamps_are_converted_to_the_precision(TimestampPrecision precision, string expected)
    {
        using var buffer = new PooledByteBuffer();
        var writer = new LineProtocolWriter(buffer, precision);

        writer.BeginPoint("m");
        writer.Field("v", 1L);
        writer.EndPointMilliseconds(1_732_300_000_123);

        Assert.Equal($"m v=1i {expected}\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Names_with_line_breaks_are_rejected()
    {
        using var buffer = new PooledByteBuffer();
        var writer = new LineProtocolWriter(buffer);

        writer.BeginPoint("m");
        writer.Tag("series", "line\nbreak");
        writer.Field("v", 1.0);

        Assert.False(writer.EndPointMilliseconds(1));
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void Schema_points_carry_the_documented_tags_fields_and_times()
    {
        using var buffer = new PooledByteBuffer();
        var writer = new LineProtocolWriter(buffer);
        var scored = TestData.Scored("s1", "dense", 2, anomaly: true, length: 3, reconstruction: [2f, 2.5f, 2f]);
        var close = new AlertEvent("s1", "dense", AlertState.Closed, TestData.BaseMs + 9000, 1.25, 3, 4000);

        StreamAeSchema.WriteWindow(writer, scored, close, residuals: true);
        var points = LineProtocolParser.Parse(buffer.WrittenSpan);

        Assert.Equal(5, points.Count);
        var score = points[0];
        Assert.Equal("streamae_score", score.Measurement);
        Assert.Equal([new("model", "dense"), new("series", "s1")], score.Tags);
        Assert.Equal([new("anomaly", (object)true), new("score", scored.Score), new("threshold", 0.5), new("window_start", scored.Window.StartMs)], score.Fields);
        Assert.Equal(scored.Window.EndMs, score.Timestamp);
        var alert = points[1];
        Assert.Equal("streamae_alert", alert.Measurement);
        Assert.Equal([new("model", "dense"), new("series", "s1"), new("state", "closed")], alert.Tags);
        Assert.Equal([new("duration_ms", (object)4000L), new("peak_score", 1.25), new("windows", 3L)], alert.Fields);
        Assert.Equal(close.TimestampMs, alert.Timestamp);
        var residuals = points.Skip(2).ToList();
        Assert.All(residuals, p => Assert.Equal("streamae_residual", p.Measurement));
        Assert.Equal([scored.Window.StartMs, scored.Window.StartMs + 8, scored.Window.EndMs], residuals.Select(p => p.Timestamp));
        Assert.Equal((double)scored.Window.Values[1] - 2.5f, (double)residuals[1].Fields.Single(f => f.Key == "residual").Value);
    }

    private static IEnumerable<string> Names(ParsedPoint point) =>
        new[] { point.Measurement }
            .Concat(point.Tags.Where(t => t.Value.Length > 0).SelectMany(t => new[] { t.Key, t.Value }))
            .Concat(point.Fields.Select(f => f.Key));
}
