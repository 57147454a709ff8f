using StreamAe.Tools.Evaluation;

namespace StreamAe.Model.Tests.Evaluation;

public sealed class MetricsTests
{
    // The scikit-learn documentation's example: ROC-AUC 0.75, average precision 0.8333.
    private static readonly double[] SmallScores = [0.1, 0.4, 0.35, 0.8];
    private static readonly bool[] SmallLabels = [false, false, true, true];

    // A tie between a normal and an anomalous score at 0.5.
    private static readonly double[] TiedScores = [0.2, 0.5, 0.5, 0.9];
    private static readonly bool[] TiedLabels = [false, false, true, true];

    [Fact]
    public void Auc_values_of_a_small_hand_computed_case()
    {
        Assert.Equal(0.75, Metrics.RocAuc(SmallScores, SmallLabels), 12);
        // Cuts 0.8 → (R ½, P 1), 0.4 → (½, ½), 0.35 → (1, ⅔): AP = ½·1 + ½·⅔.
        Assert.Equal(0.5 + 1.0 / 3, Metrics.PrAuc(SmallScores, SmallLabels), 12);
    }

    [Fact]
    public void Ties_count_one_half_in_roc_auc_and_one_step_in_pr_auc()
    {
        // Pairs (anomalous, normal): 0.5>0.2, 0.5=0.5 (½), 0.9>0.2, 0.9>0.5 → 3.5 / 4.
        Assert.Equal(0.875, Metrics.RocAuc(TiedScores, TiedLabels), 12);
        // Cuts 0.9 → (R ½, P 1), then the tied 0.5 pair together → (1, ⅔).
        Assert.Equal(0.5 + 1.0 / 3, Metrics.PrAuc(TiedScores, TiedLabels), 12);
    }

    [Fact]
    public void All_scores_equal_give_chance_roc_auc_and_prevalence_pr_auc()
    {
        double[] scores = [1, 1, 1, 1, 1];
        bool[] labels = [true, false, false, true, false];

        Assert.Equal(0.5, Metrics.RocAuc(scores, labels), 12);
        Assert.Equal(0.4, Metrics.PrAuc(scores, labels), 12);
    }

    [Fact]
    public void Evaluate_counts_the_confusion_matrix_with_strictly_greater_flags()
    {
        var report = Metrics.Evaluate(TiedScores, TiedLabels, threshold: 0.5);

        // Only 0.9 is above 0.5.
        Assert.Equal((1, 0, 2, 1), (report.TruePositives, report.FalsePositives, report.TrueNegatives, report.FalseNegatives));
        Assert.Equal((2, 2), (report.NNormal, report.NAnomalous));
        Assert.Equal(0.75, report.Accuracy, 12);
        Assert.Equal(1.0, report.Precision, 12);
        Assert.Equal(0.5, report.Recall, 12);
        Assert.Equal(2.0 / 3, report.F1, 12);
        Assert.Equal(0.875, report.RocAuc, 12);
        Assert.Equal(0.5, report.Threshold);
    }

    [Fact]
    public void Only_normal_scores_give_zero_precision_and_recall_and_undefined_aucs()
    {
        double[] scores = [0.1, 0.2, 0.9];
        bool[] labels = [false, false, false];

        var report = Metrics.Evaluate(scores, labels, threshold: 0.5);

        Assert.Equal((0, 1, 2, 0), (report.TruePositives, report.FalsePositives, report.TrueNegatives, report.FalseNegatives));
        Assert.Equal(0, report.Precision);
        Assert.Equal(0, report.Recall);
        Assert.Equal(0, report.F1);
        Assert.Equal(2.0 / 3, report.Accuracy, 12);
        Assert.True(double.IsNaN(report.RocAuc));
        Assert.True(double.IsNaN(report.PrAuc));
        Assert.Empty(Metrics.RocCurve(scores, labels).Fpr);
        Assert.Empty(Metrics.PrCurve(scores, labels).Recall);
    }

    [Fact]
    public void Only_anomalous_scores_give_undefined_roc_auc_and_perfect_pr_auc()
    {
        double[] scores = [0.1, 0.2, 0.9];
        bool[] labels = [true, true, true];

        var report = Metrics.Evaluate(scores, labels, threshold: 0.15);

        Assert.Equal(1, report.Precision);
        Assert.Equal(2.0 / 3, report.Recall, 12);
        Assert.True(double.IsNaN(report.RocAuc));
        Assert.Equal(1, report.PrAuc, 12);
        Assert.Empty(Metrics.RocCurve(scores, labels).Fpr);
    }

    [Fact]
    public void Nothing_flagged_gives_zero_precision_rather_than_nan()
    {
        var report = Metrics.Evaluate(SmallScores, SmallLabels, threshold: 10);

        Assert.Equal(0, report.Precision);
        Assert.Equal(0, report.Recall);
        Assert.Equal(0, report.F1);
        Assert.Equal(0.5, report.Accuracy, 12);
    }

    [Fact]
    public void Roc_curve_of_the_small_case()
    {
        var (fpr, tpr) = Metrics.RocCurve(SmallScores, SmallLabels);

        Assert.Equal([0, 0, 0.5, 0.5, 1], fpr);
        Assert.Equal([0, 0.5, 0.5, 1, 1], tpr);
    }

    [Fact]
    public void Pr_curve_of_the_tied_case()
    {
        var (recall, precision) = Metrics.PrCurve(TiedScores, TiedLabels);

        Assert.Equal([0, 0.5, 1, 1], recall);
        Assert.Equal(4, precision.Length);
        Assert.Equal(1, precision[0]);
        Assert.Equal(1, precision[1]);
        Assert.Equal(2.0 / 3, precision[2], 12);
        Assert.Equal(0.5, precision[3], 12);
    }

    [Fact]
    public void Roc_auc_equals_the_pairwise_count_and_the_area_under_the_curve_on_random_data_with_ties()
    {
        var random = new Random(61);
        var labels = Enumerable.Range(0, 500).Select(_ => random.NextDouble() < 0.3).ToArray();
        var scores = labels.Select(a => Math.Round(random.NextDouble() + (a ? 0.3 : 0), 1)).ToArray();

        double favourable = 0;
        long pairs = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            for (var j = 0; j < scores.Length; j++)
            {
                if (labels[i] && !labels[j])
                {
                    favourable += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    pairs++;
                }
            }
        }
        var (fpr, tpr) = Metrics.RocCurve(scores, labels);
        double trapezoids = 0;
        for (var k = 1; k < fpr.Length; k++)
        {
            trapezoids += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
        }

        Assert.Equal(favourable / pairs, Metrics.RocAuc(scores, labels), 12);
        Assert.Equal(trapezoids, Metrics.RocAuc(scores, labels), 12);
    }

    [Fact]
    public void Pr_auc_without_ties_is_the_mean_precision_at_each_anomaly()
    {
        var random = new Random(67);
        var labels = Enumerable.Range(0, 300).Select(_ => random.NextDouble() < 0.2).ToArray();
        var scores = labels.Select(a => random.NextDouble() + (a ? 0.4 : 0)).ToArray();

        var ranked = scores.Zip(labels).OrderByDescending(pair => pair.First).ToArray();
        double sum = 0;
        int seen = 0, found = 0;
        foreach (var (_, anomalous) in ranked)
        {
            seen++;
            if (anomalous)
            {
                found++;
                sum += (double)found / seen;
            }
        }

        Assert.Equal(sum / found, Metrics.PrAuc(scores, labels), 12);
    }

    [Fact]
    public void Mismatched_lengths_and_nan_scores_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Metrics.Evaluate([1.0, 2.0], [true], 1));
        Assert.Throws<ArgumentException>(() => Metrics.RocAuc([1.0, double.NaN], [true, false]));
    }
}
