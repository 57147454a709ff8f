namespace StreamAe.Model.Thresholds;

/// <summary>
/// The values |x − c| of a sorted array, seen as two ascending runs (left of c going down, right of c going up), so their
/// k-th smallest is found by a binary search over how many come from each run: O(log N), no copy.
/// </summary>
internal readonly ref struct AbsoluteDeviations
{
    private readonly ReadOnlySpan<double> _sorted;
    private readonly double _center;
    private readonly int _split;

    public AbsoluteDeviations(ReadOnlySpan<double> sorted, double center)
    {
        _sorted = sorted;
        _center = center;
        _split = Pot.UpperBound(sorted, center);
    }

    private int LeftLength => _split;

    private int RightLength => _sorted.Length - _split;

    private double Left(int i) => _center - _sorted[_split - 1 - i];

    private double Right(int i) => _sorted[_split + i] - _center;

    /// <summary>The k-th smallest deviation, k counted from 0.</summary>
    public double Smallest(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, _sorted.Length);
        // Take i from the left run and j = k + 1 − i from the right run so that together they are the k + 1 smallest.
        var lo = Math.Max(0, k + 1 - RightLength);
        var hi = Math.Min(LeftLength, k + 1);
        while (true)
        {
            var i = (lo + hi) >>> 1;
            var j = k + 1 - i;
            if (i > 0 && j < RightLength && Left(i - 1) > Right(j))
            {
                hi = i - 1;
            }
            else if (j > 0 && i < LeftLength && Right(j - 1) > Left(i))
            {
                lo = i + 1;
            }
            else
            {
                var fromLeft = i > 0 ? Left(i - 1) : double.NegativeInfinity;
                var fromRight = j > 0 ? Right(j - 1) : double.NegativeInfinity;
                return Math.Max(fromLeft, fromRight);
            }
        }
    }
}
