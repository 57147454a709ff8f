using StreamAe.Contracts;
using StreamAe.Detector.Decision.Alerts;
using StreamAe.Detector.Decision.Thresholds;

namespace StreamAe.Detector.Decision;

/// <summary>
/// Everything decided about a window after it is scored, per series and in stream order: its threshold and verdict,
/// its calibrated score, and the alert transition it causes (debounce, hysteresis, explanation). The daemon's output
/// stage and the offline replay of <c>score</c>/<c>evaluate</c> both run this one class, so a file evaluation tells
/// exactly what the daemon would decide. Used from one thread.
/// </summary>
public sealed class DecisionStage(ThresholdOptions thresholds, AlertingOptions alerting, TimeProvider? clock = null)
{
    private readonly int _explainSamples = alerting.Explain ? alerting.ExplainSamples : 0;

    public SeriesThresholds Thresholds { get; } = new(thresholds, clock);

    public AlertTracker Alerts { get; } = new(alerting, clock);

    /// <summary>Whether <see cref="Decide"/> wants the reconstruction of anomalous windows (for explanations).</summary>
    public bool WantsReconstructions => _explainSamples > 0;

    /// <param name="reconstruction">the window's reconstruction when one was kept (empty otherwise); copied for anomalous
    /// windows only, so normal windows cost no allocation</param>
    public (ScoredWindow Decided, AlertEvent? Transition) Decide(Window window, double score, ModelReference model, ReadOnlySpan<float> reconstruction = default)
    {
        var verdict = Thresholds.Decide(window.Series, score, model);
        var decided = new ScoredWindow(window, model.Name, score, verdict.Threshold, verdict.Anomaly,
            verdict.Anomaly && !reconstruction.IsEmpty ? reconstruction.ToArray() : null)
        {
            CalibratedScore = verdict.CalibratedScore,
        };
        var alert = Alerts.Observe(decided);
        if (alert is { State: AlertState.Open } && _explainSamples > 0 && decided.Reconstruction != null)
        {
            alert = alert with { Explanation = ResidualExplanation.Describe(decided, _explainSamples) };
        }
        return (decided, alert);
    }

    /// <summary>Forgets idle series; returns the closing transitions of their open alerts. <paramref name="evicted"/>
    /// hears of each series whose threshold or alert state went.</summary>
    public IReadOnlyList<AlertEvent> EvictIdle(Action<string>? evicted = null)
    {
        Thresholds.EvictIdle(evicted);
        return Alerts.EvictIdle(evicted);
    }
}
