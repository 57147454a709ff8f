namespace StreamAe.Ingest.Tests;

/// <summary>A tiny seeded generator (SplitMix64) so property tests replay identically on every runtime.</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound).</summary>
    public int Below(int bound) => (int)(Next() % (ulong)bound);

    public bool Chance(int percent) => Below(100) < percent;
}
