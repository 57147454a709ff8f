using StreamAe.Contracts;

namespace StreamAe.Detector.Batching;

/// <summary>How windows are gathered for one scoring call: a partial batch goes as soon as the scorer is free,
/// otherwise whichever of size or delay comes first; windows cut under backlog fill the batch towards its maximum.</summary>
public sealed class BatchingOptions : IValidatableOptions
{
    /// <summary>Largest batch scored at once. Larger batches amortise the per-call cost (see docs/BENCHMARKS.md).</summary>
    public int MaxBatch { get; set; } = 1024;

    /// <summary>Longest a window waits for companions while the scorer is busy; with the scorer free, a batch goes
    /// as soon as no more windows are waiting.</summary>
    public int MaxDelayMs { get; set; } = 20;

    /// <summary>Longest a batch waits to fill while its windows come from a backlog (<see cref="Contracts.Window.UnderBacklog"/>):
    /// more input is already waiting, so filling costs no latency worth having and each scoring call (and sink write)
    /// carries more windows. A window that is not under backlog ends the wait as soon as the scorer is free.</summary>
    public int BacklogMaxDelayMs { get; set; } = 500;

    /// <summary>Batches queued between the batcher and the scorer before the batcher waits.</summary>
    public int QueueCapacity { get; set; } = 4;

    public IEnumerable<string> Validate(string section)
    {
        if (MaxBatch is < 1 or > 65536)
        {
            yield return $"{section}:MaxBatch must be between 1 and 65536 (was {MaxBatch}).";
        }
        if (MaxDelayMs is < 0 or > 60000)
        {
            yield return $"{section}:MaxDelayMs must be between 0 and 60000 milliseconds (was {MaxDelayMs}).";
        }
        if (BacklogMaxDelayMs is < 0 or > 60000)
        {
            yield return $"{section}:BacklogMaxDelayMs must be between 0 and 60000 milliseconds (was {BacklogMaxDelayMs}).";
        }
        if (QueueCapacity < 1)
        {
            yield return $"{section}:QueueCapacity must be at least 1 (was {QueueCapacity}).";
        }
    }
}
