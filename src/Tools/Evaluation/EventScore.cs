namespace StreamAe.Tools.Evaluation;

/// <summary>
/// The event-based view of a verdict timeline (<see cref="EventScoring"/>).
/// </summary>
/// <param name="Score">Normalised: 100 = every event found at its first window and no false alarm, 0 = a detector that
/// never fires; below 0 is worse than silence. NaN when the labels hold no event.</param>
/// <param name="Events">Runs of consecutive anomalous windows.</param>
/// <param name="Detected">Events with a positive verdict inside them or within the tolerance after their start.</param>
/// <param name="MeanDetectionDelayWindows">Windows from an event's start to its first positive verdict, over detected events (NaN if none).</param>
/// <param name="FalseAlarmRuns">Maximal runs of positive verdicts outside every event's detection span.</param>
/// <param name="FalseAlarmWindows">Windows those runs cover.</param>
public sealed record EventScore(
    double Score,
    int Events,
    int Detected,
    double MeanDetectionDelayWindows,
    int FalseAlarmRuns,
    int FalseAlarmWindows);
