namespace StreamAe.Sink.Points;

/// <summary>How a file output writes its points.</summary>
public enum PointFormat
{
    /// <summary>InfluxDB line protocol, as sent to InfluxDB.</summary>
    LineProtocol,

    /// <summary>One JSON object a line: <c>measurement</c>, <c>tags</c>, <c>fields</c>, <c>time</c>.</summary>
    JsonLines,
}
