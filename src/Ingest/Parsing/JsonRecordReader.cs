using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace StreamAe.Ingest.Parsing;

/// <summary>The fields of one JSON message as <see cref="JsonRecordReader"/> found them. Values are already in
/// the message's value buffer: <see cref="ValueStart"/>..+<see cref="ValueCount"/>.</summary>
internal struct JsonRecord
{
    public string? Series;
    public long? TimestampMs;
    public long? IntervalMs;
    public bool? Label;
    public bool HasValue;
    public bool HasValues;
    public bool HasWindow;
    public int ValueStart;
    public int ValueCount;
}

/// <summary>
/// Scans a JSON object with <see cref="Utf8JsonReader"/> straight over the message bytes, matching the configured
/// field names and appending numbers to the message's value buffer. Unknown fields are skipped. Shared by the
/// sample, chunk and window parsers, which then check what their format requires.
/// </summary>
internal sealed class JsonRecordReader
{
    private readonly byte[] _series;
    private readonly byte[] _timestamp;
    private readonly byte[] _value;
    private readonly byte[] _values;
    private readonly byte[] _interval;
    private readonly byte[] _window;
    private readonly byte[] _label;
    private readonly SeriesNames _names = new();

    public JsonRecordReader(FormatOptions options)
    {
        _series = Encoding.UTF8.GetBytes(options.SeriesField);
        _timestamp = Encoding.UTF8.GetBytes(options.TimestampField);
        _value = Encoding.UTF8.GetBytes(options.ValueField);
        _values = Encoding.UTF8.GetBytes(options.ValuesField);
        _interval = Encoding.UTF8.GetBytes(options.IntervalField);
        _window = Encoding.UTF8.GetBytes(options.WindowField);
        _label = Encoding.UTF8.GetBytes(options.LabelField);
    }

    public bool TryRead(ReadOnlySpan<byte> key, ReadOnlySpan<byte> json, ParsedMessage output, out JsonRecord record,
        out ParseFailure failure)
    {
        record = default;
        record.ValueStart = output.ValueCount;
        try
        {
            if (!TryReadFlat(json, output, ref record) && !TryReadObject(json, output, ref record, out failure))
            {
                output.TruncateValues(record.ValueStart);
                return false;
            }
        }
        catch (JsonException e)
        {
            output.TruncateValues(record.ValueStart);
            failure = new ParseFailure(DeadLetterReason.Malformed, $"invalid JSON: {e.Message}");
            return false;
        }
        record.ValueCount = output.ValueCount - record.ValueStart;
        if (record.Series is null)
        {
            if (key.IsEmpty)
            {
                failure = Missing("series (no series field and no message key)");
                return false;
            }
            record.Series = _names.Get(key);
        }
        if (record.TimestampMs is null)
        {
            failure = Missing(Encoding.UTF8.GetString(_timestamp));
            return false;
        }
        failure = default;
        return true;
    }

    /// <summary>
    /// The common <c>sample</c> and <c>chunk</c> shapes without the general reader: a flat object of the series,
    /// timestamp and value fields, or interval and values array (and any others with plain values or number arrays,
    /// skipped). False, with nothing taken, for anything else or anything
    /// wrong, which the general reader then reads (and words the error for): the two agree on every message read here.
    /// </summary>
    private bool TryReadFlat(ReadOnlySpan<byte> json, ParsedMessage output, ref JsonRecord record)
    {
        var fields = new FlatJsonFields(json);
        var start = record.ValueStart;
        while (true)
        {
            if (!fields.TryNext(out var name, out var text, out var kind))
            {
                if (!fields.Unsupported)
                {
                    return true;
                }
                break;
            }
            if (!TryTakeFlatField(name, text, kind, output, ref record))
            {
                break;
            }
        }
        output.TruncateValues(start);
        record = default;
        record.ValueStart = start;
        return false;
    }

    /// <summary>One field of a flat object into the record; false for what the general reader should read.</summary>
    private bool TryTakeFlatField(ReadOnlySpan<byte> name, ReadOnlySpan<byte> text, FlatValue kind, ParsedMessage output, ref JsonRecord record)
    {
        if (kind == FlatValue.NumberArray)
        {
            if (name.SequenceEqual(_values))
            {
                var first = !record.HasValues;
                record.HasValues = true;
                return first && TryFlatValues(text, output);
            }
            return !IsKnownField(name); // an unknown array field is skipped, as the general reader does
        }
        var isString = kind == FlatValue.String;
        if (name.SequenceEqual(_value))
        {
            var first = !record.HasValue;
            record.HasValue = true;
            return first && TryFlatValue(text, isString, output);
        }
        if (name.SequenceEqual(_series))
        {
            if (record.Series is not null || !isString || text.IsEmpty)
            {
                return false;
            }
            record.Series = _names.Get(text);
            return true;
        }
        if (name.SequenceEqual(_timestamp))
        {
            if (record.TimestampMs is not null || !TryFlatTimestamp(text, isString, out var timestamp))
            {
                return false;
            }
            record.TimestampMs = timestamp;
            return true;
        }
        if (name.SequenceEqual(_interval))
        {
            if (record.IntervalMs is not null || !TryFlatTimestamp(text, isString, out var interval))
            {
                return false;
            }
            record.IntervalMs = interval;
            return true;
        }
        // Windows and labels are the general reader's, as is a scalar where an array belongs; any other field is skipped.
        return !IsKnownField(name);
    }

    private bool IsKnownField(ReadOnlySpan<byte> name) =>
        name.SequenceEqual(_value) || name.SequenceEqual(_values) || name.SequenceEqual(_window) || name.SequenceEqual(_series)
        || name.SequenceEqual(_timestamp) || name.SequenceEqual(_interval) || name.SequenceEqual(_label);

    /// <summary>A chunk's values: finite numbers, as the general reader reads them (anything else is left to it).</summary>
    private static bool TryFlatValues(ReadOnlySpan<byte> numbers, ParsedMessage output)
    {
        foreach (var range in numbers.Split((byte)','))
        {
            var number = numbers[range].Trim(" \t\n\r"u8);
            if (!Utf8Parser.TryParse(number, out float value, out var consumed) || consumed != number.Length || !float.IsFinite(value))
            {
                return false;
            }
            output.AddValue(value);
        }
        return true;
    }

    private static bool TryFlatValue(ReadOnlySpan<byte> text, bool isString, ParsedMessage output)
    {
        float value;
        var parsed = isString
            ? TextValues.TryParseFloat(text, out value, out _)
            : Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && float.IsFinite(value);
        if (parsed)
        {
            output.AddValue(value);
        }
        return parsed;
    }

    private static bool TryFlatTimestamp(ReadOnlySpan<byte> text, bool isString, out long epochMs) =>
        isString
            ? TextValues.TryParseTimestamp(text, out epochMs)
            : Utf8Parser.TryParse(text, out epochMs, out var consumed) && consumed == text.Length;

    public static ParseFailure Missing(string field) => new(DeadLetterReason.MissingField, $"missing field '{field}'");

    private bool TryReadObject(ReadOnlySpan<byte> json, ParsedMessage output, ref JsonRecord record,
        out ParseFailure failure)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            failure = new ParseFailure(DeadLetterReason.Malformed, "message is not a JSON object");
            return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool ok;
            if (reader.ValueTextEquals(_value))
            {
                reader.Read();
                ok = TryReadNumber(ref reader, output, out failure);
                record.HasValue = true;
            }
            else if (reader.ValueTextEquals(_values))
            {
                reader.Read();
                ok = TryReadArray(ref reader, output, out failure);
                record.HasValues = true;
            }
            else if (reader.ValueTextEquals(_window))
            {
                reader.Read();
                ok = TryReadArray(ref reader, output, out failure);
                record.HasWindow = true;
            }
            else if (reader.ValueTextEquals(_series))
            {
                reader.Read();
                ok = TryReadSeries(ref reader, out record.Series, out failure);
            }
            else if (reader.ValueTextEquals(_timestamp))
            {
                reader.Read();
                ok = TryReadTimestamp(ref reader, out record.TimestampMs, out failure);
            }
            else if (reader.ValueTextEquals(_interval))
            {
                reader.Read();
                ok = TryReadTimestamp(ref reader, out record.IntervalMs, out failure);
            }
            else if (reader.ValueTextEquals(_label))
            {
                reader.Read();
                ok = TryReadLabel(ref reader, out record.Label, out failure);
            }
            else
            {
                reader.Read();
                reader.Skip();
                ok = true;
                failure = default;
            }
            if (!ok)
            {
                return false;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            failure = new ParseFailure(DeadLetterReason.Malformed, "trailing data after the JSON object");
            return false;
        }
        failure = default;
        return true;
    }

    private static bool TryReadNumber(ref Utf8JsonReader reader, ParsedMessage output, out ParseFailure failure)
    {
        float value;
        DeadLetterReason reason;
        var ok = reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetSingle(out var number)
                ? TextValues.CheckFinite(number, out value, out reason)
                : Fail(DeadLetterReason.NonFinite, out value, out reason),
            JsonTokenType.String when !reader.ValueIsEscaped => TextValues.TryParseFloat(reader.ValueSpan, out value, out reason),
            _ => Fail(DeadLetterReason.Malformed, out value, out reason),
        };
        if (!ok)
        {
            failure = new ParseFailure(reason, reason == DeadLetterReason.NonFinite
                ? "value is NaN or infinite"
                : $"expected a number, found {reader.TokenType}");
            return false;
        }
        output.AddValue(value);
        failure = default;
        return true;
    }

    private static bool Fail(DeadLetterReason why, out float value, out DeadLetterReason reason)
    {
        value = 0;
        reason = why;
        return false;
    }

    private static bool TryReadArray(ref Utf8JsonReader reader, ParsedMessage output, out ParseFailure failure)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            failure = new ParseFailure(DeadLetterReason.Malformed, $"expected an array, found {reader.TokenType}");
            return false;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TryReadNumber(ref reader, output, out failure))
            {
                return false;
            }
        }
        failure = default;
        return true;
    }

    private bool TryReadSeries(ref Utf8JsonReader reader, out string? series, out ParseFailure failure)
    {
        failure = default;
        switch (reader.TokenType)
        {
            case JsonTokenType.String when !reader.ValueIsEscaped && reader.ValueSpan.Length > 0:
                series = _names.Get(reader.ValueSpan);
                return true;
            case JsonTokenType.String when reader.ValueIsEscaped:
                series = _names.Get(reader.GetString().AsSpan());
                return series.Length > 0 || Invalid("series is empty", out failure);
            case JsonTokenType.Number:
                series = _names.Get(reader.ValueSpan);
                return true;
            default:
                series = null;
                return Invalid("series must be a non-empty string", out failure);
        }
    }

    private static bool TryReadTimestamp(ref Utf8JsonReader reader, out long? epochMs, out ParseFailure failure)
    {
        failure = default;
        epochMs = null;
        long parsed;
        var ok = reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetInt64(out parsed)
                || (reader.TryGetDouble(out var number) && TextValues.TryFromDouble(number, out parsed)),
            JsonTokenType.String when !reader.ValueIsEscaped => TextValues.TryParseTimestamp(reader.ValueSpan, out parsed),
            _ => Unparsed(out parsed),
        };
        if (!ok)
        {
            return Invalid($"not a timestamp (epoch ms or ISO-8601): {reader.TokenType}", out failure);
        }
        epochMs = parsed;
        return true;
    }

    private static bool Unparsed(out long value)
    {
        value = 0;
        return false;
    }

    private static bool TryReadLabel(ref Utf8JsonReader reader, out bool? label, out ParseFailure failure)
    {
        failure = default;
        label = reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Null => null,
            JsonTokenType.Number when reader.TryGetInt64(out var number) && number is 0 or 1 => number == 1,
            JsonTokenType.String when reader.ValueTextEquals("true"u8) || reader.ValueTextEquals("1"u8) => true,
            JsonTokenType.String when reader.ValueTextEquals("false"u8) || reader.ValueTextEquals("0"u8) => false,
            _ => null,
        };
        return label is not null || reader.TokenType == JsonTokenType.Null
            || Invalid("label must be true/false or 1/0 (1 = anomalous)", out failure);
    }

    private static bool Invalid(string detail, out ParseFailure failure)
    {
        failure = new ParseFailure(DeadLetterReason.Malformed, detail);
        return false;
    }
}
