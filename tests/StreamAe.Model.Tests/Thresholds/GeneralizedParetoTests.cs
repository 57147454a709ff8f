using StreamAe.Model.Thresholds;

namespace StreamAe.Model.Tests.Thresholds;

public sealed class GeneralizedParetoTests
{
    [Fact]
    public void Censoring_the_largest_excesses_keeps_the_fit_unbiased_where_dropping_them_does_not()
    {
        // Exponential excesses (γ = 0, σ = 1); those above 2 (13.5 %) are known only to exceed 2.
        const double censorLevel = 2;
        var excesses = Samples.Exponential(new Random(83), 20_000, rate: 1);
        var observed = excesses.Where(y => y <= censorLevel).ToArray();
        var censored = Enumerable.Repeat(censorLevel, excesses.Length - observed.Length).ToArray();

        var withCensoring = GeneralizedPareto.Fit(observed, censored);
        var truncated = GeneralizedPareto.Fit(observed);

        Assert.InRange(withCensoring.Gamma, -0.05, 0.05);
        Assert.InRange(withCensoring.Sigma, 0.95, 1.05);
        Assert.True(truncated.Gamma < -0.3, $"dropping the largest excesses should bias the tail short; γ = {truncated.Gamma}");
    }

    [Fact]
    public void The_fit_maximises_the_likelihood_among_nearby_parameters()
    {
        var excesses = Samples.Pareto(new Random(89), 5_000, alpha: 2).Select(x => x - 1).Where(y => y > 0).ToArray();

        var fit = GeneralizedPareto.Fit(excesses);

        var best = LogLikelihood(excesses, fit.Gamma, fit.Sigma);
        foreach (var (dg, ds) in new[] { (0.02, 0.0), (-0.02, 0.0), (0.0, 0.02), (0.0, -0.02), (0.02, 0.02), (-0.02, -0.02) })
        {
            Assert.True(best >= LogLikelihood(excesses, fit.Gamma + dg, fit.Sigma * (1 + ds)), $"γ {fit.Gamma + dg}, σ×{1 + ds} fits better");
        }
        Assert.InRange(fit.Gamma, 0.4, 0.6); // Pareto α = 2 minus its scale: GPD with γ = ½, σ = ½
        Assert.InRange(fit.Sigma, 0.45, 0.55);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.25, 1.0)]
    [InlineData(-0.3, 2.0)]
    public void Probability_weighted_moments_recover_the_parameters(double gamma, double sigma)
    {
        // Inverse-CDF draws: y = σ/γ·((1 − u)^(−γ) − 1), or −σ·ln(1 − u) at γ = 0.
        var random = new Random(97);
        var excesses = Enumerable.Range(0, 50_000)
            .Select(_ => 1 - random.NextDouble())
            .Select(u => gamma == 0 ? -sigma * Math.Log(u) : sigma / gamma * (Math.Pow(u, -gamma) - 1))
            .ToArray();

        var fit = GeneralizedPareto.ProbabilityWeightedMoments(excesses);

        Assert.InRange(fit.Gamma, gamma - 0.04, gamma + 0.04);
        Assert.InRange(fit.Sigma, sigma * 0.96, sigma * 1.04);
    }

    [Fact]
    public void A_few_peaks_with_the_likelihood_on_its_edge_use_probability_weighted_moments()
    {
        // Ten evenly spread excesses: the likelihood keeps rising towards γ = −1 (a uniform tail ending at the largest).
        var excesses = Enumerable.Range(1, 10).Select(i => i / 10.0).ToArray();

        var fit = GeneralizedPareto.Fit(excesses);

        Assert.Equal("probability-weighted-moments", fit.Estimator);
        // PWM reads them as a uniform tail too (γ ≈ −1), ending near the largest excess: z_q stays close to 1.
        Assert.InRange(fit.Gamma, -1.2, -0.8);
        Assert.InRange(GeneralizedPareto.Quantile(fit, 0, 1e-3, 1_000, 10), 0.95, 1.15);
    }

    [Fact]
    public void Quantile_uses_the_exponential_form_at_zero_shape()
    {
        var exponential = new GpdParameters(0, 2, "test");
        var pareto = new GpdParameters(0.5, 1, "test");

        // z = t − σ·ln(q·n/N_t) and z = t + (σ/γ)((q·n/N_t)^(−γ) − 1), with q·n/N_t = 10⁻³·10⁴/100 = 0.1.
        Assert.Equal(1 - 2 * Math.Log(0.1), GeneralizedPareto.Quantile(exponential, 1, 1e-3, 10_000, 100), 12);
        Assert.Equal(1 + 2 * (Math.Pow(0.1, -0.5) - 1), GeneralizedPareto.Quantile(pareto, 1, 1e-3, 10_000, 100), 12);
    }

    private static double LogLikelihood(double[] excesses, double gamma, double sigma) =>
        excesses.Sum(y => -Math.Log(sigma) - (1 + 1 / gamma) * Math.Log(1 + gamma * y / sigma));
}
