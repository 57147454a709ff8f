using StreamAe.Model.Thresholds;

namespace StreamAe.Detector.Decision.Thresholds;

/// <summary>A window's verdict: the threshold it was held to, whether it exceeded it, and its calibrated score.</summary>
public readonly record struct ThresholdDecision(double Threshold, bool Anomaly, double CalibratedScore);

/// <summary>
/// Decides each score against its series' threshold and calibrates it against its series' recent normal errors.
/// Static mode holds every series to the model's threshold and calibrates against the model's own normal errors;
/// the adaptive modes keep per-series state for at most <see cref="ThresholdOptions.MaxSeries"/> series (later ones
/// are decided as in static mode, and counted); series idle for <see cref="ThresholdOptions.IdleTimeout"/> are
/// forgotten. Used from one thread (the pipeline's output stage, or an offline replay).
/// </summary>
public sealed partial class SeriesThresholds(ThresholdOptions options, TimeProvider? clock = null)
{
    private readonly SeriesStateMap<SeriesState> _series = new(DecisionMetrics.ThresholdSeries, options.MaxSeries, options.IdleTimeout, clock);
    private readonly ThresholdMode _mode = options.Mode ?? ThresholdMode.Adaptive;
    private ErrorReference? _modelCalibration;
    private ModelReference? _calibratedModel;

    /// <summary>Decisions for new series made with the model's threshold because <see cref="ThresholdOptions.MaxSeries"/> was reached.</summary>
    public long OverflowDecisions { get; private set; }

    /// <summary>Series with an adaptive threshold now.</summary>
    public int SeriesCount => _series.Count;

    public ThresholdDecision Decide(string series, double score, ModelReference model)
    {
        if (_mode == ThresholdMode.Static)
        {
            return DecideStatic(score, model);
        }
        if (!_series.TryGet(series, out var state))
        {
            // Established series keep their calibration: a flood of new ids falls back rather than evicting them.
            state = new SeriesState();
            if (!_series.TryAdd(series, state))
            {
                OverflowDecisions++;
                return DecideStatic(score, model);
            }
        }
        if (state.Model is null || state.Model.Version != model.Version || state.Model.Name != model.Name)
        {
            state.Restart(model, options.ReferenceWindows);
        }
        state.Seen++;
        var reference = state.Reference!;
        // Adaptive mode calibrates the error net of its margin, so that in every series a window is flagged when its
        // calibrated score exceeds about ReferencePercentile / 100: one level for every dashboard and alert rule.
        var calibrated = reference.Calibrate(_mode == ThresholdMode.Adaptive ? score / options.Margin : score);
        var (threshold, anomaly) = _mode switch
        {
            ThresholdMode.Adaptive => DecideAdaptive(reference, score, state.LastAnomalous),
            ThresholdMode.Spot => DecideSpot(state, score, model.Threshold),
            _ => DecideRolling(state, score, model.Threshold),
        };
        state.LastAnomalous = anomaly;
        Learn(state, score, anomaly);
        return new ThresholdDecision(threshold, anomaly, calibrated);
    }

    /// <summary>Forgets the series idle for longer than <see cref="ThresholdOptions.IdleTimeout"/> (they recalibrate if they
    /// return), naming each to <paramref name="evicted"/>.</summary>
    public void EvictIdle(Action<string>? evicted = null) => _series.EvictIdle(evicted is null ? null : (series, _) => evicted(series));

    private ThresholdDecision DecideStatic(double score, ModelReference model)
    {
        if (!ReferenceEquals(_calibratedModel, model))
        {
            _modelCalibration = ErrorReference.Seeded(Math.Max(2, model.CalibrationSeed.Length), model.CalibrationSeed);
            _calibratedModel = model;
        }
        return new ThresholdDecision(model.Threshold, score > model.Threshold, _modelCalibration!.Calibrate(score));
    }

    /// <summary>Hysteresis: a series already anomalous stays so until its error falls back under the percentile itself
    /// (<see cref="ThresholdOptions.ReleaseMargin"/>), so a fault whose error hovers near the threshold is not cut into
    /// pieces.</summary>
    private (double, bool) DecideAdaptive(ErrorReference reference, double score, bool lastAnomalous)
    {
        var threshold = reference.Quantile(options.ReferencePercentile / 100) * (lastAnomalous ? options.ReleaseMargin : options.Margin);
        return (threshold, score > threshold);
    }

    /// <summary>
    /// Normal windows teach the reference at once; anomalous ones only after <see cref="ThresholdOptions.AcceptAfter"/>
    /// further windows of the series, so an ongoing fault is not learned as normal while it is young, yet a lasting
    /// change of regime becomes the new normal instead of alarming for ever.
    /// </summary>
    private void Learn(SeriesState state, double score, bool anomaly)
    {
        if (!anomaly)
        {
            state.Reference!.Add(score);
        }
        else
        {
            (state.Pending ??= new Queue<(long, float)>()).Enqueue((state.Seen, (float)score));
        }
        while (state.Pending is { Count: > 0 } pending && pending.Peek().Seen <= state.Seen - options.AcceptAfter)
        {
            state.Reference!.Add(pending.Dequeue().Error);
        }
    }

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
        return (modelThreshold, score > modelThreshold);
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
        public ModelReference? Model;
        public ErrorReference? Reference;
        public Queue<(long Seen, float Error)>? Pending;
        public long Seen;
        public bool LastAnomalous;
        public List<double>? Calibration;
        public StreamingSpot? Spot;
        public RollingQuantileThreshold? Rolling;

        /// <summary>A new model has a new error scale: everything learned against the old one goes.</summary>
        public void Restart(ModelReference model, int referenceWindows)
        {
            Model = model;
            Reference = ErrorReference.Seeded(referenceWindows, model.CalibrationSeed);
            Pending = null;
            Seen = 0;
            LastAnomalous = false;
            Calibration = null;
            Spot = null;
            Rolling = null;
        }
    }
}
