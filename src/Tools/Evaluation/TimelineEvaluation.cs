namespace StreamAe.Tools.Evaluation;

/// <summary>
/// Evaluates a detector's decisions over one series in time order: per window its label, its verdict and its
/// calibrated score in [0, 1]. Point-wise metrics judge every window alone (what SKAB's F1 / FAR / MAR report); the
/// event score (<see cref="EventScoring"/>) judges whether and how early each anomaly was raised and how often the
/// detector cried wolf.
/// </summary>
public static class TimelineEvaluation
{
    public static TimelineReport Evaluate(
        ReadOnlySpan<bool> anomalous, ReadOnlySpan<bool> flagged, ReadOnlySpan<double> calibrated, EventScoringOptions? events = null)
    {
        if (anomalous.Length != flagged.Length || anomalous.Length != calibrated.Length)
        {
            throw new ArgumentException(
                $"Got {anomalous.Length} labels, {flagged.Length} verdicts and {calibrated.Length} calibrated scores; they must pair up.",
                nameof(calibrated));
        }
        foreach (var score in calibrated)
        {
            if (!(score is >= 0 and <= 1))
            {
                throw new ArgumentException($"Calibrated scores must lie in [0, 1] (got {score}).", nameof(calibrated));
            }
        }
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < anomalous.Length; i++)
        {
            switch ((flagged[i], anomalous[i]))
            {
                case (true, true): tp++; break;
                case (true, false): fp++; break;
                case (false, false): tn++; break;
                default: fn++; break;
            }
        }
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        return new TimelineReport(
            Windows: anomalous.Length,
            NormalWindows: tn + fp,
            AnomalousWindows: tp + fn,
            TruePositives: tp,
            FalsePositives: fp,
            TrueNegatives: tn,
            FalseNegatives: fn,
            Precision: precision,
            Recall: recall,
            F1: precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0,
            FalseAlarmRate: tn + fp == 0 ? double.NaN : (double)fp / (tn + fp),
            MissedAlarmRate: tp + fn == 0 ? double.NaN : (double)fn / (tp + fn),
            PrAuc: anomalous.Length == 0 ? double.NaN : Metrics.PrAuc(calibrated, anomalous),
            Events: EventScoring.Score(anomalous, flagged, events));
    }
}
