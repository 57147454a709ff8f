
namespace StreamAe.Ingest.Parsing.DeadLetter;

/// <summary>A refused message with where it came from and why.</summary>
public sealed record DeadLetterMessage(
    string SourceTopic,
    int SourcePartition,
    long SourceOffset,
    byte[]? Key,
    byte[] Value,
    DeadLetterReason Reason,
    string Detail);

/// <summary>
/// Where refused messages go. <see cref="Send"/> must call <paramref name="acknowledged"/> once the dead letter is
/// durable (producer delivery report, file flush): only then does the source count the message as handled for
/// its offsets. A dead letter that cannot be written is never acknowledged, so the partition's commit stalls
/// rather than lose the message.
/// </summary>
public interface IDeadLetterSink : IDisposable
{
    void Send(DeadLetterMessage message, Action acknowledged);
}
