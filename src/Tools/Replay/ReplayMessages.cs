using System.Buffers;
using System.Text.Json;
using StreamAe.Ingest.Parsing;

namespace StreamAe.Tools.Replay;

/// <summary>Writes the JSON message bodies the parsers read (default field names).</summary>
internal sealed class ReplayMessages
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;
    private readonly FormatOptions _names = new();

    public ReplayMessages() => _writer = new Utf8JsonWriter(_buffer);

    public byte[] Window(string series, long timestampMs, long intervalMs, ReadOnlySpan<float> values, bool anomalous)
    {
        Begin(series, timestampMs);
        _writer.WriteNumber(_names.IntervalField, intervalMs);
        WriteArray(_names.WindowField, values);
        _writer.WriteBoolean(_names.LabelField, anomalous);
        return End();
    }

    public byte[] Sample(string series, long timestampMs, ReadOnlySpan<float> values, bool? anomalous)
    {
        Begin(series, timestampMs);
        if (values.Length == 1)
        {
            _writer.WriteNumber(_names.ValueField, values[0]);
        }
        else
        {
            WriteArray(_names.ValuesField, values);
        }
        if (anomalous is { } label)
        {
            _writer.WriteBoolean(_names.LabelField, label);
        }
        return End();
    }

    public byte[] Chunk(string series, long timestampMs, long intervalMs, ReadOnlySpan<float> values)
    {
        Begin(series, timestampMs);
        _writer.WriteNumber(_names.IntervalField, intervalMs);
        WriteArray(_names.ValuesField, values);
        return End();
    }

    private void Begin(string series, long timestampMs)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteString(_names.SeriesField, series);
        _writer.WriteNumber(_names.TimestampField, timestampMs);
    }

    private void WriteArray(string name, ReadOnlySpan<float> values)
    {
        _writer.WriteStartArray(name);
        foreach (var value in values)
        {
            _writer.WriteNumberValue(value);
        }
        _writer.WriteEndArray();
    }

    private byte[] End()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }
}
