using StreamAe.Contracts;
using StreamAe.Detector.Pipeline.Decision;
using StreamAe.Model.Scoring;

namespace StreamAe.Detector.Offline;

/// <summary>One window after the replay: what the daemon would have written for it, and the alert it would have raised.</summary>
public sealed record ReplayedWindow(ScoredWindow Decided, AlertEvent? Transition);

/// <summary>
/// Replays windows, in the order given (a file's time order), through the daemon's own path after the source:
/// scoring in batches, then <see cref="DecisionStage"/> one window at a time. Lazy: any length of file streams through.
/// </summary>
public static class DecisionReplay
{
    public const int BatchSize = 256;

    public static IEnumerable<ReplayedWindow> Run(BatchScorer scorer, IEnumerable<Window> windows, DecisionStage decisions)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(decisions);
        var model = new ModelReference(scorer.ModelName, 0, scorer.Threshold, scorer.CalibrationSeed);
        var size = scorer.WindowLength * scorer.Channels;
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
                    $"model '{scorer.ModelName}' expects {scorer.WindowLength}×{scorer.Channels} = {size}.");
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
            scorer.Score(values, pending.Count, scores, reconstructions is null ? default : reconstructions.AsSpan(0, pending.Count * size));
            var decided = new ReplayedWindow[pending.Count];
            for (var i = 0; i < decided.Length; i++)
            {
                var (window, alert) = decisions.Decide(pending[i], scores[i], model,
                    reconstructions is null ? default : reconstructions.AsSpan(i * size, size));
                decided[i] = new ReplayedWindow(window, alert);
            }
            pending.Clear();
            return decided;
        }
    }
}
