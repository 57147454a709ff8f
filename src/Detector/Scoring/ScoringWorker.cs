using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamAe.Detector.Batching;
using StreamAe.Detector.Pipeline;

namespace StreamAe.Detector.Scoring;

/// <summary>
/// Scores batches on one dedicated thread that owns its TorchSharp scorers (tensors and pooled buffers are
/// thread-confined, and no dispose scope ever spans an await). The model source decides which model scores each
/// window: a reloaded file takes over between batches, a learned model at its stream position.
/// </summary>
public sealed class ScoringWorker(
    string name,
    ChannelReader<WindowBatch> input,
    ChannelWriter<ScoredBatch> output,
    IModelSource models,
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
        using var scorer = new StreamScorer(models);
        scorer.Activated += (model, loaded, late) => logger.LogInformation(
            "Pipeline {Pipeline} scores with model {Model} (version {Version}) on {Device}{Late}.",
            name, model.Name, model.Version, loaded.Device, late ? ", later than its stream position (training took longer than Learning:SwapDelayWindows)" : "");
        try
        {
            scorer.Prepare();
            while (input.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (input.TryRead(out var batch))
                {
                    output.WriteAsync(Score(scorer, batch)).AsTask().GetAwaiter().GetResult();
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
    }

    private ScoredBatch Score(StreamScorer scorer, WindowBatch batch)
    {
        var scores = ArrayPool<float>.Shared.Rent(batch.Count);
        var reconstructions = reconstruct ? ArrayPool<float>.Shared.Rent(batch.Count * batch.WindowSize) : null;
        WindowAge.Record(batch.Windows, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), WindowAge.AtScorer);
        var started = Stopwatch.GetTimestamp();
        var models = scorer.Score(batch.Samples, batch.Windows, scores.AsSpan(0, batch.Count),
            reconstructions is null ? default : reconstructions.AsSpan(0, batch.Count * batch.WindowSize));
        ScoringMetrics.ScoringSeconds.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        ScoringMetrics.BatchSize.Record(batch.Count);
        ScoringMetrics.WindowsScored.Add(models.Scored(batch.Count));
        return new ScoredBatch(batch, scores, models, reconstructions);
    }
}
