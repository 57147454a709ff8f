using StreamAe.Contracts;
using StreamAe.Model.Architectures;
using StreamAe.Model.Data;
using StreamAe.Model.Jobs;
using StreamAe.Model.Training;
using StreamAe.TestSupport.Synthetic;

namespace StreamAe.Detector.Tests.Offline;

/// <summary>A synthetic sensor cut into hop-1 windows, and a PCA model (deterministic, trained in milliseconds) fitted on some of them.</summary>
internal static class SyntheticSensor
{
    /// <summary>Window i ends at row <c>window - 1 + i</c> and carries that row's label.</summary>
    public static IEnumerable<Window> Windows(SyntheticSeries series, int window, string name = "sensor")
    {
        for (var end = window - 1; end < series.Values.Length; end++)
        {
            yield return new Window
            {
                Series = name,
                StartMs = series.TimestampsMs[end - window + 1],
                EndMs = series.TimestampsMs[end],
                Values = [.. series.Values[(end - window + 1)..(end + 1)].Select(v => (float)v)],
                Length = window,
                Label = series.Labels[end],
            };
        }
    }

    /// <param name="validationRun">held-out runs of consecutive windows, as a learning pipeline holds them out (1 = one by one)</param>
    public static string TrainPca(IReadOnlyList<Window> training, string modelPath, int validationRun = 1)
    {
        var window = training[0].Length;
        var set = new WindowSet([.. training.SelectMany(w => w.Values)], [.. training.Select(_ => 1.0)], window, 1, "synthetic");
        return TrainJob.Run(set, new TrainJobOptions
        {
            Architecture = new ArchitectureSpec { Name = ArchitectureSpec.Pca, WindowLength = window },
            Hop = 1,
            OutputPath = modelPath,
            Training = new TrainingOptions { ValidationRun = validationRun },
        }).ModelPath;
    }
}
