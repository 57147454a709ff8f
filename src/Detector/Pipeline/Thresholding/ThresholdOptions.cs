using StreamAe.Model.Thresholds;

namespace StreamAe.Detector.Pipeline.Thresholding;

public enum ThresholdMode
{
    /// <summary>The threshold stored in the model file, learned at training time.</summary>
    Static,

    /// <summary>Per-series SPOT (or DSPOT with <see cref="ThresholdOptions.Depth"/> &gt; 0): the tail of recent scores
    /// is refitted as scores arrive, so the threshold follows drift.</summary>
    Spot,

    /// <summary>Per-series rolling quantile of the last <see cref="ThresholdOptions.RollingWindow"/> scores.</summary>
    Rolling,
}

/// <summary>How a pipeline turns a score into a decision. Adaptive modes use the model's threshold until they have
/// seen enough scores of a series to calibrate.</summary>
public sealed class ThresholdOptions
{
    public ThresholdMode Mode { get; set; } = ThresholdMode.Static;

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

    public IEnumerable<string> Validate(string section)
    {
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
