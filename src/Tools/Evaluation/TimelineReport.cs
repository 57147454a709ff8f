namespace StreamAe.Tools.Evaluation;

/// <summary>
/// How well per-window verdicts in time order match the labels (<see cref="TimelineEvaluation"/>): point-wise counts
/// and rates with the anomaly as the positive class, PR-AUC of the calibrated score, and the event-based view.
/// </summary>
/// <param name="Precision">TP / (TP + FP); 0 when nothing was flagged.</param>
/// <param name="Recall">TP / (TP + FN); 0 when nothing is anomalous.</param>
/// <param name="F1">Harmonic mean of precision and recall; 0 when both are 0.</param>
/// <param name="FalseAlarmRate">FAR = FP / normal windows; NaN without normal windows.</param>
/// <param name="MissedAlarmRate">MAR = FN / anomalous windows; NaN without anomalous windows.</param>
/// <param name="PrAuc">Average precision of the calibrated score (<see cref="Metrics.PrAuc"/>); NaN without anomalous windows.</param>
public sealed record TimelineReport(
    int Windows,
    int NormalWindows,
    int AnomalousWindows,
    int TruePositives,
    int FalsePositives,
    int TrueNegatives,
    int FalseNegatives,
    double Precision,
    double Recall,
    double F1,
    double FalseAlarmRate,
    double MissedAlarmRate,
    double PrAuc,
    EventScore Events);
