namespace StreamAe.Model.Thresholds;

/// <summary>
/// The recent reconstruction errors of normal windows of one series (at most <see cref="Capacity"/>, oldest out first),
/// kept sorted as well so a quantile or a rank costs a binary search. It answers two questions for the decision path:
/// where the series' normal errors end (<see cref="Quantile"/>), and how unusual one error is against them
/// (<see cref="Calibrate"/>, an estimate of the error's CDF: the share of normal windows with a smaller error, with a
/// generalized Pareto tail fitted above the <see cref="TailQuantile"/> so scores beyond the largest seen still rank).
/// Errors are held as floats: 8 bytes of memory a held error. Not thread-safe: one instance per series and thread.
/// </summary>
public sealed partial class ErrorReference
{
    /// <summary>Errors above this quantile of the reference form the tail the Pareto fit describes.</summary>
    public const double TailQuantile = 0.9;

    /// <summary>A tail of fewer errors is not fitted; calibration then stays empirical (capped below 1).</summary>
    private const int MinimumTail = 8;

    /// <summary>The tail is refitted after this many additions (a fit per error would cost a pass over the tail).</summary>
    private const int RefitEvery = 32;

    /// <summary>Errors closer than this (relative) rank as equal. One window scored in batches of another size differs
    /// in its last float digits; repeated windows (a stuck sensor, a repeating pattern) give equal errors, and the noise
    /// must not break their tie differently live and in a replay (it moved a calibrated score by two ranks).</summary>
    private const double TieTolerance = 1e-5;

    private readonly float[] _arrival;
    private readonly float[] _sorted;
    private int _next;
    private int _count;
    private int _addedSinceFit = int.MaxValue;
    private double _tailStart;
    private double _tailShape;
    private double _tailScale;
    private bool _tailFitted;

    public ErrorReference(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _arrival = new float[capacity];
        _sorted = new float[capacity];
    }

    /// <summary>A reference of <paramref name="capacity"/> errors, filled with <paramref name="seed"/> (the last ones
    /// when there are more).</summary>
    public static ErrorReference Seeded(int capacity, ReadOnlySpan<float> seed)
    {
        var reference = new ErrorReference(capacity);
        foreach (var error in seed.Length > capacity ? seed[^capacity..] : seed)
        {
            reference.Add(error);
        }
        return reference;
    }

    public int Capacity => _arrival.Length;

    public int Count => _count;

    /// <summary>Adds one error, dropping the oldest when full. Non-finite errors are ignored.</summary>
    public void Add(double error)
    {
        if (!double.IsFinite(error))
        {
            return;
        }
        // +0 for -0: equal errors are then equal bits, so the sorted copy follows from the held errors alone (a
        // restored reference rebuilds it by sorting and decides bit for bit as the original).
        var value = error == 0 ? 0f : (float)error;
        if (_count == _arrival.Length)
        {
            RemoveSorted(_arrival[_next]);
        }
        _arrival[_next] = value;
        _next = (_next + 1) % _arrival.Length;
        InsertSorted(value);
        if (_addedSinceFit != int.MaxValue)
        {
            _addedSinceFit++;
        }
    }

    /// <summary>The <paramref name="probability"/> quantile of the held errors (linear interpolation); NaN when empty.</summary>
    public double Quantile(double probability)
    {
        if (_count == 0)
        {
            return double.NaN;
        }
        var position = probability * (_count - 1);
        var below = (int)Math.Floor(position);
        if (below >= _count - 1)
        {
            return _sorted[_count - 1];
        }
        return _sorted[below] + (position - below) * (_sorted[below + 1] - _sorted[below]);
    }

    /// <summary>
    /// The calibrated score of an error, in [0, 1]: the estimated share of this series' normal windows whose error is
    /// smaller. 0.5 is a typical window, 0.99 one a hundred normal windows produce, 0.9999 one in ten thousand. NaN when
    /// the reference is empty or the error is not a number.
    /// </summary>
    public double Calibrate(double error)
    {
        if (_count == 0 || double.IsNaN(error))
        {
            return double.NaN;
        }
        RefitTailIfStale();
        var slack = Math.Abs(error) * TieTolerance;
        if (_tailFitted && error - slack > _tailStart)
        {
            return 1 - (1 - TailQuantile) * ParetoSurvival(error - _tailStart);
        }
        // Mid-rank among equal errors keeps a constant reference at 0.5 rather than 0 or 1.
        var below = LowerBound(error - slack);
        var notAbove = UpperBound(error + slack);
        var rank = (below + notAbove) / 2.0;
        return (rank + 0.5) / (_count + 1);
    }

    private double ParetoSurvival(double excess)
    {
        if (Math.Abs(_tailShape) < 1e-9)
        {
            return Math.Exp(-excess / _tailScale);
        }
        var inner = 1 + _tailShape * excess / _tailScale;
        return inner <= 0 ? 0 : Math.Pow(inner, -1 / _tailShape);
    }

    /// <summary>Method-of-moments fit of the excesses over the tail start (closed form, no iteration on the hot path).</summary>
    private void RefitTailIfStale()
    {
        if (_addedSinceFit < RefitEvery)
        {
            return;
        }
        _addedSinceFit = 0;
        _tailStart = Quantile(TailQuantile);
        var first = UpperBound(_tailStart);
        var tail = _count - first;
        _tailFitted = false;
        if (tail < MinimumTail)
        {
            return;
        }
        double mean = 0, m2 = 0;
        for (var i = first; i < _count; i++)
        {
            var excess = _sorted[i] - _tailStart;
            var delta = excess - mean;
            mean += delta / (i - first + 1);
            m2 += delta * (excess - mean);
        }
        var variance = m2 / tail;
        if (!(mean > 0) || !(variance > 0))
        {
            return;
        }
        var ratio = mean * mean / variance;
        _tailShape = 0.5 * (1 - ratio);
        _tailScale = 0.5 * mean * (ratio + 1);
        _tailFitted = _tailScale > 0;
    }

    private void InsertSorted(float value)
    {
        var at = UpperBound(value);
        Array.Copy(_sorted, at, _sorted, at + 1, _count - at);
        _sorted[at] = value;
        _count++;
    }

    private void RemoveSorted(float value)
    {
        var at = LowerBound(value);
        Array.Copy(_sorted, at + 1, _sorted, at, _count - 1 - at);
        _count--;
    }

    /// <summary>First index whose error is ≥ <paramref name="value"/>.</summary>
    private int LowerBound(double value)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    /// <summary>First index whose error is &gt; <paramref name="value"/>.</summary>
    private int UpperBound(double value)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_sorted[middle] <= value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }
}
