using System.Text;
using StreamAe.Contracts;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Ingest.Tests.Parsing;

public sealed class MessageProcessorTests
{
    private const long T0 = 1_732_300_000_000;
    private readonly List<Window> _windows = [];

    private MessageProcessor Create(MessageFormat format, int length = 3, int channels = 1,
        Action<FormatOptions>? configure = null)
    {
        var format_ = new FormatOptions { Format = format, Channels = channels };
        configure?.Invoke(format_);
        var windower = new Windower(new WindowerOptions { WindowLength = length, Hop = length, Channels = channels }, _windows.Add);
        return new MessageProcessor(format_, windower);
    }

    private static bool Process(MessageProcessor processor, string value, string key = "") =>
        processor.TryProcess(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value), SourcePosition.None, out _);

    private static ParseFailure Refuse(MessageProcessor processor, string value, string key = "")
    {
        Assert.False(processor.TryProcess(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value), SourcePosition.None,
            out var failure));
        return failure;
    }

    [Fact]
    public void Sample_messages_become_windows()
    {
        var processor = Create(MessageFormat.Sample);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(Process(processor, $$"""{"series":"ecg-7","ts":{{T0 + i * 8}},"value":{{i}}.5}"""));
        }
        var window = Assert.Single(_windows);
        Assert.Equal(("ecg-7", T0, T0 + 16), (window.Series, window.StartMs, window.EndMs));
        Assert.Equal([0.5f, 1.5f, 2.5f], window.Values);
    }

    [Fact]
    public void Multichannel_samples_use_the_values_array_and_the_key_names_the_series()
    {
        var processor = Create(MessageFormat.Sample, length: 2, channels: 2);
        Assert.True(Process(processor, $$"""{"ts":{{T0}},"values":[1,2]}""", key: "k-1"));
        Assert.True(Process(processor, $$"""{"ts":"2024-11-22T18:26:40.008Z","values":[3,-4e-1]}""", key: "k-1"));
        var window = Assert.Single(_windows);
        Assert.Equal("k-1", window.Series);
        Assert.Equal([1f, 2, 3, -0.4f], window.Values);
        Assert.Equal(DateTimeOffset.Parse("2024-11-22T18:26:40.008Z", System.Globalization.CultureInfo.InvariantCulture)
            .ToUnixTimeMilliseconds(), window.EndMs);
    }

    [Fact]
    public void Field_names_are_configurable()
    {
        var processor = Create(MessageFormat.Sample, length: 1, configure: o =>
        {
            o.SeriesField = "id";
            o.TimestampField = "time";
            o.ValueField = "v";
        });
        Assert.True(Process(processor, $$"""{"id":"x","extra":{"nested":[1,2]},"time":{{T0}},"v":7}"""));
        Assert.Equal(("x", 7f), (_windows[0].Series, _windows[0].Values[0]));
    }

    [Fact]
    public void Chunk_messages_expand_into_consecutive_samples()
    {
        var processor = Create(MessageFormat.Chunk, length: 4);
        Assert.True(Process(processor, $$"""{"series":"s","ts":{{T0}},"interval_ms":8,"values":[1,2,3,4,5,6]}"""));
        var window = Assert.Single(_windows);
        Assert.Equal([1f, 2, 3, 4], window.Values);
        Assert.Equal((T0, T0 + 24), (window.StartMs, window.EndMs));
    }

    [Fact]
    public void Window_messages_pass_through_with_their_label()
    {
        var processor = Create(MessageFormat.Window, length: 3, configure: o => o.WindowLength = 3);
        Assert.True(Process(processor, $$"""{"series":"beat-1","ts":{{T0}},"window":[1,2,3],"label":true}"""));
        Assert.True(Process(processor, $$"""{"series":"beat-2","ts":{{T0}},"window":[4,5,6]}"""));
        Assert.Equal([("beat-1", (bool?)true), ("beat-2", null)], _windows.Select(w => (w.Series, w.Label)));
        Assert.Equal([4f, 5, 6], _windows[1].Values);
    }

    [Fact]
    public void Influx_lines_take_the_measurement_and_tags_as_series()
    {
        var processor = Create(MessageFormat.Influx, length: 2, channels: 2, configure: o => o.InfluxFields = ["x", "y"]);
        var ns = T0 * 1_000_000;
        Assert.True(Process(processor,
            $"accel,host=a,axis=3 y=2,x=1i,note=\"a b, c\" {ns}\naccel,host=a,axis=3 x=3,y=4,z=9 {ns + 8_000_000}\n"));
        var window = Assert.Single(_windows);
        Assert.Equal("accel,host=a,axis=3", window.Series);
        Assert.Equal([1f, 2, 3, 4], window.Values);
        Assert.Equal((T0, T0 + 8), (window.StartMs, window.EndMs));
    }

    [Fact]
    public void Influx_without_field_list_takes_every_numeric_field()
    {
        var processor = Create(MessageFormat.Influx, length: 1, configure: o => o.InfluxPrecision = "ms");
        Assert.True(Process(processor, $"cpu,host=h usage=0.25,state=\"ok\" {T0}"));
        Assert.Equal(0.25f, Assert.Single(_windows).Values[0]);
        Assert.Equal(DeadLetterReason.ChannelCount, Refuse(processor, $"cpu a=1,b=2 {T0}").Reason);
    }

    [Fact]
    public void Csv_lines_carry_series_time_and_values()
    {
        var processor = Create(MessageFormat.Csv, length: 2, channels: 2);
        Assert.True(Process(processor, $"s1,{T0},1.5,-2e-3\r\ns1,{T0 + 1},3,4\n"));
        var window = Assert.Single(_windows);
        Assert.Equal([1.5f, -0.002f, 3, 4], window.Values);
    }

    [Theory]
    [InlineData(MessageFormat.Sample, """{"series":"s","ts":1732300000000,"value":1e999}""", DeadLetterReason.NonFinite)]
    [InlineData(MessageFormat.Sample, """{"series":"s","ts":1732300000000,"value":"NaN"}""", DeadLetterReason.NonFinite)]
    [InlineData(MessageFormat.Sample, """{"series":"s","ts":1732300000000,"value":1""", DeadLetterReason.Malformed)]
    [InlineData(MessageFormat.Sample, """not json""", DeadLetterReason.Malformed)]
    [InlineData(MessageFormat.Sample, """{"series":"s","value":1}""", DeadLetterReason.MissingField)]
    [InlineData(MessageFormat.Sample, """{"ts":1732300000000,"value":1}""", DeadLetterReason.MissingField)]
    [InlineData(MessageFormat.Sample, """{"series":"s","ts":1732300000000}""", DeadLetterReason.MissingField)]
    [InlineData(MessageFormat.Sample, """{"series":"s","ts":1732300000000,"values":[1,2]}""", DeadLetterReason.ChannelCount)]
    [InlineData(MessageFormat.Sample, """{"series":"s","ts":12,"value":1}""", DeadLetterReason.TimestampOutOfRange)]
    [InlineData(MessageFormat.Sample, """{"series":"s","ts":"yesterday","value":1}""", DeadLetterReason.Malformed)]
    [InlineData(MessageFormat.Chunk, """{"series":"s","ts":1732300000000,"values":[1,2]}""", DeadLetterReason.MissingField)]
    [InlineData(MessageFormat.Chunk, """{"series":"s","ts":1732300000000,"interval_ms":0,"values":[1]}""", DeadLetterReason.Malformed)]
    [InlineData(MessageFormat.Window, """{"series":"s","ts":1732300000000,"window":[1,2]}""", DeadLetterReason.WindowLength)]
    [InlineData(MessageFormat.Window, """{"series":"s","ts":1732300000000,"window":[1,2,3],"label":"maybe"}""", DeadLetterReason.Malformed)]
    [InlineData(MessageFormat.Influx, "m f=1", DeadLetterReason.MissingField)]
    [InlineData(MessageFormat.Influx, "m f=abc 1732300000000000000", DeadLetterReason.Malformed)]
    [InlineData(MessageFormat.Influx, "m f=NaN 1732300000000000000", DeadLetterReason.NonFinite)]
    [InlineData(MessageFormat.Csv, "s,1732300000000", DeadLetterReason.MissingField)]
    [InlineData(MessageFormat.Csv, "s,1732300000000,inf", DeadLetterReason.NonFinite)]
    [InlineData(MessageFormat.Csv, "s,1732300000000,1,2", DeadLetterReason.ChannelCount)]
    public void Bad_messages_are_refused_with_a_reason(MessageFormat format, string message, DeadLetterReason reason)
    {
        var processor = Create(format, configure: o => o.WindowLength = 3);
        var failure = Refuse(processor, message);
        Assert.Equal(reason, failure.Reason);
        Assert.False(string.IsNullOrWhiteSpace(failure.Detail));
        Assert.Empty(_windows);
    }

    [Fact]
    public void Oversize_messages_are_refused_unread()
    {
        var processor = Create(MessageFormat.Sample, configure: o => o.MaxMessageBytes = 16);
        Assert.Equal(DeadLetterReason.Oversize, Refuse(processor, new string(' ', 17)).Reason);
    }

    [Fact]
    public void A_refused_multi_line_message_feeds_nothing()
    {
        var processor = Create(MessageFormat.Csv, length: 1);
        Assert.Equal(DeadLetterReason.NonFinite, Refuse(processor, $"s,{T0},1\ns,{T0},NaN").Reason);
        Assert.Empty(_windows);
        Assert.True(Process(processor, $"s,{T0},2"));
        Assert.Equal(2f, Assert.Single(_windows).Values[0]);
    }
}
