namespace StreamAe.Model.Thresholds;

/// <summary>
/// Streaming Peaks-Over-Threshold (SPOT, Siffer et al., KDD 2017): the threshold z_q is the (1 − q) tail quantile of a GPD
/// fitted to the excesses over an initial threshold t, kept up to date as normal scores and peaks arrive; anomalies are
/// left out of the model. With <c>depth</c> d &gt; 0 it runs as DSPOT: the model sees each score minus the mean of the
/// last d accepted scores, so the threshold follows gradual drift of the level.
/// Memory is bounded: the most recent <c>maxPeaks</c> peaks are kept, and the observation count n is taken over the span
/// those peaks cover, so the peak rate N_t/n stays a rate of the recent past. The GPD is refitted after every new peak
/// while there are few, and after every peaks/32 new peaks beyond that (the threshold itself is updated on every score).
/// </summary>
public sealed class StreamingSpot
{
    public const int DefaultMaxPeaks = 10_000;
    private const int RefitFraction = 32;

    private readonly double[] _peaks;
    private readonly long[] _peakPositions;
    private readonly double[] _level;
    private int _peakStart;
    private int _peakCount;
    private long _observations;
    private long _droppedThrough;
    private int _peaksSinceFit;
    private GpdParameters _gpd;
    private double _z;
    private int _levelNext;
    private int _levelUpdatesSinceResum;
    private double _levelSum;

    /// <param name="calibration">scores of normal behaviour (at least depth + 50 of them) to set t and the first fit</param>
    /// <param name="risk">q, the probability of a false alarm per score, in (0, 1 − initialQuantile)</param>
    /// <param name="depth">0 for SPOT; d &gt; 0 for DSPOT with a moving-average window of d scores</param>
    /// <param name="initialQuantile">the empirical quantile of the calibration data used as t</param>
    /// <param name="maxPeaks">how many recent peaks are kept</param>
    public StreamingSpot(
        ReadOnlySpan<double> calibration,
        double risk = ThresholdSpec.DefaultPotRisk,
        int depth = 0,
        double initialQuantile = Pot.DefaultInitialQuantile,
        int maxPeaks = DefaultMaxPeaks)
    {
        if (!(initialQuantile > 0 && initialQuantile < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(initialQuantile), initialQuantile, "The SPOT initial quantile must lie in (0, 1), e.g. 0.98.");
        }
        if (!(risk > 0 && risk < 1 - initialQuantile))
        {
            throw new ArgumentOutOfRangeException(nameof(risk), risk,
                $"The SPOT risk q must lie in (0, 1 − initial quantile) = (0, {1 - initialQuantile:G4}), e.g. 1e-3.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeaks, 2);
        const int minimumCalibration = 50;
        if (calibration.Length < depth + minimumCalibration)
        {
            throw new ArgumentException(
                $"SPOT calibration needs at least depth + {minimumCalibration} = {depth + minimumCalibration} scores; got {calibration.Length}.",
                nameof(calibration));
        }

        Risk = risk;
        Depth = depth;
        MaxPeaks = maxPeaks;
        _peaks = new double[maxPeaks];
        _peakPositions = new long[maxPeaks];
        _level = new double[depth];

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
        InitialThreshold = Quantiles.OfSorted(sorted, initialQuantile);
        foreach (var residual in residuals)
        {
            _observations++;
            if (residual > InitialThreshold)
            {
                AddPeak(residual - InitialThreshold);
            }
        }
        Refit();
    }

    public double Risk { get; }

    public int Depth { get; }

    public int MaxPeaks { get; }

    /// <summary>The current alarm threshold in score units (z_q, plus the drift level in DSPOT mode).</summary>
    public double Threshold => _z + Level;

    /// <summary>The initial threshold t the peaks are taken over (relative to the drift level in DSPOT mode).</summary>
    public double InitialThreshold { get; }

    public int PeakCount => _peakCount;

    /// <summary>n: the observations the stored peaks stem from.</summary>
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
        if (residual > _z)
        {
            AnomalyCount++;
            return SpotDecision.Anomaly;
        }

        _observations++;
        var decision = SpotDecision.Normal;
        if (residual > InitialThreshold)
        {
            AddPeak(residual - InitialThreshold);
            if (++_peaksSinceFit >= Math.Max(1, _peakCount / RefitFraction))
            {
                Refit();
            }
            decision = SpotDecision.Peak;
        }
        if (Depth > 0)
        {
            PushLevel(score);
        }
        UpdateQuantile();
        return decision;
    }

    private void AddPeak(double excess)
    {
        var slot = (_peakStart + _peakCount) % MaxPeaks;
        if (_peakCount == MaxPeaks)
        {
            // Forget the oldest peak and the observations up to it, keeping N_t/n a recent rate.
            _droppedThrough = _peakPositions[_peakStart];
            _peakStart = (_peakStart + 1) % MaxPeaks;
        }
        else
        {
            _peakCount++;
        }
        _peaks[slot] = excess;
        _peakPositions[slot] = _observations;
    }

    private void Refit()
    {
        // The fit only needs the set of excesses, so the ring buffer's slot order does not matter.
        _gpd = GeneralizedPareto.Fit(_peaks.AsSpan(0, _peakCount));
        _peaksSinceFit = 0;
        UpdateQuantile();
    }

    private void UpdateQuantile() =>
        _z = Math.Max(InitialThreshold, GeneralizedPareto.Quantile(_gpd, InitialThreshold, Risk, ObservationCount, _peakCount));

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
