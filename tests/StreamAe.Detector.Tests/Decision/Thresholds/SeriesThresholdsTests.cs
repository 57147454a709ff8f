using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.Thresholds;

namespace StreamAe.Detector.Tests.Decision.Thresholds;

public sealed class SeriesThresholdsTests
{
    private static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    /// <summary>A model whose own normal errors are Exp(mean 1) and whose static threshold is <paramref name="threshold"/>.</summary>
    private static ModelReference Model(double threshold, long version = 1)
    {
        var random = new Random(99);
        return new ModelReference("m", version, threshold, [.. Enumerable.Range(0, 500).Select(_ => (float)Exponential(random, 1))]);
    }

    [Fact]
    public void Static_mode_uses_the_model_threshold()
    {
        var thresholds = new SeriesThresholds(new ThresholdOptions { Mode = ThresholdMode.Static });
        var model = Model(1.0);
        Assert.Equal((1.0, true), Verdict(thresholds.Decide("s", 1.5, model)));
        Assert.Equal((1.0, false), Verdict(thresholds.Decide("s", 0.5, model)));
        Assert.Equal(0, thresholds.SeriesCount);
    }

    private static (double, bool) Verdict(ThresholdDecision decision) => (decision.Threshold, decision.Anomaly);

    [Theory]
    [InlineData(ThresholdMode.Adaptive)]
    [InlineData(ThresholdMode.Spot)]
    [InlineData(ThresholdMode.Rolling)]
    public void Adaptive_modes_learn_each_series_own_scale(ThresholdMode mode)
    {
        var thresholds = new SeriesThresholds(new ThresholdOptions { Mode = mode, CalibrationWindows = 500, RollingWindow = 500 });
        var random = new Random(3);
        var model = Model(100); // far too lax for both series: the adaptive threshold must take over
        double quiet = 0, loud = 0;
        for (var i = 0; i < 5000; i++)
        {
            quiet = thresholds.Decide("quiet", Exponential(random, 0.1), model).Threshold;
            loud = thresholds.Decide("loud", Exponential(random, 1.0), model).Threshold;
        }

        Assert.InRange(quiet, 0.3, 1.5);  // 98 % × 1.2 .. 99.9 % quantiles of Exp(mean 0.1): 0.47..0.69
        Assert.InRange(loud, 3, 15);
        Assert.True(thresholds.Decide("quiet", 5.0, model).Anomaly);
        Assert.False(thresholds.Decide("loud", 1.0, model).Anomaly);
    }

    [Fact]
    public void Series_beyond_the_limit_fall_back_to_the_model_threshold_and_are_counted()
    {
        var thresholds = new SeriesThresholds(new ThresholdOptions { Mode = ThresholdMode.Rolling, MaxSeries = 2 });
        var model = Model(1);
        thresholds.Decide("a", 0.1, model);
        thresholds.Decide("b", 0.1, model);
        Assert.Equal((1.0, true), Verdict(thresholds.Decide("c", 2, model)));
        Assert.Equal(1, thresholds.OverflowDecisions);
    }

    [Fact]
    public void Idle_series_are_forgotten_and_free_their_place_for_new_ones()
    {
        var clock = new ManualClock();
        var options = new ThresholdOptions { Mode = ThresholdMode.Rolling, MaxSeries = 2, IdleTimeout = TimeSpan.FromMinutes(5) };
        var thresholds = new SeriesThresholds(options, clock);
        var model = Model(1);
        thresholds.Decide("gone", 0.1, model);
        clock.Advance(TimeSpan.FromMinutes(3));
        thresholds.Decide("active", 0.1, model);
        clock.Advance(TimeSpan.FromMinutes(3));

        thresholds.EvictIdle();
        thresholds.Decide("new", 0.1, model);

        Assert.Equal(2, thresholds.SeriesCount);
        Assert.Equal(0, thresholds.OverflowDecisions);
    }

    [Fact]
    public void Adaptive_mode_flags_about_one_stationary_window_in_a_hundred_and_catches_a_jump_from_the_first_window()
    {
        var thresholds = new SeriesThresholds(new ThresholdOptions());
        var model = Model(0.5); // the model's static threshold would flag half of these
        var random = new Random(5);

        var flagged = Enumerable.Range(0, 20_000).Count(_ => thresholds.Decide("s", Exponential(random, 1), model).Anomaly);
        var jump = thresholds.Decide("s", 30, model);

        // Exponential errors are heavy-tailed for a reconstruction error: P(E > 1.2 × q98) = 0.9 %.
        Assert.InRange(flagged / 20_000.0, 0.002, 0.015);
        Assert.True(jump.Anomaly);
        Assert.True(jump.CalibratedScore > 0.999, $"{jump.CalibratedScore}");
    }

    [Fact]
    public void A_lasting_change_of_regime_becomes_normal_after_accept_after_windows_but_not_before()
    {
        var thresholds = new SeriesThresholds(new ThresholdOptions { Mode = ThresholdMode.Adaptive, AcceptAfter = 300, ReferenceWindows = 500 });
        var model = Model(100);
        var random = new Random(6);
        for (var i = 0; i < 1000; i++)
        {
            thresholds.Decide("s", Exponential(random, 1), model);
        }

        var shifted = Enumerable.Range(0, 1500).Select(_ => thresholds.Decide("s", 20 + Exponential(random, 1), model).Anomaly).ToArray();

        Assert.All(shifted[..300], Assert.True);
        Assert.DoesNotContain(true, shifted[^200..]);
    }

    [Fact]
    public void A_new_model_version_restarts_the_series_calibration_from_its_own_errors()
    {
        var thresholds = new SeriesThresholds(new ThresholdOptions { Mode = ThresholdMode.Adaptive });
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            thresholds.Decide("s", 10 * Exponential(random, 1), Model(100, version: 1));
        }
        Assert.False(thresholds.Decide("s", 20, Model(100, version: 1)).Anomaly);

        Assert.True(thresholds.Decide("s", 20, Model(100, version: 2)).Anomaly);
    }

    [Fact]
    public void In_adaptive_mode_the_calibrated_score_crosses_the_percentile_where_the_verdict_turns()
    {
        var thresholds = new SeriesThresholds(new ThresholdOptions { Mode = ThresholdMode.Adaptive });
        var model = Model(100);
        var random = new Random(9);
        var decisions = Enumerable.Range(0, 20_000)
            .Select(i => thresholds.Decide("s", Exponential(random, 1) * (i % 500 == 0 ? 4 : 1), model)).ToList();

        var disagreements = decisions.Count(d => d.Anomaly != d.CalibratedScore > 0.98);
        Assert.Contains(decisions, d => d.Anomaly);
        Assert.InRange(disagreements / (double)decisions.Count, 0, 0.005);
        Assert.All(decisions.Where(d => d.Anomaly), d => Assert.True(d.CalibratedScore > 0.95, $"{d}"));
    }
}
