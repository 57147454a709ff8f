using StreamAe.Tools.Bench;

namespace StreamAe.Ingest.Tests.Benchmarks;

/// <summary>Runs each benchmark tiny, to keep them working; their figures are not asserted (no timing tests).</summary>
public sealed class IngestBenchmarksTests
{
    [Fact]
    public void Benchmarks_run_and_report_their_operation_counts()
    {
        var results = new[]
        {
            IngestBenchmarks.Windowing(samples: 20_000, windowLength: 140, hop: 35),
            IngestBenchmarks.ChunkParsing(messages: 200, samplesPerMessage: 64),
            IngestBenchmarks.SampleParsing(messages: 2_000),
        };
        Assert.Equal([20_000L, 12_800, 2_000], results.Select(r => r.Operations));
        Assert.All(results, r => Assert.True(r.PerSecond > 0 && r.Elapsed > TimeSpan.Zero));
    }
}
