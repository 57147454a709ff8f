using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using StreamAe.Sink.Points;

namespace StreamAe.Sink.LineProtocol;

/// <summary>
/// Writes InfluxDB line protocol points straight into a <see cref="PooledByteBuffer"/> as UTF-8, without allocating
/// per point, in the order <see cref="IPointWriter"/> describes (tags sorted by key for the server's sake). A point
/// that cannot be represented (no finite field, a name with a line break or a trailing backslash) is taken back out
/// of the buffer and counted instead of being written.
/// </summary>
/// <remarks>
/// Escaping follows the InfluxDB parser: in the measurement, commas and spaces are escaped; in tag keys, tag values
/// and field keys, commas, equals signs and spaces; in string field values, double quotes and backslashes. Other
/// backslashes stay literal, which is how the server reads them; a trailing backslash would escape the separator
/// after it, so such names are rejected. Line breaks cannot be escaped outside string field values.
/// </remarks>
public sealed class LineProtocolWriter : IPointWriter
{
    private static readonly SearchValues<char> MeasurementSpecials = SearchValues.Create(", \n\r");
    private static readonly SearchValues<char> KeySpecials = SearchValues.Create(",= \n\r");
    private static readonly SearchValues<char> StringFieldSpecials = SearchValues.Create("\"\\");

    /// <summary>The longest number written: a double in shortest form takes at most 24 bytes, a long 20.</summary>
    private const int MaxNumberBytes = 32;

    /// <summary>Two recent doubles, so the least recently used one is always the other slot.</summary>
    private const int RecentFloats = 2;

    private readonly PooledByteBuffer _output;
    private readonly byte[] _recentFloatDigits = new byte[RecentFloats * MaxNumberBytes];
    private readonly long[] _recentFloatBits = new long[RecentFloats];
    private readonly int[] _recentFloatLengths = new int[RecentFloats];
    private TagSetPrefixCache? _prefixes;
    private int _leastRecentFloat;
    private int _pointStart = -1;
    private int _fieldCount;
    private bool _unencodable;

    public LineProtocolWriter(PooledByteBuffer output, TimestampPrecision precision = TimestampPrecision.Milliseconds)
    {
        _output = output;
        Precision = precision;
    }

    /// <summary>A writer that shares <paramref name="prefixes"/> with the other writers of one encoding thread.</summary>
    internal LineProtocolWriter(PooledByteBuffer output, TimestampPrecision precision, TagSetPrefixCache prefixes)
        : this(output, precision)
    {
        _prefixes = prefixes;
    }

    public TimestampPrecision Precision { get; }

    public long PointsWritten { get; private set; }

    public long NonFiniteFieldsRejected { get; private set; }

    public long PointsRejected { get; private set; }

    public void BeginPoint(PointName measurement)
    {
        StartPoint();
        _output.Write(measurement.EscapedUtf8);
    }

    public void BeginPoint(TaggedMeasurement measurement, string firstTagValue, string secondTagValue)
    {
        StartPoint();
        // Created on first use: writers that never see a tagged measurement (name encoding, tests) need no cache.
        var prefixes = _prefixes ??= new TagSetPrefixCache();
        if (prefixes.TryWrite(measurement, firstTagValue, secondTagValue, _output, out var encodable))
        {
            _unencodable = !encodable;
            return;
        }
        _output.Write(measurement.Measurement.EscapedUtf8);
        Tag(measurement.FirstKey, firstTagValue);
        Tag(measurement.SecondKey, secondTagValue);
        prefixes.Store(measurement, firstTagValue, secondTagValue, _output.WrittenSpan[_pointStart..], !_unencodable);
    }

    public void BeginPoint(string measurement)
    {
        StartPoint();
        _unencodable = measurement.Length == 0;
        WriteName(measurement, MeasurementSpecials);
    }

    private void StartPoint()
    {
        if (_pointStart >= 0)
        {
            throw new InvalidOperationException("EndPoint was not called for the previous point.");
        }
        _pointStart = _output.Length;
        _fieldCount = 0;
        _unencodable = false;
    }

    /// <summary>Adds a tag; an empty value means "no tag" (InfluxDB does not store empty tag values).</summary>
    public void Tag(string key, string value)
    {
        if (StartTag(value))
        {
            _unencodable |= key.Length == 0;
            WriteName(key, KeySpecials);
            _output.WriteByte((byte)'=');
            WriteName(value, KeySpecials);
        }
    }

    public void Tag(PointName key, string value)
    {
        if (StartTag(value))
        {
            WriteKeyAndEquals(key);
            WriteName(value, KeySpecials);
        }
    }

    private bool StartTag(string value)
    {
        EnsureInPoint();
        if (value.Length == 0)
        {
            return false;
        }
        if (_fieldCount > 0)
        {
            throw new InvalidOperationException("Tags must come before fields.");
        }
        _output.WriteByte((byte)',');
        return true;
    }

    /// <summary>Adds a float field; NaN and infinities are left out and counted.</summary>
    public void Field(string key, double value)
    {
        if (AcceptFloat(value))
        {
            WriteFieldKey(key);
            WriteFloat(value);
        }
    }

    public void Field(PointName key, double value)
    {
        if (AcceptFloat(value))
        {
            WriteFieldKey(key);
            WriteFloat(value);
        }
    }

    public void Field(string key, long value)
    {
        WriteFieldKey(key);
        WriteInteger(value);
    }

    public void Field(PointName key, long value)
    {
        WriteFieldKey(key);
        WriteInteger(value);
    }

    public void Field(string key, bool value)
    {
        WriteFieldKey(key);
        _output.Write(value ? "true"u8 : "false"u8);
    }

    public void Field(PointName key, bool value)
    {
        WriteFieldKey(key);
        _output.Write(value ? "true"u8 : "false"u8);
    }

    public void Field(string key, string value)
    {
        WriteFieldKey(key);
        WriteStringValue(value);
    }

    public void Field(PointName key, string value)
    {
        WriteFieldKey(key);
        WriteStringValue(value);
    }

    private void WriteStringValue(string value)
    {
        _output.WriteByte((byte)'"');
        ReadOnlySpan<char> rest = value;
        while (true)
        {
            var special = rest.IndexOfAny(StringFieldSpecials);
            WriteUtf8(special < 0 ? rest : rest[..special]);
            if (special < 0)
            {
                break;
            }
            _output.WriteByte((byte)'\\');
            _output.WriteByte((byte)rest[special]);
            rest = rest[(special + 1)..];
        }
        _output.WriteByte((byte)'"');
    }

    public bool EndPointNanoseconds(long timestampNs) => EndPoint(Precision.FromNanoseconds(timestampNs));

    public bool EndPointMilliseconds(long timestampMs) => EndPoint(Precision.FromMilliseconds(timestampMs));

    private bool EndPoint(long timestampInPrecision)
    {
        EnsureInPoint();
        var start = _pointStart;
        _pointStart = -1;
        if (_fieldCount == 0 || _unencodable)
        {
            _output.Truncate(start);
            PointsRejected++;
            return false;
        }
        var span = _output.GetSpan(MaxNumberBytes + 2);
        span[0] = (byte)' ';
        var length = 1 + FormatInteger(timestampInPrecision, span[1..]);
        span[length] = (byte)'\n';
        _output.Advance(length + 1);
        PointsWritten++;
        return true;
    }

    private void WriteFieldKey(string key)
    {
        StartField();
        _unencodable |= key.Length == 0;
        WriteName(key, KeySpecials);
        _output.WriteByte((byte)'=');
    }

    private void WriteFieldKey(PointName key)
    {
        StartField();
        WriteKeyAndEquals(key);
    }

    private void WriteKeyAndEquals(PointName key)
    {
        var escaped = key.EscapedUtf8;
        var span = _output.GetSpan(escaped.Length + 1);
        escaped.CopyTo(span);
        span[escaped.Length] = (byte)'=';
        _output.Advance(escaped.Length + 1);
    }

    private void StartField()
    {
        EnsureInPoint();
        _output.WriteByte(_fieldCount == 0 ? (byte)' ' : (byte)',');
        _fieldCount++;
    }

    private bool AcceptFloat(double value)
    {
        EnsureInPoint();
        if (double.IsFinite(value))
        {
            return true;
        }
        NonFiniteFieldsRejected++;
        return false;
    }

    /// <summary>
    /// Shortest round-trip form. Formatting a double is the costliest step, so the last two distinct values keep
    /// their digits and a hit makes its slot the most recent: a constant threshold between ever-changing scores is
    /// then formatted once, where replacing in turn would evict it every other point.
    /// </summary>
    private void WriteFloat(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        for (var slot = 0; slot < RecentFloats; slot++)
        {
            if (_recentFloatLengths[slot] > 0 && _recentFloatBits[slot] == bits)
            {
                _output.Write(_recentFloatDigits.AsSpan(slot * MaxNumberBytes, _recentFloatLengths[slot]));
                _leastRecentFloat = 1 - slot;
                return;
            }
        }
        var span = _output.GetSpan(MaxNumberBytes);
        // No format string: the shortest form that parses back to the same double, formatted straight into UTF-8.
        if (!value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"A double did not fit {MaxNumberBytes} bytes.");
        }
        var replace = _leastRecentFloat;
        _leastRecentFloat = 1 - replace;
        _recentFloatBits[replace] = bits;
        _recentFloatLengths[replace] = written;
        span[..written].CopyTo(_recentFloatDigits.AsSpan(replace * MaxNumberBytes));
        _output.Advance(written);
    }

    private void WriteInteger(long value)
    {
        var span = _output.GetSpan(MaxNumberBytes + 1);
        var length = FormatInteger(value, span);
        span[length] = (byte)'i';
        _output.Advance(length + 1);
    }

    private static int FormatInteger(long value, Span<byte> destination)
    {
        if (!Utf8Formatter.TryFormat(value, destination, out var written))
        {
            throw new InvalidOperationException($"A long did not fit {MaxNumberBytes} bytes.");
        }
        return written;
    }

    /// <summary>Writes just a name, for <see cref="PointName"/>; false when it cannot be represented.</summary>
    internal bool TryWriteStandaloneName(string name, bool measurement)
    {
        _unencodable = name.Length == 0;
        WriteName(name, measurement ? MeasurementSpecials : KeySpecials);
        return !_unencodable;
    }

    private void WriteName(ReadOnlySpan<char> name, SearchValues<char> specials)
    {
        if (name.Length > 0 && name[^1] == '\\')
        {
            _unencodable = true;
        }
        while (true)
        {
            var special = name.IndexOfAny(specials);
            WriteUtf8(special < 0 ? name : name[..special]);
            if (special < 0)
            {
                return;
            }
            var c = name[special];
            if (c is '\n' or '\r')
            {
                _unencodable = true;
            }
            _output.WriteByte((byte)'\\');
            _output.WriteByte((byte)c);
            name = name[(special + 1)..];
        }
    }

    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }
        var span = _output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private void EnsureInPoint()
    {
        if (_pointStart < 0)
        {
            throw new InvalidOperationException("BeginPoint must be called first.");
        }
    }
}
