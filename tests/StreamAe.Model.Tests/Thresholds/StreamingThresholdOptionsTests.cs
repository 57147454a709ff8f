using StreamAe.Model.Thresholds;

namespace StreamAe.Model.Tests.Thresholds;

public sealed class StreamingThresholdOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_static()
    {
        var options = new StreamingThresholdOptions();

        Assert.Empty(options.Validate());
        var threshold = options.Create(fittedThreshold: 0.3);
        Assert.IsType<FixedThreshold>(threshold);
        Assert.False(threshold.Observe(0.3));
        Assert.True(threshold.Observe(0.31));
    }

    [Fact]
    public void Validate_names_every_bad_key()
    {
        var options = new StreamingThresholdOptions
        {
            Mode = "adaptive",
            Risk = 0.5,
            Depth = 0,
            MaxPeaks = 1,
            WindowSize = 1,
            Percentile = 0,
            MadK = -1,
            WarmUp = 10,
        };

        var errors = options.Validate();

        foreach (var key in new[] { "Mode", "Risk", "Depth", "MaxPeaks", "WindowSize", "Percentile", "MadK", "WarmUp" })
        {
            Assert.Contains(errors, e => e.StartsWith("Threshold:" + key + " ", StringComparison.Ordinal));
        }
        Assert.Throws<ArgumentException>(() => options.Create(1));
    }

    [Fact]
    public void Dspot_needs_a_warm_up_longer_than_its_depth()
    {
        var options = new StreamingThresholdOptions { Mode = StreamingThresholdOptions.Dspot, Depth = 500, WarmUp = 520 };

        Assert.Contains(options.Validate(), e => e.Contains("WarmUp must be at least 550", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StreamingThresholdOptions.Spot, typeof(StreamingSpot))]
    [InlineData(StreamingThresholdOptions.Dspot, typeof(StreamingSpot))]
    [InlineData(StreamingThresholdOptions.RollingPercentile, typeof(RollingQuantileThreshold))]
    [InlineData(StreamingThresholdOptions.RollingMad, typeof(RollingQuantileThreshold))]
    public void Enough_calibration_scores_give_a_calibrated_adaptive_threshold(string mode, Type expected)
    {
        var options = new StreamingThresholdOptions { Mode = mode, WarmUp = 500 };
        var calibration = Samples.Gaussian(new Random(73), 2_000);

        var threshold = options.Create(fittedThreshold: 100, calibration);

        Assert.IsType(expected, threshold);
        Assert.InRange(threshold.Threshold, 2, 5);
    }

    [Fact]
    public void Without_calibration_a_series_warms_up_on_its_own_scores_under_the_fitted_threshold()
    {
        var options = new StreamingThresholdOptions { Mode = StreamingThresholdOptions.Spot, WarmUp = 1_000 };
        var random = new Random(79);
        var threshold = options.Create(fittedThreshold: 1.5);
        var warmUp = Assert.IsType<WarmUpThreshold>(threshold);

        // While warming up, the fitted threshold judges: N(0, 1) scores above 1.5 are flagged.
        var earlyAlarms = 0;
        for (var i = 0; i < 999; i++)
        {
            Assert.Equal(1.5, threshold.Threshold);
            earlyAlarms += threshold.Observe(Samples.StandardNormal(random)) ? 1 : 0;
        }
        Assert.InRange(earlyAlarms, 30, 110); // P(Z > 1.5) ≈ 6.7 %
        Assert.False(warmUp.IsWarm);

        threshold.Observe(Samples.StandardNormal(random));

        Assert.True(warmUp.IsWarm);
        Assert.InRange(threshold.Threshold, 2.5, 3.8); // the series' own 1 − 10⁻³ tail
        var lateAlarms = 0;
        for (var i = 0; i < 10_000; i++)
        {
            lateAlarms += threshold.Observe(Samples.StandardNormal(random)) ? 1 : 0;
        }
        Assert.InRange(lateAlarms, 0, 60);
    }
}
