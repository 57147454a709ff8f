using StreamAe.Contracts;
using StreamAe.Model.Scoring;

namespace StreamAe.Detector.Configuration;

/// <summary>Where and how models run.</summary>
public sealed class ScoringOptions : IValidatableOptions
{
    /// <summary>The scorer settings this section sets, held here rather than copied field by field.</summary>
    internal ScorerOptions Scorer { get; } = new();

    /// <summary>auto (CUDA when available), cpu or cuda.</summary>
    public string Device
    {
        get => Scorer.Device;
        set => Scorer.Device = value;
    }

    /// <summary>libtorch intra-op threads per scorer; 0 leaves libtorch's default. One is often fastest on small machines.</summary>
    public int Threads
    {
        get => Scorer.Threads;
        set => Scorer.Threads = value;
    }

    /// <summary>How often model files are checked for changes (hot reload); 0 disables reloading.</summary>
    public int ReloadIntervalMs { get; set; } = 2000;

    /// <summary>How often free native memory is handed back to the kernel (glibc <c>malloc_trim</c>); 0 disables it.
    /// The scorer keeps freed memory for speed, so without it resident memory stays at its highest point.</summary>
    public int NativeTrimIntervalMs { get; set; } = 30_000;

    public IEnumerable<string> Validate(string section)
    {
        foreach (var error in Scorer.Validate(section))
        {
            yield return error;
        }
        if (ReloadIntervalMs < 0)
        {
            yield return $"{section}:ReloadIntervalMs must be 0 (off) or positive (was {ReloadIntervalMs}).";
        }
        if (NativeTrimIntervalMs < 0)
        {
            yield return $"{section}:NativeTrimIntervalMs must be 0 (off) or positive (was {NativeTrimIntervalMs}).";
        }
    }
}
