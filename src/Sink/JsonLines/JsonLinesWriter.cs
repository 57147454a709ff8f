using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using StreamAe.Sink.Points;

namespace StreamAe.Sink.JsonLines;

/// <summary>
/// Writes points as JSON lines into a <see cref="PooledByteBuffer"/> through one reused <see cref="Utf8JsonWriter"/>,
/// without allocating per point: <c>{"measurement":"…","tags":{…},"fields":{…},"time":…}</c> and a line feed, the
/// time in <see cref="Precision"/> since the epoch. Float fields always carry a decimal point or an exponent, integer
/// fields never do, so the field types survive as line protocol keeps them. Any text can be carried (JSON escapes
/// line breaks and quotes; a lone surrogate becomes U+FFFD, as in line protocol); a point left without a finite field
/// is taken back.
/// </summary>
public sealed class JsonLinesWriter : IPointWriter
{
    /// <summary>
    /// Escapes only what JSON requires (quotes, backslashes, control characters), so names stay readable: the file is
    /// read by programs and people, never embedded in HTML, which is what the default encoder guards against.
    /// </summary>
    internal static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The longest shortest-form double, e.g. <c>-2.2250738585072014E-308</c>.</summary>
    private const int MaxDoubleBytes = 32;

    private static readonly SearchValues<byte> FloatMarks = SearchValues.Create(".Ee"u8);

    private static readonly JsonEncodedText MeasurementProperty = JsonEncodedText.Encode("measurement");
    private static readonly JsonEncodedText TagsProperty = JsonEncodedText.Encode("tags");
    private static readonly JsonEncodedText FieldsProperty = JsonEncodedText.Encode("fields");
    private static readonly JsonEncodedText TimeProperty = JsonEncodedText.Encode("time");

    private readonly PooledByteBuffer _output;
    private readonly Utf8JsonWriter _json;
    private int _pointStart = -1;
    private int _fieldCount;

    public JsonLinesWriter(PooledByteBuffer output, TimestampPrecision precision = TimestampPrecision.Milliseconds)
    {
        _output = output;
        Precision = precision;
        _json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = Encoder });
    }

    public TimestampPrecision Precision { get; }

    public long PointsWritten { get; private set; }

    public long NonFiniteFieldsRejected { get; private set; }

    public long PointsRejected { get; private set; }

    public void BeginPoint(PointName measurement)
    {
        if (_pointStart >= 0)
        {
            throw new InvalidOperationException("EndPoint was not called for the previous point.");
        }
        // Every point ends flushed, so the buffer's length is where this one starts.
        _pointStart = _output.Length;
        _fieldCount = 0;
        _json.WriteStartObject();
        _json.WriteString(MeasurementProperty, measurement.Json);
        _json.WriteStartObject(TagsProperty);
    }

    public void BeginPoint(TaggedMeasurement measurement, string firstTagValue, string secondTagValue)
    {
        BeginPoint(measurement.Measurement);
        Tag(measurement.FirstKey, firstTagValue);
        Tag(measurement.SecondKey, secondTagValue);
    }

    public void Tag(PointName key, string value)
    {
        EnsureInPoint();
        if (_fieldCount > 0)
        {
            throw new InvalidOperationException("Tags must come before fields.");
        }
        if (value.Length > 0)
        {
            _json.WriteString(key.Json, value);
        }
    }

    public void Field(PointName key, double value)
    {
        if (!double.IsFinite(value))
        {
            EnsureInPoint();
            NonFiniteFieldsRejected++;
            return;
        }
        StartField();
        // Shortest round-trip digits, plus ".0" when they read as an integer ("1"), so a float field stays a float
        // for whoever reads the file, as the missing "i" suffix keeps it one in line protocol.
        Span<byte> digits = stackalloc byte[MaxDoubleBytes + 2];
        if (!value.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"A double did not fit {MaxDoubleBytes} bytes.");
        }
        if (digits[..length].IndexOfAny(FloatMarks) < 0)
        {
            ".0"u8.CopyTo(digits[length..]);
            length += 2;
        }
        _json.WritePropertyName(key.Json);
        _json.WriteRawValue(digits[..length], skipInputValidation: true);
    }

    public void Field(PointName key, long value)
    {
        StartField();
        _json.WriteNumber(key.Json, value);
    }

    public void Field(PointName key, bool value)
    {
        StartField();
        _json.WriteBoolean(key.Json, value);
    }

    public void Field(PointName key, string value)
    {
        StartField();
        _json.WriteString(key.Json, value);
    }

    public bool EndPointMilliseconds(long timestampMs) => EndPoint(Precision.FromMilliseconds(timestampMs));

    public bool EndPointNanoseconds(long timestampNs) => EndPoint(Precision.FromNanoseconds(timestampNs));

    private bool EndPoint(long timestampInPrecision)
    {
        EnsureInPoint();
        var start = _pointStart;
        _pointStart = -1;
        if (_fieldCount == 0)
        {
            // Drops what the JSON writer still holds; what it already handed to the buffer goes with the truncation.
            _json.Reset(_output);
            _output.Truncate(start);
            PointsRejected++;
            return false;
        }
        _json.WriteEndObject();
        _json.WriteNumber(TimeProperty, timestampInPrecision);
        _json.WriteEndObject();
        _json.Flush();
        _output.WriteByte((byte)'\n');
        // A JSON writer takes one top-level value; resetting it (no allocation) lets the next line begin.
        _json.Reset(_output);
        PointsWritten++;
        return true;
    }

    private void StartField()
    {
        EnsureInPoint();
        if (_fieldCount == 0)
        {
            _json.WriteEndObject();
            _json.WriteStartObject(FieldsProperty);
        }
        _fieldCount++;
    }

    private void EnsureInPoint()
    {
        if (_pointStart < 0)
        {
            throw new InvalidOperationException("BeginPoint must be called first.");
        }
    }
}
