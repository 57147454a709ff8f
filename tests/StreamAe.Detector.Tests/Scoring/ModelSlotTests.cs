using Microsoft.Extensions.Logging;
using StreamAe.Contracts;
using StreamAe.Detector.Scoring;
using StreamAe.Model.Architectures;
using StreamAe.Model.Data;
using StreamAe.Model.Jobs;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Scoring;

namespace StreamAe.Detector.Tests.Scoring;

/// <summary>A 16 × 1 pipeline's model slot offered a 16 × 1 model and an 8 × 2 one (as many values, other samples).</summary>
public sealed class ModelSlotTests : IDisposable
{
    private static readonly PipelineWindowShape Shape = new(16, 1, "Pipelines:0");
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-slot-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_model_of_another_length_and_channel_count_is_refused_naming_both_keys_though_it_takes_as_many_values()
    {
        using var slot = new ModelSlot(TrainPca("8x2", windowLength: 8, channels: 2), new ScorerOptions(), Shape);

        var refused = Assert.Throws<ModelFileFormatException>(() => slot.Reload());

        Assert.Contains("8 samples × 2 channels", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Pipelines:0:Window:WindowLength is 16 and Pipelines:0:Window:Channels is 1", refused.Message, StringComparison.Ordinal);
        Assert.Null(slot.Metadata);
    }

    [Fact]
    public async Task A_hot_reloaded_model_of_another_shape_is_logged_and_the_loaded_model_keeps_serving()
    {
        var path = Path.Combine(_directory, "live.model");
        File.Copy(TrainPca("16x1", windowLength: 16, channels: 1), path);
        using var slot = new ModelSlot(path, new ScorerOptions(), Shape);
        slot.Reload();
        var log = new RecordingLogger();
        using var watcher = new ModelWatcher(slot, TimeSpan.FromMilliseconds(50), log);
        var rejected = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Reloaded += (_, reason) => rejected.TrySetResult(reason);

        File.Move(TrainPca("8x2", windowLength: 8, channels: 2), path, overwrite: true);

        var reason = await rejected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("Pipelines:0:Window:Channels", reason, StringComparison.Ordinal);
        Assert.Contains(log.Errors, line => line.Contains("the previous model keeps serving", StringComparison.Ordinal)
            && line.Contains("8 samples × 2 channels", StringComparison.Ordinal));
        Assert.Equal("16x1", slot.Metadata?.Name);
        Assert.Equal(1, slot.Version);
    }

    [Fact]
    public void A_scorer_prepared_before_its_first_batch_has_the_file_model_loaded_and_scores_with_it_without_taking_over_again()
    {
        using var slot = new ModelSlot(TrainPca("16x1", windowLength: 16, channels: 1), new ScorerOptions(), Shape);
        slot.Reload();
        using var scorer = new StreamScorer(slot);
        var activations = 0;
        scorer.Activated += (_, _, late) => activations += late ? 100 : 1;

        scorer.Prepare();
        Assert.Equal(1, activations);
        Assert.Equal("16x1", scorer.Model?.Name);

        var windows = Enumerable.Range(0, 3).Select(i => new Window { Series = "s", StartMs = i, EndMs = i, Values = new float[16], Length = 16 }).ToList();
        var scores = new float[3];
        scores.AsSpan().Fill(float.NaN);
        var run = scorer.Score(new float[3 * 16], windows, scores, default);

        Assert.Equal(1, activations);
        Assert.Equal("16x1", run.Model?.Name);
        Assert.All(scores, score => Assert.True(float.IsFinite(score)));
    }

    private string TrainPca(string name, int windowLength, int channels)
    {
        var random = new Random(7);
        var count = 200;
        var values = new float[count * windowLength * channels];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(Math.Sin(i * 0.3) + 0.1 * random.NextDouble());
        }
        var data = new WindowSet(values, [.. Enumerable.Repeat(1.0, count)], windowLength, channels, "synthetic");
        return TrainJob.Run(data, new TrainJobOptions
        {
            Architecture = new ArchitectureSpec { Name = ArchitectureSpec.Pca, WindowLength = windowLength },
            Name = name,
            OutputPath = Path.Combine(_directory, $"{name}-{Guid.NewGuid():N}.model"),
        }).ModelPath;
    }

    /// <summary>The watcher logs from its timer thread; the test reads after the reload event, which follows the log call.</summary>
    private sealed class RecordingLogger : ILogger
    {
        private readonly List<string> _errors = [];

        public IReadOnlyList<string> Errors
        {
            get
            {
                lock (_errors)
                {
                    return [.. _errors];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                lock (_errors)
                {
                    _errors.Add(formatter(state, exception));
                }
            }
        }
    }
}
