namespace StreamAe.Ingest.Windowing;

/// <summary>
/// Where series buffers hold the source positions (<see cref="SourcePosition"/> values) of samples a future window
/// still needs, so that the source commits only past data that is windowed, delivered or deliberately dropped.
/// Called from the windowing thread.
/// </summary>
public interface IPositionHolds
{
    /// <summary>Marks a position as needed (e.g. the oldest sample of a series buffer).</summary>
    void Hold(long position);

    /// <summary>Undoes one <see cref="Hold"/> of the same position.</summary>
    void Release(long position);
}
