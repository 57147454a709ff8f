namespace StreamAe.Model.Thresholds;

/// <summary>Empirical quantiles with linear interpolation between order statistics (numpy's default, R type 7).</summary>
internal static class Quantiles
{
    public static double[] SortedCopy(ReadOnlySpan<double> values, string parameterName)
    {
        var copy = values.ToArray();
        foreach (var value in copy)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException("Values must be finite numbers (found NaN or infinity).", parameterName);
            }
        }
        Array.Sort(copy);
        return copy;
    }

    /// <param name="sorted">ascending, non-empty</param>
    /// <param name="probability">in [0, 1]</param>
    public static double OfSorted(ReadOnlySpan<double> sorted, double probability)
    {
        var position = probability * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        if (below >= sorted.Length - 1)
        {
            return sorted[^1];
        }
        var fraction = position - below;
        return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
    }
}
