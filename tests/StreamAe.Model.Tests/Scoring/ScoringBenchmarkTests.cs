using StreamAe.Model.Architectures;
using StreamAe.Tools.Bench;

namespace StreamAe.Model.Tests.Scoring;

public sealed class ScoringBenchmarkTests
{
    [Fact]
    public void Measures_product_bare_loop_and_input_copy_for_every_batch_and_thread_count()
    {
        var rows = ScoringBenchmark.Run(new ScoringBenchmarkOptions { Batches = [1, 64], Threads = [1], SecondsPerCase = 0.01, SequenceArchitectures = [] });

        Assert.Equal(6, rows.Count);
        string[] perBatch = [ScoringBenchmark.Product, ScoringBenchmark.Bare, ScoringBenchmark.Copy];
        Assert.Equal([.. perBatch, .. perBatch], rows.Select(r => r.Implementation));
        Assert.Equal([1, 1, 1, 64, 64, 64], rows.Select(r => r.Batch));
        Assert.All(rows, r => Assert.True(r.Windows >= 3L * r.Batch && r.WindowsPerSecond > 0 && r.MicrosecondsPerBatch > 0, r.ToString()));
        // The scorer disposes every tensor it makes: the live count is back where it was after each case.
        Assert.All(rows, r => Assert.Equal(0, r.LiveTensorsChange));
    }

    [Fact]
    public void Measures_the_sequence_autoencoders_with_one_thread()
    {
        var rows = ScoringBenchmark.Run(new ScoringBenchmarkOptions
        {
            Batches = [8], Threads = [1, 2], SecondsPerCase = 0.01, WindowLength = 16,
            SequenceArchitectures = [ArchitectureSpec.Conv, ArchitectureSpec.Lstm],
        });

        Assert.Equal([ArchitectureSpec.Dense, ArchitectureSpec.Conv, ArchitectureSpec.Lstm],
            rows.Where(r => r.Implementation == ScoringBenchmark.Product).Select(r => r.Architecture).Distinct());
        Assert.All(rows.Where(r => r.Architecture != ArchitectureSpec.Dense), r => Assert.Equal(1, r.Threads));
        Assert.All(rows, r => Assert.True(r.WindowsPerSecond > 0, r.ToString()));
    }
}
