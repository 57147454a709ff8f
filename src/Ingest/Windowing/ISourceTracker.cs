using StreamAe.Contracts;

namespace StreamAe.Ingest.Windowing;

/// <summary>
/// Keeps source positions alive while something still depends on them, so that the source only commits past
/// data that is either delivered or deliberately dropped. Positions are <see cref="SourcePosition"/> values.
/// Called from the windowing thread; tokens may be delivered from any thread.
/// </summary>
public interface ISourceTracker
{
    /// <summary>Marks a position as needed (e.g. the oldest sample of a series buffer).</summary>
    void Hold(long position);

    /// <summary>Undoes one <see cref="Hold"/> of the same position.</summary>
    void Release(long position);

    /// <summary>A token for a window built from samples at <paramref name="positions"/>: it holds the lowest
    /// position of each partition until <see cref="IDeliveryToken.Delivered"/> is called.</summary>
    IDeliveryToken CreateWindowToken(ReadOnlySpan<long> positions);
}
