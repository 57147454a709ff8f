using StreamAe.Contracts;
using StreamAe.Detector.Decision;
using StreamAe.Model.Scoring;

namespace StreamAe.Detector.Scoring;

/// <summary>
/// Scores a pipeline's windows in stream order with the model its <see cref="IModelSource"/> names for each
/// position, switching models at the exact window where one takes over. The daemon's scoring thread and the offline
/// replay both run it, so a replay switches models where the daemon does. Used from one thread.
/// </summary>
public sealed class StreamScorer(IModelSource source) : IDisposable
{
    private BatchScorer? _scorer;
    private bool _ownsScorer;
    private long _position;

    /// <summary>The model scoring now; null before the first.</summary>
    public ModelReference? Model { get; private set; }

    /// <summary>Raised on the scoring thread when a model takes over; the flag says it was later than its source wanted.</summary>
    public event Action<ModelReference, BatchScorer, bool>? Activated;

    /// <summary>Before the first batch: takes over the model the source already holds (a model file) and scores one
    /// blank window with it, so that the first live windows do not wait for the model to load and for libtorch's
    /// first inference.</summary>
    public void Prepare()
    {
        if (_scorer is null && source.TryActivate(_position, 0, out var activation))
        {
            TakeOver(activation, late: false);
            Span<float> score = stackalloc float[1];
            _scorer!.Score(new float[_scorer.WindowLength * _scorer.Channels], 1, score);
        }
    }

    /// <param name="samples">the windows' values, count × window size</param>
    /// <param name="scores">one per window; windows no model scored keep what was there</param>
    /// <param name="reconstructions">count × window size, or empty when not wanted</param>
    public ModelRun Score(ReadOnlySpan<float> samples, IReadOnlyList<Window> windows, Span<float> scores, Span<float> reconstructions)
    {
        var count = windows.Count;
        var size = count == 0 ? 0 : samples.Length / count;
        var unscored = _scorer is null ? source.TakeUnscored(samples, windows, _position) : 0;
        var earlier = Model;
        var switchAt = count;
        if (unscored < count && source.TryActivate(_position + unscored, count - unscored, out var activation))
        {
            switchAt = (int)Math.Max(activation.Position - _position, unscored);
            ScoreRange(samples, scores, reconstructions, size, unscored, switchAt);
            TakeOver(activation, late: activation.Position < _position + unscored);
            ScoreRange(samples, scores, reconstructions, size, switchAt, count);
        }
        else
        {
            ScoreRange(samples, scores, reconstructions, size, unscored, count);
        }
        _position += count;
        return new ModelRun(earlier, switchAt, Model);
    }

    private void ScoreRange(ReadOnlySpan<float> samples, Span<float> scores, Span<float> reconstructions, int size, int from, int to)
    {
        if (to > from && _scorer != null)
        {
            _scorer.Score(samples.Slice(from * size, (to - from) * size), to - from, scores[from..to],
                reconstructions.IsEmpty ? default : reconstructions.Slice(from * size, (to - from) * size));
        }
    }

    private void TakeOver(ModelActivation activation, bool late)
    {
        if (_ownsScorer)
        {
            _scorer?.Dispose();
        }
        (_scorer, _ownsScorer) = (activation.Scorer, activation.OwnsScorer);
        Model = new ModelReference(_scorer.ModelName, activation.Version, _scorer.Threshold, _scorer.CalibrationSeed);
        Activated?.Invoke(Model, _scorer, late);
    }

    public void Dispose()
    {
        if (_ownsScorer)
        {
            _scorer?.Dispose();
        }
        _scorer = null;
    }
}
