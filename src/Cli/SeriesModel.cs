using StreamAe.Contracts;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Learning;
using StreamAe.Model.Jobs;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Scoring;
using StreamAe.Tools.Offline;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamAe.Cli;

/// <summary>
/// The model side of a csv series replay in <c>score</c> and <c>evaluate</c>: the <c>--model</c> file, or without one a
/// model learned from the series itself, exactly as a daemon pipeline without <c>ModelPath</c> learns it.
/// </summary>
internal sealed class SeriesModel : IDisposable
{
    private readonly BatchScorer? _scorer;
    private readonly LearningOptions _learning;
    private readonly ScorerOptions _scorerOptions;

    private SeriesModel(BatchScorer? scorer, WindowShape shape, string name, LearningOptions learning, ScorerOptions scorerOptions)
    {
        _scorer = scorer;
        Shape = shape;
        Name = name;
        _learning = learning;
        _scorerOptions = scorerOptions;
    }

    public WindowShape Shape { get; }

    /// <summary>The model's name: the file's, or the series file's for a learned one (learned versions are named so).</summary>
    public string Name { get; }

    /// <param name="learnedDirectory">where learned versions go when <c>--learning-model-directory</c> is not given: the
    /// command's own output, emptied first so that a rerun learns afresh rather than resuming an earlier run's model</param>
    /// <exception cref="ArgumentException">neither a model nor a window length was given</exception>
    public static SeriesModel Open(FileInfo? model, int window, int hop, LearningOptions learning, ScorerOptions scorerOptions,
        string dataPath, string learnedDirectory)
    {
        if (model != null)
        {
            var metadata = ModelFileStore.ReadMetadata(model.FullName);
            return new SeriesModel(BatchScorer.Load(model.FullName, scorerOptions),
                new WindowShape(metadata.WindowLength, hop > 0 ? hop : metadata.Hop), metadata.Name, learning, scorerOptions);
        }
        if (window <= 0)
        {
            throw new ArgumentException("window: give --model, or --window to learn the model from the series (see --learning-warmup-windows).");
        }
        if (string.IsNullOrWhiteSpace(learning.ModelDirectory))
        {
            if (Directory.Exists(learnedDirectory))
            {
                Directory.Delete(learnedDirectory, recursive: true);
            }
            learning.ModelDirectory = learnedDirectory;
        }
        return new SeriesModel(null, new WindowShape(window, hop > 0 ? hop : 1), Path.GetFileNameWithoutExtension(dataPath), learning, scorerOptions);
    }

    public IEnumerable<ReplayedWindow> Replay(IEnumerable<Window> windows, DecisionStage decisions)
    {
        if (_scorer != null)
        {
            return DecisionReplay.Run(_scorer, windows, decisions);
        }
        return Learned(windows, decisions);
    }

    /// <summary>The learner needs the channel count, which the first window tells.</summary>
    private IEnumerable<ReplayedWindow> Learned(IEnumerable<Window> windows, DecisionStage decisions)
    {
        using var input = windows.GetEnumerator();
        if (!input.MoveNext())
        {
            yield break;
        }
        var first = input.Current;
        var learner = new StreamLearner(Name, first.Length, first.Channels, Shape.Hop, _learning, _scorerOptions,
            NullLogger.Instance, trainInline: true);
        foreach (var replayed in DecisionReplay.Run(learner, Rest(first, input), decisions, first.Values.Length))
        {
            yield return replayed;
        }
    }

    private static IEnumerable<Window> Rest(Window first, IEnumerator<Window> input)
    {
        yield return first;
        while (input.MoveNext())
        {
            yield return input.Current;
        }
    }

    public void Dispose() => _scorer?.Dispose();
}
