using StreamAe.Contracts;
using StreamAe.Model.Architectures;

namespace StreamAe.Detector.Learning;

/// <summary>
/// A pipeline without a model file learns its model from its own stream (<c>Pipelines:N:Learning</c>): it trains on
/// the first <see cref="WarmupWindows"/> windows (deciding none of them), then scores, and retrains in the background
/// on recent windows it judged normal, each new version taking over <see cref="SwapDelayWindows"/> windows after the
/// last window it learned from.
/// </summary>
public sealed class LearningOptions : IValidatableOptions
{
    /// <summary>Windows trained on before the first verdict. Assumed normal: start learning on a healthy plant.</summary>
    public int WarmupWindows { get; set; } = 1000;

    /// <summary>Windows between retrainings (counted from the previous model's first window); 0 keeps the first model.</summary>
    public int RetrainEveryWindows { get; set; } = 5000;

    /// <summary>How many recent windows judged normal a retraining learns from (sampled evenly over the last
    /// <see cref="RetrainEveryWindows"/>, so consecutive near-identical windows of a hop-1 stream do not crowd it).</summary>
    public int TrainingWindows { get; set; } = 2000;

    /// <summary>A retrained model takes over this many windows after the last window it learned from: in the daemon,
    /// training runs meanwhile and scoring never waits; a replay of the same stream switches at the same window.</summary>
    public int SwapDelayWindows { get; set; } = 1000;

    /// <summary>Guard against learning a fault: a retraining is skipped, and the model kept, when more than this share
    /// of the windows since the last one were judged anomalous.</summary>
    public double MaxAnomalousShare { get; set; } = 0.05;

    /// <summary>Guard against learning a fault's onset: when a series turns anomalous, its windows that ended within
    /// this many window spans before the anomalous window are dropped from the training set.</summary>
    public int QuarantineSpans { get; set; } = 2;

    /// <summary>The architecture learned (<c>pca</c> trains in milliseconds and led on the SKAB benchmark).</summary>
    public string Architecture { get; set; } = ArchitectureSpec.Pca;

    /// <summary>Where learned versions are written (model files and their manifests); a restarted pipeline resumes with
    /// the newest. Daemons of one consumer group must share it to scale out (see <see cref="LearnedLineage"/>).
    /// Default: <c>learned-models/PIPELINE</c> under the working directory.</summary>
    public string ModelDirectory { get; set; } = "";

    public IEnumerable<string> Validate(string section)
    {
        if (WarmupWindows < 8)
        {
            yield return $"{section}:WarmupWindows must be at least 8 (was {WarmupWindows}).";
        }
        if (RetrainEveryWindows < 0)
        {
            yield return $"{section}:RetrainEveryWindows must be 0 (never) or positive (was {RetrainEveryWindows}).";
        }
        if (TrainingWindows < 8)
        {
            yield return $"{section}:TrainingWindows must be at least 8 (was {TrainingWindows}).";
        }
        if (SwapDelayWindows < 0)
        {
            yield return $"{section}:SwapDelayWindows must not be negative (was {SwapDelayWindows}).";
        }
        if (MaxAnomalousShare is < 0 or > 1)
        {
            yield return $"{section}:MaxAnomalousShare must lie in [0, 1] (was {MaxAnomalousShare}).";
        }
        if (QuarantineSpans < 0)
        {
            yield return $"{section}:QuarantineSpans must not be negative (was {QuarantineSpans}).";
        }
        if (!ArchitectureSpec.Names.Contains(Architecture))
        {
            yield return $"{section}:Architecture must be one of {string.Join(", ", ArchitectureSpec.Names)} (was '{Architecture}').";
        }
    }
}
