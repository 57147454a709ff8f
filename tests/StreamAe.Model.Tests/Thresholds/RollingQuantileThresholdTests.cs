using StreamAe.Model.Thresholds;

namespace StreamAe.Model.Tests.Thresholds;

public sealed class RollingQuantileThresholdTests
{
    [Fact]
    public void Percentile_matches_a_brute_force_quantile_of_the_last_n_scores()
    {
        const int window = 101;
        var random = new Random(51);
        var rolling = RollingQuantileThreshold.Percentile(window, 95, minimumCount: 10);
        var history = new List<double>();

        for (var i = 0; i < 2_000; i++)
        {
            var score = Math.Round(random.NextDouble() * 20, 1); // with ties
            var expectedThreshold = history.Count < 10 ? double.PositiveInfinity : BruteQuantile(history.TakeLast(window), 0.95);
            Assert.Equal(expectedThreshold, rolling.Threshold, 12);
            Assert.Equal(score > expectedThreshold, rolling.Update(score));
            history.Add(score);
        }
        Assert.Equal(window, rolling.Count);
    }

    [Fact]
    public void Median_mad_matches_a_brute_force_computation()
    {
        var random = new Random(53);
        foreach (var window in new[] { 64, 65 })
        {
            var rolling = RollingQuantileThreshold.MedianMad(window, k: 3, minimumCount: 1);
            var history = new List<double>();
            for (var i = 0; i < 1_500; i++)
            {
                var score = random.NextDouble() < 0.1 ? random.NextDouble() * 50 : Math.Round(Samples.StandardNormal(random), 2);
                rolling.Update(score);
                history.Add(score);

                var last = history.TakeLast(window).ToArray();
                var median = BruteQuantile(last, 0.5);
                var mad = BruteQuantile(last.Select(x => Math.Abs(x - median)), 0.5);
                Assert.Equal(median + 3 * RollingQuantileThreshold.MadToSigma * mad, rolling.Threshold, 9);
            }
        }
    }

    [Fact]
    public void Threshold_follows_a_level_shift_within_one_window()
    {
        var random = new Random(57);
        var rolling = RollingQuantileThreshold.MedianMad(500, k: 4);
        rolling.Seed(Samples.Gaussian(random, 500));
        var before = rolling.Threshold;

        var alarmsAfterWindow = 0;
        for (var i = 0; i < 2_000; i++)
        {
            var anomalous = rolling.Update(20 + Samples.StandardNormal(random));
            alarmsAfterWindow += anomalous && i >= 500 ? 1 : 0;
        }

        Assert.InRange(before, 3, 5);
        Assert.InRange(rolling.Threshold, 23, 25);
        Assert.True(alarmsAfterWindow < 15, $"{alarmsAfterWindow} alarms after the window had moved to the new level");
    }

    [Fact]
    public void Without_learning_from_anomalies_a_shift_keeps_alarming()
    {
        var random = new Random(59);
        var rolling = RollingQuantileThreshold.Percentile(200, 99, learnFromAnomalies: false);
        rolling.Seed(Samples.Gaussian(random, 200));
        var before = rolling.Threshold;

        var alarms = 0;
        for (var i = 0; i < 1_000; i++)
        {
            alarms += rolling.Update(20 + Samples.StandardNormal(random)) ? 1 : 0;
        }

        Assert.Equal(1_000, alarms);
        Assert.Equal(before, rolling.Threshold);
    }

    [Fact]
    public void Threshold_is_infinite_until_the_minimum_count()
    {
        var rolling = RollingQuantileThreshold.Percentile(100, 90, minimumCount: 5);

        for (var i = 0; i < 4; i++)
        {
            Assert.False(rolling.Update(1000 * (i + 1)));
        }
        Assert.Equal(double.PositiveInfinity, rolling.Threshold);
        rolling.Update(0);
        Assert.True(double.IsFinite(rolling.Threshold));
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RollingQuantileThreshold.Percentile(100, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RollingQuantileThreshold.Percentile(100, 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => RollingQuantileThreshold.MedianMad(100, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RollingQuantileThreshold.MedianMad(1, 3));
        Assert.Throws<ArgumentException>(() => RollingQuantileThreshold.MedianMad(10, 3).Update(double.PositiveInfinity));
    }

    private static double BruteQuantile(IEnumerable<double> values, double probability)
    {
        var sorted = values.Order().ToArray();
        var position = probability * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        return below >= sorted.Length - 1 ? sorted[^1] : sorted[below] + (position - below) * (sorted[below + 1] - sorted[below]);
    }
}
