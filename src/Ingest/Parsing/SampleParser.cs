namespace StreamAe.Ingest.Parsing;

/// <summary><c>sample</c> messages: one sample, <c>"value"</c> for one channel or <c>"values"</c> for C.</summary>
internal sealed class SampleParser(FormatOptions options) : IMessageParser
{
    private readonly JsonRecordReader _reader = new(options);

    public bool TryParse(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ParsedMessage output, out ParseFailure failure)
    {
        if (!_reader.TryRead(key, value, output, out var record, out failure))
        {
            return false;
        }
        if (!record.HasValue && !record.HasValues)
        {
            failure = JsonRecordReader.Missing($"{options.ValueField}' or '{options.ValuesField}");
            return Reject(output, record);
        }
        if (record.ValueCount != options.Channels)
        {
            failure = new ParseFailure(DeadLetterReason.ChannelCount,
                $"expected {options.Channels} values a sample, found {record.ValueCount}");
            return Reject(output, record);
        }
        output.AddRecord(new ParsedRecord(record.Series!, record.TimestampMs!.Value, 0, record.ValueStart, 1, false, record.Label));
        return true;
    }

    /// <summary>Undoes the values of a record that failed validation; always false.</summary>
    internal static bool Reject(ParsedMessage output, in JsonRecord record)
    {
        output.TruncateValues(record.ValueStart);
        return false;
    }
}
