using StreamAe.Sink.LineProtocol;
using StreamAe.Sink.Points;

namespace StreamAe.Sink.Tests.LineProtocol;

public sealed class TagSetPrefixCacheTests
{
    private static readonly TaggedMeasurement Measurement =
        new(PointName.Measurement("score s,v2"), PointName.Key("model"), PointName.Key("series"));

    [Fact]
    public void Cached_prefixes_keep_each_model_and_series_apart_and_escaped()
    {
        string[] models = ["dense", "lstm v2,β=1"];
        string[] series = ["ecg 7,lead=II", "ecg-8", "back\\slash"];
        var cache = new TagSetPrefixCache();
        using var buffer = new PooledByteBuffer();
        var writer = new LineProtocolWriter(buffer, TimestampPrecision.Milliseconds, cache);
        var expected = new List<(string Model, string Series)>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var model in models)
            {
                foreach (var name in series)
                {
                    writer.BeginPoint(Measurement, model, name);
                    writer.Field("v", 1L);
                    Assert.True(writer.EndPointMilliseconds(round));
                    expected.Add((model, name));
                }
            }
        }

        var points = LineProtocolParser.Parse(buffer.WrittenSpan);

        Assert.Equal(expected.Count, points.Count);
        Assert.All(points, p => Assert.Equal("score s,v2", p.Measurement));
        Assert.Equal(
            expected.Select(e => new KeyValuePair<string, string>[] { new("model", e.Model), new("series", e.Series) }),
            points.Select(p => p.Tags.ToArray()));
        Assert.InRange(cache.Count, 1, models.Length * series.Length);
    }

    [Fact]
    public void The_cache_holds_at_most_its_slots_and_evicted_prefixes_are_rebuilt_exactly()
    {
        var cache = new TagSetPrefixCache(slots: 4);
        using var buffer = new PooledByteBuffer();
        var writer = new LineProtocolWriter(buffer, TimestampPrecision.Milliseconds, cache);
        var series = Enumerable.Range(0, 200).Select(i => $"s {i % 50},x={i}").ToArray();
        foreach (var name in series.Concat(series))
        {
            writer.BeginPoint(Measurement, "m", name);
            writer.Field("v", 1L);
            writer.EndPointMilliseconds(1);
            Assert.InRange(cache.Count, 1, cache.Slots);
        }

        var points = LineProtocolParser.Parse(buffer.WrittenSpan);

        Assert.Equal(series.Concat(series), points.Select(p => p.Tags[1].Value));
        Assert.Equal(4, cache.Slots);
    }

    [Fact]
    public void A_cached_prefix_that_line_protocol_cannot_carry_rejects_every_point()
    {
        var cache = new TagSetPrefixCache();
        using var buffer = new PooledByteBuffer();
        var writer = new LineProtocolWriter(buffer, TimestampPrecision.Milliseconds, cache);
        var broken = "line\nbreak";
        for (var i = 0; i < 3; i++)
        {
            writer.BeginPoint(Measurement, "m", broken);
            writer.Field("v", 1L);
            Assert.False(writer.EndPointMilliseconds(i));
        }

        Assert.Equal(0, buffer.Length);
        Assert.Equal(3, writer.PointsRejected);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Prefixes_longer_than_a_slot_are_written_but_not_cached()
    {
        var cache = new TagSetPrefixCache();
        using var buffer = new PooledByteBuffer();
        var writer = new LineProtocolWriter(buffer, TimestampPrecision.Milliseconds, cache);
        var longSeries = new string('x', TagSetPrefixCache.SlotBytes);
        writer.BeginPoint(Measurement, "", longSeries);
        writer.Field("v", 1L);
        writer.EndPointMilliseconds(1);

        var point = Assert.Single(LineProtocolParser.Parse(buffer.WrittenSpan));

        Assert.Equal([new KeyValuePair<string, string>("series", longSeries)], point.Tags);
        Assert.Equal(0, cache.Count);
    }
}
