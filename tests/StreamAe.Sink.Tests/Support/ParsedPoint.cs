namespace StreamAe.Sink.Tests.Support;

/// <summary>A point read back from an output; field values are double, long, bool or string.</summary>
internal sealed record ParsedPoint(
    string Measurement,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<KeyValuePair<string, object>> Fields,
    long Timestamp);
