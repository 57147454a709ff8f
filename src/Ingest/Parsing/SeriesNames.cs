using System.Text;

namespace StreamAe.Ingest.Parsing;

/// <summary>
/// Turns UTF-8 series ids into strings, allocating each distinct id once while it stays in the cache. The cache
/// is cleared when it outgrows its bound so that a stream of ever-new ids cannot grow it without limit.
/// </summary>
internal sealed class SeriesNames
{
    private const int MaxStackChars = 256;
    private readonly int _capacity;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public SeriesNames(int capacity = 200_000)
    {
        _capacity = capacity;
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxStackChars)
        {
            return Encoding.UTF8.GetString(utf8);
        }
        Span<char> chars = stackalloc char[MaxStackChars];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        return Get(chars[..length]);
    }

    public string Get(ReadOnlySpan<char> chars)
    {
        if (_lookup.TryGetValue(chars, out var existing))
        {
            return existing;
        }
        if (_names.Count >= _capacity)
        {
            _names.Clear();
        }
        var name = chars.ToString();
        _names.Add(name);
        return name;
    }
}
