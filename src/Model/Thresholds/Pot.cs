namespace StreamAe.Model.Thresholds;

/// <summary>
/// Peaks-Over-Threshold (Siffer et al., KDD 2017, "Anomaly Detection in Streams with Extreme Value Theory"): take the
/// excesses over a high empirical quantile t, fit a Generalized Pareto Distribution to them and read off the value z_q
/// exceeded with probability <c>risk</c>.
/// </summary>
public static class Pot
{
    public const double DefaultInitialQuantile = 0.98;

    /// <summary>On small samples t is lowered so that at least this many peaks remain to fit the tail to.</summary>
    public const int MinimumPeaks = 10;

    public static PotFit Fit(ReadOnlySpan<double> data, double risk, double initialQuantile = DefaultInitialQuantile)
    {
        if (!(risk > 0 && risk < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(risk), risk, "The POT risk q must lie in (0, 1), e.g. 1e-3.");
        }
        if (!(initialQuantile > 0 && initialQuantile < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(initialQuantile), initialQuantile, "The POT initial quantile must lie in (0, 1), e.g. 0.98.");
        }
        if (data.Length < 2)
        {
            throw new ArgumentException("POT needs at least two values.", nameof(data));
        }

        var sorted = Quantiles.SortedCopy(data, nameof(data));
        var quantile = EffectiveInitialQuantile(initialQuantile, sorted.Length);
        var t = Quantiles.OfSorted(sorted, quantile);
        var firstPeak = UpperBound(sorted, t);
        var excesses = new double[sorted.Length - firstPeak];
        for (var i = 0; i < excesses.Length; i++)
        {
            excesses[i] = sorted[firstPeak + i] - t;
        }

        var gpd = GeneralizedPareto.Fit(excesses);
        var threshold = RiskWithinPeaks(risk, sorted.Length, excesses.Length)
            ? GeneralizedPareto.Quantile(gpd, t, risk, sorted.Length, excesses.Length)
            // The asked-for quantile lies below t, inside the data: the empirical quantile is the better estimate.
            : Quantiles.OfSorted(sorted, 1 - risk);
        return new PotFit(threshold, t, gpd.Gamma, gpd.Sigma, excesses.Length, sorted.Length)
        {
            Estimator = gpd.Estimator,
            InitialQuantile = quantile,
        };
    }

    /// <summary>The requested quantile, lowered (not below the median) where it would leave fewer than <see cref="MinimumPeaks"/> peaks.</summary>
    internal static double EffectiveInitialQuantile(double requested, int count) =>
        Math.Min(requested, Math.Max(0.5, 1 - (double)MinimumPeaks / count));

    internal static bool RiskWithinPeaks(double risk, long count, int peakCount) => peakCount > 0 && risk * count < peakCount;

    /// <summary>Index of the first element strictly greater than <paramref name="value"/>.</summary>
    internal static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
