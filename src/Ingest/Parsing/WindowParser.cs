namespace StreamAe.Ingest.Parsing;

/// <summary><c>window</c> messages: an already cut window (e.g. one ECG beat) with an optional label.</summary>
internal sealed class WindowParser(FormatOptions options) : IMessageParser
{
    private readonly JsonRecordReader _reader = new(options);

    public bool TryParse(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ParsedMessage output, out ParseFailure failure)
    {
        if (!_reader.TryRead(key, value, output, out var record, out failure))
        {
            return false;
        }
        if (!record.HasWindow)
        {
            failure = JsonRecordReader.Missing(options.WindowField);
            return SampleParser.Reject(output, record);
        }
        var expected = options.WindowLength * options.Channels;
        if (record.ValueCount == 0 || record.ValueCount % options.Channels != 0
            || (expected > 0 && record.ValueCount != expected))
        {
            failure = new ParseFailure(DeadLetterReason.WindowLength, expected > 0
                ? $"expected {expected} values, found {record.ValueCount}"
                : $"{record.ValueCount} values do not make whole samples of {options.Channels} channels");
            return SampleParser.Reject(output, record);
        }
        output.AddRecord(new ParsedRecord(record.Series!, record.TimestampMs!.Value, record.IntervalMs ?? 0,
            record.ValueStart, record.ValueCount / options.Channels, true, record.Label));
        return true;
    }
}
