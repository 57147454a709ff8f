using Confluent.Kafka;

namespace StreamAe.Ingest.Source;

/// <summary>
/// Per-partition state kept beside the source (the decision state changelog) follows the partitions' owner through
/// these calls, made on the consume thread inside the rebalance, so no message of a partition is read before its
/// state is restored and no state of a revoked partition is written after its new owner may have read it.
/// </summary>
public interface IPartitionOwnership
{
    /// <summary>Restores the partitions' state; blocks the consume thread until done (bounded by its own timeout).
    /// Windows read under an assignment other than the partition's current one are stale.</summary>
    void Assigned(IReadOnlyList<AssignedPartition> partitions);

    /// <summary>The source waits for the revoked partitions' in-flight windows: write the state they wait for now.
    /// Called repeatedly while it waits.</summary>
    void Revoking(IReadOnlyList<TopicPartition> partitions);

    /// <summary>The partitions are gone (revoked and committed, or lost): write nothing more of theirs.</summary>
    void Released(IReadOnlyList<TopicPartition> partitions);
}
