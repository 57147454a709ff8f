using System.Text.Json;
using StreamAe.Sink.JsonLines;
using StreamAe.Sink.LineProtocol;

namespace StreamAe.Sink.Points;

/// <summary>
/// A measurement, tag key or field key encoded once for every output format (escaped UTF-8 line protocol, escaped
/// JSON), so hot paths copy bytes instead of escaping the same constant name for every point.
/// </summary>
public sealed class PointName
{
    private PointName(string name, byte[] lineProtocol)
    {
        Name = name;
        EscapedUtf8 = lineProtocol;
        Json = JsonEncodedText.Encode(name, JsonLinesWriter.Encoder);
    }

    public string Name { get; }

    /// <summary>The name escaped for line protocol.</summary>
    internal byte[] EscapedUtf8 { get; }

    internal JsonEncodedText Json { get; }

    public static PointName Measurement(string name) => Create(name, measurement: true);

    /// <summary>A tag key or field key.</summary>
    public static PointName Key(string name) => Create(name, measurement: false);

    private static PointName Create(string name, bool measurement)
    {
        using var buffer = new PooledByteBuffer(256);
        var writer = new LineProtocolWriter(buffer);
        if (!writer.TryWriteStandaloneName(name, measurement))
        {
            throw new ArgumentException($"'{name}' cannot be written as a line protocol name (empty, line break or trailing backslash).", nameof(name));
        }
        return new PointName(name, buffer.WrittenSpan.ToArray());
    }
}
