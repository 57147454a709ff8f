using StreamAe.Ingest.Windowing;

namespace StreamAe.Ingest.Parsing;

/// <summary>
/// Parses and validates one message and feeds it to the windower, all or nothing: a message either reaches the
/// windower whole or is refused with a reason (for the dead letters). Single-threaded, like the windower.
/// </summary>
public sealed class MessageProcessor
{
    private readonly FormatOptions _options;
    private readonly IMessageParser _parser;
    private readonly Windower _windower;
    private readonly ParsedMessage _parsed = new();

    public MessageProcessor(FormatOptions options, Windower windower)
    {
        ArgumentNullException.ThrowIfNull(windower);
        _parser = MessageParsers.Create(options);
        _options = options;
        _windower = windower;
        if (windower.Options.Channels != options.Channels)
        {
            throw new ArgumentException(
                $"Format:Channels ({options.Channels}) and Window:Channels ({windower.Options.Channels}) differ.");
        }
    }

    /// <summary>Samples fed to the windower so far (windows count their samples).</summary>
    public long SamplesParsed { get; private set; }

    public long MessagesParsed { get; private set; }

    public bool TryProcess(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, long position, out ParseFailure failure)
    {
        if (value.Length > _options.MaxMessageBytes)
        {
            failure = new ParseFailure(DeadLetterReason.Oversize,
                $"{value.Length} bytes exceed Format:MaxMessageBytes ({_options.MaxMessageBytes})");
            return false;
        }
        _parsed.Clear();
        if (!_parser.TryParse(key, value, _parsed, out failure) || !TimestampsInRange(out failure))
        {
            return false;
        }
        var channels = _options.Channels;
        for (var i = 0; i < _parsed.Count; i++)
        {
            var record = _parsed[i];
            var values = _parsed.ValuesOf(record, channels);
            if (record.IsWindow)
            {
                _windower.AddWindow(record.Series, record.TimestampMs, LastTimestamp(record), values, record.Label, position);
            }
            else
            {
                for (var sample = 0; sample < record.SampleCount; sample++)
                {
                    _windower.Add(record.Series, record.TimestampMs + sample * record.IntervalMs,
                        values.Slice(sample * channels, channels), position, record.Label, record.IntervalMs);
                }
            }
            SamplesParsed += record.SampleCount;
        }
        MessagesParsed++;
        return true;
    }

    private bool TimestampsInRange(out ParseFailure failure)
    {
        for (var i = 0; i < _parsed.Count; i++)
        {
            var record = _parsed[i];
            var first = record.TimestampMs;
            var last = LastTimestamp(record);
            if (first < _options.MinTimestampMs || last > _options.MaxTimestampMs || last < first)
            {
                failure = new ParseFailure(DeadLetterReason.TimestampOutOfRange,
                    $"timestamp {first} outside [{_options.MinTimestampMs}, {_options.MaxTimestampMs}]");
                return false;
            }
        }
        failure = default;
        return true;
    }

    private static long LastTimestamp(in ParsedRecord record) =>
        record.TimestampMs + (record.SampleCount - 1) * record.IntervalMs;
}
