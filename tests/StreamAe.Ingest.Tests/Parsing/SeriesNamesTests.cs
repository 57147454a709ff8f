using System.Text;
using StreamAe.Ingest.Parsing;

namespace StreamAe.Ingest.Tests.Parsing;

public sealed class SeriesNamesTests
{
    [Fact]
    public void A_known_id_is_the_same_string_whether_read_as_bytes_or_unescaped()
    {
        var names = new SeriesNames();
        var first = names.Get("pump-7/ü"u8);
        Assert.Equal("pump-7/ü", first);
        Assert.Same(first, names.Get("pump-7/ü"u8.ToArray()));
        Assert.Same(first, names.Get("pump-7/ü".AsSpan()));
        Assert.NotSame(first, names.Get("pump-8/ü"u8));
    }

    [Fact]
    public void Ids_that_differ_in_one_byte_stay_apart()
    {
        var names = new SeriesNames();
        var ids = Enumerable.Range(0, 5_000).Select(i => $"s-{i}").ToArray();
        foreach (var id in ids)
        {
            names.Get(Encoding.UTF8.GetBytes(id));
        }
        foreach (var id in ids)
        {
            Assert.Equal(id, names.Get(Encoding.UTF8.GetBytes(id)));
        }
    }

    [Fact]
    public void The_cache_is_bounded_and_long_ids_are_not_cached()
    {
        var names = new SeriesNames(capacity: 2);
        var a = names.Get("a"u8);
        names.Get("b"u8);
        names.Get("c"u8); // over the bound: the cache starts again, holding only "c"
        var again = names.Get("a"u8);
        Assert.Equal("a", again);
        Assert.NotSame(a, again);

        var longId = new string('x', 300);
        var bytes = Encoding.UTF8.GetBytes(longId);
        Assert.Equal(longId, names.Get(bytes));
        Assert.NotSame(names.Get(bytes), names.Get(bytes));
        Assert.Equal(longId, names.Get(longId.AsSpan()));
    }
}
