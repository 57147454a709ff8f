using StreamAe.Model.Architectures;
using StreamAe.Model.Data;
using StreamAe.Model.Jobs;
using StreamAe.Model.Training;

namespace StreamAe.Model.Tests.Support;

/// <summary>Trains small models on synthetic windows in well under a second.</summary>
internal static class TinyModels
{
    public const int Length = 24;

    public static WindowSet Data { get; } = SyntheticWindows.Labelled(normal: 80, anomalous: 20, Length, seed: 11);

    public static TrainJobOptions Options(string path, string arch = ArchitectureSpec.Dense, string threshold = "meansd:1") => new()
    {
        DataPath = "synthetic",
        OutputPath = path,
        Threshold = threshold,
        Architecture = new ArchitectureSpec { Name = arch, WindowLength = 0, HiddenSizes = [16], CodeSize = 4, PcaComponents = 4 },
        Training = new TrainingOptions { Epochs = 15, BatchSize = 16, LearningRate = 1e-2, Seed = 5 },
    };

    public static TrainSummary Train(string path, string arch = ArchitectureSpec.Dense) => TrainJob.Run(Data, Options(path, arch));

    private static readonly Lazy<(string Path, TrainSummary Summary)> Shared = new(() =>
    {
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("streamae-shared-model-").FullName, "shared.streamae");
        return (path, Train(path));
    });

    /// <summary>The dense model trained once per test run (training is deterministic), copied to <paramref name="path"/>.</summary>
    public static TrainSummary TrainedCopy(string path)
    {
        File.Copy(Shared.Value.Path, path, overwrite: true);
        return Shared.Value.Summary;
    }
}
