using StreamAe.Contracts;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Ingest.Tests.Windowing;

public sealed class WindowerTests
{
    private readonly List<Window> _windows = [];

    private Windower Create(int length, int hop, int channels = 1, Action<WindowerOptions>? configure = null)
    {
        var options = new WindowerOptions { WindowLength = length, Hop = hop, Channels = channels };
        configure?.Invoke(options);
        return new Windower(options, _windows.Add);
    }

    private static void AddSequence(Windower windower, string series, int count, long firstTs = 1000, long stepMs = 10)
    {
        for (var i = 0; i < count; i++)
        {
            windower.Add(series, firstTs + i * stepMs, [i]);
        }
    }

    [Fact]
    public void Tumbling_windows_cut_consecutive_blocks()
    {
        var windower = Create(length: 4, hop: 4);
        AddSequence(windower, "s", 10);
        Assert.Equal(2, _windows.Count);
        Assert.Equal([0f, 1, 2, 3], _windows[0].Values);
        Assert.Equal([4f, 5, 6, 7], _windows[1].Values);
        Assert.Equal(1000, _windows[0].StartMs);
        Assert.Equal(1030, _windows[0].EndMs);
        Assert.Equal(1040, _windows[1].StartMs);
        Assert.All(_windows, w => Assert.Equal(("s", 4, 1), (w.Series, w.Length, w.Channels)));
    }

    [Fact]
    public void Sliding_windows_start_every_hop_samples()
    {
        var windower = Create(length: 4, hop: 2);
        AddSequence(windower, "s", 9);
        Assert.Equal([[0f, 1, 2, 3], [2f, 3, 4, 5], [4f, 5, 6, 7]], _windows.Select(w => w.Values).ToArray());
    }

    [Fact]
    public void Hop_of_one_emits_a_window_per_sample_once_full()
    {
        var windower = Create(length: 3, hop: 1);
        AddSequence(windower, "s", 6);
        Assert.Equal([[0f, 1, 2], [1f, 2, 3], [2f, 3, 4], [3f, 4, 5]], _windows.Select(w => w.Values).ToArray());
        Assert.Equal([1000L, 1010, 1020, 1030], _windows.Select(w => w.StartMs));
    }

    [Fact]
    public void Hop_longer_than_the_window_leaves_samples_out()
    {
        var windower = Create(length: 2, hop: 3);
        AddSequence(windower, "s", 8);
        Assert.Equal([[0f, 1], [3f, 4], [6f, 7]], _windows.Select(w => w.Values).ToArray());
        Assert.Equal(2, windower.Stats.SamplesSkipped);
    }

    [Fact]
    public void Windows_longer_than_the_initial_ring_keep_every_sample_in_order()
    {
        var windower = Create(length: 100, hop: 30);
        AddSequence(windower, "s", 200);
        Assert.Equal(4, _windows.Count); // starts 0, 30, 60, 90
        for (var w = 0; w < _windows.Count; w++)
        {
            Assert.Equal(Enumerable.Range(w * 30, 100).Select(i => (float)i), _windows[w].Values);
        }
    }

    [Fact]
    public void Multichannel_windows_are_sample_major()
    {
        var windower = Create(length: 2, hop: 2, channels: 3);
        windower.Add("s", 1, [1, 2, 3]);
        windower.Add("s", 2, [4, 5, 6]);
        var window = Assert.Single(_windows);
        Assert.Equal([1f, 2, 3, 4, 5, 6], window.Values);
        Assert.Equal(3, window.Channels);
        Assert.Throws<ArgumentException>(() => windower.Add("s", 3, [1, 2]));
    }

    [Fact]
    public void Series_are_windowed_independently()
    {
        var windower = Create(length: 2, hop: 2);
        windower.Add("a", 1, [1]);
        windower.Add("b", 1, [10]);
        windower.Add("a", 2, [2]);
        windower.Add("b".AsSpan(), 2, [20]);
        Assert.Equal([("a", new[] { 1f, 2 }), ("b", new[] { 10f, 20 })], _windows.Select(w => (w.Series, w.Values)));
    }

    [Fact]
    public void Drop_policy_drops_and_counts_late_samples_but_keeps_repeated_timestamps()
    {
        var windower = Create(length: 3, hop: 3, configure: o => o.OutOfOrder = OutOfOrderPolicy.Drop);
        windower.Add("s", 100, [1]);
        windower.Add("s", 90, [99]);
        windower.Add("s", 100, [2]);
        windower.Add("s", 110, [3]);
        Assert.Equal([1f, 2, 3], Assert.Single(_windows).Values);
        Assert.Equal(1, windower.Stats.LateSamplesDropped);
    }

    [Fact]
    public void Accept_policy_keeps_arrival_order_when_time_steps_back()
    {
        var windower = Create(length: 3, hop: 3, configure: o => o.OutOfOrder = OutOfOrderPolicy.Accept);
        windower.Add("s", 100, [1]);
        windower.Add("s", 90, [2]);
        windower.Add("s", 90, [3]);
        var window = Assert.Single(_windows);
        Assert.Equal([1f, 2, 3], window.Values);
        Assert.Equal((100, 90), (window.StartMs, window.EndMs));
    }

    [Fact]
    public void Reorder_policy_sorts_within_the_bound_and_drops_older_stragglers()
    {
        var windower = Create(length: 3, hop: 3, configure: o =>
        {
            o.OutOfOrder = OutOfOrderPolicy.Reorder;
            o.ReorderBoundMs = 20;
        });
        foreach (var (ts, value) in new[] { (100L, 1f), (120L, 3f), (110L, 2f), (130L, 4f), (200L, 9f), (105L, 0f) })
        {
            windower.Add("s", ts, [value]);
        }
        // 100, 110, 120 release once 130+ arrives; 105 comes after 130 was released -> too late.
        var window = Assert.Single(_windows);
        Assert.Equal([1f, 2, 3], window.Values);
        Assert.Equal((100, 120), (window.StartMs, window.EndMs));
        Assert.Equal(1, windower.Stats.SamplesReordered);
        Assert.Equal(1, windower.Stats.LateSamplesDropped);
    }

    [Fact]
    public void A_gap_longer_than_the_limit_restarts_the_window()
    {
        var windower = Create(length: 3, hop: 3, configure: o => o.MaxGapMs = 50);
        windower.Add("s", 0, [1]);
        windower.Add("s", 10, [2]);
        windower.Add("s", 100, [3]); // gap 90 > 50: 1 and 2 are discarded
        windower.Add("s", 110, [4]);
        windower.Add("s", 120, [5]);
        Assert.Equal([3f, 4, 5], Assert.Single(_windows).Values);
        Assert.Equal((1, 2), (windower.Stats.GapRestarts, windower.Stats.SamplesDiscarded));
    }

    [Fact]
    public void A_window_is_anomalous_when_any_of_its_samples_is()
    {
        var windower = Create(length: 2, hop: 2);
        windower.Add("s", 1, [1], label: false);
        windower.Add("s", 2, [2], label: true);
        windower.Add("s", 3, [3], label: false);
        windower.Add("s", 4, [4], label: false);
        windower.Add("s", 5, [5]);
        windower.Add("s", 6, [6]);
        Assert.Equal([true, false, null], _windows.Select(w => w.Label));
    }

    [Fact]
    public void Pre_windowed_records_pass_through_unchanged()
    {
        var windower = Create(length: 4, hop: 4);
        windower.AddWindow("beat-1", 10, 20, [1, 2, 3], label: true);
        var window = Assert.Single(_windows);
        Assert.Equal(("beat-1", 10L, 20L, 3, true), (window.Series, window.StartMs, window.EndMs, window.Length, window.Label));
        Assert.Equal([1f, 2, 3], window.Values);
        Assert.Null(window.Delivery);
    }

    [Fact]
    public void Least_recently_updated_series_is_evicted_at_the_series_limit()
    {
        var windower = Create(length: 2, hop: 2, configure: o => o.MaxSeries = 2);
        windower.Add("a", 1, [1]);
        windower.Add("b", 1, [1]);
        windower.Add("a", 2, [2]); // a is now newer than b -> window a
        windower.Add("c", 1, [1]); // evicts b
        windower.Add("b", 2, [2]); // b starts again (evicts a, whose ring is empty)
        Assert.Equal(["a"], _windows.Select(w => w.Series));
        Assert.Equal(2, windower.SeriesCount);
        Assert.Equal(2, windower.Stats.SeriesEvictedForCapacity);
        Assert.Equal(1, windower.Stats.SamplesDiscarded);
    }

    [Fact]
    public void Idle_series_are_evicted_by_wall_clock()
    {
        var windower = Create(length: 4, hop: 4, configure: o => o.IdleTimeout = TimeSpan.FromSeconds(10));
        windower.ClockMs = 0;
        windower.Add("old", 1, [1]);
        windower.ClockMs = 8_000;
        windower.Add("recent", 1, [1]);
        windower.ClockMs = 15_000;
        Assert.Equal(1, windower.EvictIdle());
        Assert.Equal(1, windower.SeriesCount);
        Assert.Equal(1, windower.Stats.SeriesEvictedIdle);
    }

    [Fact]
    public void Memory_stays_bounded_under_a_hundred_thousand_distinct_series()
    {
        const int maxSeries = 5_000;
        var windower = Create(length: 140, hop: 140, configure: o => o.MaxSeries = maxSeries);
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        Span<float> value = [0.5f];
        for (var round = 0; round < 3; round++)
        {
            for (var key = 0; key < 100_000; key++)
            {
                windower.Add($"series-{round}-{key}", key, value);
            }
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(maxSeries, windower.SeriesCount);
        Assert.Equal(300_000 - maxSeries, windower.Stats.SeriesEvictedForCapacity);
        // 5 000 live series with a 16-sample starting ring are ~1 MB of buffers plus names and map entries.
        Assert.InRange(after - before, long.MinValue, 32L * 1024 * 1024);
    }

    [Fact]
    public void Invalid_options_are_reported_by_key()
    {
        var errors = new WindowerOptions { WindowLength = 0, Hop = -1, Channels = 0, MaxSeries = 0 }.Validate("Pipelines:0:Window").ToList();
        Assert.Contains(errors, e => e.StartsWith("Pipelines:0:Window:Hop ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("WindowLength", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Hop", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Channels", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxSeries", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new Windower(new WindowerOptions { Hop = 0 }, _ => { }));
    }
}
