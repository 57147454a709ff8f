using StreamAe.Sink.JsonLines;
using StreamAe.Sink.LineProtocol;
using StreamAe.Sink.Points;
using StreamAe.Sink.Tests.Support;

namespace StreamAe.Sink.Tests.Points;

public sealed class PointWriterAllocationTests
{
    [Theory]
    [InlineData(PointFormat.LineProtocol)]
    [InlineData(PointFormat.JsonLines)]
    public void Encoding_score_points_allocates_nothing_once_warm(PointFormat format)
    {
        using var buffer = new PooledByteBuffer(1 << 20);
        IPointWriter writer = format == PointFormat.JsonLines ? new JsonLinesWriter(buffer) : new LineProtocolWriter(buffer);
        var scored = TestData.Scored("ecg \"7\",lead=II", "dense", 3);
        for (var i = 0; i < 1000; i++)
        {
            StreamAeSchema.WriteScore(writer, scored);
        }
        buffer.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            StreamAeSchema.WriteScore(writer, scored);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(2000, writer.PointsWritten);
    }
}
