using StreamAe.Contracts;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Learning;
using StreamAe.Detector.Scoring;
using StreamAe.Model.Scoring;

namespace StreamAe.Tools.Offline;

/// <summary>One window after the replay: what the daemon would have written for it, and the alert it would have raised.</summary>
public sealed record ReplayedWindow(ScoredWindow Decided, AlertEvent? Transition);

/// <summary>
/// Replays windows, in the order given (a file's time order), through the daemon's own path after the source:
/// scoring in batches (<see cref="StreamScorer"/>, which switches models where the daemon would), then
/// <see cref="DecisionStage"/> one window at a time. Windows no model scored (a learning replay's warm-up) yield
/// nothing, as the daemon writes nothing for them. Lazy: any length of file streams through.
/// </summary>
public static class DecisionReplay
{
    public const int BatchSize = 256;

    public static IEnumerable<ReplayedWindow> Run(BatchScorer scorer, IEnumerable<Window> windows, DecisionStage decisions)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        return Run(new FixedModelSource(scorer), windows, decisions, scorer.WindowLength * scorer.Channels);
    }

    /// <summary>A replay that learns its model from the windows, as a pipeline without a model file does.</summary>
    public static IEnumerable<ReplayedWindow> Run(StreamLearner learner, IEnumerable<Window> windows, DecisionStage decisions, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(learner);
        return Run(learner, windows, decisions, windowSize, learner);
    }

    private static IEnumerable<ReplayedWindow> Run(IModelSource models, IEnumerable<Window> windows, DecisionStage decisions,
        int size, StreamLearner? learner = null)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(decisions);
        using var scorer = new StreamScorer(models);
        var reconstruct = decisions.WantsReconstructions;
        var pending = new List<Window>(BatchSize);
        var values = new float[BatchSize * size];
        var scores = new float[BatchSize];
        var reconstructions = reconstruct ? new float[BatchSize * size] : null;
        foreach (var window in windows)
        {
            if (window.Values.Length != size)
            {
                throw new ArgumentException($"Window of series '{window.Series}' ending at {window.EndMs} has {window.Values.Length} values; " +
                    $"the model expects {size}.");
            }
            window.Values.CopyTo(values, pending.Count * size);
            pending.Add(window);
            if (pending.Count < BatchSize)
            {
                continue;
            }
            foreach (var replayed in Decide())
            {
                yield return replayed;
            }
        }
        foreach (var replayed in Decide())
        {
            yield return replayed;
        }

        IEnumerable<ReplayedWindow> Decide()
        {
            if (pending.Count == 0)
            {
                return [];
            }
            var run = scorer.Score(values.AsSpan(0, pending.Count * size), pending, scores,
                reconstructions is null ? default : reconstructions.AsSpan(0, pending.Count * size));
            var decided = new List<ReplayedWindow>(pending.Count);
            for (var i = 0; i < pending.Count; i++)
            {
                if (run.For(i) is not { } model)
                {
                    learner?.Observe(pending[i], null);
                    continue;
                }
                var (window, alert) = decisions.Decide(pending[i], scores[i], model,
                    reconstructions is null ? default : reconstructions.AsSpan(i * size, size));
                learner?.Observe(pending[i], window);
                decided.Add(new ReplayedWindow(window, alert));
            }
            pending.Clear();
            return decided;
        }
    }
}
