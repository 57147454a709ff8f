namespace StreamAe.Model.Thresholds;

/// <summary>What <see cref="StreamingSpot.Update"/> made of one score.</summary>
public enum SpotDecision
{
    /// <summary>At or below the initial threshold t: counted, not a peak.</summary>
    Normal,

    /// <summary>Above t but not above z_q: added to the peaks; the tail model follows it.</summary>
    Peak,

    /// <summary>Above z_q: an alarm. Its value stays out of the model (it counts only as "an excess above z_q").</summary>
    Anomaly,
}
