namespace StreamAe.Model.Thresholds;

/// <summary>A fitted threshold; <see cref="Detail"/> is a human-readable account of how it was obtained.</summary>
public sealed record ThresholdFit(double Threshold, string Method, string Detail);
