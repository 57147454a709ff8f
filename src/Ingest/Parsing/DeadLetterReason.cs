namespace StreamAe.Ingest.Parsing;

/// <summary>Why a message went to the dead letters; <see cref="DeadLetterReasons.Name"/> gives the header value.</summary>
public enum DeadLetterReason
{
    Malformed,
    MissingField,
    NonFinite,
    WindowLength,
    ChannelCount,
    TimestampOutOfRange,
    Oversize,
}

public static class DeadLetterReasons
{
    private static readonly string[] Names =
        ["malformed", "missing_field", "non_finite", "window_length", "channel_count", "timestamp_out_of_range", "oversize"];

    public static IReadOnlyList<DeadLetterReason> All { get; } = Enum.GetValues<DeadLetterReason>();

    /// <summary>The snake_case name used in dead-letter headers, files and metric tags.</summary>
    public static string Name(this DeadLetterReason reason) => Names[(int)reason];
}

/// <summary>A message that failed to parse or validate: the reason and a short human-readable detail.</summary>
public readonly record struct ParseFailure(DeadLetterReason Reason, string Detail);
