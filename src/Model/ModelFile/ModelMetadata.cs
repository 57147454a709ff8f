using StreamAe.Model.Architectures;
using StreamAe.Model.Scaling;
using StreamAe.Model.Thresholds;
using StreamAe.Model.Training;

namespace StreamAe.Model.ModelFile;

/// <summary>Everything about a trained model except its weights; stored as JSON in the model file.</summary>
public sealed record ModelMetadata
{
    /// <summary>Model name: the <c>model</c> tag of the outputs.</summary>
    public required string Name { get; init; }
    public required ArchitectureSpec Architecture { get; init; }
    public required int WindowLength { get; init; }
    public required int Channels { get; init; }
    public required int Hop { get; init; }
    public required ScalerParameters Scaler { get; init; }
    public required ThresholdFit Threshold { get; init; }

    /// <summary>Errors of the windows the network was fitted on, and of the held-out normal windows the threshold came from.</summary>
    public required ErrorStatistics TrainingErrors { get; init; }
    public required ErrorStatistics ValidationErrors { get; init; }

    public required TrainingResult Training { get; init; }
    public required string TrainingDataSha256 { get; init; }
    public double? NormalLabel { get; init; }
    public required IReadOnlyDictionary<string, string> LibraryVersions { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    public static IReadOnlyDictionary<string, string> CurrentLibraryVersions() => new Dictionary<string, string>
    {
        ["streamae"] = typeof(ModelMetadata).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["dotnet"] = Environment.Version.ToString(),
    };
}
