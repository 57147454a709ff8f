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
