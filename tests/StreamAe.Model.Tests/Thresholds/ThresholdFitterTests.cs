using StreamAe.Tools.Evaluation;
using StreamAe.Model.Thresholds;

namespace StreamAe.Model.Tests.Thresholds;

public sealed class ThresholdFitterTests
{
    private static readonly double[] OneToHundred = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

    [Fact]
    public void Meansd_on_a_gaussian_sample_is_mean_plus_k_sigma()
    {
        var sample = Samples.Gaussian(new Random(11), 50_000, mean: 5, std: 2);

        var fit = ThresholdFitter.Fit(ThresholdSpec.Parse("meansd:2"), sample);

        var mean = sample.Average();
        var std = Math.Sqrt(sample.Select(x => (x - mean) * (x - mean)).Sum() / sample.Length);
        Assert.Equal(mean + 2 * std, fit.Threshold, 9);
        Assert.InRange(fit.Threshold, 9 - 0.05, 9 + 0.05);
        Assert.Equal("meansd:2", fit.Method);
    }

    [Theory]
    [InlineData(50, 50.5)]
    [InlineData(90, 90.1)]
    [InlineData(99, 99.01)]
    [InlineData(100, 100)]
    [InlineData(1, 1.99)]
    public void Percentile_interpolates_linearly_between_order_statistics(double percentile, double expected)
    {
        var shuffled = OneToHundred.ToArray();
        new Random(7).Shuffle(shuffled);

        var fit = ThresholdFitter.Fit(ThresholdSpec.Create("percentile", percentile), shuffled);

        Assert.Equal(expected, fit.Threshold, 10);
    }

    [Fact]
    public void Max_is_the_largest_normal_error()
    {
        var fit = ThresholdFitter.Fit(ThresholdSpec.Parse("max"), OneToHundred.Reverse().ToArray());

        Assert.Equal(100, fit.Threshold);
    }

    [Fact]
    public void Bestf1_picks_the_cut_with_the_highest_anomaly_f1()
    {
        // Flagging the top 1, 2, 3 scores gives F1 2/3, 1/2, 4/5: the best cut lies between 0.3 and 0.4.
        double[] scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
        bool[] anomalous = [false, false, false, true, false, true];

        var fit = ThresholdFitter.Fit(ThresholdSpec.Parse("bestf1"), default, scores, anomalous);

        Assert.Equal(0.35, fit.Threshold, 12);
        Assert.Equal(0.8, Metrics.Evaluate(scores, anomalous, fit.Threshold).F1, 12);
    }

    [Fact]
    public void Bestf1_matches_a_brute_force_search_over_every_score()
    {
        var random = new Random(5);
        var anomalous = Enumerable.Range(0, 400).Select(_ => random.NextDouble() < 0.2).ToArray();
        var scores = anomalous.Select(a => Math.Round(random.NextDouble() + (a ? 0.6 : 0), 2)).ToArray();

        var fit = ThresholdFitter.Fit(ThresholdSpec.Parse("bestf1"), default, scores, anomalous);

        var bruteForceBest = scores.Distinct()
            .Select(s => Metrics.Evaluate(scores, anomalous, Math.BitDecrement(s)).F1)
            .Max();
        Assert.Equal(bruteForceBest, Metrics.Evaluate(scores, anomalous, fit.Threshold).F1, 12);
    }

    [Fact]
    public void Bestf1_without_labelled_validation_scores_says_what_it_needs()
    {
        var error = Assert.Throws<ArgumentException>(() => ThresholdFitter.Fit(ThresholdSpec.Parse("bestf1"), OneToHundred));

        Assert.Contains("labelled validation scores", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bestf1_without_any_anomalous_validation_score_is_refused()
    {
        double[] scores = [1, 2, 3];
        bool[] anomalous = [false, false, false];

        Assert.Throws<ArgumentException>(() => ThresholdFitter.Fit(ThresholdSpec.Parse("bestf1"), default, scores, anomalous));
    }

    [Fact]
    public void Methods_on_normal_errors_refuse_an_empty_set()
    {
        var error = Assert.Throws<ArgumentException>(() => ThresholdFitter.Fit(ThresholdSpec.Parse("meansd"), ReadOnlySpan<double>.Empty));

        Assert.Contains("meansd:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pot_through_the_fitter_agrees_with_pot_directly()
    {
        var sample = Samples.Exponential(new Random(3), 20_000, rate: 1);

        var fit = ThresholdFitter.Fit(ThresholdSpec.Parse("pot:1e-3"), sample);

        Assert.Equal(Pot.Fit(sample, 1e-3).Threshold, fit.Threshold);
        Assert.Contains("peaks", fit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_errors_are_refused()
    {
        double[] errors = [1, double.NaN, 3];

        Assert.Throws<ArgumentException>(() => ThresholdFitter.Fit(ThresholdSpec.Parse("percentile:90"), errors));
    }

    [Fact]
    public void Error_statistics_summarise_a_known_set()
    {
        var stats = ErrorStatistics.From(OneToHundred);

        Assert.Equal(100, stats.Count);
        Assert.Equal(50.5, stats.Mean, 12);
        Assert.Equal(Math.Sqrt((100.0 * 100 - 1) / 12), stats.Std, 10);
        Assert.Equal((1.0, 100.0), (stats.Min, stats.Max));
        Assert.Equal(50.5, stats.P50, 12);
        Assert.Equal(90.1, stats.P90, 12);
        Assert.Equal(99.01, stats.P99, 12);
    }
}
