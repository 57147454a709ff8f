using System.Text;

namespace StreamAe.Sink.Tests.Support;

/// <summary>Random points for encode → parse round trips, their text drawn from an alphabet of awkward pieces.</summary>
internal static class RandomPoints
{
    /// <summary>Biased toward characters line protocol treats specially, plus multi-byte UTF-8.</summary>
    public static readonly string[] LineProtocolAlphabet =
        ["a", "Z", "7", ",", "=", " ", "\\", "\"", "'", "\t", "é", "日本", "😀", "_", "-", "#", "{", "ø"];

    /// <summary>Line protocol's awkward pieces plus what JSON must escape or could mangle.</summary>
    public static readonly string[] JsonAlphabet =
        [.. LineProtocolAlphabet, "\n", "\r", "\u0001", "\u001f", "\u2028", "</script>", "\\u0041", "}", "]", ":"];

    /// <param name="nameAlphabet">For the measurement, tag keys and field keys.</param>
    /// <param name="textAlphabet">For tag values and string fields.</param>
    public static ParsedPoint Next(Random random, string[] nameAlphabet, string[] textAlphabet)
    {
        var tags = Enumerable.Range(0, random.Next(0, 4))
            .Select(_ => new KeyValuePair<string, string>(String(random, nameAlphabet, 0, 10), String(random, textAlphabet, 0, 10)))
            .ToList();
        var fields = Enumerable.Range(0, random.Next(1, 5))
            .Select(_ => new KeyValuePair<string, object>(String(random, nameAlphabet, 0, 10), Value(random, textAlphabet)))
            .ToList();
        return new ParsedPoint(String(random, nameAlphabet, 0, 10), tags, fields, random.NextInt64(-1_000_000_000_000, long.MaxValue));
    }

    /// <summary>A double, long, bool or string (strings end in a line break now and then).</summary>
    private static object Value(Random random, string[] alphabet) => random.Next(4) switch
    {
        0 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30)),
        1 => random.NextInt64(long.MinValue, long.MaxValue),
        2 => random.Next(2) == 0,
        _ => String(random, alphabet, 0, 12) + (random.Next(4) == 0 ? "\n" : ""),
    };

    private static string String(Random random, string[] alphabet, int min, int max)
    {
        var builder = new StringBuilder();
        var length = random.Next(min, max + 1);
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }
        return builder.ToString();
    }
}
