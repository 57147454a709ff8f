using System.Buffers;
using StreamAe.Detector.Batching;

namespace StreamAe.Detector.Scoring;

/// <summary>A batch after the scorer: one reconstruction error per window, and the models that produced them.</summary>
public sealed class ScoredBatch(WindowBatch batch, float[] scores, ModelRun models, float[]? reconstructions = null)
    : IDisposable
{
    public WindowBatch Batch { get; } = batch;

    /// <summary>Pooled; valid for indexes below <see cref="WindowBatch.Count"/>.</summary>
    public float[] Scores { get; } = scores;

    /// <summary>Which model scored each window (none during a learning pipeline's warm-up).</summary>
    public ModelRun Models { get; } = models;

    /// <summary>Pooled, count × window size, when residual output is on; null otherwise.</summary>
    public float[]? Reconstructions { get; } = reconstructions;

    /// <summary>Window <paramref name="index"/>'s reconstruction, or empty when none was kept.</summary>
    public ReadOnlySpan<float> Reconstruction(int index) =>
        Reconstructions is null ? default : Reconstructions.AsSpan(index * Batch.WindowSize, Batch.WindowSize);

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(Scores);
        if (Reconstructions != null)
        {
            ArrayPool<float>.Shared.Return(Reconstructions);
        }
        Batch.Dispose();
    }
}
