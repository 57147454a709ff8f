using StreamAe.Ingest.Windowing;

namespace StreamAe.Ingest.Tests.Windowing;

public sealed class SourcePositionTests
{
    [Fact]
    public void The_lowest_position_of_each_partition_is_kept_whatever_the_runs_and_order()
    {
        var random = new Random(20);
        for (var trial = 0; trial < 500; trial++)
        {
            var lowest = new List<long>();
            var expected = new Dictionary<int, long>();
            var batches = random.Next(1, 4);
            for (var batch = 0; batch < batches; batch++)
            {
                var positions = RandomRuns(random);
                SourcePosition.CollectLowestPerPartition(positions, lowest);
                foreach (var position in positions.Where(p => p != SourcePosition.None))
                {
                    var partition = SourcePosition.Partition(position);
                    expected[partition] = Math.Min(expected.GetValueOrDefault(partition, long.MaxValue), position);
                }
            }
            Assert.Equal(expected.Values.Order(), lowest.Order());
        }
    }

    /// <summary>Runs of one partition (as a chunk's samples share one position), some None, offsets up and down.</summary>
    private static long[] RandomRuns(Random random)
    {
        var positions = new List<long>();
        var runs = random.Next(0, 6);
        for (var run = 0; run < runs; run++)
        {
            var partition = random.Next(0, 4);
            var offset = random.Next(0, 1000);
            var length = random.Next(1, 10);
            for (var i = 0; i < length; i++)
            {
                positions.Add(random.Next(8) == 0 ? SourcePosition.None : SourcePosition.Pack(partition, offset + random.Next(-3, 4) + 3));
            }
        }
        return [.. positions];
    }
}
