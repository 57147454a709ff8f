namespace StreamAe.Tools.Evaluation;

/// <summary>
/// Weights of the event-based score (<see cref="EventScoring"/>); the defaults are NAB's standard profile
/// (true positive 1, false negative 1, false positive 0.11) plus this project's detection tolerance and alarm repeat.
/// </summary>
public sealed record EventScoringOptions
{
    /// <summary>An event can be detected up to this many windows after its start even when it is shorter (detector lag).</summary>
    public int ToleranceWindows { get; init; } = 2;

    /// <summary>Reward for an event detected at its first window (less the later it is found).</summary>
    public double DetectionWeight { get; init; } = 1;

    /// <summary>Cost of an event never detected.</summary>
    public double MissWeight { get; init; } = 1;

    /// <summary>Cost of one false alarm, charged again for every further <see cref="FalseAlarmRepeatWindows"/> it stays on.</summary>
    public double FalseAlarmWeight { get; init; } = 0.11;

    /// <summary>A false-alarm run costs <see cref="FalseAlarmWeight"/> for each started block of this many windows,
    /// as an alarm that stays on pages again: so a detector that always fires scores far below one that never does.</summary>
    public int FalseAlarmRepeatWindows { get; init; } = 10;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ToleranceWindows < 0)
        {
            errors.Add($"ToleranceWindows must not be negative (got {ToleranceWindows}).");
        }
        if (!(DetectionWeight > 0) || !(MissWeight >= 0) || !(FalseAlarmWeight >= 0))
        {
            errors.Add("DetectionWeight must be positive, MissWeight and FalseAlarmWeight not negative.");
        }
        if (FalseAlarmRepeatWindows < 1)
        {
            errors.Add($"FalseAlarmRepeatWindows must be at least 1 (got {FalseAlarmRepeatWindows}).");
        }
        return errors;
    }
}
