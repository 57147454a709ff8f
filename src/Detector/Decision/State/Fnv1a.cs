namespace StreamAe.Detector.Decision.State;

/// <summary>64-bit FNV-1a: a stable hash (unlike <see cref="HashCode"/>, the same in every process) for fingerprints
/// and the changelog records' checksum.</summary>
internal static class Fnv1a
{
    public const ulong Start = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Add(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }
        return hash;
    }
}
