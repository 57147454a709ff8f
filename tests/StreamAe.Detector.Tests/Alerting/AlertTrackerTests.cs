using StreamAe.Contracts;
using StreamAe.Detector.Alerting;

namespace StreamAe.Detector.Tests.Alerting;

public sealed class AlertTrackerTests
{
    private static ScoredWindow Scored(string series, long endMs, double score, bool anomaly) =>
        new(TestWindows.Make(series, endMs), "m1", score, 1.0, anomaly);

    [Fact]
    public void Opens_after_n_anomalous_windows_and_closes_after_m_normal_ones()
    {
        var tracker = new AlertTracker(new AlertingOptions { OpenAfter = 2, CloseAfter = 2 });
        var events = new List<AlertEvent>();
        var pattern = new[] { false, true, false, true, true, true, false, true, false, false, false };
        for (var i = 0; i < pattern.Length; i++)
        {
            var e = tracker.Observe(Scored("s", 100 * (i + 1), pattern[i] ? 2.0 + i : 0.5, pattern[i]));
            if (e != null)
            {
                events.Add(e);
            }
        }

        Assert.Equal(2, events.Count);
        var open = events[0];
        Assert.Equal(AlertState.Open, open.State);
        Assert.Equal(500, open.TimestampMs);
        Assert.Equal(2, open.Windows);
        var closed = events[1];
        Assert.Equal(AlertState.Closed, closed.State);
        Assert.Equal(1000, closed.TimestampMs);
        Assert.Equal(4, closed.Windows);
        Assert.Equal(2.0 + 7, closed.PeakScore);
        Assert.Equal(1000 - (400 - 30), closed.DurationMs);
        Assert.Equal(0, tracker.OpenAlerts);
    }

    [Fact]
    public void Series_are_independent_and_normal_series_hold_no_state()
    {
        var tracker = new AlertTracker(new AlertingOptions { OpenAfter = 1, CloseAfter = 1 });
        Assert.NotNull(tracker.Observe(Scored("a", 10, 5, true)));
        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(tracker.Observe(Scored($"n{i}", 10, 0.1, false)));
        }
        Assert.Equal(1, tracker.OpenAlerts);
        var close = tracker.Observe(Scored("a", 20, 0.1, false));
        Assert.Equal(AlertState.Closed, close!.State);
        Assert.Equal(0, tracker.OpenAlerts);
    }
}
