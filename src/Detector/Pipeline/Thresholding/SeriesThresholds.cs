using StreamAe.Detector.Pipeline.PerSeries;
using StreamAe.Model.Thresholds;

namespace StreamAe.Detector.Pipeline.Thresholding;

/// <summary>
/// Decides each score against its series' threshold: the model's static one, or an adaptive one (SPOT/DSPOT or a
/// rolling quantile) kept per series, for at most <see cref="ThresholdOptions.MaxSeries"/> series at once; series idle
/// for <see cref="ThresholdOptions.IdleTimeout"/> are forgotten. Used from one thread (the pipeline's output stage).
/// </summary>
public sealed class SeriesThresholds(ThresholdOptions options, TimeProvider? clock = null)
{
    private readonly SeriesStateMap<SeriesState> _series = new("threshold", options.MaxSeries, options.IdleTimeout, clock);

    /// <summary>Decisions for new series made with the model's threshold because <see cref="ThresholdOptions.MaxSeries"/> was reached.</summary>
    public long OverflowDecisions { get; private set; }

    /// <summary>Series with an adaptive threshold now.</summary>
    public int SeriesCount => _series.Count;

    public (double Threshold, bool Anomaly) Decide(string series, double score, double modelThreshold)
    {
        if (options.Mode == ThresholdMode.Static)
        {
            return (modelThreshold, score > modelThreshold);
        }
        if (!_series.TryGet(series, out var state))
        {
            // Established series keep their calibration: a flood of new ids falls back rather than evicting them.
            state = new SeriesState();
            if (!_series.TryAdd(series, state))
            {
                OverflowDecisions++;
                return (modelThreshold, score > modelThreshold);
            }
        }
        return options.Mode == ThresholdMode.Spot ? DecideSpot(state, score, modelThreshold) : DecideRolling(state, score, modelThreshold);
    }

    /// <summary>Forgets the series idle for longer than <see cref="ThresholdOptions.IdleTimeout"/> (they recalibrate if they return).</summary>
    public void EvictIdle() => _series.EvictIdle();

    private (double, bool) DecideSpot(SeriesState state, double score, double modelThreshold)
    {
        if (state.Spot is { } spot)
        {
            var threshold = spot.Threshold;
            return (threshold, spot.Update(score) == SpotDecision.Anomaly);
        }
        // Calibrate on every score: cutting at the model's threshold would start the tail fit too low.
        (state.Calibration ??= new List<double>(options.CalibrationWindows)).Add(score);
        if (state.Calibration.Count >= options.CalibrationWindows)
        {
            state.Spot = new StreamingSpot(state.Calibration.ToArray(), options.Risk, options.Depth);
            state.Calibration = null;
        }
        var anomaly = score > modelThreshold;
        return (modelThreshold, anomaly);
    }

    private (double, bool) DecideRolling(SeriesState state, double score, double modelThreshold)
    {
        // Anomalies join the window too: leaving them out would ratchet the quantile down, one excluded tail at a time.
        var rolling = state.Rolling ??= RollingQuantileThreshold.Percentile(options.RollingWindow, options.RollingPercentile);
        if (double.IsPositiveInfinity(rolling.Threshold))
        {
            var anomaly = score > modelThreshold;
            if (!anomaly)
            {
                rolling.Update(score);
            }
            return (modelThreshold, anomaly);
        }
        var threshold = rolling.Threshold;
        return (threshold, rolling.Update(score));
    }

    private sealed class SeriesState
    {
        public List<double>? Calibration;
        public StreamingSpot? Spot;
        public RollingQuantileThreshold? Rolling;
    }
}
