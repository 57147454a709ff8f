using StreamAe.Model.Training;

namespace StreamAe.Model.Scoring;

/// <summary>Where and how a <see cref="BatchScorer"/> runs.</summary>
public sealed class ScorerOptions
{
    /// <summary>auto (CUDA when available), cpu or cuda.</summary>
    public string Device { get; set; } = DeviceSelector.Auto;

    /// <summary>libtorch intra-op threads (process-wide); 0 leaves the current setting. One is often best on two cores.</summary>
    public int Threads { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!DeviceSelector.Names.Contains(Device))
        {
            errors.Add($"device: use one of {string.Join(", ", DeviceSelector.Names)}, got '{Device}'.");
        }
        if (Threads < 0)
        {
            errors.Add($"threads: must be ≥ 0, got {Threads}.");
        }
        return errors;
    }
}
