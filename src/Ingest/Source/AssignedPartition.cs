using Confluent.Kafka;

namespace StreamAe.Ingest.Source;

/// <summary>A partition given to this daemon, and the number of that assignment (a new one each time, never reused):
/// windows carry it as <see cref="Contracts.Window.SourceAssignment"/>.</summary>
public readonly record struct AssignedPartition(TopicPartition Partition, int Assignment);
