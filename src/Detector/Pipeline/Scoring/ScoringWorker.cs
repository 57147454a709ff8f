using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamAe.Detector.Ops;
using StreamAe.Detector.Pipeline.Batching;
using StreamAe.Detector.Pipeline.Decision;
using StreamAe.Model.Scoring;

namespace StreamAe.Detector.Pipeline.Scoring;

/// <summary>
/// Scores batches on one dedicated thread that owns its TorchSharp scorer (tensors and pooled buffers are
/// thread-confined, and no dispose scope ever spans an await). Picks up a new model from the slot between batches.
/// </summary>
public sealed class ScoringWorker(
    string name,
    ChannelReader<WindowBatch> input,
    ChannelWriter<ScoredBatch> output,
    ModelSlot slot,
    ILogger logger,
    bool reconstruct = false)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the input is drained (or faults with the scorer's error).</summary>
    public Task Completion => _completion.Task;

    public void Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = $"streamae-scorer-{name}" };
        thread.Start();
    }

    private void Run()
    {
        BatchScorer? scorer = null;
        ModelReference? model = null;
        var version = -1L;
        try
        {
            while (input.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (input.TryRead(out var batch))
                {
                    if (slot.Version != version)
                    {
                        scorer?.Dispose();
                        (scorer, version) = slot.CreateScorer();
                        model = new ModelReference(scorer.ModelName, version, scorer.Threshold, scorer.CalibrationSeed);
                        logger.LogInformation("Pipeline {Pipeline} scores with model {Model} (version {Version}) on {Device}.",
                            name, scorer.ModelName, version, scorer.Device);
                    }
                    output.WriteAsync(Score(scorer!, model!, batch)).AsTask().GetAwaiter().GetResult();
                }
            }
            output.TryComplete();
            _completion.TrySetResult();
        }
        catch (Exception e)
        {
            logger.LogError(e, "Pipeline {Pipeline}: scoring stopped.", name);
            output.TryComplete(e);
            _completion.TrySetException(e);
        }
        finally
        {
            scorer?.Dispose();
        }
    }

    private ScoredBatch Score(BatchScorer scorer, ModelReference model, WindowBatch batch)
    {
        var scores = ArrayPool<float>.Shared.Rent(batch.Count);
        var reconstructions = reconstruct ? ArrayPool<float>.Shared.Rent(batch.Count * batch.WindowSize) : null;
        var started = Stopwatch.GetTimestamp();
        scorer.Score(batch.Samples, batch.Count, scores.AsSpan(0, batch.Count),
            reconstructions is null ? default : reconstructions.AsSpan(0, batch.Count * batch.WindowSize));
        DetectorMetrics.ScoringSeconds.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        DetectorMetrics.BatchSize.Record(batch.Count);
        DetectorMetrics.WindowsScored.Add(batch.Count);
        return new ScoredBatch(batch, scores, model, reconstructions);
    }
}
