namespace StreamAe.Detector.Decision;

/// <summary>What the decision path needs of the model that scored a window: its name (the outputs' <c>model</c> tag),
/// its static threshold, and the normal errors that seed calibration. <see cref="Version"/> changes when the model is
/// replaced, so per-series calibration learned against the old model's error scale is reseeded.</summary>
public sealed record ModelReference(string Name, long Version, double Threshold, float[] CalibrationSeed);
