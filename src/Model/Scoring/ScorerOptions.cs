using StreamAe.Contracts;
using StreamAe.Model.Training;

namespace StreamAe.Model.Scoring;

/// <summary>Where and how a <see cref="BatchScorer"/> runs.</summary>
public sealed class ScorerOptions : IValidatableOptions
{
    /// <summary>auto (CUDA when available), cpu or cuda.</summary>
    public string Device { get; set; } = DeviceSelector.Auto;

    /// <summary>
    /// libtorch intra-op threads (process-wide); 0 leaves the current setting. Default one: on two shared cores a second
    /// OpenMP thread spins against the other stages and made scoring several times slower (docs/BENCHMARKS.md, "Scoring").
    /// </summary>
    public int Threads { get; set; } = 1;

    /// <summary>Keep freed native memory in the heap (<see cref="NativeHeap.KeepFreedMemory"/>); process-wide.</summary>
    public bool KeepNativeHeap { get; set; } = true;

    public IEnumerable<string> Validate(string section)
    {
        if (!DeviceSelector.Names.Contains(Device))
        {
            yield return $"{section}:Device must be one of {string.Join(", ", DeviceSelector.Names)}, got '{Device}'.";
        }
        if (Threads < 0)
        {
            yield return $"{section}:Threads must be ≥ 0, got {Threads}.";
        }
    }
}
