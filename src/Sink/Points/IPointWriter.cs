namespace StreamAe.Sink.Points;

/// <summary>
/// Writes points of the InfluxDB data model (measurement, tags, fields, time) in one output format into a
/// <see cref="PooledByteBuffer"/>, one point a line: <c>BeginPoint</c>, tags in key order, fields, then <c>EndPoint…</c>.
/// An empty tag value omits the tag; NaN and infinite fields are left out and counted; a point left without fields,
/// or with a name the format cannot carry, is taken back out of the buffer and counted.
/// </summary>
public interface IPointWriter
{
    /// <summary>Points written completely.</summary>
    long PointsWritten { get; }

    /// <summary>Field values left out because they were NaN or infinite.</summary>
    long NonFiniteFieldsRejected { get; }

    /// <summary>Points taken back: no finite field left, or a name the format cannot carry.</summary>
    long PointsRejected { get; }

    void BeginPoint(PointName measurement);

    /// <summary>Begins a point with its first two tags (see <see cref="TaggedMeasurement"/>).</summary>
    void BeginPoint(TaggedMeasurement measurement, string firstTagValue, string secondTagValue);

    void Tag(PointName key, string value);

    void Field(PointName key, double value);

    void Field(PointName key, long value);

    void Field(PointName key, bool value);

    void Field(PointName key, string value);

    /// <summary>Finishes the point with a timestamp given in milliseconds since the epoch.</summary>
    /// <returns>false when the point was taken back.</returns>
    bool EndPointMilliseconds(long timestampMs);

    /// <summary>Finishes the point with a timestamp given in nanoseconds since the epoch.</summary>
    /// <returns>false when the point was taken back.</returns>
    bool EndPointNanoseconds(long timestampNs);
}
