namespace StreamAe.Model.Scoring;

/// <summary>Scoring a whole in-memory set in batches, for training, evaluation and tests.</summary>
public static class BatchScorerExtensions
{
    public const int DefaultBatch = 1024;

    public static double[] ScoreAll(this BatchScorer scorer, ReadOnlySpan<float> windows, int count, int batchSize = DefaultBatch)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var size = scorer.WindowLength * scorer.Channels;
        var scores = new double[count];
        var batch = new float[Math.Min(batchSize, Math.Max(count, 1))];
        for (var start = 0; start < count; start += batchSize)
        {
            var n = Math.Min(batchSize, count - start);
            scorer.Score(windows.Slice(start * size, n * size), n, batch);
            for (var i = 0; i < n; i++)
            {
                scores[start + i] = batch[i];
            }
        }
        return scores;
    }
}
