using System.Diagnostics.Metrics;

namespace StreamAe.Ingest.Telemetry;

/// <summary>The ingest stage's instruments (Meter "StreamAe.Ingest"); the Detector exports them.</summary>
public static class IngestMetrics
{
    public const string MeterName = "StreamAe.Ingest";

    private static readonly Meter Meter = new(MeterName);
    private static readonly List<Func<long>> LagSources = [];

    public static readonly Counter<long> Messages = Meter.CreateCounter<long>("streamae.ingest.messages", "{message}",
        "Messages consumed and parsed.");

    public static readonly Counter<long> Samples = Meter.CreateCounter<long>("streamae.ingest.samples", "{sample}",
        "Samples fed to the windower.");

    public static readonly Counter<long> Windows = Meter.CreateCounter<long>("streamae.ingest.windows", "{window}",
        "Windows emitted downstream.");

    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("streamae.ingest.dead_letters",
        "{message}", "Messages sent to the dead letters, tagged by reason.");

    public static readonly Counter<long> DeadLetterFailures = Meter.CreateCounter<long>(
        "streamae.ingest.dead_letter_failures", "{message}", "Dead letters that could not be written (commits stall).");

    public static readonly Counter<long> Pauses = Meter.CreateCounter<long>("streamae.ingest.pauses", "{pause}",
        "Times the consumer paused its partitions because the window channel was full.");

    public static readonly Counter<long> Rebalances = Meter.CreateCounter<long>("streamae.ingest.rebalances", "{event}",
        "Partitions assigned, revoked or lost, tagged by kind.");

    internal static readonly ObservableGauge<long> Lag = Meter.CreateObservableGauge("streamae.ingest.consumer_lag",
        SumLag, "{message}", "High watermark minus position, summed over partitions.");

    private static long SumLag()
    {
        lock (LagSources)
        {
            return LagSources.Sum(source => source());
        }
    }

    internal static IDisposable RegisterLag(Func<long> lag)
    {
        lock (LagSources)
        {
            LagSources.Add(lag);
        }
        return new Unregister(lag);
    }

    private sealed class Unregister(Func<long> lag) : IDisposable
    {
        public void Dispose()
        {
            lock (LagSources)
            {
                LagSources.Remove(lag);
            }
        }
    }
}
