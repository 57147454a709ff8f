namespace StreamAe.TestSupport.Synthetic;

/// <summary>What <see cref="SyntheticSeriesGenerator"/> injects into the stationary sine-plus-noise baseline.</summary>
public enum SeriesScenario
{
    /// <summary>The baseline alone: nothing to flag.</summary>
    None,

    /// <summary>Fault: the level jumps by <see cref="SyntheticSeriesOptions.ShiftSize"/> for the fault span, then returns.</summary>
    LevelShift,

    /// <summary>Drift: a linear ramp from the change onwards, reaching <see cref="SyntheticSeriesOptions.TrendRise"/> at the end.</summary>
    SlowTrend,

    /// <summary>Drift: the period becomes <see cref="SyntheticSeriesOptions.NewPeriodFactor"/> × longer from the change on (phase-continuous).</summary>
    SeasonalityChange,

    /// <summary>Fault: the noise grows <see cref="SyntheticSeriesOptions.NoiseFactor"/>-fold for the fault span.</summary>
    VarianceChange,

    /// <summary>Fault: <see cref="SyntheticSeriesOptions.SpikeCount"/> single-sample spikes inside the fault span, each labelled.</summary>
    Spikes,

    /// <summary>Fault: the sensor repeats its value at the change for the fault span.</summary>
    StuckSensor,

    /// <summary>Fault: the sensor reads 0 for the fault span.</summary>
    DropoutToZero,

    /// <summary>Fault: no samples at all for the fault span (timestamps jump); the first sample after the gap is labelled, the one place a detector can see it.</summary>
    DataGap,
}

/// <summary>Whether a scenario is a change a detector should adapt to or a fault it must flag.</summary>
public enum ScenarioKind
{
    Baseline,

    /// <summary>Slow, lasting change of normal behaviour: labelled normal; an adaptive detector should stop flagging it.</summary>
    Drift,

    /// <summary>Labelled anomalous where it acts; a detector must flag it.</summary>
    Fault,
}

public static class SeriesScenarios
{
    public static IReadOnlyList<SeriesScenario> Drifts { get; } = [SeriesScenario.SlowTrend, SeriesScenario.SeasonalityChange];

    public static IReadOnlyList<SeriesScenario> Faults { get; } =
    [
        SeriesScenario.LevelShift, SeriesScenario.VarianceChange, SeriesScenario.Spikes, SeriesScenario.StuckSensor,
        SeriesScenario.DropoutToZero, SeriesScenario.DataGap,
    ];

    public static ScenarioKind KindOf(SeriesScenario scenario) =>
        scenario == SeriesScenario.None ? ScenarioKind.Baseline
        : Drifts.Contains(scenario) ? ScenarioKind.Drift
        : ScenarioKind.Fault;
}
