using StreamAe.Tools.Bench;

namespace StreamAe.Detector.Tests.Bench;

public sealed class CeilingReadsTests
{
    private const long Messages = 1_000_000;

    /// <summary>Reads that took the given seconds, batch reads and Consume-call reads alternating as Read asks.</summary>
    private static CeilingReads Reads(double[] batchSeconds, double[] consumeCallSeconds)
    {
        var (batch, consume) = (0, 0);
        var ceilings = new CeilingReads((_, consumeCalls) => consumeCalls ? consumeCallSeconds[consume++] : batchSeconds[batch++], Messages);
        for (var i = 0; i < batchSeconds.Length; i++)
        {
            ceilings.Read();
        }
        return ceilings;
    }

    [Fact]
    public void Each_drain_is_held_against_the_faster_read_beside_it_and_the_median_is_reported()
    {
        // Batch reads of 0.5, 1.0, 0.25 and 1.0 s around drains of 1, 2.5 and 1 s: against 0.5, 0.25 and 0.25 s.
        var ceilings = Reads([0.5, 1.0, 0.25, 1.0], [2.0, 2.0, 2.0, 2.0]);

        var figures = ceilings.Figures("peer", [1.0, 2.5, 1.0]).ToList();

        var batchRatio = Assert.Single(figures, f => f.Name.StartsWith("StreamAe / ceiling (librdkafka batches)", StringComparison.Ordinal));
        Assert.Equal(0.25, batchRatio.Value, 9); // ratios 0.5, 0.1, 0.25
        Assert.Contains("0.50, 0.10, 0.25", batchRatio.Unit, StringComparison.Ordinal);
        var consumeRatio = Assert.Single(figures, f => f.Name.StartsWith("StreamAe / ceiling (a Consume call a message)", StringComparison.Ordinal));
        Assert.Equal(2.0, consumeRatio.Value, 9); // ratios 2, 0.8, 2
        var batchCeiling = Assert.Single(figures, f => f.Name.Contains("reading librdkafka batches", StringComparison.Ordinal));
        Assert.Equal(Messages / 0.75, batchCeiling.Value, 3); // the median read: (0.5 + 1.0) / 2 s
    }

    [Fact]
    public void A_read_that_did_not_finish_leaves_the_drain_to_the_read_on_its_other_side()
    {
        var ceilings = Reads([double.NaN, 0.5], [double.NaN, double.NaN]);

        var figures = ceilings.Figures("peer", [1.0]).ToList();

        Assert.Equal(0.5, Assert.Single(figures, f => f.Name.StartsWith("StreamAe / ceiling (librdkafka", StringComparison.Ordinal)).Value, 9);
        Assert.True(double.IsNaN(Assert.Single(figures, f => f.Name.StartsWith("StreamAe / ceiling (a Consume", StringComparison.Ordinal)).Value));
    }

    [Theory]
    [InlineData(new[] { 3.0, 1.0, 2.0 }, 2.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    [InlineData(new[] { double.NaN, 1.0, 5.0 }, 3.0)]
    public void The_median_leaves_out_reads_that_did_not_finish(double[] values, double median) =>
        Assert.Equal(median, CeilingReads.Median(values), 9);
}
