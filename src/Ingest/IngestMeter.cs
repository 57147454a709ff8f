namespace StreamAe.Ingest;

/// <summary>The meter each ingest stage declares its instruments on (see docs/deploy.md); the Detector exports it.</summary>
public static class IngestMeter
{
    public const string Name = "StreamAe.Ingest";
}
