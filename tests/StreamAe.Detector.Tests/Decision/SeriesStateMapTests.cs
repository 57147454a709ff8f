using StreamAe.Detector.Decision;

namespace StreamAe.Detector.Tests.Decision;

public sealed class SeriesStateMapTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(1);

    [Fact]
    public void Refuses_new_series_at_the_limit_until_one_is_removed()
    {
        var map = new SeriesStateMap<string>("test", maxSeries: 2, Idle, new ManualClock());

        Assert.True(map.TryAdd("a", "state a"));
        Assert.True(map.TryAdd("b", "state b"));
        Assert.True(map.IsFull);
        Assert.False(map.TryAdd("c", "state c"));
        map.Remove("a");
        Assert.True(map.TryAdd("c", "state c"));

        Assert.False(map.TryGet("a", out _));
        Assert.True(map.TryGet("c", out var state));
        Assert.Equal("state c", state);
        Assert.Equal(2, map.Count);
    }

    [Fact]
    public void Evicts_the_series_not_used_for_the_idle_timeout_and_keeps_the_ones_used_since()
    {
        var clock = new ManualClock();
        var map = new SeriesStateMap<string>("test", maxSeries: 10, Idle, clock);
        map.TryAdd("old", "o");
        map.TryAdd("used", "u");
        clock.Advance(Idle / 2);
        map.TryAdd("young", "y");
        Assert.True(map.TryGet("used", out _)); // a lookup counts as use
        clock.Advance(Idle / 2);

        var evicted = new List<(string, string)>();
        map.EvictIdle((series, state) => evicted.Add((series, state)));

        Assert.Equal([("old", "o")], evicted);
        Assert.Equal(2, map.Count);
        Assert.True(map.TryGet("young", out _));
        Assert.True(map.TryGet("used", out _));
    }

    [Fact]
    public void A_zero_idle_timeout_keeps_every_series()
    {
        var clock = new ManualClock();
        var map = new SeriesStateMap<string>("test", maxSeries: 10, TimeSpan.Zero, clock);
        map.TryAdd("a", "a");
        clock.Advance(TimeSpan.FromDays(365));

        map.EvictIdle();

        Assert.Equal(1, map.Count);
    }
}
