using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StreamAe.Detector.Decision.State;

/// <summary>
/// What identifies a model's error scale across processes: its name, static threshold and calibration errors, hashed
/// (FNV-1a, 64 bits). <see cref="ModelReference.Version"/> counts loads within one process, so it cannot tell a restarted
/// daemon whether restored calibration was learned against the model it loads now; this can.
/// </summary>
public static class ModelFingerprint
{
    private static readonly ConditionalWeakTable<ModelReference, StrongBox<ulong>> Cache = [];

    public static ulong Of(ModelReference model) =>
        Cache.GetValue(model, m => new StrongBox<ulong>(Compute(m))).Value;

    private static ulong Compute(ModelReference model)
    {
        var hash = Fnv1a.Start;
        hash = Fnv1a.Add(hash, MemoryMarshal.AsBytes(model.Name.AsSpan()));
        var threshold = model.Threshold;
        hash = Fnv1a.Add(hash, MemoryMarshal.AsBytes(new ReadOnlySpan<double>(ref threshold)));
        return Fnv1a.Add(hash, MemoryMarshal.AsBytes(model.CalibrationSeed.AsSpan()));
    }
}
