using System.Globalization;

namespace StreamAe.Model.Thresholds;

/// <summary>
/// Streaming Peaks-Over-Threshold (SPOT, Siffer et al., KDD 2017): the threshold z_q is the (1 − q) tail quantile of a GPD
/// fitted to the excesses over an initial threshold t, kept up to date as scores arrive. With <c>depth</c> d &gt; 0 it
/// runs as DSPOT: the model sees each score minus the mean of the last d accepted scores, so the threshold follows
/// gradual drift of the level.
/// Anomalies (scores above z_q) never enter the model with their value: an extreme score cannot stretch the tail. They
/// enter as right-censored excesses ("somewhere above z_q"), because leaving them out altogether truncates the peaks at
/// z_q, biases the fitted tail short, lowers z_q, truncates more, and so on: with bounded memory that feedback pulled
/// z_q down to t on stationary data (0.1 % risk, 1.4 % alarms). Censoring keeps the fit consistent.
/// Memory is bounded: the most recent <c>maxPeaks</c> excesses are kept, and the observation count n is taken over the
/// span they cover, so the exceedance rate N_t/n stays a rate of the recent past. The GPD is refitted after every new
/// excess while there are few, and after every N_t/32 new ones beyond that (z_q itself is updated on every score).
/// Not thread-safe: one instance per series, updated from one thread.
/// </summary>
public sealed partial class StreamingSpot
{
    public const int DefaultMaxPeaks = 10_000;

    /// <summary>Calibration needs at least depth + this many scores.</summary>
    public const int MinimumCalibration = 50;
    private const int RefitFraction = 32;

    // Ring of the most recent excesses: value (the excess, or for a censored one the level it is known to exceed),
    // whether it is censored, and the observation number it came with.
    private readonly double[] _excesses;
    private readonly bool[] _censored;
    private readonly long[] _positions;
    private readonly double[] _observedScratch;
    private readonly double[] _censoredScratch;
    private readonly double[] _level;
    private int _start;
    private int _count;
    private int _censoredCount;
    private long _observations;
    private long _droppedThrough;
    private int _excessesSinceFit;
    private GpdParameters _gpd;
    private double _z;
    private int _levelNext;
    private int _levelUpdatesSinceResum;
    private double _levelSum;

    /// <param name="calibration">scores of normal behaviour (at least depth + 50 of them) to set t and the first fit</param>
    /// <param name="risk">q, the probability of a false alarm per score, in (0, 1 − initialQuantile)</param>
    /// <param name="depth">0 for SPOT; d &gt; 0 for DSPOT with a moving-average window of d scores</param>
    /// <param name="initialQuantile">the empirical quantile of the calibration data used as t (lowered on short calibrations
    /// to leave <see cref="Pot.MinimumPeaks"/> peaks)</param>
    /// <param name="maxPeaks">how many recent excesses (peaks and censored anomalies) are kept</param>
    public StreamingSpot(
        ReadOnlySpan<double> calibration,
        double risk = ThresholdSpec.DefaultPotRisk,
        int depth = 0,
        double initialQuantile = Pot.DefaultInitialQuantile,
        int maxPeaks = DefaultMaxPeaks)
        : this(Checked(risk, depth, initialQuantile, maxPeaks), depth, maxPeaks, initialThreshold: double.NaN)
    {
        if (calibration.Length < depth + MinimumCalibration)
        {
            throw new ArgumentException(
                $"SPOT calibration needs at least depth + {MinimumCalibration} = {depth + MinimumCalibration} scores; got {calibration.Length}.",
                nameof(calibration));
        }
        var residuals = new double[calibration.Length - depth];
        for (var i = 0; i < calibration.Length; i++)
        {
            if (!double.IsFinite(calibration[i]))
            {
                throw new ArgumentException("SPOT calibration scores must be finite numbers.", nameof(calibration));
            }
            if (i >= depth)
            {
                residuals[i - depth] = calibration[i] - Level;
            }
            if (depth > 0)
            {
                PushLevel(calibration[i]);
            }
        }

        var sorted = Quantiles.SortedCopy(residuals, nameof(calibration));
        InitialThreshold = Quantiles.OfSorted(sorted, Pot.EffectiveInitialQuantile(initialQuantile, sorted.Length));
        foreach (var residual in residuals)
        {
            _observations++;
            if (residual > InitialThreshold)
            {
                AddExcess(residual - InitialThreshold, censored: false);
            }
        }
        Refit();
    }

    /// <summary>Allocates the rings for these settings; the caller fills them (from calibration scores, or from bytes).</summary>
    private StreamingSpot(double risk, int depth, int maxPeaks, double initialThreshold)
    {
        Risk = risk;
        Depth = depth;
        MaxPeaks = maxPeaks;
        InitialThreshold = initialThreshold;
        _excesses = new double[maxPeaks];
        _censored = new bool[maxPeaks];
        _positions = new long[maxPeaks];
        _observedScratch = new double[maxPeaks];
        _censoredScratch = new double[maxPeaks];
        _level = new double[depth];
    }

    /// <summary>The constructor's settings checked before anything is allocated for them; returns the risk.</summary>
    private static double Checked(double risk, int depth, double initialQuantile, int maxPeaks)
    {
        if (!(initialQuantile > 0 && initialQuantile < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(initialQuantile), initialQuantile, "The SPOT initial quantile must lie in (0, 1), e.g. 0.98.");
        }
        if (!(risk > 0 && risk < 1 - initialQuantile))
        {
            throw new ArgumentOutOfRangeException(nameof(risk), risk,
                string.Create(CultureInfo.InvariantCulture, $"The SPOT risk q must lie in (0, 1 − initial quantile) = (0, {1 - initialQuantile:G4}), e.g. 1e-3."));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeaks, 2);
        return risk;
    }

    public double Risk { get; }

    public int Depth { get; }

    public int MaxPeaks { get; }

    /// <summary>The current alarm threshold in score units (z_q, plus the drift level in DSPOT mode).</summary>
    public double Threshold => _z + Level;

    /// <summary>The initial threshold t the peaks are taken over (relative to the drift level in DSPOT mode).</summary>
    public double InitialThreshold { get; }

    /// <summary>Stored peaks (observed excesses over t).</summary>
    public int PeakCount => _count - _censoredCount;

    /// <summary>Stored anomalies, counted as excesses censored at the z_q of their time.</summary>
    public int CensoredCount => _censoredCount;

    /// <summary>n: the observations the stored excesses stem from.</summary>
    public long ObservationCount => _observations - _droppedThrough;

    public long AnomalyCount { get; private set; }

    public double Gamma => _gpd.Gamma;

    public double Sigma => _gpd.Sigma;

    /// <summary>The DSPOT drift level (mean of the last d accepted scores); 0 in SPOT mode.</summary>
    public double Level => Depth == 0 ? 0 : _levelSum / Depth;

    public SpotDecision Update(double score)
    {
        if (!double.IsFinite(score))
        {
            throw new ArgumentException("SPOT scores must be finite numbers.", nameof(score));
        }
        var residual = score - Level;
        _observations++;
        SpotDecision decision;
        if (residual > _z)
        {
            AnomalyCount++;
            AddExcess(_z - InitialThreshold, censored: true);
            decision = SpotDecision.Anomaly;
        }
        else if (residual > InitialThreshold)
        {
            AddExcess(residual - InitialThreshold, censored: false);
            decision = SpotDecision.Peak;
        }
        else
        {
            decision = SpotDecision.Normal;
        }

        if (decision != SpotDecision.Normal && ++_excessesSinceFit >= Math.Max(1, _count / RefitFraction))
        {
            Refit();
        }
        if (Depth > 0 && decision != SpotDecision.Anomaly)
        {
            PushLevel(score);
        }
        UpdateQuantile();
        return decision;
    }

    private void AddExcess(double value, bool censored)
    {
        var slot = (_start + _count) % MaxPeaks;
        if (_count == MaxPeaks)
        {
            // Forget the oldest excess and the observations up to it, keeping N_t/n a recent rate.
            _droppedThrough = _positions[_start];
            _censoredCount -= _censored[_start] ? 1 : 0;
            _start = (_start + 1) % MaxPeaks;
        }
        else
        {
            _count++;
        }
        _excesses[slot] = value;
        _censored[slot] = censored;
        _positions[slot] = _observations;
        _censoredCount += censored ? 1 : 0;
    }

    private void Refit()
    {
        // The fit needs only the two sets of values, so the ring's slot order does not matter.
        int observed = 0, censored = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_censored[i])
            {
                _censoredScratch[censored++] = _excesses[i];
            }
            else
            {
                _observedScratch[observed++] = _excesses[i];
            }
        }
        _gpd = GeneralizedPareto.Fit(_observedScratch.AsSpan(0, observed), _censoredScratch.AsSpan(0, censored));
        _excessesSinceFit = 0;
        UpdateQuantile();
    }

    private void UpdateQuantile() =>
        _z = Math.Max(InitialThreshold, GeneralizedPareto.Quantile(_gpd, InitialThreshold, Risk, ObservationCount, _count));

    private void PushLevel(double score)
    {
        _levelSum += score - _level[_levelNext];
        _level[_levelNext] = score;
        _levelNext = (_levelNext + 1) % Depth;
        // Re-add the window now and then so rounding errors of the running sum cannot pile up.
        if (++_levelUpdatesSinceResum >= Depth)
        {
            _levelSum = 0;
            foreach (var value in _level)
            {
                _levelSum += value;
            }
            _levelUpdatesSinceResum = 0;
        }
    }
}
