using System.Buffers;
using StreamAe.Detector.Pipeline.Batching;

namespace StreamAe.Detector.Pipeline.Scoring;

/// <summary>A batch after the scorer: one reconstruction error per window, and the model that produced them.</summary>
public sealed class ScoredBatch(WindowBatch batch, float[] scores, string model, double modelThreshold) : IDisposable
{
    public WindowBatch Batch { get; } = batch;

    /// <summary>Pooled; valid for indexes below <see cref="WindowBatch.Count"/>.</summary>
    public float[] Scores { get; } = scores;

    public string Model { get; } = model;

    public double ModelThreshold { get; } = modelThreshold;

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(Scores);
        Batch.Dispose();
    }
}
