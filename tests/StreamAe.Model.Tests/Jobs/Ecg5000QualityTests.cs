using System.Text.Json;
using StreamAe.Model.Architectures;
using StreamAe.Model.Jobs;
using StreamAe.Model.Tests.Support;
using StreamAe.Tools.Evaluation;

namespace StreamAe.Model.Tests.Jobs;

/// <summary>The quality bar: dense AE trained on the normal beats of ECG5000_TRAIN, evaluated on ECG5000_TEST.</summary>
public sealed class Ecg5000QualityTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public void Dense_autoencoder_with_held_out_meansd_threshold_meets_the_bar()
    {
        var modelPath = temp.File("ecg-dense.streamae");
        var train = TrainJob.Run(new TrainJobOptions
        {
            DataPath = Ecg5000.TrainPath,
            NormalLabel = 1,
            Architecture = new ArchitectureSpec { Name = ArchitectureSpec.Dense, WindowLength = 140 },
            Threshold = "meansd:1",
            OutputPath = modelPath,
        });
        Assert.Equal("df86ac15d7e283e731db6be7865f5004b65bc639014cb8b9753c26e24a9092a1", train.Metadata.TrainingDataSha256);
        Assert.Equal(292, train.TrainWindows + train.ValidationWindows);
        Assert.Equal(208, train.AnomalousWindows);

        var outputDirectory = temp.File("evaluation");
        var summary = EvaluateJob.Run(new EvaluateJobOptions { ModelPath = modelPath, DataPath = Ecg5000.TestPath, OutputDirectory = outputDirectory });

        var report = summary.Report;
        Assert.Equal(2627, report.NNormal);
        Assert.Equal(1873, report.NAnomalous);
        Assert.True(report.Accuracy >= 0.94, $"accuracy {report.Accuracy}");
        Assert.True(report.RocAuc >= 0.97, $"ROC-AUC {report.RocAuc}");

        using var json = JsonDocument.Parse(File.ReadAllText(summary.ReportPath));
        foreach (var key in new[] { "accuracy", "precision", "recall", "f1", "roc_auc", "pr_auc", "threshold", "n_normal", "n_anomalous" })
        {
            Assert.True(json.RootElement.TryGetProperty(key, out _), $"report.json lacks {key}");
        }
        Assert.Equal(report.Accuracy, json.RootElement.GetProperty("accuracy").GetDouble());
        Assert.Equal(5, summary.Plots.Count);
        Assert.All(summary.Plots, plot => Assert.True(new FileInfo(plot).Length > 1000, $"{plot} missing or empty"));
    }

    public void Dispose() => temp.Dispose();
}
