using StreamAe.Contracts;
using StreamAe.Model.Scoring;

namespace StreamAe.Detector.Scoring;

/// <summary>A model taking over at a stream position: the scorer for it and the version the decisions record.</summary>
/// <param name="OwnsScorer">whether the scoring thread disposes the scorer when the next model takes over</param>
public readonly record struct ModelActivation(long Position, BatchScorer Scorer, long Version, bool OwnsScorer = true);

/// <summary>
/// Which model scores a pipeline's window at each position of its stream (windows counted from 0 in the order the
/// scorer sees them): a model file with hot reload (<see cref="ModelSlot"/>), one loaded model
/// (<see cref="FixedModelSource"/>), or the models a pipeline learns from its own stream. Called from the scoring
/// thread only, which owns every scorer it is handed.
/// </summary>
public interface IModelSource
{
    /// <summary>Windows no model can score yet (a learning pipeline's warm-up), from the start of
    /// <paramref name="windows"/>: the source keeps what it needs of them and says how many it took.</summary>
    int TakeUnscored(ReadOnlySpan<float> samples, IReadOnlyList<Window> windows, long position);

    /// <summary>A model to take over at a position in [<paramref name="from"/>, <paramref name="from"/> +
    /// <paramref name="count"/>), when there is one; a source may name a position behind <paramref name="from"/> (a
    /// model that is late), and it then takes over at <paramref name="from"/>. With <paramref name="count"/> 0 the
    /// scorer prepares before its first batch: a model file takes over, a learned model waits for its position.</summary>
    bool TryActivate(long from, int count, out ModelActivation activation);
}

/// <summary>One loaded model for the whole stream, owned by the caller (the offline replay of a model file).</summary>
public sealed class FixedModelSource(BatchScorer scorer) : IModelSource
{
    private bool _activated;

    public int TakeUnscored(ReadOnlySpan<float> samples, IReadOnlyList<Window> windows, long position) => 0;

    public bool TryActivate(long from, int count, out ModelActivation activation)
    {
        activation = new ModelActivation(from, scorer, 0, OwnsScorer: false);
        return !_activated && (_activated = true);
    }
}
