using StreamAe.Model.ModelFile;
using StreamAe.Model.Scoring;
using StreamAe.Model.Tests.Support;
using TorchSharp;

namespace StreamAe.Model.Tests.Scoring;

public sealed class BatchScorerTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string path;

    public BatchScorerTests()
    {
        path = temp.File("scorer.streamae");
        TinyModels.TrainedCopy(path);
    }

    [Fact]
    public void Live_tensor_count_stays_flat_across_ten_thousand_calls()
    {
        using var scorer = BatchScorer.Load(path, new ScorerOptions { Device = "cpu" });
        var windows = TinyModels.Data.Values.AsSpan(0, 8 * TinyModels.Length).ToArray();
        var scores = new float[8];
        var reconstruction = new float[windows.Length];
        for (var i = 0; i < 20; i++)
        {
            scorer.Score(windows, 8, scores, reconstruction);
        }
        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var i = 0; i < 10_000; i++)
        {
            scorer.Score(windows, 1 + i % 8, scores, i % 100 == 0 ? reconstruction : default);
        }

        Assert.Equal(liveBefore, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Score_is_the_mean_squared_error_of_the_scaled_reconstruction()
    {
        using var model = ModelFileStore.Read(path);
        using var scorer = new BatchScorer(model, new ScorerOptions { Device = "cpu" });
        var count = 6;
        var size = TinyModels.Length;
        var scores = new float[count];
        var reconstruction = new float[count * size];
        scorer.Score(TinyModels.Data.Values, count, scores, reconstruction);

        var scale = model.Metadata.Scaler.Scale[0];
        for (var w = 0; w < count; w++)
        {
            double sum = 0;
            for (var t = 0; t < size; t++)
            {
                var residual = (TinyModels.Data.Values[w * size + t] - reconstruction[w * size + t]) / scale;
                sum += residual * residual;
            }
            Assert.Equal(sum / size, scores[w], 1e-4);
        }
    }

    [Fact]
    public void Batch_size_does_not_change_a_window_score()
    {
        using var scorer = BatchScorer.Load(path, new ScorerOptions { Device = "cpu" });
        var all = new float[TinyModels.Data.Count];
        scorer.Score(TinyModels.Data.Values, TinyModels.Data.Count, all);
        var single = new float[1];
        for (var i = 0; i < TinyModels.Data.Count; i += 17)
        {
            scorer.Score(TinyModels.Data.Window(i), 1, single);
            Assert.Equal(all[i], single[0], 1e-5f);
        }
    }

    [Fact]
    public void Too_small_buffers_are_rejected_with_the_sizes()
    {
        using var scorer = BatchScorer.Load(path, new ScorerOptions { Device = "cpu" });
        var error = Assert.Throws<ArgumentException>(() => scorer.Score(new float[TinyModels.Length], 2, new float[2]));
        Assert.Contains($"{2 * TinyModels.Length}", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => scorer.Score(new float[2 * TinyModels.Length], 2, new float[1]));
    }

    [Fact]
    public void Cuda_scores_match_cpu_or_cuda_fails_clearly_when_absent()
    {
        if (torch.cuda.is_available())
        {
            using var onGpu = BatchScorer.Load(path, new ScorerOptions { Device = "cuda" });
            using var onCpu = BatchScorer.Load(path, new ScorerOptions { Device = "cpu" });
            var gpu = new float[TinyModels.Data.Count];
            var cpu = new float[TinyModels.Data.Count];
            onGpu.Score(TinyModels.Data.Values, TinyModels.Data.Count, gpu);
            onCpu.Score(TinyModels.Data.Values, TinyModels.Data.Count, cpu);
            Assert.Equal(cpu, gpu, (a, b) => Math.Abs(a - b) <= 1e-4f * Math.Max(1, Math.Abs(a)));
            return;
        }
        var error = Assert.Throws<InvalidOperationException>(() => BatchScorer.Load(path, new ScorerOptions { Device = "cuda" }));
        Assert.Contains("CUDA is not available", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
