using System.Diagnostics.Metrics;
using StreamAe.Contracts.Telemetry;

namespace StreamAe.Ingest.Parsing;

/// <summary>The parse stage's instruments: the messages it refused, sent to the dead letters.</summary>
public static class ParseMetrics
{
    private static readonly Meter Meter = new(IngestMeter.Name);

    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("streamae_ingest_dead_letters",
        "{dead_letter}", "Messages sent to the dead letters, by reason.");

    public static readonly Counter<long> DeadLetterFailures = Meter.CreateCounter<long>(
        "streamae_ingest_dead_letter_failures", "{failure}", "Dead letters that could not be written (commits stall).");

    static ParseMetrics()
    {
        KnownSeries.DeclareEach(DeadLetters, "reason", DeadLetterReasons.All.Select(reason => reason.Name()));
    }
}
