using StreamAe.Tools.Demo;
using StreamAe.Model.Architectures;
using StreamAe.Model.Data;
using StreamAe.Model.Jobs;

namespace StreamAe.IntegrationTests;

/// <summary>Models trained once for the whole test run on the shipped ECG5000 training beats (seconds each).</summary>
public sealed class TrainedModels : IDisposable
{
    public TrainedModels()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("streamae-it-models-").FullName;
        Dense = Train(ArchitectureSpec.Dense, "it-dense");
        Pca = Train(ArchitectureSpec.Pca, "it-pca");
        TestBeats = DataFormats.Read(BuiltinData.Resolve("builtin:ecg5000-test"), DataFormats.Ucr);
    }

    public string Directory { get; }

    public string Dense { get; }

    public string Pca { get; }

    public WindowSet TestBeats { get; }

    /// <summary>The first <paramref name="count"/> test beats.</summary>
    public WindowSet Beats(int count) => new(TestBeats.Values[..(count * TestBeats.WindowSize)], TestBeats.Labels[..count],
        TestBeats.WindowLength, TestBeats.Channels, TestBeats.Sha256);

    private string Train(string architecture, string name) => TrainJob.Run(new TrainJobOptions
    {
        DataPath = BuiltinData.Resolve("builtin:ecg5000-train"),
        Architecture = new ArchitectureSpec { Name = architecture, WindowLength = 140 },
        OutputPath = Path.Combine(Directory, name + ".model"),
        Name = name,
    }).ModelPath;

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class DetectorCollection : ICollectionFixture<TrainedModels>
{
    public const string Name = "detector";
}
