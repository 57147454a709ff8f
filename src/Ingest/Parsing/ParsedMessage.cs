namespace StreamAe.Ingest.Parsing;

/// <summary>One parsed record: a run of samples of a series (a sample message is a run of one), or a window.</summary>
public readonly record struct ParsedRecord(
    string Series,
    long TimestampMs,
    long IntervalMs,
    int ValueOffset,
    int SampleCount,
    bool IsWindow,
    bool? Label);

/// <summary>
/// What a parser read from one message, kept in buffers reused from message to message so the hot path does not
/// allocate. Values are sample-major (C values a sample).
/// </summary>
public sealed class ParsedMessage
{
    private readonly List<ParsedRecord> _records = [];
    private float[] _values = new float[256];
    private int _valueCount;

    public int Count => _records.Count;

    public ParsedRecord this[int index] => _records[index];

    public ReadOnlySpan<float> ValuesOf(in ParsedRecord record, int channels) =>
        _values.AsSpan(record.ValueOffset, record.SampleCount * channels);

    public void Clear()
    {
        _records.Clear();
        _valueCount = 0;
    }

    internal int ValueCount => _valueCount;

    internal void AddValue(float value)
    {
        if (_valueCount == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }
        _values[_valueCount++] = value;
    }

    /// <summary>Drops values added since <paramref name="valueCount"/> (a record that turned out invalid).</summary>
    internal void TruncateValues(int valueCount) => _valueCount = valueCount;

    internal void AddRecord(in ParsedRecord record) => _records.Add(record);
}
