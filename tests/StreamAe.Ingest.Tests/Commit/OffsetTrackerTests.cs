using Confluent.Kafka;
using StreamAe.Ingest.Commit;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Ingest.Tests.Commit;

public sealed class OffsetTrackerTests
{
    private static readonly TopicPartition Partition = new("t", 0);

    [Fact]
    public void The_committable_offset_stops_at_the_lowest_held_position()
    {
        var tracker = new OffsetTracker();
        var slot = tracker.Assign(Partition);
        Assert.Equal(-1, tracker.Committable(Partition));
        for (var offset = 0; offset < 5; offset++)
        {
            tracker.MarkRead(SourcePosition.Pack(slot, offset));
        }
        Assert.Equal(5, tracker.Committable(Partition));

        tracker.Hold(SourcePosition.Pack(slot, 2));
        var window = tracker.CreateWindowToken([SourcePosition.Pack(slot, 3), SourcePosition.Pack(slot, 1), SourcePosition.None]);
        Assert.Equal(1, tracker.Committable(Partition));
        Assert.Equal(1, tracker.OutstandingWindows(Partition));

        window.Delivered();
        window.Delivered(); // idempotent
        Assert.Equal(2, tracker.Committable(Partition));
        tracker.Release(SourcePosition.Pack(slot, 2));
        Assert.Equal(5, tracker.Committable(Partition));
        Assert.Equal(0, tracker.OutstandingWindows(Partition));
    }

    [Fact]
    public void Advances_are_reported_once_and_only_forward()
    {
        var tracker = new OffsetTracker();
        var slot = tracker.Assign(Partition);
        tracker.MarkRead(SourcePosition.Pack(slot, 9));
        Assert.Equal([new TopicPartitionOffset(Partition, 10)], tracker.TakeAdvances());
        Assert.Empty(tracker.TakeAdvances());
    }

    [Fact]
    public void A_retired_partition_ignores_late_deliveries_and_a_new_assignment_starts_clean()
    {
        var tracker = new OffsetTracker();
        var slot = tracker.Assign(Partition);
        tracker.MarkRead(SourcePosition.Pack(slot, 4));
        var window = tracker.CreateWindowToken([SourcePosition.Pack(slot, 2)]);
        Assert.Equal(2, tracker.Retire(Partition));
        Assert.False(tracker.TryGetSlot(Partition, out _));

        var newSlot = tracker.Assign(Partition);
        Assert.NotEqual(slot, newSlot);
        window.Delivered(); // belongs to the old assignment
        Assert.Equal(-1, tracker.Committable(Partition));
        tracker.MarkRead(SourcePosition.Pack(newSlot, 7));
        Assert.Equal(8, tracker.Committable(Partition));
    }

    [Fact]
    public void Windows_spanning_partitions_hold_each_of_them()
    {
        var tracker = new OffsetTracker();
        var other = new TopicPartition("t", 1);
        var a = tracker.Assign(Partition);
        var b = tracker.Assign(other);
        tracker.MarkRead(SourcePosition.Pack(a, 10));
        tracker.MarkRead(SourcePosition.Pack(b, 10));
        var window = tracker.CreateWindowToken([SourcePosition.Pack(a, 6), SourcePosition.Pack(b, 3), SourcePosition.Pack(a, 8)]);
        Assert.Equal((6L, 3L), (tracker.Committable(Partition), tracker.Committable(other)));
        window.Delivered();
        Assert.Equal((11L, 11L), (tracker.Committable(Partition), tracker.Committable(other)));
    }
}
