using StreamAe.Tools.Evaluation;

namespace StreamAe.Model.Tests.Evaluation;

public sealed class TimelineEvaluationTests
{
    [Fact]
    public void Point_wise_metrics_count_every_window_alone()
    {
        bool[] labels = [false, false, false, false, true, true, true, true];
        bool[] flagged = [true, false, false, false, true, true, false, false];
        double[] calibrated = [0.1, 0.2, 0.3, 0.4, 0.9, 0.8, 0.7, 0.6];

        var report = TimelineEvaluation.Evaluate(labels, flagged, calibrated);

        Assert.Equal((8, 4, 4), (report.Windows, report.NormalWindows, report.AnomalousWindows));
        Assert.Equal((2, 1, 3, 2), (report.TruePositives, report.FalsePositives, report.TrueNegatives, report.FalseNegatives));
        Assert.Equal(2.0 / 3, report.Precision, 12);
        Assert.Equal(0.5, report.Recall, 12);
        Assert.Equal(4.0 / 7, report.F1, 12); // 2 · (2/3 · 1/2) / (2/3 + 1/2)
        Assert.Equal(0.25, report.FalseAlarmRate, 12);
        Assert.Equal(0.5, report.MissedAlarmRate, 12);
        Assert.Equal(1, report.PrAuc, 12); // every anomalous window outranks every normal one
        Assert.Equal((1, 1), (report.Events.Events, report.Events.Detected));
    }

    [Fact]
    public void Rates_without_a_class_are_undefined_not_zero()
    {
        var report = TimelineEvaluation.Evaluate([false, false], [true, false], [0.9, 0.1]);

        Assert.Equal(0.5, report.FalseAlarmRate);
        Assert.True(double.IsNaN(report.MissedAlarmRate));
        Assert.True(double.IsNaN(report.PrAuc));
    }

    [Fact]
    public void Calibrated_scores_outside_0_to_1_and_unpaired_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => TimelineEvaluation.Evaluate([true], [true], [1.5]));
        Assert.Throws<ArgumentException>(() => TimelineEvaluation.Evaluate([true], [true, false], [0.5]));
    }
}
