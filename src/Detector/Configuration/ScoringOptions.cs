using StreamAe.Model.Scoring;

namespace StreamAe.Detector.Configuration;

/// <summary>Where and how models run.</summary>
public sealed class ScoringOptions
{
    /// <summary>auto (CUDA when available), cpu or cuda.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>libtorch intra-op threads per scorer; 0 leaves libtorch's default. One is often fastest on small machines.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>How often model files are checked for changes (hot reload); 0 disables reloading.</summary>
    public int ReloadIntervalMs { get; set; } = 2000;

    public ScorerOptions ToScorerOptions() => new() { Device = Device, Threads = Threads };

    public IEnumerable<string> Validate(string section)
    {
        foreach (var error in ToScorerOptions().Validate())
        {
            yield return $"{section}: {error}";
        }
        if (ReloadIntervalMs < 0)
        {
            yield return $"{section}:ReloadIntervalMs must be 0 (off) or positive (was {ReloadIntervalMs}).";
        }
    }
}
