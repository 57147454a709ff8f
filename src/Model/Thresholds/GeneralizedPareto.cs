namespace StreamAe.Model.Thresholds;

/// <summary>Shape γ and scale σ of a Generalized Pareto Distribution fitted to excesses over a threshold.</summary>
internal readonly record struct GpdParameters(double Gamma, double Sigma, string Estimator);

/// <summary>
/// Maximum-likelihood GPD fit reduced to one dimension (Grimshaw's reparametrisation x = γ/σ, as in Siffer et al.,
/// KDD 2017). For fixed x the likelihood is maximised by γ = (A + B)/p, where p is the number of observed excesses,
/// A = Σ ln(1 + x·y) over them and B = Σ ln(1 + x·c) over right-censored excesses (known only to exceed c), which
/// leaves the profile ℓ(x) = −p·ln((A + B)/(p·x)) − A − p. Its stationary points are exactly the roots of Grimshaw's
/// equation u(x)·v(x) = 1 when nothing is censored. The profile is scanned on a grid (geometric in |x|, plus the
/// exponential case x = 0) and the best cell refined by golden-section search; γ is kept above −1, where the MLE exists.
/// Falls back to probability-weighted moments when the maximum sits on that edge, and to the method of moments when the
/// excesses are too few or all alike.
/// </summary>
internal static class GeneralizedPareto
{
    private const int PointsPerDecade = 2;
    private const int MaxGridPoints = 96;
    private const int GoldenSteps = 28;
    private const double NearZero = 1e-8;
    private const double BoundaryGamma = -0.99;

    /// <param name="excesses">observed excesses over the threshold, all &gt; 0</param>
    /// <param name="censoredAt">excesses known only to lie above these levels (e.g. scores kept out of the model as anomalies)</param>
    public static GpdParameters Fit(ReadOnlySpan<double> excesses, ReadOnlySpan<double> censoredAt = default)
    {
        if (excesses.IsEmpty)
        {
            return new GpdParameters(0, 0, "none (no excesses)");
        }

        double min = double.PositiveInfinity, max = 0, sum = 0;
        foreach (var y in excesses)
        {
            min = Math.Min(min, y);
            max = Math.Max(max, y);
            sum += y;
        }
        var mean = sum / excesses.Length;
        if (excesses.Length < 3 || max <= 0 || max - min <= 1e-12 * max)
        {
            return MethodOfMoments(excesses, mean);
        }
        foreach (var c in censoredAt)
        {
            max = Math.Max(max, c);
        }

        var profile = new Profile(excesses, censoredAt);
        Span<double> grid = stackalloc double[2 * MaxGridPoints + 1];
        // x = γ/σ beyond 10⁴/mean would mean an absurdly heavy tail relative to the typical excess.
        var count = Grid(grid, 1 / max, 1e4 / mean);
        grid = grid[..count];

        var bestIndex = 0;
        var bestValue = double.NegativeInfinity;
        for (var i = 0; i < grid.Length; i++)
        {
            var value = profile.At(grid[i]);
            if (value > bestValue)
            {
                bestValue = value;
                bestIndex = i;
            }
        }
        if (double.IsNegativeInfinity(bestValue))
        {
            return MethodOfMoments(excesses, mean);
        }

        var x = profile.Refine(grid[Math.Max(0, bestIndex - 1)], grid[Math.Min(grid.Length - 1, bestIndex + 1)], grid[bestIndex], bestValue);
        var best = profile.Parameters(x);
        if (!(double.IsFinite(best.Sigma) && best.Sigma > 0 && double.IsFinite(best.Gamma)))
        {
            return MethodOfMoments(excesses, mean);
        }
        // A maximum on the γ = −1 edge means the likelihood has no interior maximum (typical of a few peaks):
        // probability-weighted moments are the steadier estimate there.
        return best.Gamma < BoundaryGamma && censoredAt.IsEmpty ? ProbabilityWeightedMoments(excesses) : best;
    }

    /// <summary>
    /// Hosking and Wallis (1987): with a₀ = mean and a₁ = mean of (1 − pᵢ)·y₍ᵢ₎, pᵢ = (i − 0.35)/n over the sorted excesses,
    /// γ = 2 − a₀/(a₀ − 2a₁) and σ = 2a₀a₁/(a₀ − 2a₁).
    /// </summary>
    internal static GpdParameters ProbabilityWeightedMoments(ReadOnlySpan<double> excesses)
    {
        var sorted = excesses.ToArray();
        Array.Sort(sorted);
        double a0 = 0, a1 = 0;
        var n = sorted.Length;
        for (var i = 0; i < n; i++)
        {
            a0 += sorted[i];
            a1 += (1 - (i + 1 - 0.35) / n) * sorted[i];
        }
        a0 /= n;
        a1 /= n;
        var denominator = a0 - 2 * a1;
        return denominator > 0
            ? new GpdParameters(2 - a0 / denominator, 2 * a0 * a1 / denominator, "probability-weighted-moments")
            : new GpdParameters(0, a0, "exponential (degenerate moments)");
    }

    /// <summary>Tail quantile z_q = t + (σ/γ)((q·n/N_t)^(−γ) − 1), or t − σ·ln(q·n/N_t) when γ = 0.</summary>
    public static double Quantile(GpdParameters gpd, double initialThreshold, double risk, long count, int peakCount)
    {
        if (peakCount == 0 || gpd.Sigma <= 0)
        {
            return initialThreshold;
        }
        var ratio = risk * count / peakCount;
        return Math.Abs(gpd.Gamma) < 1e-12
            ? initialThreshold - gpd.Sigma * Math.Log(ratio)
            : initialThreshold + gpd.Sigma / gpd.Gamma * (Math.Pow(ratio, -gpd.Gamma) - 1);
    }

    /// <summary>Ascending grid: x in (−1/max, 0) geometric in |x|, then 0, then geometric up to <paramref name="positiveTo"/>.</summary>
    private static int Grid(Span<double> grid, double negativeTo, double positiveTo)
    {
        var count = 0;
        var negativeFrom = NearZero * negativeTo;
        var negativeEnd = negativeTo * (1 - 1e-9);
        var negativePoints = Points(negativeEnd / negativeFrom);
        for (var i = negativePoints; i >= 0; i--)
        {
            grid[count++] = -negativeFrom * Math.Pow(negativeEnd / negativeFrom, (double)i / negativePoints);
        }
        grid[count++] = 0;
        var positiveFrom = NearZero * negativeTo;
        if (positiveTo > positiveFrom)
        {
            var positivePoints = Points(positiveTo / positiveFrom);
            for (var i = 0; i <= positivePoints; i++)
            {
                grid[count++] = positiveFrom * Math.Pow(positiveTo / positiveFrom, (double)i / positivePoints);
            }
        }
        return count;
    }

    private static int Points(double ratio) => (int)Math.Clamp(Math.Ceiling(PointsPerDecade * Math.Log10(ratio)), 4, MaxGridPoints - 1);

    private readonly ref struct Profile(ReadOnlySpan<double> excesses, ReadOnlySpan<double> censoredAt)
    {
        private readonly ReadOnlySpan<double> _excesses = excesses;
        private readonly ReadOnlySpan<double> _censoredAt = censoredAt;

        /// <summary>The profile log-likelihood at x; −∞ outside the support or where γ ≤ −1.</summary>
        public double At(double x)
        {
            double p = _excesses.Length;
            if (x == 0)
            {
                var sigma = Total() / p;
                return -p * Math.Log(sigma) - p;
            }
            var a = SumLog(_excesses, x);
            var b = SumLog(_censoredAt, x);
            var gamma = (a + b) / p;
            if (!double.IsFinite(a) || !double.IsFinite(b) || gamma <= -1 || gamma / x <= 0)
            {
                return double.NegativeInfinity;
            }
            return -p * Math.Log(gamma / x) - a - p;
        }

        public GpdParameters Parameters(double x)
        {
            if (x == 0)
            {
                return new GpdParameters(0, Total() / _excesses.Length, "mle (exponential)");
            }
            var gamma = (SumLog(_excesses, x) + SumLog(_censoredAt, x)) / _excesses.Length;
            return new GpdParameters(gamma, gamma / x, _censoredAt.IsEmpty ? "grimshaw-mle" : "grimshaw-mle (censored)");
        }

        /// <summary>Golden-section search for the maximum of the profile on [lo, hi], never returning worse than the start.</summary>
        public double Refine(double lo, double hi, double start, double startValue)
        {
            var inverseGolden = (Math.Sqrt(5) - 1) / 2;
            var c = hi - inverseGolden * (hi - lo);
            var d = lo + inverseGolden * (hi - lo);
            double fc = At(c), fd = At(d);
            for (var step = 0; step < GoldenSteps; step++)
            {
                if (fc >= fd)
                {
                    hi = d;
                    d = c;
                    fd = fc;
                    c = hi - inverseGolden * (hi - lo);
                    fc = At(c);
                }
                else
                {
                    lo = c;
                    c = d;
                    fc = fd;
                    d = lo + inverseGolden * (hi - lo);
                    fd = At(d);
                }
            }
            var (x, value) = fc >= fd ? (c, fc) : (d, fd);
            return value > startValue ? x : start;
        }

        private double Total()
        {
            double total = 0;
            foreach (var y in _excesses)
            {
                total += y;
            }
            foreach (var c in _censoredAt)
            {
                total += c;
            }
            return total;
        }

        private static double SumLog(ReadOnlySpan<double> values, double x)
        {
            double sum = 0;
            foreach (var v in values)
            {
                var s = 1 + x * v;
                if (s <= 0)
                {
                    return double.NaN;
                }
                sum += Math.Log(s);
            }
            return sum;
        }
    }

    /// <summary>Method of moments: γ = ½(1 − m²/s²), σ = ½·m·(m²/s² + 1); exponential (γ = 0, σ = m) without spread.</summary>
    private static GpdParameters MethodOfMoments(ReadOnlySpan<double> excesses, double mean)
    {
        var (_, std) = ErrorStatistics.Moments(excesses);
        var variance = std * std;
        if (variance <= 0 || mean <= 0)
        {
            return new GpdParameters(0, mean, "exponential (too few or identical excesses)");
        }
        var ratio = mean * mean / variance;
        return new GpdParameters(0.5 * (1 - ratio), 0.5 * mean * (ratio + 1), "method-of-moments");
    }
}
