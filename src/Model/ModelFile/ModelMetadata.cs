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

    /// <summary>Errors of normal windows (held-out ones first, then training ones; at most
    /// <see cref="MaxReferenceErrors"/>) that seed each series' calibration before the stream has taught it its own.
    /// Absent from files written before it existed: <see cref="CalibrationSeed"/> then rebuilds a stand-in.</summary>
    public float[]? ReferenceErrors { get; init; }

    public const int MaxReferenceErrors = 2000;

    /// <summary>The errors that seed calibration: <see cref="ReferenceErrors"/>, or for older files a stand-in spread
    /// between the held-out errors' recorded quantiles.</summary>
    public float[] CalibrationSeed() => ReferenceErrors is { Length: > 0 } stored ? stored : QuantileStandIn(ValidationErrors);

    private static float[] QuantileStandIn(ErrorStatistics stats)
    {
        (double P, double Value)[] knots = [(0, stats.Min), (0.5, stats.P50), (0.9, stats.P90), (0.99, stats.P99), (1, stats.Max)];
        const int count = 200;
        var seed = new float[count];
        var knot = 0;
        for (var i = 0; i < count; i++)
        {
            var p = (i + 0.5) / count;
            while (p > knots[knot + 1].P)
            {
                knot++;
            }
            var (p0, v0) = knots[knot];
            var (p1, v1) = knots[knot + 1];
            seed[i] = (float)(v0 + (p - p0) / (p1 - p0) * (v1 - v0));
        }
        return seed;
    }

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
