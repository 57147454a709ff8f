using StreamAe.Model.Thresholds;

namespace StreamAe.Model.Tests.Thresholds;

public sealed class PotTests
{
    [Theory]
    [InlineData(1.0, 1e-3, 1)]
    [InlineData(2.0, 1e-4, 2)]
    [InlineData(0.5, 1e-5, 3)]
    public void Exponential_tail_recovers_the_analytic_quantile(double rate, double risk, int seed)
    {
        var sample = Samples.Exponential(new Random(seed), 200_000, rate);

        var fit = Pot.Fit(sample, risk);

        var expected = -Math.Log(risk) / rate;
        Assert.InRange(fit.Threshold, expected * 0.93, expected * 1.07);
        Assert.InRange(fit.Gamma, -0.08, 0.08);
        Assert.Equal(200_000, fit.Count);
        Assert.InRange(fit.PeakCount, 3_990, 4_010);
        Assert.Equal(-Math.Log(0.02) / rate, fit.InitialThreshold, 1);
    }

    [Fact]
    public void Pareto_tail_has_a_positive_shape_and_the_analytic_quantile()
    {
        const double alpha = 3;
        const double risk = 1e-4;
        var sample = Samples.Pareto(new Random(17), 200_000, alpha);

        var fit = Pot.Fit(sample, risk);

        var expected = Math.Pow(risk, -1 / alpha);
        Assert.InRange(fit.Gamma, 1 / alpha - 0.1, 1 / alpha + 0.1);
        Assert.InRange(fit.Threshold, expected * 0.85, expected * 1.15);
        Assert.Equal("grimshaw-mle", fit.Estimator);
    }

    [Fact]
    public void Bounded_uniform_tail_has_a_negative_shape_and_stays_below_the_bound()
    {
        var sample = Enumerable.Range(0, 100_000).Select(_ => 0.0).ToArray();
        var random = new Random(23);
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] = random.NextDouble();
        }

        var fit = Pot.Fit(sample, 1e-4);

        // Uniform(0, 1) excesses are GPD with γ = −1; the 1 − 10⁻⁴ quantile is 0.9999.
        Assert.InRange(fit.Gamma, -1.3, -0.7);
        Assert.InRange(fit.Threshold, 0.9990, 1.0005);
    }

    [Fact]
    public void A_risk_larger_than_the_peak_share_falls_back_to_the_empirical_quantile()
    {
        var sample = Samples.Exponential(new Random(4), 10_000, rate: 1);

        var fit = Pot.Fit(sample, risk: 0.05);

        var sorted = sample.Order().ToArray();
        var position = 0.95 * (sorted.Length - 1);
        var below = (int)position;
        var expected = sorted[below] + (position - below) * (sorted[below + 1] - sorted[below]);
        Assert.Equal(expected, fit.Threshold, 12);
    }

    [Fact]
    public void Identical_excesses_fall_back_to_a_degenerate_but_finite_fit()
    {
        // 98 zeros and two equal peaks: no spread to fit a shape to.
        var sample = Enumerable.Repeat(0.0, 98).Concat([5.0, 5.0]).ToArray();

        var fit = Pot.Fit(sample, 1e-3, initialQuantile: 0.9);

        Assert.True(double.IsFinite(fit.Threshold));
        Assert.True(fit.Threshold > 0);
        Assert.Equal(2, fit.PeakCount);
    }

    [Fact]
    public void A_small_sample_lowers_t_to_keep_enough_peaks()
    {
        var sample = Samples.Exponential(new Random(29), 200, rate: 1);

        var fit = Pot.Fit(sample, risk: 1e-2);

        // 2 % of 200 would leave 4 peaks; t moves down to the 95th percentile instead.
        Assert.Equal(0.95, fit.InitialQuantile, 12);
        Assert.Equal(Pot.MinimumPeaks, fit.PeakCount);
        Assert.InRange(fit.Threshold, 3, 7); // −ln(0.01) = 4.6
    }

    [Fact]
    public void A_large_sample_keeps_the_requested_initial_quantile()
    {
        var fit = Pot.Fit(Samples.Exponential(new Random(31), 5_000, rate: 1), risk: 1e-3, initialQuantile: 0.99);

        Assert.Equal(0.99, fit.InitialQuantile);
        Assert.Equal(50, fit.PeakCount);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void Risk_outside_zero_one_is_refused(double risk)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Pot.Fit(new double[] { 1, 2, 3 }, risk));
    }
}
