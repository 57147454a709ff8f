namespace StreamAe.Ingest.Windowing;

/// <summary>Running counts of one <see cref="Windower"/> (read them from the windowing thread or after it stops).</summary>
public sealed class WindowerStats
{
    public long SamplesAccepted { get; internal set; }

    public long WindowsEmitted { get; internal set; }

    public long LateSamplesDropped { get; internal set; }

    public long SamplesReordered { get; internal set; }

    /// <summary>Samples passed over because the hop is longer than the window.</summary>
    public long SamplesSkipped { get; internal set; }

    /// <summary>Buffered samples thrown away by a gap restart or an eviction (they never reached a window).</summary>
    public long SamplesDiscarded { get; internal set; }

    public long GapRestarts { get; internal set; }

    public long SeriesCreated { get; internal set; }

    public long SeriesEvictedForCapacity { get; internal set; }

    public long SeriesEvictedIdle { get; internal set; }
}
