using StreamAe.Detector.Pipeline.Thresholding;

namespace StreamAe.Detector.Tests.Thresholding;

public sealed class SeriesThresholdsTests
{
    private static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    [Fact]
    public void Static_mode_uses_the_model_threshold()
    {
        var thresholds = new SeriesThresholds(new ThresholdOptions { Mode = ThresholdMode.Static });
        Assert.Equal((1.0, true), thresholds.Decide("s", 1.5, 1.0));
        Assert.Equal((1.0, false), thresholds.Decide("s", 0.5, 1.0));
    }

    [Theory]
    [InlineData(ThresholdMode.Spot)]
    [InlineData(ThresholdMode.Rolling)]
    public void Adaptive_modes_learn_each_series_own_scale(ThresholdMode mode)
    {
        var thresholds = new SeriesThresholds(new ThresholdOptions { Mode = mode, CalibrationWindows = 500, RollingWindow = 500 });
        var random = new Random(3);
        const double modelThreshold = 100; // far too lax for both series: the adaptive threshold must take over
        double quiet = 0, loud = 0;
        for (var i = 0; i < 5000; i++)
        {
            quiet = thresholds.Decide("quiet", Exponential(random, 0.1), modelThreshold).Threshold;
            loud = thresholds.Decide("loud", Exponential(random, 1.0), modelThreshold).Threshold;
        }

        Assert.InRange(quiet, 0.3, 1.5);  // analytic 99.5 %..99.9 % quantiles of Exp(mean 0.1): 0.53..0.69
        Assert.InRange(loud, 3, 15);
        Assert.True(thresholds.Decide("quiet", 5.0, modelThreshold).Anomaly);
        Assert.False(thresholds.Decide("loud", 1.0, modelThreshold).Anomaly);
    }

    [Fact]
    public void Series_beyond_the_limit_fall_back_to_the_model_threshold_and_are_counted()
    {
        var thresholds = new SeriesThresholds(new ThresholdOptions { Mode = ThresholdMode.Rolling, MaxSeries = 2 });
        thresholds.Decide("a", 0.1, 1);
        thresholds.Decide("b", 0.1, 1);
        Assert.Equal((1.0, true), thresholds.Decide("c", 2, 1));
        Assert.Equal(1, thresholds.OverflowDecisions);
    }

    [Fact]
    public void Idle_series_are_forgotten_and_free_their_place_for_new_ones()
    {
        var clock = new ManualClock();
        var options = new ThresholdOptions { Mode = ThresholdMode.Rolling, MaxSeries = 2, IdleTimeout = TimeSpan.FromMinutes(5) };
        var thresholds = new SeriesThresholds(options, clock);
        thresholds.Decide("gone", 0.1, 1);
        clock.Advance(TimeSpan.FromMinutes(3));
        thresholds.Decide("active", 0.1, 1);
        clock.Advance(TimeSpan.FromMinutes(3));

        thresholds.EvictIdle();
        thresholds.Decide("new", 0.1, 1);

        Assert.Equal(2, thresholds.SeriesCount);
        Assert.Equal(0, thresholds.OverflowDecisions);
    }
}
