using System.Text;
using StreamAe.Ingest.Source;

namespace StreamAe.Ingest.Tests.Source;

public sealed class ReadBatchTests
{
    [Fact]
    public void A_batch_keeps_each_message_its_key_value_and_origin_past_its_nominal_size()
    {
        var batch = new ReadBatch();
        var count = ReadBatch.MaxMessages + 40; // beyond it only while partitions pause; nothing may be lost
        for (var i = 0; i < count; i++)
        {
            var key = Encoding.UTF8.GetBytes(i % 3 == 1 ? $"k{i}" : "");
            batch.Add($"t{i % 2}", i % 5, i % 7, 1000 + i, i % 2 == 0, key, hasKey: i % 3 != 0, Encoding.UTF8.GetBytes(new string('v', i % 50) + i));
        }

        Assert.Equal(count, batch.Count);
        Assert.True(batch.IsFull);
        for (var i = 0; i < count; i++)
        {
            var message = batch[i];
            Assert.Equal(($"t{i % 2}", i % 5, i % 7, 1000L + i, i % 2 == 0), (message.Topic, message.Partition, message.Slot, message.Offset, message.UnderBacklog));
            Assert.Equal(new string('v', i % 50) + i, Encoding.UTF8.GetString(batch.Value(message)));
            if (i % 3 == 0)
            {
                Assert.Equal(ReadMessage.NoKey, message.KeyLength); // no key, not an empty one
            }
            else
            {
                Assert.Equal(i % 3 == 1 ? $"k{i}" : "", Encoding.UTF8.GetString(batch.Key(message)));
                Assert.NotEqual(ReadMessage.NoKey, message.KeyLength);
            }
        }
    }

    [Fact]
    public void A_batch_is_full_by_bytes_before_messages_and_empty_after_clearing()
    {
        var batch = new ReadBatch();
        var value = new byte[ReadBatch.MaxBytes / 4];
        for (var i = 0; i < 3; i++)
        {
            batch.Add("t", 0, 0, i, false, default, hasKey: false, value);
        }
        Assert.False(batch.IsFull);
        batch.Add("t", 0, 0, 3, false, default, hasKey: false, value);
        Assert.True(batch.IsFull);

        batch.Clear();
        Assert.Equal(0, batch.Count);
        Assert.False(batch.IsFull);
    }

    [Fact]
    public void The_handoff_has_room_for_a_fixed_number_of_batches_until_the_worker_returns_one()
    {
        using var handoff = new ReadBatchHandoff(batches: 3);
        var reading = new ReadBatch();
        var handed = new List<ReadBatch>();
        for (var i = 0; i < 2; i++)
        {
            var filled = reading;
            Assert.True(handoff.TryExchange(ref reading, TimeSpan.Zero, CancellationToken.None));
            Assert.NotSame(filled, reading);
            handed.Add(filled);
        }
        var kept = reading;
        Assert.False(handoff.TryExchange(ref reading, TimeSpan.FromMilliseconds(20), CancellationToken.None));
        Assert.Same(kept, reading); // no room: the consume thread keeps its batch
        Assert.True(handoff.HasUnprocessed);

        Assert.True(handoff.TryTake(out var first, TimeSpan.Zero, CancellationToken.None));
        Assert.Same(handed[0], first); // in the order handed over
        handoff.Processed(first!);
        Assert.True(handoff.TryExchange(ref reading, TimeSpan.Zero, CancellationToken.None));
        Assert.Same(first, reading);

        Assert.True(handoff.TryTake(out var second, TimeSpan.Zero, CancellationToken.None));
        handoff.Processed(second!);
        Assert.True(handoff.TryTake(out var third, TimeSpan.Zero, CancellationToken.None));
        Assert.Same(kept, third);
        handoff.Processed(third!);
        Assert.False(handoff.HasUnprocessed);
    }
}
