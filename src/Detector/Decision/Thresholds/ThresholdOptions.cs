using StreamAe.Contracts;
using StreamAe.Model.Thresholds;

namespace StreamAe.Detector.Decision.Thresholds;

public enum ThresholdMode
{
    /// <summary>Per series: a window is anomalous when its error exceeds <see cref="ThresholdOptions.Margin"/> × the
    /// <see cref="ThresholdOptions.ReferencePercentile"/>-th percentile of the series' recent normal errors (seeded
    /// with the model's own, so it decides from the first window). Follows drift; the default for sensor streams.</summary>
    Adaptive,

    /// <summary>The threshold stored in the model file, learned at training time.</summary>
    Static,

    /// <summary>Per-series SPOT (or DSPOT with <see cref="ThresholdOptions.Depth"/> &gt; 0): the tail of recent scores
    /// is refitted as scores arrive, so the threshold follows drift.</summary>
    Spot,

    /// <summary>Per-series rolling quantile of the last <see cref="ThresholdOptions.RollingWindow"/> scores.</summary>
    Rolling,
}

/// <summary>How a pipeline turns a score into a decision and a calibrated score. Spot and Rolling use the model's
/// threshold until they have seen enough scores of a series to calibrate.</summary>
public sealed class ThresholdOptions : IValidatableOptions
{
    /// <summary>Unset: <see cref="DefaultMode"/> of the pipeline's message format.</summary>
    public ThresholdMode? Mode { get; set; }

    /// <summary>Recent normal errors kept per series: they calibrate scores (every mode but Static) and set the
    /// Adaptive threshold. 8 bytes each.</summary>
    public int ReferenceWindows { get; set; } = 1000;

    /// <summary>Adaptive: the percentile of the reference that normal errors stay under.</summary>
    public double ReferencePercentile { get; set; } = 98;

    /// <summary>Adaptive: the threshold is this multiple of that percentile (room for the normal errors the reference
    /// has not seen yet).</summary>
    public double Margin { get; set; } = 1.3;

    /// <summary>Adaptive: the multiple of the percentile a series already anomalous must fall back under to turn normal.
    /// Lower than <see cref="Margin"/> adds hysteresis; off by default, since on SKAB it bought fewer misses with more
    /// false alarms (docs/MODELS.md).</summary>
    public double ReleaseMargin { get; set; } = 1.3;

    /// <summary>Windows after which an anomalous window's error joins its series' reference anyway: shorter faults are
    /// never learned as normal, a change of regime that lasts longer becomes the new normal.</summary>
    public int AcceptAfter { get; set; } = 300;

    /// <summary>SPOT risk q: the probability of a normal score exceeding the threshold.</summary>
    public double Risk { get; set; } = 1e-3;

    /// <summary>DSPOT moving-average depth; 0 = plain SPOT.</summary>
    public int Depth { get; set; }

    /// <summary>Scores of a series gathered before SPOT is fitted for it.</summary>
    public int CalibrationWindows { get; set; } = 500;

    public int RollingWindow { get; set; } = 2000;

    public double RollingPercentile { get; set; } = 99.5;

    /// <summary>Series with their own adaptive threshold; later series use the model's threshold (and are counted).</summary>
    public int MaxSeries { get; set; } = 100_000;

    /// <summary>A series without a window for this long (wall clock) loses its adaptive threshold and frees its place;
    /// zero keeps every series until the daemon stops.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whole-window formats (ECG beats, labelled windows) keep the model's static threshold (the recipe they
    /// are evaluated with); series of samples adapt per series.</summary>
    public static ThresholdMode DefaultMode(bool wholeWindows) => wholeWindows ? ThresholdMode.Static : ThresholdMode.Adaptive;

    /// <summary>These options with <see cref="Mode"/> set: when unset, a copy with <see cref="DefaultMode"/>.</summary>
    public ThresholdOptions WithModeFor(bool wholeWindows)
    {
        if (Mode is not null)
        {
            return this;
        }
        var copy = (ThresholdOptions)MemberwiseClone();
        copy.Mode = DefaultMode(wholeWindows);
        return copy;
    }

    public IEnumerable<string> Validate(string section)
    {
        if (ReferenceWindows < 32)
        {
            yield return $"{section}:ReferenceWindows must be at least 32 (was {ReferenceWindows}).";
        }
        if (!(ReferencePercentile > 50 && ReferencePercentile <= 100))
        {
            yield return $"{section}:ReferencePercentile must lie in (50, 100] (was {ReferencePercentile}).";
        }
        if (!(Margin >= 1 && double.IsFinite(Margin)))
        {
            yield return $"{section}:Margin must be a number ≥ 1 (was {Margin}).";
        }
        if (!(ReleaseMargin > 0 && ReleaseMargin <= Margin))
        {
            yield return $"{section}:ReleaseMargin must lie in (0, Margin] (was {ReleaseMargin}).";
        }
        if (AcceptAfter < 1)
        {
            yield return $"{section}:AcceptAfter must be at least 1 (was {AcceptAfter}).";
        }
        if (Mode == ThresholdMode.Spot && !(Risk > 0 && Risk < 0.02))
        {
            yield return $"{section}:Risk must lie in (0, 0.02) for SPOT (was {Risk}).";
        }
        if (Depth < 0)
        {
            yield return $"{section}:Depth must be 0 (SPOT) or positive (DSPOT) (was {Depth}).";
        }
        if (CalibrationWindows < Depth + StreamingSpot.MinimumCalibration)
        {
            yield return $"{section}:CalibrationWindows must be at least Depth + {StreamingSpot.MinimumCalibration} = {Depth + StreamingSpot.MinimumCalibration} (was {CalibrationWindows}).";
        }
        if (RollingWindow < 32)
        {
            yield return $"{section}:RollingWindow must be at least 32 (was {RollingWindow}).";
        }
        if (!(RollingPercentile > 50 && RollingPercentile < 100))
        {
            yield return $"{section}:RollingPercentile must lie in (50, 100) (was {RollingPercentile}).";
        }
        if (MaxSeries < 1)
        {
            yield return $"{section}:MaxSeries must be at least 1 (was {MaxSeries}).";
        }
        if (IdleTimeout < TimeSpan.Zero)
        {
            yield return $"{section}:IdleTimeout must not be negative (was {IdleTimeout}).";
        }
    }
}
