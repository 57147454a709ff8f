using StreamAe.Detector.Delivery;

namespace StreamAe.Detector.Tests.Delivery;

public class EndToEndLatencyTests
{
    [Fact]
    public void Percentiles_are_exact_at_millisecond_resolution()
    {
        // 1..100 ms, one each: p50 = 50, p99 = 99, max = 100.
        var counts = new long[101];
        for (var ms = 1; ms <= 100; ms++)
        {
            counts[ms] = 1;
        }
        var histogram = new LatencyHistogram(counts);

        Assert.Equal(100, histogram.Count);
        Assert.Equal([50.0, 99.0, 100.0, 1.0], histogram.Percentiles(0.5, 0.99, 1.0, 0.001));
    }

    [Fact]
    public void Since_leaves_out_what_an_earlier_snapshot_held()
    {
        var warmUp = new LatencyHistogram([0, 0, 0, 0, 5]);            // five slow ones at 4 ms
        var later = new LatencyHistogram([0, 10, 0, 0, 5]);            // then ten at 1 ms

        var steady = later.Since(warmUp);

        Assert.Equal(10, steady.Count);
        Assert.Equal([1.0, 1.0], steady.Percentiles(0.99, 1.0));
        Assert.Equal(4.0, later.Percentiles(1.0)[0]);
    }

    [Fact]
    public void An_empty_histogram_has_no_percentiles() =>
        Assert.True(double.IsNaN(new LatencyHistogram(new long[10]).Percentiles(0.5)[0]));

    [Fact]
    public void Every_acknowledged_window_is_counted_beyond_any_sample_bound()
    {
        // The old recorder kept only the first 2^20 latencies, so a long soak's percentiles described its first minute.
        // The clock stands still: a million acknowledgements take seconds on a busy machine.
        var clock = new StoppedClock(DateTimeOffset.UtcNow);
        var latency = new EndToEndLatency(clock);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        const int windows = (1 << 20) + 1000;
        for (var i = 0; i < windows; i++)
        {
            latency.Acknowledged(now - (i < 1 << 20 ? 0 : 30_000));
        }

        Assert.Equal(windows, latency.Count);
        // The last thousand (30 s late) are in the histogram: max ≥ 30 s, p50 still near zero.
        var (p50, max) = (latency.Percentiles(0.5)[0], latency.Percentiles(1.0)[0]);
        Assert.InRange(max, 30_000, 31_000);
        Assert.InRange(p50, 0, 1_000);
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
