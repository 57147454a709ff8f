namespace StreamAe.Tools.Evaluation;

/// <summary>
/// Binary detection metrics over anomaly scores (higher = more anomalous) with the anomaly as the positive class.
/// A score strictly above the threshold is flagged. Curves and AUCs treat tied scores as one cut point, so ties count
/// one half in ROC-AUC (the Mann–Whitney statistic) and enter PR-AUC as one step.
/// </summary>
public static class Metrics
{
    public static BinaryReport Evaluate(ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous, double threshold)
    {
        Validate(scores, anomalous);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var flagged = scores[i] > threshold;
            switch ((flagged, anomalous[i]))
            {
                case (true, true): tp++; break;
                case (true, false): fp++; break;
                case (false, false): tn++; break;
                default: fn++; break;
            }
        }
        var precision = Ratio(tp, tp + fp);
        var recall = Ratio(tp, tp + fn);
        var f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return new BinaryReport(
            Accuracy: Ratio(tp + tn, scores.Length),
            Precision: precision,
            Recall: recall,
            F1: f1,
            RocAuc: RocAuc(scores, anomalous),
            PrAuc: PrAuc(scores, anomalous),
            Threshold: threshold,
            NNormal: tn + fp,
            NAnomalous: tp + fn,
            TruePositives: tp,
            FalsePositives: fp,
            TrueNegatives: tn,
            FalseNegatives: fn);
    }

    /// <summary>Area under the ROC curve from mid-ranks (ties count ½); NaN unless both classes are present.</summary>
    public static double RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous)
    {
        Validate(scores, anomalous);
        var order = Ascending(scores);
        double positiveRankSum = 0;
        long positives = 0;
        var index = 0;
        while (index < order.Length)
        {
            var end = TieGroupEnd(scores, order, index);
            var midRank = 0.5 * (index + 1 + end); // ranks index+1 … end, 1-based
            for (var k = index; k < end; k++)
            {
                if (anomalous[order[k]])
                {
                    positiveRankSum += midRank;
                    positives++;
                }
            }
            index = end;
        }
        long negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// Average precision: Σ (R_k − R_{k−1})·P_k over the distinct cut points from the highest score down; step-wise, no
    /// interpolation. NaN without anomalies.
    /// </summary>
    public static double PrAuc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous)
    {
        var (recall, precision) = PrCurve(scores, anomalous);
        if (recall.Length == 0)
        {
            return double.NaN;
        }
        double area = 0;
        for (var k = 1; k < recall.Length; k++)
        {
            area += (recall[k] - recall[k - 1]) * precision[k];
        }
        return area;
    }

    /// <summary>ROC points from (0,0) to (1,1), one per distinct score; empty unless both classes are present.</summary>
    public static (double[] Fpr, double[] Tpr) RocCurve(ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous)
    {
        var cuts = Cuts(scores, anomalous);
        var positives = cuts.Count == 0 ? 0 : cuts[^1].TruePositives;
        var negatives = cuts.Count == 0 ? 0 : cuts[^1].FalsePositives;
        if (positives == 0 || negatives == 0)
        {
            return ([], []);
        }
        var fpr = new double[cuts.Count + 1];
        var tpr = new double[cuts.Count + 1];
        for (var k = 0; k < cuts.Count; k++)
        {
            fpr[k + 1] = (double)cuts[k].FalsePositives / negatives;
            tpr[k + 1] = (double)cuts[k].TruePositives / positives;
        }
        return (fpr, tpr);
    }

    /// <summary>
    /// Precision–recall points by rising recall: first (0, 1), then one per distinct score from the highest down;
    /// empty without anomalies.
    /// </summary>
    public static (double[] Recall, double[] Precision) PrCurve(ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous)
    {
        var cuts = Cuts(scores, anomalous);
        var positives = cuts.Count == 0 ? 0 : cuts[^1].TruePositives;
        if (positives == 0)
        {
            return ([], []);
        }
        var recall = new double[cuts.Count + 1];
        var precision = new double[cuts.Count + 1];
        precision[0] = 1;
        for (var k = 0; k < cuts.Count; k++)
        {
            var (tp, fp) = cuts[k];
            recall[k + 1] = (double)tp / positives;
            precision[k + 1] = (double)tp / (tp + fp);
        }
        return (recall, precision);
    }

    /// <summary>Cumulative (TP, FP) after flagging each group of tied scores, from the highest score down.</summary>
    private static List<(int TruePositives, int FalsePositives)> Cuts(ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous)
    {
        Validate(scores, anomalous);
        var order = Ascending(scores);
        Array.Reverse(order);
        var cuts = new List<(int, int)>();
        int tp = 0, fp = 0, index = 0;
        while (index < order.Length)
        {
            var end = TieGroupEnd(scores, order, index);
            for (var k = index; k < end; k++)
            {
                if (anomalous[order[k]])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }
            }
            cuts.Add((tp, fp));
            index = end;
        }
        return cuts;
    }

    private static int[] Ascending(ReadOnlySpan<double> scores)
    {
        var keys = scores.ToArray();
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(keys, order);
        return order;
    }

    private static int TieGroupEnd(ReadOnlySpan<double> scores, int[] order, int start)
    {
        var end = start + 1;
        while (end < order.Length && scores[order[end]] == scores[order[start]])
        {
            end++;
        }
        return end;
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static void Validate(ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous)
    {
        if (scores.Length != anomalous.Length)
        {
            throw new ArgumentException($"Got {scores.Length} scores but {anomalous.Length} labels; they must pair up.", nameof(anomalous));
        }
        foreach (var score in scores)
        {
            if (double.IsNaN(score))
            {
                throw new ArgumentException("Scores must not be NaN.", nameof(scores));
            }
        }
    }
}
