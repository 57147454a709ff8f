namespace StreamAe.TestSupport.Synthetic;

/// <summary>Shape of a synthetic series: the baseline, where the scenario acts, and how strongly.</summary>
public sealed record SyntheticSeriesOptions
{
    public int Length { get; init; } = 2000;

    public long StartMs { get; init; } = 1_700_000_000_000;

    public long IntervalMs { get; init; } = 1000;

    public double Amplitude { get; init; } = 1;

    /// <summary>Samples per cycle of the baseline sine.</summary>
    public double Period { get; init; } = 50;

    /// <summary>Standard deviation of the baseline's Gaussian noise.</summary>
    public double NoiseSd { get; init; } = 0.1;

    /// <summary>Where the scenario starts, as a fraction of the length (the part before it is clean for training).</summary>
    public double ChangeAt { get; init; } = 0.6;

    /// <summary>How long a fault lasts, as a fraction of the length.</summary>
    public double FaultFraction { get; init; } = 0.05;

    public double ShiftSize { get; init; } = 3;

    public double TrendRise { get; init; } = 3;

    public double NewPeriodFactor { get; init; } = 1.5;

    public double NoiseFactor { get; init; } = 6;

    public int SpikeCount { get; init; } = 5;

    public double SpikeSize { get; init; } = 5;
}
