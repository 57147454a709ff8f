namespace StreamAe.Tools.Evaluation;

/// <summary>
/// Detection quality with the anomaly as the positive class. Precision, recall and F1 are 0 when undefined (nothing
/// flagged / nothing anomalous); ROC-AUC is NaN unless both classes are present, PR-AUC is NaN without anomalies.
/// </summary>
public sealed record BinaryReport(
    double Accuracy,
    double Precision,
    double Recall,
    double F1,
    double RocAuc,
    double PrAuc,
    double Threshold,
    int NNormal,
    int NAnomalous,
    int TruePositives,
    int FalsePositives,
    int TrueNegatives,
    int FalseNegatives);
