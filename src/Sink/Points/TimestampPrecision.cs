namespace StreamAe.Sink.Points;

/// <summary>The unit of the timestamps written into line protocol (and named in the write request).</summary>
public enum TimestampPrecision
{
    Milliseconds,
    Microseconds,
    Nanoseconds,
}

internal static class TimestampPrecisionExtensions
{
    /// <summary>Converts nanoseconds since the epoch to the given precision (truncating).</summary>
    public static long FromNanoseconds(this TimestampPrecision precision, long nanoseconds) => precision switch
    {
        TimestampPrecision.Milliseconds => nanoseconds / 1_000_000,
        TimestampPrecision.Microseconds => nanoseconds / 1_000,
        _ => nanoseconds,
    };

    public static long FromMilliseconds(this TimestampPrecision precision, long milliseconds) => precision switch
    {
        TimestampPrecision.Milliseconds => milliseconds,
        TimestampPrecision.Microseconds => milliseconds * 1_000,
        _ => milliseconds * 1_000_000,
    };

    /// <summary>The <c>precision</c> query value of the v1 write API.</summary>
    public static string V1QueryValue(this TimestampPrecision precision) => precision switch
    {
        TimestampPrecision.Milliseconds => "ms",
        TimestampPrecision.Microseconds => "u",
        _ => "ns",
    };

    /// <summary>The <c>precision</c> query value of the v2 write API.</summary>
    public static string V2QueryValue(this TimestampPrecision precision) => precision switch
    {
        TimestampPrecision.Milliseconds => "ms",
        TimestampPrecision.Microseconds => "us",
        _ => "ns",
    };
}
