using StreamAe.Contracts;
using StreamAe.Ingest.Commit;
using StreamAe.Ingest.Tests.Commit;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Ingest.Tests.Windowing;

/// <summary>Windows on a time grid (hop × sampling interval): they start at the first sample of each cell, so a
/// series re-read from any earlier point yields the same windows.</summary>
public sealed class TimeAlignedWindowerTests
{
    private readonly List<Window> _windows = [];

    private Windower Create(int length, int hop, long intervalMs = 10, Action<WindowerOptions>? configure = null)
    {
        var options = new WindowerOptions { WindowLength = length, Hop = hop, SampleIntervalMs = intervalMs };
        configure?.Invoke(options);
        return new Windower(options, _windows.Add);
    }

    private static void Feed(Windower windower, IEnumerable<long> timestamps, string series = "s")
    {
        foreach (var ts in timestamps)
        {
            windower.Add(series, ts, [ts]);
        }
    }

    private static long[] Regular(long from, int count, long step = 10) =>
        Enumerable.Range(0, count).Select(i => from + i * step).ToArray();

    [Fact]
    public void Tumbling_windows_start_on_the_grid_of_hop_times_interval()
    {
        var windower = Create(length: 4, hop: 4);
        Feed(windower, Regular(0, 10));
        Assert.Equal([[0f, 10, 20, 30], [40f, 50, 60, 70]], _windows.Select(w => w.Values).ToArray());
        Assert.Equal([(0L, 30L), (40L, 70L)], _windows.Select(w => (w.StartMs, w.EndMs)));
    }

    [Fact]
    public void A_series_first_read_mid_cell_waits_for_the_next_cell()
    {
        var windower = Create(length: 4, hop: 4);
        Feed(windower, Regular(20, 12)); // 20 … 130: the cell [0, 40) is already under way
        Assert.Equal([40L, 80L], _windows.Select(w => w.StartMs));
    }

    [Fact]
    public void Sliding_windows_start_every_hop_interval()
    {
        var windower = Create(length: 4, hop: 2);
        Feed(windower, Regular(0, 9));
        Assert.Equal([0L, 20, 40], _windows.Select(w => w.StartMs));
        Assert.All(_windows, w => Assert.Equal(4, w.Values.Length));
        Assert.Equal([40f, 50, 60, 70], _windows[^1].Values);
    }

    [Fact]
    public void Hop_longer_than_the_window_leaves_the_rest_of_the_cell_out()
    {
        var windower = Create(length: 2, hop: 3);
        Feed(windower, Regular(0, 8));
        Assert.Equal([[0f, 10], [30f, 40], [60f, 70]], _windows.Select(w => w.Values).ToArray());
    }

    [Fact]
    public void Irregular_timestamps_start_a_window_at_the_first_sample_of_each_cell()
    {
        var windower = Create(length: 3, hop: 4); // cells of 40 ms
        Feed(windower, [0, 7, 33, 41, 45, 90, 95, 119, 121, 200]);
        // 121 opens the cell [120, 160) and waits for a third sample; 200 would open a window of its own.
        Assert.Equal([[0f, 7, 33], [41f, 45, 90], [90f, 95, 119]], _windows.Select(w => w.Values).ToArray());
    }

    [Fact]
    public void The_interval_of_chunk_messages_aligns_series_when_none_is_configured()
    {
        var windower = Create(length: 2, hop: 2, intervalMs: 0);
        foreach (var ts in Regular(5, 8, step: 5)) // 5 … 40 with a 5 ms interval: cells of 10 ms
        {
            windower.Add("chunked", ts, [ts], intervalMs: 5);
            windower.Add("unaligned", ts, [ts]);
        }
        Assert.Equal([10L, 20, 30], _windows.Where(w => w.Series == "chunked").Select(w => w.StartMs));
        Assert.Equal([5L, 15, 25, 35], _windows.Where(w => w.Series == "unaligned").Select(w => w.StartMs));
    }

    [Fact]
    public void Arrival_alignment_counts_from_the_first_sample_even_with_an_interval()
    {
        var windower = Create(length: 4, hop: 4, configure: o => o.Alignment = WindowAlignment.Arrival);
        Feed(windower, Regular(20, 8));
        Assert.Equal([20L, 60], _windows.Select(w => w.StartMs));
    }

    [Fact]
    public void A_gap_drops_the_open_windows_and_the_grid_resumes_after_it()
    {
        var windower = Create(length: 4, hop: 2, configure: o => o.MaxGapMs = 100);
        Feed(windower, [.. Regular(0, 5), .. Regular(1000, 6)]);
        Assert.Equal([0L, 1000, 1020], _windows.Select(w => w.StartMs));
        Assert.Equal(1, windower.Stats.GapRestarts);
    }

    [Fact]
    public void Negative_timestamps_use_whole_cells()
    {
        var windower = Create(length: 2, hop: 2); // cells of 20 ms
        Feed(windower, Regular(-40, 6));
        Assert.Equal([-40L, -20, 0], _windows.Select(w => w.StartMs));
    }

    [Fact]
    public void Rereading_from_any_point_rebuilds_the_same_later_windows()
    {
        var random = new SplitMix64(11);
        for (var trial = 0; trial < 40; trial++)
        {
            var length = 2 + random.Below(6);
            var hop = 1 + random.Below(length + 2);
            var timestamps = new List<long>();
            var ts = (long)random.Below(50);
            for (var i = 0; i < 60; i++)
            {
                timestamps.Add(ts);
                ts += 1 + random.Below(25); // jittered around a 10 ms interval
            }
            var reference = WindowsOf(length, hop, timestamps);
            for (var from = 0; from < timestamps.Count; from++)
            {
                var replayed = WindowsOf(length, hop, timestamps.Skip(from));
                // A window whose first sample comes after the re-read point has its predecessor in the replay too.
                var expected = reference.Where(w => w.Start > timestamps[from]).ToList();
                Assert.Equal(expected, replayed.Where(w => w.Start > timestamps[from]));
                Assert.All(replayed, w => Assert.Contains(w, reference));
            }
        }
    }

    [Fact]
    public void A_window_token_also_holds_the_sample_before_the_window()
    {
        var tracker = new OffsetTracker();
        var slot = tracker.Assign(new Confluent.Kafka.TopicPartition("t", 0));
        var windows = new List<Window>();
        var windower = new Windower(new WindowerOptions { WindowLength = 2, Hop = 2, SampleIntervalMs = 10 },
            WindowTokens.From(tracker, windows.Add), tracker);
        for (var offset = 0L; offset < 5; offset++)
        {
            var position = SourcePosition.Pack(slot, offset);
            tracker.Hold(position);
            windower.Add("s", 10 + offset * 10, [offset], position); // 10, 20, … : the first window starts at 20
            tracker.Release(position);
            tracker.MarkRead(position);
        }
        Assert.Equal([20L, 40], windows.Select(w => w.StartMs));
        Assert.Equal(0, CommittableOffset(tracker)); // the first window (offsets 1–2) also needs offset 0, before it
        windows[0].Delivery!.Delivered();
        Assert.Equal(2, CommittableOffset(tracker)); // the second window (offsets 3–4) needs offset 2
        windows[1].Delivery!.Delivered();
        Assert.Equal(4, CommittableOffset(tracker)); // the series keeps its newest sample for the next cell
    }

    private static long CommittableOffset(OffsetTracker tracker) => tracker.TakeAdvances().Single().Offset.Value;

    private static List<(long Start, string Values)> WindowsOf(int length, int hop, IEnumerable<long> timestamps)
    {
        var windows = new List<Window>();
        var windower = new Windower(new WindowerOptions { WindowLength = length, Hop = hop, SampleIntervalMs = 10 },
            windows.Add);
        foreach (var ts in timestamps)
        {
            windower.Add("s", ts, [ts]);
        }
        return windows.Select(w => (w.StartMs, string.Join(',', w.Values))).ToList();
    }
}
