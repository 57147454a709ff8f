namespace StreamAe.Sink.Tests.Support;

internal static class PointAssert
{
    /// <summary>The same points in the same order: measurement, tags, fields (names, types and values) and time.</summary>
    public static void Equal(IReadOnlyList<ParsedPoint> expected, IReadOnlyList<ParsedPoint> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Measurement, actual[i].Measurement);
            Assert.Equal(expected[i].Tags, actual[i].Tags);
            Assert.Equal(expected[i].Fields, actual[i].Fields);
            Assert.Equal(expected[i].Timestamp, actual[i].Timestamp);
        }
    }
}
