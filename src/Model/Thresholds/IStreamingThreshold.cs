namespace StreamAe.Model.Thresholds;

/// <summary>A per-series decision rule that may learn from the scores it judges.</summary>
public interface IStreamingThreshold
{
    /// <summary>The threshold the next score will be judged against.</summary>
    double Threshold { get; }

    /// <summary>Judges <paramref name="score"/> (true = anomalous: above the threshold), then lets the rule learn from it.</summary>
    bool Observe(double score);
}
