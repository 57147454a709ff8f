using System.Text;

namespace StreamAe.Ingest.Parsing;

/// <summary>
/// Turns UTF-8 series ids into strings, allocating each distinct id once while it stays in the cache. Looked up by
/// the id's bytes, so a known id costs a hash of a few bytes, no transcoding. Ids longer than 256 bytes are not
/// cached. The cache is cleared when it outgrows its bound so that a stream of ever-new ids cannot grow it without
/// limit.
/// </summary>
internal sealed class SeriesNames
{
    private const int MaxCachedBytes = 256;
    private readonly int _capacity;
    private readonly Dictionary<byte[], string> _names = new(new Utf8Comparer());
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public SeriesNames(int capacity = 200_000)
    {
        _capacity = capacity;
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }
        if (_lookup.TryGetValue(utf8, out var existing))
        {
            return existing;
        }
        if (_names.Count >= _capacity)
        {
            _names.Clear();
        }
        var name = Encoding.UTF8.GetString(utf8);
        _lookup[utf8] = name;
        return name;
    }

    /// <summary>An id that had to be unescaped first.</summary>
    public string Get(ReadOnlySpan<char> chars)
    {
        if (Encoding.UTF8.GetByteCount(chars) > MaxCachedBytes)
        {
            return chars.ToString();
        }
        Span<byte> utf8 = stackalloc byte[MaxCachedBytes];
        return Get(utf8[..Encoding.UTF8.GetBytes(chars, utf8)]);
    }

    /// <summary>Byte-wise equality; the hash is seeded per process (<see cref="HashCode"/>), so crafted ids cannot
    /// make the lookups collide.</summary>
    private sealed class Utf8Comparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] bytes) => GetHashCode((ReadOnlySpan<byte>)bytes);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
