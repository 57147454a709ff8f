using System.Globalization;

namespace StreamAe.Model.Thresholds;

/// <summary>Fits a static threshold from reconstruction errors of normal data (ideally held out, not the training set).</summary>
public static class ThresholdFitter
{
    /// <param name="spec">the method</param>
    /// <param name="normalErrors">errors on normal data; every method but bestf1 needs them</param>
    /// <param name="validationScores">labelled scores, needed by bestf1 only</param>
    /// <param name="validationAnomalous">labels of <paramref name="validationScores"/> (true = anomalous)</param>
    public static ThresholdFit Fit(
        ThresholdSpec spec,
        ReadOnlySpan<double> normalErrors,
        ReadOnlySpan<double> validationScores = default,
        ReadOnlySpan<bool> validationAnomalous = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Method == ThresholdSpec.BestF1)
        {
            return BestF1.Fit(validationScores, validationAnomalous);
        }
        if (normalErrors.IsEmpty)
        {
            throw new ArgumentException($"Threshold '{spec}' needs the errors of normal data; none were given.", nameof(normalErrors));
        }

        switch (spec.Method)
        {
            case ThresholdSpec.MeanSd:
            {
                var stats = ErrorStatistics.From(normalErrors);
                var threshold = stats.Mean + spec.Parameter * stats.Std;
                return new ThresholdFit(threshold, spec.ToString(), Invariant(
                    $"mean {stats.Mean:G6} + {spec.Parameter:G6}·σ {stats.Std:G6} over {stats.Count} normal errors"));
            }
            case ThresholdSpec.Percentile:
            {
                var sorted = Quantiles.SortedCopy(normalErrors, nameof(normalErrors));
                var threshold = Quantiles.OfSorted(sorted, spec.Parameter / 100);
                return new ThresholdFit(threshold, spec.ToString(), Invariant(
                    $"{spec.Parameter:G6}th percentile (linear interpolation) of {sorted.Length} normal errors"));
            }
            case ThresholdSpec.Max:
            {
                var stats = ErrorStatistics.From(normalErrors);
                return new ThresholdFit(stats.Max, spec.ToString(), Invariant($"largest of {stats.Count} normal errors"));
            }
            case ThresholdSpec.Pot:
            {
                var pot = Pot.Fit(normalErrors, spec.Parameter);
                return new ThresholdFit(pot.Threshold, spec.ToString(), Invariant(
                    $"POT risk {spec.Parameter:G6}: t {pot.InitialThreshold:G6} (quantile {pot.InitialQuantile:G4}), {pot.PeakCount} peaks of {pot.Count}, GPD γ {pot.Gamma:G6} σ {pot.Sigma:G6} ({pot.Estimator})"));
            }
            default:
                throw new ArgumentException($"Unknown threshold method '{spec.Method}'. Valid forms: {ThresholdSpec.ValidForms}.", nameof(spec));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
