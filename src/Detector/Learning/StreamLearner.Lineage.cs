using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace StreamAe.Detector.Learning;

/// <summary>The learner's place in its lineage: publishing its versions, adopting those other daemons published.</summary>
public sealed partial class StreamLearner
{
    /// <summary>
    /// Takes the lineage's newest version when another daemon published one newer than this learner's: it scores from
    /// the next window on, and the next retraining is due <see cref="LearningOptions.RetrainEveryWindows"/> windows
    /// later. A daemon's learner calls it every <see cref="LineageCheckInterval"/> while windows flow; a replay never
    /// does (its versions are its own). True when a version was adopted.
    /// </summary>
    /// <exception cref="IOException">the directory could not be read</exception>
    public bool AdoptNewest()
    {
        if (_lineage.Newest() is not { } newest || !Take(newest, position: null, adopted: true))
        {
            return false;
        }
        _logger.LogInformation("Pipeline {Pipeline} adopts model version {Version} ({File}), published by another daemon of its lineage.",
            _pipeline, newest.Version, _lineage.PathOf(newest.File));
        return true;
    }

    /// <summary>Looks for another daemon's version in the background: a slow shared mount must not hold the output stage.</summary>
    private void CheckLineageWhenDue()
    {
        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_lineageCheckedAt, now) < LineageCheckInterval || Interlocked.Exchange(ref _checkingLineage, 1) == 1)
        {
            return;
        }
        _lineageCheckedAt = now;
        _ = Task.Run(() =>
        {
            try
            {
                AdoptNewest();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("Pipeline {Pipeline} could not read its learned models in {Directory}: {Error}",
                    _pipeline, _lineage.Directory, e.Message);
            }
            finally
            {
                Volatile.Write(ref _checkingLineage, 0);
            }
        });
    }

    /// <summary>Publishes a trained version and has it take over at its position; when another daemon published that
    /// version number first, this training is dropped and the other daemon's version takes over there instead.</summary>
    /// <returns>this training as published (renumbered past a number another daemon claimed and abandoned); null when dropped</returns>
    private LearnedVersion? Publish(LearnedVersion learned)
    {
        LearnedVersion published;
        lock (_versionGate) // a lineage check must not take this learner's own version for another daemon's
        {
            published = _lineage.Publish(learned);
            Take(published, learned.ActivateAt);
        }
        if (published.File == learned.File)
        {
            return published;
        }
        File.Delete(_lineage.PathOf(learned.File));
        _logger.LogInformation(
            "Pipeline {Pipeline}: another daemon published model version {Version} first; this training is dropped and that " +
            "version serves from window {ActivateAt}.", _pipeline, published.Version, learned.ActivateAt);
        return null;
    }

    /// <summary>Has a version take over unless this learner already runs it or a newer one.</summary>
    /// <param name="adopted">published by another daemon: the retraining schedule restarts from it</param>
    private bool Take(LearnedVersion version, long? position, bool adopted = false)
    {
        lock (_versionGate)
        {
            if (version.Version <= _lastVersion)
            {
                return false;
            }
            _lastVersion = version.Version;
            _adoptedFromLineage |= adopted; // before the scoring thread can see the version, so no window decided by it misses it
            Volatile.Write(ref _ready, new Takeover(version, position));
            return true;
        }
    }

    /// <summary>A version waiting for the scoring thread; <paramref name="Position"/> null: from the next window scored
    /// (a resumed or adopted version, whose own position counts another stream's windows).</summary>
    private sealed record Takeover(LearnedVersion Version, long? Position);
}
