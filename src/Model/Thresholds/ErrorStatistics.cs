namespace StreamAe.Model.Thresholds;

/// <summary>Summary of a set of reconstruction errors (population σ; quantiles linearly interpolated).</summary>
public sealed record ErrorStatistics(int Count, double Mean, double Std, double Min, double Max, double P50, double P90, double P99)
{
    public static ErrorStatistics From(ReadOnlySpan<double> errors)
    {
        if (errors.IsEmpty)
        {
            throw new ArgumentException("Error statistics need at least one error.", nameof(errors));
        }
        var sorted = Quantiles.SortedCopy(errors, nameof(errors));
        var (mean, std) = Moments(sorted);
        return new ErrorStatistics(
            sorted.Length,
            mean,
            std,
            sorted[0],
            sorted[^1],
            Quantiles.OfSorted(sorted, 0.50),
            Quantiles.OfSorted(sorted, 0.90),
            Quantiles.OfSorted(sorted, 0.99));
    }

    /// <summary>Mean and population standard deviation (Welford, numerically stable).</summary>
    internal static (double Mean, double Std) Moments(ReadOnlySpan<double> values)
    {
        double mean = 0, m2 = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var delta = values[i] - mean;
            mean += delta / (i + 1);
            m2 += delta * (values[i] - mean);
        }
        return (mean, values.Length == 0 ? 0 : Math.Sqrt(m2 / values.Length));
    }
}
