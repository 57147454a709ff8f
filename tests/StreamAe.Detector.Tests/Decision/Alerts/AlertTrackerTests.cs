using StreamAe.Contracts;
using StreamAe.Detector.Decision.Alerts;

namespace StreamAe.Detector.Tests.Decision.Alerts;

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

    [Fact]
    public void At_the_series_limit_a_new_anomalous_series_raises_no_alert_until_a_place_frees()
    {
        var tracker = new AlertTracker(new AlertingOptions { OpenAfter = 1, CloseAfter = 1, MaxSeries = 1 });
        Assert.NotNull(tracker.Observe(Scored("a", 10, 5, true)));

        Assert.Null(tracker.Observe(Scored("b", 10, 5, true)));
        Assert.Equal(1, tracker.SeriesCount);

        Assert.Equal(AlertState.Closed, tracker.Observe(Scored("a", 20, 0.1, false))!.State);
        Assert.Equal(AlertState.Open, tracker.Observe(Scored("b", 20, 5, true))!.State);
    }

    [Fact]
    public void An_idle_series_is_forgotten_and_its_open_alert_closed_at_its_last_window()
    {
        var clock = new ManualClock();
        var tracker = new AlertTracker(new AlertingOptions { OpenAfter = 2, CloseAfter = 3, IdleTimeout = TimeSpan.FromMinutes(10) }, clock);
        tracker.Observe(Scored("open", 100, 3, true));
        tracker.Observe(Scored("open", 200, 4, true));
        tracker.Observe(Scored("open", 300, 0.1, false)); // normal, but one is not enough to close
        tracker.Observe(Scored("pending", 100, 3, true));
        clock.Advance(TimeSpan.FromMinutes(5));
        tracker.Observe(Scored("recent", 100, 3, true));
        clock.Advance(TimeSpan.FromMinutes(5));

        var closed = Assert.Single(tracker.EvictIdle());

        Assert.Equal(new AlertEvent("open", "m1", AlertState.Closed, 300, 4, 2, 300 - (100 - 30)), closed);
        Assert.Equal(0, tracker.OpenAlerts);
        Assert.Equal(1, tracker.SeriesCount); // "recent" stays
    }
}
