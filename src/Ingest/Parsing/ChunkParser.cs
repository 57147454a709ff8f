namespace StreamAe.Ingest.Parsing;

/// <summary><c>chunk</c> messages: consecutive samples from <c>ts</c>, <c>interval_ms</c> apart.</summary>
internal sealed class ChunkParser(FormatOptions options) : IMessageParser
{
    private readonly JsonRecordReader _reader = new(options);

    public bool TryParse(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ParsedMessage output, out ParseFailure failure)
    {
        if (!_reader.TryRead(key, value, output, out var record, out failure))
        {
            return false;
        }
        if (!record.HasValues)
        {
            failure = JsonRecordReader.Missing(options.ValuesField);
            return SampleParser.Reject(output, record);
        }
        if (record.IntervalMs is not { } interval)
        {
            failure = JsonRecordReader.Missing(options.IntervalField);
            return SampleParser.Reject(output, record);
        }
        if (interval <= 0)
        {
            failure = new ParseFailure(DeadLetterReason.Malformed, $"{options.IntervalField} must be positive (got {interval})");
            return SampleParser.Reject(output, record);
        }
        if (record.ValueCount == 0 || record.ValueCount % options.Channels != 0)
        {
            failure = new ParseFailure(DeadLetterReason.ChannelCount,
                $"{record.ValueCount} values do not make whole samples of {options.Channels} channels");
            return SampleParser.Reject(output, record);
        }
        output.AddRecord(new ParsedRecord(record.Series!, record.TimestampMs!.Value, interval, record.ValueStart,
            record.ValueCount / options.Channels, false, record.Label));
        return true;
    }
}
