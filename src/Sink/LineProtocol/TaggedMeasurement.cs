namespace StreamAe.Sink.LineProtocol;

/// <summary>
/// A measurement whose points start with the same two tags (keys in sorted order, e.g. model and series): writers
/// cache the escaped <c>measurement,first=…,second=…</c> bytes per pair of tag values instead of escaping them for
/// every point.
/// </summary>
public sealed class TaggedMeasurement(LineProtocolName measurement, LineProtocolName firstKey, LineProtocolName secondKey)
{
    public LineProtocolName Measurement { get; } = measurement;

    public LineProtocolName FirstKey { get; } = firstKey;

    public LineProtocolName SecondKey { get; } = secondKey;
}
