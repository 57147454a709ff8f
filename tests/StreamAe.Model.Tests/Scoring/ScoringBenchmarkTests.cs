using StreamAe.Model.Scoring;

namespace StreamAe.Model.Tests.Scoring;

public sealed class ScoringBenchmarkTests
{
    [Fact]
    public void Measures_product_and_bare_loop_for_every_batch_and_thread_count()
    {
        var rows = ScoringBenchmark.Run(new ScoringBenchmarkOptions { Batches = [1, 64], Threads = [1], SecondsPerCase = 0.01 });

        Assert.Equal(4, rows.Count);
        Assert.Equal([ScoringBenchmark.Product, ScoringBenchmark.Bare, ScoringBenchmark.Product, ScoringBenchmark.Bare], rows.Select(r => r.Implementation));
        Assert.Equal([1, 1, 64, 64], rows.Select(r => r.Batch));
        Assert.All(rows, r => Assert.True(r.Windows >= 3L * r.Batch && r.WindowsPerSecond > 0, r.ToString()));
    }
}
