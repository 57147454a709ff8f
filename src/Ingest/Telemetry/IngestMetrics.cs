using System.Diagnostics.Metrics;
using StreamAe.Contracts.Telemetry;
using StreamAe.Ingest.Formats;

namespace StreamAe.Ingest.Telemetry;

/// <summary>The ingest stage's instruments (Meter "StreamAe.Ingest"); the Detector exports them.</summary>
public static class IngestMetrics
{
    public const string MeterName = "StreamAe.Ingest";

    private static readonly Meter Meter = new(MeterName);
    private static readonly List<Func<long>> LagSources = [];

    public static readonly Counter<long> Messages = Meter.CreateCounter<long>("streamae_ingest_messages", "{message}",
        "Messages consumed and parsed.");

    public static readonly Counter<long> Samples = Meter.CreateCounter<long>("streamae_ingest_samples", "{sample}",
        "Samples fed to the windower.");

    public static readonly Counter<long> Windows = Meter.CreateCounter<long>("streamae_ingest_windows", "{window}",
        "Windows emitted downstream.");

    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("streamae_ingest_dead_letters",
        "{dead_letter}", "Messages sent to the dead letters, by reason.");

    public static readonly Counter<long> DeadLetterFailures = Meter.CreateCounter<long>(
        "streamae_ingest_dead_letter_failures", "{failure}", "Dead letters that could not be written (commits stall).");

    public static readonly Counter<long> Pauses = Meter.CreateCounter<long>("streamae_ingest_pauses", "{pause}",
        "Times the consumer paused its partitions because the window channel was full.");

    public static readonly Counter<long> RebalancedPartitions = Meter.CreateCounter<long>("streamae_ingest_rebalanced_partitions",
        "{partition}", "Partitions assigned, revoked or lost, by kind.");

    internal static readonly ObservableGauge<long> Lag = Meter.CreateObservableGauge("streamae_ingest_consumer_lag_messages",
        SumLag, "{message}", "High watermark minus position, summed over partitions.");

    static IngestMetrics()
    {
        KnownSeries.DeclareEach(DeadLetters, "reason", DeadLetterReasons.All.Select(reason => reason.Name()));
        KnownSeries.DeclareEach(RebalancedPartitions, "kind", ["assigned", "revoked", "lost"]);
    }

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
