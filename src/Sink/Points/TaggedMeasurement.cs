namespace StreamAe.Sink.Points;

/// <summary>
/// A measurement whose points start with the same two tags (keys in sorted order, e.g. model and series): writers
/// cache the escaped <c>measurement,first=…,second=…</c> bytes per pair of tag values instead of escaping them for
/// every point.
/// </summary>
public sealed class TaggedMeasurement(PointName measurement, PointName firstKey, PointName secondKey)
{
    public PointName Measurement { get; } = measurement;

    public PointName FirstKey { get; } = firstKey;

    public PointName SecondKey { get; } = secondKey;
}
