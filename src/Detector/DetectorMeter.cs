namespace StreamAe.Detector;

/// <summary>The meter each Detector stage declares its instruments on (see docs/deploy.md); exported on /metrics.</summary>
public static class DetectorMeter
{
    public const string Name = "StreamAe.Detector";
}
