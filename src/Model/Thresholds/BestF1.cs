using System.Globalization;

namespace StreamAe.Model.Thresholds;

/// <summary>
/// The threshold that maximises anomaly-class F1 on labelled validation scores. Candidate cuts lie midway between
/// consecutive distinct scores (and just below the smallest), so every achievable split is tried once.
/// </summary>
internal static class BestF1
{
    public static ThresholdFit Fit(ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous)
    {
        if (scores.IsEmpty || scores.Length != anomalous.Length)
        {
            throw new ArgumentException(
                $"Threshold 'bestf1' needs labelled validation scores: as many labels as scores, at least one of each (got {scores.Length} scores, {anomalous.Length} labels).",
                nameof(scores));
        }

        var order = new int[scores.Length];
        var sortedScores = new double[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            if (!double.IsFinite(scores[i]))
            {
                throw new ArgumentException("Validation scores must be finite numbers (found NaN or infinity).", nameof(scores));
            }
            order[i] = i;
            sortedScores[i] = -scores[i];
        }
        Array.Sort(sortedScores, order); // descending by score

        var positives = 0;
        foreach (var label in anomalous)
        {
            positives += label ? 1 : 0;
        }
        if (positives == 0)
        {
            throw new ArgumentException("Threshold 'bestf1' needs at least one anomalous validation score.", nameof(anomalous));
        }

        // Walk down the scores; after each group of ties, "flag everything so far" is one achievable split.
        int truePositives = 0, flagged = 0;
        double bestF1 = -1, bestThreshold = double.NaN;
        var index = 0;
        while (index < order.Length)
        {
            var value = scores[order[index]];
            while (index < order.Length && scores[order[index]] == value)
            {
                truePositives += anomalous[order[index]] ? 1 : 0;
                flagged++;
                index++;
            }
            var f1 = 2.0 * truePositives / (flagged + positives);
            if (f1 > bestF1)
            {
                bestF1 = f1;
                bestThreshold = index < order.Length ? CutBetween(value, scores[order[index]]) : Math.BitDecrement(value);
            }
        }

        return new ThresholdFit(bestThreshold, ThresholdSpec.BestF1, string.Create(CultureInfo.InvariantCulture,
            $"best anomaly-class F1 {bestF1:G6} over {scores.Length} validation scores ({positives} anomalous)"));
    }

    /// <summary>A cut c with lower ≤ c &lt; upper, midway where the doubles allow it.</summary>
    private static double CutBetween(double upper, double lower)
    {
        var middle = upper / 2 + lower / 2;
        return middle < upper && middle >= lower ? middle : lower;
    }
}
