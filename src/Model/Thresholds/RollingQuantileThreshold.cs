namespace StreamAe.Model.Thresholds;

/// <summary>
/// A threshold recalibrated against the last N scores: either their p-th percentile, or median + k·MAD (MAD scaled by
/// 1.4826 so k counts standard deviations on Gaussian scores). Each score is judged against the threshold of the scores
/// before it, then joins the window. Memory is two arrays of N doubles; an update costs a binary search plus one block
/// move inside the sorted copy, and the threshold (MAD included) is read in O(log N).
/// Until <c>minimumCount</c> scores have been seen the threshold is +∞ (no alarms).
/// Not thread-safe: one instance per series, updated from one thread.
/// </summary>
public sealed partial class RollingQuantileThreshold
{
    /// <summary>Scales the MAD to a consistent estimator of σ for normally distributed scores.</summary>
    public const double MadToSigma = 1.4826;

    private readonly double[] _arrival;
    private readonly double[] _sorted;
    private readonly bool _useMad;
    private int _next;
    private int _count;

    private RollingQuantileThreshold(int windowSize, double parameter, bool useMad, int minimumCount, bool learnFromAnomalies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumCount, windowSize);
        _arrival = new double[windowSize];
        _sorted = new double[windowSize];
        _useMad = useMad;
        Parameter = parameter;
        MinimumCount = minimumCount;
        LearnFromAnomalies = learnFromAnomalies;
    }

    /// <summary>Threshold = the <paramref name="percentile"/>-th percentile (0 &lt; p ≤ 100) of the last <paramref name="windowSize"/> scores.</summary>
    /// <param name="learnFromAnomalies">whether scores judged anomalous join the window (true lets it follow level shifts)</param>
    public static RollingQuantileThreshold Percentile(int windowSize, double percentile, int minimumCount = 32, bool learnFromAnomalies = true)
    {
        if (!(percentile > 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "The rolling percentile must lie in (0, 100], e.g. 99.");
        }
        return new RollingQuantileThreshold(windowSize, percentile, useMad: false, Math.Min(minimumCount, windowSize), learnFromAnomalies);
    }

    /// <summary>Threshold = median + <paramref name="k"/>·1.4826·MAD of the last <paramref name="windowSize"/> scores.</summary>
    /// <param name="learnFromAnomalies">whether scores judged anomalous join the window (true lets it follow level shifts)</param>
    public static RollingQuantileThreshold MedianMad(int windowSize, double k, int minimumCount = 32, bool learnFromAnomalies = true)
    {
        if (!(double.IsFinite(k) && k >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "The MAD multiplier k must be a finite number ≥ 0, e.g. 3.");
        }
        return new RollingQuantileThreshold(windowSize, k, useMad: true, Math.Min(minimumCount, windowSize), learnFromAnomalies);
    }

    /// <summary>The percentile p, or k for median + k·MAD.</summary>
    public double Parameter { get; }

    public int WindowSize => _arrival.Length;

    public int MinimumCount { get; }

    public bool LearnFromAnomalies { get; }

    /// <summary>How many scores the window holds now (at most <see cref="WindowSize"/>).</summary>
    public int Count => _count;

    public double Threshold => _count < MinimumCount ? double.PositiveInfinity : _useMad ? MedianPlusMad() : PercentileOfWindow();

    /// <summary>Fills the window with known-normal scores (e.g. held-out validation errors) without judging them.</summary>
    public void Seed(ReadOnlySpan<double> scores)
    {
        foreach (var score in scores)
        {
            Add(score);
        }
    }

    /// <summary>Judges <paramref name="score"/> against the current threshold (true = anomalous), then adds it to the window.</summary>
    public bool Update(double score)
    {
        var anomalous = score > Threshold;
        if (!anomalous || LearnFromAnomalies)
        {
            Add(score);
        }
        return anomalous;
    }

    private void Add(double score)
    {
        if (!double.IsFinite(score))
        {
            throw new ArgumentException("Rolling threshold scores must be finite numbers.", nameof(score));
        }
        // +0 for -0, so the sorted copy follows from the held scores alone (see ReadFrom).
        score = score == 0 ? 0 : score;
        if (_count == _arrival.Length)
        {
            RemoveSorted(_arrival[_next]);
        }
        _arrival[_next] = score;
        _next = (_next + 1) % _arrival.Length;
        InsertSorted(score);
    }

    private void InsertSorted(double value)
    {
        var index = Pot.UpperBound(_sorted.AsSpan(0, _count), value);
        Array.Copy(_sorted, index, _sorted, index + 1, _count - index);
        _sorted[index] = value;
        _count++;
    }

    private void RemoveSorted(double value)
    {
        var index = Pot.UpperBound(_sorted.AsSpan(0, _count), value) - 1;
        Array.Copy(_sorted, index + 1, _sorted, index, _count - index - 1);
        _count--;
    }

    private double PercentileOfWindow() => Quantiles.OfSorted(_sorted.AsSpan(0, _count), Parameter / 100);

    private double MedianPlusMad()
    {
        var window = _sorted.AsSpan(0, _count);
        var median = Quantiles.OfSorted(window, 0.5);
        var deviations = new AbsoluteDeviations(window, median);
        var mad = window.Length % 2 == 1
            ? deviations.Smallest(window.Length / 2)
            : 0.5 * (deviations.Smallest(window.Length / 2 - 1) + deviations.Smallest(window.Length / 2));
        return median + Parameter * MadToSigma * mad;
    }
}
