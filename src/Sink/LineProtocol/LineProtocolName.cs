namespace StreamAe.Sink.LineProtocol;

/// <summary>
/// A measurement, tag key or field key escaped and UTF-8 encoded once, so hot paths copy bytes instead of
/// escaping the same constant name for every point.
/// </summary>
public sealed class LineProtocolName
{
    private LineProtocolName(string name, byte[] escapedUtf8)
    {
        Name = name;
        EscapedUtf8 = escapedUtf8;
    }

    public string Name { get; }

    internal byte[] EscapedUtf8 { get; }

    public static LineProtocolName Measurement(string name) => Create(name, measurement: true);

    /// <summary>A tag key or field key.</summary>
    public static LineProtocolName Key(string name) => Create(name, measurement: false);

    private static LineProtocolName Create(string name, bool measurement)
    {
        using var buffer = new PooledByteBuffer(256);
        var writer = new LineProtocolWriter(buffer);
        if (!writer.TryWriteStandaloneName(name, measurement))
        {
            throw new ArgumentException($"'{name}' cannot be written as a line protocol name (empty, line break or trailing backslash).", nameof(name));
        }
        return new LineProtocolName(name, buffer.WrittenSpan.ToArray());
    }
}
