using System.Diagnostics.Metrics;
using StreamAe.Contracts.Telemetry;

namespace StreamAe.Ingest.Source;

/// <summary>The Kafka source's instruments: messages read, pauses, rebalances and consumer lag.</summary>
public static class SourceMetrics
{
    private static readonly Meter Meter = new(IngestMeter.Name);
    private static readonly List<Func<long>> LagSources = [];

    public static readonly Counter<long> Messages = Meter.CreateCounter<long>("streamae_ingest_messages", "{message}",
        "Messages consumed and parsed.");

    public static readonly Counter<long> Pauses = Meter.CreateCounter<long>("streamae_ingest_pauses", "{pause}",
        "Times the consumer paused its partitions because the window channel was full.");

    public static readonly Counter<long> RebalancedPartitions = Meter.CreateCounter<long>("streamae_ingest_rebalanced_partitions",
        "{partition}", "Partitions assigned, revoked or lost, by kind.");

    internal static readonly ObservableGauge<long> Lag = Meter.CreateObservableGauge("streamae_ingest_consumer_lag_messages",
        SumLag, "{message}", "High watermark minus position, summed over partitions.");

    static SourceMetrics()
    {
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
