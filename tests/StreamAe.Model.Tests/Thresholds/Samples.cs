namespace StreamAe.Model.Tests.Thresholds;

/// <summary>Seeded draws from distributions whose tail quantiles are known in closed form.</summary>
internal static class Samples
{
    public static double[] Gaussian(Random random, int count, double mean = 0, double std = 1)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = mean + std * StandardNormal(random);
        }
        return values;
    }

    /// <summary>Exponential with rate λ: P(X &gt; x) = e^(−λx), so the (1 − q) quantile is −ln(q)/λ.</summary>
    public static double[] Exponential(Random random, int count, double rate)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = -Math.Log(1 - random.NextDouble()) / rate;
        }
        return values;
    }

    /// <summary>Pareto with scale 1 and shape α: P(X &gt; x) = x^(−α), so the (1 − q) quantile is q^(−1/α); GPD tail γ = 1/α.</summary>
    public static double[] Pareto(Random random, int count, double alpha)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = Math.Pow(1 - random.NextDouble(), -1 / alpha);
        }
        return values;
    }

    public static double StandardNormal(Random random)
    {
        // Box–Muller.
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
