using Confluent.Kafka;
using StreamAe.Ingest.Kafka.Offsets;

namespace StreamAe.Ingest.Kafka;

/// <summary>
/// Whether a message was read from a backlog: its partition's high watermark (librdkafka's copy from the latest fetch
/// response, refreshed by <see cref="Refresh"/>) lies more than <c>threshold</c> messages past it. A stale watermark
/// errs towards "live", so a live stream is never taken for a backlog, and the last messages of a backlog are live.
/// </summary>
internal sealed class PartitionBacklog(int threshold)
{
    private long[] _highWatermarks = [];

    /// <summary>Reads the cached high watermarks of the assigned partitions (no broker round trip).</summary>
    public void Refresh(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer, OffsetTracker tracker)
    {
        foreach (var partition in consumer.Assignment)
        {
            if (!tracker.TryGetSlot(partition, out var slot))
            {
                continue;
            }
            if (slot >= _highWatermarks.Length)
            {
                Array.Resize(ref _highWatermarks, Math.Max(slot + 1, _highWatermarks.Length * 2));
            }
            var high = consumer.GetWatermarkOffsets(partition).High;
            _highWatermarks[slot] = high == Offset.Unset ? 0 : high.Value;
        }
    }

    /// <summary>Whether the partition's high watermark has been read since it was assigned.</summary>
    public bool Knows(int slot) => (uint)slot < (uint)_highWatermarks.Length && _highWatermarks[slot] > 0;

    public bool IsBehind(int slot, long offset) =>
        (uint)slot < (uint)_highWatermarks.Length && _highWatermarks[slot] - offset > threshold;
}
