using System.Text;
using StreamAe.Ingest.Parsing;

namespace StreamAe.Ingest.Tests.Parsing;

/// <summary>
/// <c>sample</c> and <c>chunk</c> messages are read by a fast path for flat objects and by
/// <see cref="System.Text.Json.Utf8JsonReader"/> otherwise; both must read every message alike. Each case is also
/// parsed with a nested field in front, which the fast path leaves to the general reader, and the two results must agree.
/// </summary>
public sealed class FlatJsonTests
{
    public static TheoryData<string> Messages() =>
    [
        """{"series":"s-17","ts":1732300000000,"value":0.123456789}""",
        """ { "ts" : 1732300000000 , "value" : -1.5e-3 , "series" : "a b" } """,
        "{\n\t\"series\":\"s\",\r\n\"ts\":1732300000000,\"value\":7}",
        """{"series":"s","ts":1732300000000,"value":"2.5","extra":"x","n":-0}""",
        """{"series":"s","ts":"2024-11-22T18:26:40.008Z","value":1}""",
        """{"series":"s","ts":1.7323e12,"value":1}""",
        """{"series":"s","ts":1732300000000,"value":1e39}""",
        """{"series":"s","ts":1732300000000,"value":"NaN"}""",
        """{"series":"s","ts":1732300000000,"value":01}""",
        """{"series":"s","ts":1732300000000,"value":1.}""",
        """{"series":"s","ts":1732300000000,"value":1,}""",
        """{"series":"s","ts":1732300000000,"value":1} x""",
        """{"series":"","ts":1732300000000,"value":1}""",
        """{"series":"s","ts":1732300000000}""",
        """{"series":"s","value":1}""",
        """{"series":"s","ts":1732300000000,"value":1,"value":2}""",
        """{"series":"s","series":"t","ts":1732300000000,"value":1}""",
        """{"series":"s\u00e9","ts":1732300000000,"value":1}""",
        """{"series":"s\"q","ts":1732300000000,"value":1}""",
        """{"series":"s","ts":1732300000000,"value":true}""",
        """{"series":"s","ts":99999999999999999999,"value":1}""",
        """{"series":"s","ts":1732300000000,"values":[1]}""",
    ];

    public static TheoryData<string> Chunks() =>
    [
        """{"series":"s-17","ts":1732300000000,"interval_ms":8,"values":[0.5,-1.25,3e-2,0]}""",
        """{ "values" : [ 1 , 2 ] , "interval_ms" : 8 , "ts" : 1732300000000 , "series" : "s" }""",
        "{\"series\":\"s\",\"ts\":1732300000000,\"interval_ms\":8,\"values\":[\n1,\t2\r\n]}",
        """{"series":"s","ts":1732300000000,"interval_ms":"8","values":[1],"other":[1,2],"n":3}""",
        """{"series":"s","ts":1732300000000,"interval_ms":8,"values":[]}""",
        """{"series":"s","ts":1732300000000,"interval_ms":8,"values":[1,]}""",
        """{"series":"s","ts":1732300000000,"interval_ms":8,"values":[1 2]}""",
        """{"series":"s","ts":1732300000000,"interval_ms":8,"values":[1,"2"]}""",
        """{"series":"s","ts":1732300000000,"interval_ms":8,"values":[1,1e39]}""",
        """{"series":"s","ts":1732300000000,"interval_ms":8,"values":[01]}""",
        """{"series":"s","ts":1732300000000,"interval_ms":8,"values":[1,[2]]}""",
        """{"series":"s","ts":1732300000000,"interval_ms":8,"values":[1]""",
        """{"series":"s","ts":1732300000000,"interval_ms":8,"values":[1],"values":[2]}""",
        """{"series":"s","ts":1732300000000,"interval_ms":8,"interval_ms":9,"values":[1]}""",
        """{"series":"s","ts":1732300000000,"interval_ms":8.5,"values":[1]}""",
        """{"series":"s","ts":1732300000000,"interval_ms":0,"values":[1]}""",
        """{"series":"s","ts":1732300000000,"values":[1]}""",
        """{"series":"s","ts":1732300000000,"interval_ms":8,"value":[1]}""",
        """{"series":"s","ts":[1],"interval_ms":8,"values":[1]}""",
        """{"series":"s","ts":1732300000000,"interval_ms":8,"value":1}""",
        """{"series":"s","ts":1732300000000,"interval_ms":8,"values":[1],"label":1}""",
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void The_fast_path_and_the_general_reader_agree(string message) =>
        Assert.Equal(Parse(General(message)), Parse(message));

    [Theory]
    [MemberData(nameof(Chunks))]
    public void The_fast_path_and_the_general_reader_agree_on_chunks(string message) =>
        Assert.Equal(Parse(General(message), MessageFormat.Chunk), Parse(message, MessageFormat.Chunk));

    /// <summary>The message with a nested field in front, which sends it to the general reader.</summary>
    private static string General(string message)
    {
        var general = message.TrimStart().StartsWith('{') ? "{\"nested\":{}," + message.TrimStart()[1..] : message;
        return general.StartsWith("{\"nested\":{},}", StringComparison.Ordinal) ? "{\"nested\":{}}" : general;
    }

    [Fact]
    public void A_series_that_is_not_utf8_is_read_as_the_general_reader_reads_it()
    {
        var flat = Encoding.UTF8.GetBytes("""{"series":"s?","ts":1732300000000,"value":1}""");
        var nested = Encoding.UTF8.GetBytes("""{"nested":{},"series":"s?","ts":1732300000000,"value":1}""");
        flat[12] = nested[24] = 0xFF; // the '?'
        Assert.Equal(ParseBytes(nested), ParseBytes(flat));
    }

    private static (bool Accepted, string What) Parse(string message, MessageFormat format = MessageFormat.Sample) =>
        ParseBytes(Encoding.UTF8.GetBytes(message), format);

    private static (bool Accepted, string What) ParseBytes(byte[] message, MessageFormat format = MessageFormat.Sample)
    {
        var parser = MessageParsers.Create(new FormatOptions { Format = format });
        var parsed = new ParsedMessage();
        if (!parser.TryParse([], message, parsed, out var failure))
        {
            return (false, failure.Reason.ToString()); // the detail names a position, which the nested field moves
        }
        var record = parsed[0];
        return (true, $"{record.Series}|{record.TimestampMs}|{record.IntervalMs}|{record.Label}|{string.Join(",", parsed.ValuesOf(record, 1).ToArray())}");
    }
}
