using StreamAe.Tools.Evaluation;

namespace StreamAe.Model.Tests.Evaluation;

public sealed class EventScoringTests
{
    // Two events: windows 4–7 and 12–13 of 16.
    private static readonly bool[] TwoEvents = Flags("0000111100001100");

    [Fact]
    public void A_perfect_detector_scores_100()
    {
        var score = EventScoring.Score(TwoEvents, TwoEvents);

        Assert.Equal(100, score.Score, 9);
        Assert.Equal((2, 2, 0.0, 0, 0), (score.Events, score.Detected, score.MeanDetectionDelayWindows, score.FalseAlarmRuns, score.FalseAlarmWindows));
    }

    [Fact]
    public void A_detector_that_never_fires_scores_0()
    {
        var score = EventScoring.Score(TwoEvents, new bool[TwoEvents.Length]);

        Assert.Equal(0, score.Score, 9);
        Assert.Equal(0, score.Detected);
        Assert.True(double.IsNaN(score.MeanDetectionDelayWindows));
    }

    [Fact]
    public void A_detector_that_always_fires_scores_below_one_that_never_does()
    {
        // One 10-window event in 200: alarm runs 0–99 (10 blocks of 10) and 110–199 (9 blocks) cost 19 × 0.11 = 2.09;
        // the event found at its start earns 1 + 1 = 2; normalised 100 × (2 − 2.09) / 2 = −4.5.
        var labels = new bool[200];
        Array.Fill(labels, true, 100, 10);
        var always = Enumerable.Repeat(true, 200).ToArray();

        var score = EventScoring.Score(labels, always);

        Assert.Equal(-4.5, score.Score, 9);
        Assert.Equal((1, 2, 190), (score.Detected, score.FalseAlarmRuns, score.FalseAlarmWindows));
    }

    [Fact]
    public void Earlier_detection_inside_an_event_scores_higher()
    {
        // Event 10–19 (span 10 windows). First flag at 11: p = 0.1, r = σ(0.1)/σ(0) = 0.97803/0.98661 = 0.99130,
        // score 100 × (0.99130 + 1) / 2 = 99.565. At 16: p = 0.6, r = 0.76159/0.98661 = 0.77193, score 88.596.
        var labels = new bool[40];
        Array.Fill(labels, true, 10, 10);
        var early = new bool[40];
        early[11] = true;
        var late = new bool[40];
        late[16] = true;

        var earlyScore = EventScoring.Score(labels, early);
        var lateScore = EventScoring.Score(labels, late);

        Assert.Equal(99.565, earlyScore.Score, 2);
        Assert.Equal(88.596, lateScore.Score, 2);
        Assert.Equal((1.0, 6.0), (earlyScore.MeanDetectionDelayWindows, lateScore.MeanDetectionDelayWindows));
    }

    [Fact]
    public void A_false_alarm_lowers_the_score_by_its_weight_over_the_perfect_total()
    {
        var flagged = (bool[])TwoEvents.Clone();
        flagged[1] = true;

        var score = EventScoring.Score(TwoEvents, flagged);

        // 100 × (4 − 0.11) / 4
        Assert.Equal(97.25, score.Score, 9);
        Assert.Equal((1, 1), (score.FalseAlarmRuns, score.FalseAlarmWindows));
    }

    [Fact]
    public void A_short_event_counts_a_detection_within_the_tolerance_after_its_start_and_not_beyond()
    {
        var labels = Flags("0000000000100000");
        var lagTwo = Flags("0000000000001000");
        var lagThree = Flags("0000000000000100");

        var withinTolerance = EventScoring.Score(labels, lagTwo);
        var beyondTolerance = EventScoring.Score(labels, lagThree);

        Assert.Equal((1, 2.0, 0), (withinTolerance.Detected, withinTolerance.MeanDetectionDelayWindows, withinTolerance.FalseAlarmRuns));
        Assert.Equal((0, 1), (beyondTolerance.Detected, beyondTolerance.FalseAlarmRuns));
        Assert.True(beyondTolerance.Score < 0);
    }

    [Fact]
    public void An_event_counts_once_however_many_windows_are_flagged_in_it()
    {
        var once = Flags("0000100000001000");
        var all = Flags("0000111100001100");

        Assert.Equal(EventScoring.Score(TwoEvents, all).Score, EventScoring.Score(TwoEvents, once).Score, 9);
    }

    [Fact]
    public void Without_events_the_score_is_undefined_but_false_alarms_are_counted()
    {
        var score = EventScoring.Score(new bool[8], Flags("01100010"));

        Assert.True(double.IsNaN(score.Score));
        Assert.Equal((0, 2, 3), (score.Events, score.FalseAlarmRuns, score.FalseAlarmWindows));
    }

    private static bool[] Flags(string pattern) => [.. pattern.Select(c => c == '1')];
}
