namespace StreamAe.Model.Thresholds;

/// <summary>The threshold fitted at training time, never changed.</summary>
public sealed class FixedThreshold(double threshold) : IStreamingThreshold
{
    public double Threshold { get; } = threshold;

    public bool Observe(double score) => score > Threshold;
}
