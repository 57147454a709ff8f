using StreamAe.Contracts;

namespace StreamAe.Detector.Decision.State;

/// <summary>
/// Per-series decision state kept in a compacted Kafka changelog (configuration <c>Pipelines:N:State</c>), so that a
/// restart, a deploy or a partition moving to another daemon of the group resumes each series' thresholds,
/// calibration and alerts instead of recalibrating. docs/RELIABILITY.md says what it guarantees.
/// </summary>
public sealed class StateOptions : IValidatableOptions
{
    public bool Enabled { get; set; }

    /// <summary>The changelog topic; unset: <c>streamae-state-{group}-{pipeline}</c>. Created when missing, compacted.</summary>
    public string? Topic { get; set; }

    /// <summary>Partitions of a changelog created here; 0: as many as the pipeline's input topics have (a series' state
    /// then lives in the changelog partition numbered like its input partition).</summary>
    public int Partitions { get; set; }

    /// <summary>Replication factor of a changelog created here; -1: the broker's default.</summary>
    public short ReplicationFactor { get; set; } = -1;

    /// <summary>Further topic settings of a changelog created here (e.g. <c>min.insync.replicas</c>, <c>segment.ms</c>);
    /// <c>cleanup.policy</c> is always <c>compact</c>.</summary>
    public IDictionary<string, string> TopicSettings { get; set; } = new Dictionary<string, string>();

    /// <summary>A changed series is written after this many of its windows at the latest…</summary>
    public int WriteEveryWindows { get; set; } = 100;

    /// <summary>…or this long after its first unwritten change. Input offsets wait for the state behind them, so this
    /// also bounds how far commits trail the stream.</summary>
    public TimeSpan WriteInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest a newly assigned partition waits for its series' state; series not read by then recalibrate.</summary>
    public TimeSpan RestoreTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public string TopicFor(string groupId, string pipeline) => Topic ?? $"streamae-state-{groupId}-{pipeline}";

    public IEnumerable<string> Validate(string section)
    {
        if (!Enabled)
        {
            yield break;
        }
        if (Topic is not null && string.IsNullOrWhiteSpace(Topic))
        {
            yield return $"{section}:Topic must not be empty (leave it unset for streamae-state-{{group}}-{{pipeline}}).";
        }
        if (Partitions < 0)
        {
            yield return $"{section}:Partitions must be 0 (as many as the input) or positive (was {Partitions}).";
        }
        if (ReplicationFactor is 0 or < -1)
        {
            yield return $"{section}:ReplicationFactor must be -1 (broker default) or positive (was {ReplicationFactor}).";
        }
        if (TopicSettings.Keys.Any(key => key == "cleanup.policy"))
        {
            yield return $"{section}:TopicSettings must not set cleanup.policy (a changelog is compacted).";
        }
        if (WriteEveryWindows < 1)
        {
            yield return $"{section}:WriteEveryWindows must be at least 1 (was {WriteEveryWindows}).";
        }
        if (WriteInterval < TimeSpan.FromMilliseconds(10))
        {
            yield return $"{section}:WriteInterval must be at least 10 ms (was {WriteInterval}).";
        }
        if (RestoreTimeout <= TimeSpan.Zero)
        {
            yield return $"{section}:RestoreTimeout must be positive (was {RestoreTimeout}).";
        }
    }
}
